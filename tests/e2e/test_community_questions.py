"""A shopper asks a question on a product page; an expert and a buyer answer; the expert's
answer shows first, with its badge, and the asker accepts it, all without JavaScript needed."""

import re

import pytest
from playwright.sync_api import expect

from agora.catalog.models import Category
from agora.community.models import Question
from tests.community.factories_questions import answer, buyer_of, expert_in
from tests.factories import PASSWORD, ProductFactory, ShopFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _sign_in(page, base: str, username: str) -> None:
    page.goto(base + "/login")
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form button[type=submit]").last.click()
    page.wait_for_load_state()


def test_ask_a_question_and_see_the_experts_answer_first(live_server, page):
    coffee = Category.objects.create(name="Coffee", slug="coffee")
    grinders = Category.objects.create(name="Grinders", slug="grinders", parent=coffee)
    product = ProductFactory(
        shop=ShopFactory(handle="canal"), title="Hand grinder", slug="grinder", category=grinders
    )
    asker = UserFactory(username="lucas")
    base = live_server.url

    _sign_in(page, base, asker.username)
    page.goto(base + product.get_absolute_url())
    section = page.locator("#questions")
    expect(section.get_by_role("heading", name="Questions and answers")).to_be_visible()
    section.get_by_label("Ask a question about this product").fill(
        "Is it fine enough for espresso?"
    )
    section.get_by_role("button", name="Ask").click()
    expect(page).to_have_url(re.compile(r"/@canal/products/grinder#question-\d+$"))
    expect(section).to_contain_text("Is it fine enough for espresso?")

    # A buyer answers first, then an expert in the parent category (through the services).
    question = Question.objects.get()
    answer(
        question, buyer_of(product, UserFactory(display_name="Bea Buyer")), text="I use it daily."
    )
    answer(
        question,
        expert_in(coffee, UserFactory(display_name="Yusuf Expert")),
        text="Yes: 6 to 10 clicks for espresso.",
    )

    page.reload()
    answers = section.locator(".qa-answer")
    expect(answers).to_have_count(2)
    expect(answers.first).to_contain_text("Yusuf Expert")
    expect(answers.first).to_contain_text("Verified expert")
    expect(answers.first).to_contain_text("Yes: 6 to 10 clicks for espresso.")
    expect(answers.nth(1)).to_contain_text("Verified buyer")

    # The asker accepts the expert's answer with a plain form post.
    answers.first.get_by_role("button", name="Accept this answer").click()
    expect(section.locator(".qa-answer.is-accepted")).to_contain_text("Accepted answer")
    assert page.console_errors == []
