"""Questions and answers over the API: asking, answering, badges and the order of answers,
votes, the asker's accepted answer, and who is told of a new question."""

from __future__ import annotations

import pytest

from agora.catalog.models import Category
from agora.social.models import Notification
from tests.community.factories_questions import answer, ask, buyer_of, expert_in
from tests.factories import ProductFactory, ShopFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def asker():
    return UserFactory()


def test_a_question_is_asked_and_listed_with_its_answers(product, make_api, asker):
    api = make_api(asker)
    response = api.post(f"/products/{product.pk}/questions", {"text": "Is it machine washable?"})
    assert response.status_code == 201, response.content
    question = response.json()
    assert question["text"] == "Is it machine washable?"
    assert question["author"]["handle"] == asker.username
    assert question["answers"] == []

    replier = UserFactory()
    response = make_api(replier).post(
        f"/questions/{question['id']}/answers", {"text": "Yes, at 30 degrees."}
    )
    assert response.status_code == 201, response.content
    assert response.json()["badges"] == []

    listed = make_api().get(f"/products/{product.pk}/questions").json()
    assert listed["next_cursor"] is None
    [shown] = listed["items"]
    assert [a["text"] for a in shown["answers"]] == ["Yes, at 30 degrees."]
    assert make_api().get(f"/questions/{question['id']}").json()["id"] == question["id"]


@pytest.mark.parametrize(
    ("text", "field"),
    [("a\x00b is it?", "text"), ("bell \x07 here?", "text"), ("", "text"), ("x" * 1001, "text")],
)
def test_bad_question_text_is_refused_naming_the_field(product, make_api, text, field):
    response = make_api(UserFactory()).post(f"/products/{product.pk}/questions", {"text": text})
    assert response.status_code == 422
    assert field in response.json()["error"]["fields"]


def test_an_invisible_product_has_no_questions(make_api):
    draft = ProductFactory(status="draft")
    api = make_api(UserFactory())
    assert api.post(f"/products/{draft.pk}/questions", {"text": "Hello there?"}).status_code == 404
    assert api.get(f"/products/{draft.pk}/questions").status_code == 404


def test_asking_needs_a_token(product, make_api):
    assert make_api().post(f"/products/{product.pk}/questions", {"text": "Hi?"}).status_code == 401


def test_answers_come_expert_then_seller_then_buyer_then_by_votes(make_api):
    parent = Category.objects.create(name="Coffee", slug="coffee")
    child = Category.objects.create(name="Grinders", slug="grinders", parent=parent)
    shop = ShopFactory()
    product = ProductFactory(shop=shop, category=child)
    seller = shop.members.get().user
    question = ask(product)
    # Written in the reverse of the order they are shown in.
    plain = answer(question, text="plain, no votes")
    popular = answer(question, text="plain, voted")
    buyer = answer(question, buyer_of(product), text="buyer")
    by_seller = answer(question, seller, text="seller")
    by_expert = answer(question, expert_in(parent), text="expert via the parent category")
    for _ in range(2):
        make_api(UserFactory()).post(f"/answers/{popular.pk}/vote")

    shown = make_api().get(f"/questions/{question.pk}").json()["answers"]
    assert [a["id"] for a in shown] == [by_expert.pk, by_seller.pk, buyer.pk, popular.pk, plain.pk]
    assert [a["badges"] for a in shown] == [
        ["expert"],
        ["seller"],
        ["verified_buyer"],
        [],
        [],
    ]
    assert shown[3]["votes"] == 2


def test_an_expert_of_another_category_has_no_badge(make_api):
    product = ProductFactory(category=Category.objects.create(name="Tea", slug="tea"))
    other = Category.objects.create(name="Shoes", slug="shoes")
    question = ask(product)
    answer(question, expert_in(other))
    [shown] = make_api().get(f"/questions/{question.pk}").json()["answers"]
    assert shown["badges"] == []


def test_a_refunded_or_unpaid_buyer_is_not_verified(product, make_api):
    question = ask(product)
    answer(question, buyer_of(product, status="pending_payment"))
    answer(question, buyer_of(product, status="refunded"))
    shown = make_api().get(f"/questions/{question.pk}").json()["answers"]
    assert [a["badges"] for a in shown] == [[], []]


def test_a_vote_counts_once_and_can_be_withdrawn(product, make_api):
    reply = answer(ask(product))
    voter = make_api(UserFactory())
    for _ in range(3):
        assert voter.post(f"/answers/{reply.pk}/vote").json() == {"votes": 1, "voted_by_me": True}
    [shown] = voter.get(f"/questions/{reply.question_id}").json()["answers"]
    assert shown["voted_by_me"] is True
    assert voter.delete(f"/answers/{reply.pk}/vote").json() == {"votes": 0, "voted_by_me": False}
    assert voter.delete(f"/answers/{reply.pk}/vote").json() == {"votes": 0, "voted_by_me": False}


