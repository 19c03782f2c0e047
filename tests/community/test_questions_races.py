"""Simultaneous writes against a live server with real threads: one person's up-votes count
once, many people's votes each count, simultaneous first questions all count."""

import pytest
import requests

from agora.accounts.services import token_create
from agora.community.models import Answer, AnswerVote, ProductQuestions
from tests.community.factories_questions import answer, ask
from tests.concurrency import post_all
from tests.factories import ProductFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _post_all(url: str, tokens: list[str], body: dict | None = None) -> list:
    return post_all([(url, token, body or {}) for token in tokens])


def test_twenty_simultaneous_votes_by_one_person_count_once(live_server, settings):
    settings.RATELIMIT_ENABLE = False
    reply = answer(ask(ProductFactory()))
    _token, raw = token_create(user=UserFactory())

    responses = _post_all(f"{live_server.url}/api/v1/answers/{reply.pk}/vote", [raw] * 20)

    assert {r.status_code for r in responses} == {200}, {r.text for r in responses}
    assert {r.json()["votes"] for r in responses} == {1}
    assert AnswerVote.objects.filter(answer=reply).count() == 1
    assert Answer.objects.get(pk=reply.pk).vote_count == 1


def test_simultaneous_votes_by_many_people_all_count(live_server, settings):
    settings.RATELIMIT_ENABLE = False
    reply = answer(ask(ProductFactory()))
    tokens = [token_create(user=UserFactory())[1] for _ in range(20)]

    responses = _post_all(f"{live_server.url}/api/v1/answers/{reply.pk}/vote", tokens)

    assert {r.status_code for r in responses} == {200}, {r.text for r in responses}
    assert Answer.objects.get(pk=reply.pk).vote_count == 20
    shown = requests.get(f"{live_server.url}/api/v1/questions/{reply.question_id}", timeout=60)
    assert shown.json()["answers"][0]["votes"] == 20


def test_simultaneous_first_questions_all_count(live_server, settings):
    settings.RATELIMIT_ENABLE = False
    product = ProductFactory()
    tokens = [token_create(user=UserFactory())[1] for _ in range(12)]

    url = f"{live_server.url}/api/v1/products/{product.pk}/questions"
    responses = _post_all(url, tokens, body={"text": "Is it in stock soon?"})

    assert {r.status_code for r in responses} == {201}, {r.text for r in responses}
    state = ProductQuestions.objects.get(product=product)
    assert state.question_count == 12
    assert state.version == 12
