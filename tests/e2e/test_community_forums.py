"""A shopper joins a community, starts a thread tagging a product, replies quoting another
reply and sees it all rendered; screenshots at 390 px and 1280 px for a look."""

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from agora.community.models import Thread
from agora.community.services.forums_threads import reply_create
from tests.community.factories_forums import CommunityFactory
from tests.e2e.seed import seed_catalog
from tests.factories import PASSWORD, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SHOTS = Path(os.environ.get("AGORA_SCREENSHOTS", "var/screenshots/forums"))


def _shoot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_join_start_a_thread_with_a_product_and_reply_with_a_quote(live_server, page, browser):
    seeded = seed_catalog(pictures=True)
    product = seeded["atelier"][1][0]
    CommunityFactory(slug="specialty-coffee", name="Specialty coffee", member_count=0)
    UserFactory(username="ana", display_name="Ana Ribeiro")
    ben = UserFactory(username="ben", display_name="Ben Carter")
    base = live_server.url

    page.goto(base + "/login")
    page.get_by_label("Handle").fill("ana")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    page.locator("summary", has_text="Menu").click()  # the sections are in the header's menu
    page.get_by_role("link", name="Communities").first.click()
    expect(page).to_have_url(re.compile(r"/communities$"))
    page.get_by_role("link", name=re.compile("Specialty coffee")).click()
    page.get_by_role("button", name="Join").click()
    expect(page.get_by_role("button", name="Leave")).to_be_visible()

    page.get_by_label("Title").fill("Which shirt goes with a linen apron?")
    page.get_by_label("Text").fill("Asking for a <b>café</b> uniform.")
    page.get_by_label("Tag products").fill(base + product.get_absolute_url())
    page.get_by_role("button", name="Post the thread").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Which shirt goes with a linen apron?"
    )
    expect(page.locator(".thread-text")).to_contain_text("Asking for a <b>café</b> uniform.")
    expect(page.locator(".tagged-product .tp-title")).to_have_text(product.title)

    thread = Thread.objects.get()
    thread.community.refresh_from_db()
    first = reply_create(user=ben, thread=thread, text="The linen shirt, in white.")
    page.reload()
    page.locator(f"#reply-{first.pk}").get_by_role("link", name="Quote").click()
    expect(page.locator("#reply-form .reply-quote")).to_contain_text("The linen shirt")
    page.get_by_label("Your reply").fill("Perfect, ordering it now.")
    page.get_by_role("button", name="Post the reply").click()

    mine = page.locator(".reply").last
    expect(mine.locator(".reply-text")).to_have_text("Perfect, ordering it now.")
    expect(mine.locator(".reply-quote")).to_contain_text("Ben Carter wrote:")
    expect(mine.locator(".reply-quote")).to_contain_text("The linen shirt, in white.")
    mine.get_by_role("button", name="Thanks").click()
    expect(page.locator(".reply").last.locator(".reaction.mine")).to_contain_text("1")
    assert page.console_errors == []

    _shoot(page, "thread-1280")
    page.goto(base + "/communities/specialty-coffee")
    _shoot(page, "community-1280")
    page.goto(base + "/communities")
    _shoot(page, "list-1280")
    page.goto(base + product.get_absolute_url())
    expect(page.get_by_role("link", name="Discussed in 1 community thread")).to_be_visible()

    mobile = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    phone = mobile.new_page()
    for name, path in (
        ("thread-390", thread.get_absolute_url()),
        ("community-390", "/communities/specialty-coffee"),
        ("list-390", "/communities"),
    ):
        phone.goto(base + path)
        _shoot(phone, name)
        width = phone.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, (name, width)
    mobile.close()