def test_only_the_asker_accepts_an_answer(product, make_api, asker):
    question = ask(product, asker)
    reply = answer(question)
    other = answer(ask(product))
    stranger = make_api(UserFactory())
    url = f"/questions/{question.pk}/accept"
    assert stranger.post(url, {"answer_id": reply.pk}).status_code == 403
    assert make_api().post(url, {"answer_id": reply.pk}).status_code == 401
    mine = make_api(asker)
    refused = mine.post(url, {"answer_id": other.pk})
    assert refused.status_code == 422
    assert "answer_id" in refused.json()["error"]["fields"]
    accepted = mine.post(url, {"answer_id": reply.pk})
    assert accepted.status_code == 200
    assert accepted.json()["accepted_answer_id"] == reply.pk
    assert accepted.json()["answers"][0]["accepted"] is True


def test_opted_in_past_buyers_and_the_team_are_asked_never_the_asker(make_api):
    shop = ShopFactory()
    product = ProductFactory(shop=shop)
    owner = shop.members.get().user
    willing = buyer_of(product)
    unwilling = buyer_of(product)
    willing_stranger = UserFactory()
    asker = buyer_of(product)
    for person in (willing, willing_stranger, asker):
        assert make_api(person).request(
            "put", "/me/question-requests", {"opted_in": True}
        ).json() == {"opted_in": True}

    response = make_api(asker).post(f"/products/{product.pk}/questions", {"text": "Sizes?"})
    assert response.status_code == 201

    asked = Notification.objects.filter(kind=Notification.Kind.QUESTION_ASKED)
    assert set(asked.values_list("recipient_id", flat=True)) == {owner.pk, willing.pk}
    note = asked.get(recipient=willing)
    assert note.subject == product.title
    # The question's own page: it shows there however many questions come after it.
    assert note.url == f"/questions/{response.json()['id']}"
    assert not Notification.objects.filter(recipient=unwilling).exists()


def test_the_asker_is_told_of_an_answer(product, make_api, asker):
    question = ask(product, asker)
    make_api(UserFactory()).post(f"/questions/{question.pk}/answers", {"text": "Yes."})
    make_api(asker).post(f"/questions/{question.pk}/answers", {"text": "Thanks!"})
    told = Notification.objects.filter(kind=Notification.Kind.QUESTION_ANSWERED)
    assert list(told.values_list("recipient_id", flat=True)) == [asker.pk]
    assert told.get().url.startswith(f"/questions/{question.pk}#answer-")


def test_opting_out_stops_the_questions(make_api):
    person = UserFactory()
    api = make_api(person)
    api.request("put", "/me/question-requests", {"opted_in": True})
    assert api.request("put", "/me/question-requests", {"opted_in": False}).json() == {
        "opted_in": False
    }
    assert api.get("/me/question-requests").json() == {"opted_in": False}


@pytest.mark.parametrize("size", [5, 50])
def test_the_question_list_reads_a_fixed_number_of_queries(
    make_api, size, django_assert_num_queries
):
    category = Category.objects.create(name="Tea", slug="tea")
    shop = ShopFactory()
    product = ProductFactory(shop=shop, category=category)
    expert, seller = expert_in(category), shop.members.get().user
    for i in range(size):
        question = ask(product, text=f"Question {i}?")
        for author in (expert, seller, buyer_of(product), UserFactory()):
            answer(question, author)
    api = make_api(UserFactory())
    api.get(f"/products/{product.pk}/questions")  # the token's person is cached after this
    # The product (1), a page of questions (1), their answers (1), the badges (the category
    # and its parents, experts, the shop's team, buyers: 4), the caller's votes (1).
    with django_assert_num_queries(8):
        response = api.get(f"/products/{product.pk}/questions?limit=100")
    assert len(response.json()["items"]) == size
    assert all(len(q["answers"]) == 4 for q in response.json()["items"])


@pytest.mark.parametrize(
    "text",
    ["nul \x00 here", "bell \x07", "", "   ", "x" * 3001],
    ids=["nul", "bel", "empty", "blank", "long"],
)
def test_bad_answer_text_is_refused_naming_the_field(product, make_api, text):
    question = ask(product)
    response = make_api(UserFactory()).post(f"/questions/{question.pk}/answers", {"text": text})
    assert response.status_code == 422
    assert "text" in response.json()["error"]["fields"]


def test_asking_and_answering_are_rate_limited(product, make_api, settings):
    settings.AGORA_RATES = {**settings.AGORA_RATES, "comment": "2/h", "vote": "1/h"}
    api = make_api(UserFactory())
    url = f"/products/{product.pk}/questions"
    assert [api.post(url, {"text": "Question?"}).status_code for _ in range(3)] == [201, 201, 429]
    question = ask(product)
    answers = [api.post(f"/questions/{question.pk}/answers", {"text": "A."}) for _ in range(3)]
    assert [r.status_code for r in answers] == [201, 201, 429]
    assert answers[2].has_header("Retry-After")
    reply = answer(question)
    votes = [api.post(f"/answers/{reply.pk}/vote").status_code for _ in range(2)]
    assert votes == [200, 429]
