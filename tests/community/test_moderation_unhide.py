"""Moderators hide and show again what community registers with moderation (reviews,
questions, answers, threads, replies) through one API, each action audited; others cannot."""

import pytest

from agora.catalog.models import Product
from agora.community.models import Answer, Question, Reply, Review, Thread
from agora.moderation.models import AuditLog
from tests.community.factories_forums import ReplyFactory, ThreadFactory
from tests.community.factories_questions import answer, ask
from tests.community.factories_reviews import product_with_variant, review
from tests.factories import ProductFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def moderator_api(make_api):
    return make_api(UserFactory(is_staff=True))


def _flip(api, kind: str, pk: int, action: str):
    return api.post(f"/moderation/targets/{kind}/{pk}/{action}")


def test_a_hidden_review_shown_again_counts_again(moderator_api):
    product, _variant = product_with_variant()
    written = review(product, rating=4)

    hidden = _flip(moderator_api, "review", written.pk, "hide")
    assert hidden.status_code == 200, hidden.content
    assert hidden.json() == {"target_type": "review", "target_id": written.pk, "hidden": True}
    assert Product.objects.get(pk=product.pk).rating_count == 0

    shown = _flip(moderator_api, "review", written.pk, "unhide")
    assert shown.json()["hidden"] is False
    assert Review.objects.get(pk=written.pk).is_hidden is False
    again = Product.objects.get(pk=product.pk)
    assert (again.rating_count, again.rating_sum, again.rating_4) == (1, 4, 1)
    # Idempotent: showing it once more moves nothing.
    assert _flip(moderator_api, "review", written.pk, "unhide").status_code == 200
    assert Product.objects.get(pk=product.pk).rating_count == 1
    actions = list(AuditLog.objects.filter(target_type="review").values_list("action", flat=True))
    assert actions.count("review_hide") == 1 and actions.count("review_unhide") == 2


@pytest.mark.parametrize("kind", ["question", "answer", "thread", "reply"])
def test_each_kind_hides_and_shows_again(moderator_api, kind):
    if kind in ("question", "answer"):
        question = ask(ProductFactory())
        target = question if kind == "question" else answer(question)
        model = Question if kind == "question" else Answer
    else:
        thread = ThreadFactory()
        target = thread if kind == "thread" else ReplyFactory(thread=thread)
        model = Thread if kind == "thread" else Reply
    assert _flip(moderator_api, kind, target.pk, "hide").json()["hidden"] is True
    assert model.objects.get(pk=target.pk).is_hidden is True
    assert _flip(moderator_api, kind, target.pk, "unhide").json()["hidden"] is False
    assert model.objects.get(pk=target.pk).is_hidden is False


def test_only_moderators_and_only_known_things(make_api, moderator_api):
    product, _variant = product_with_variant()
    written = review(product)
    assert _flip(make_api(UserFactory()), "review", written.pk, "hide").status_code == 403
    assert Review.objects.get(pk=written.pk).is_hidden is False
    assert _flip(moderator_api, "review", written.pk + 999, "hide").status_code == 404
    assert _flip(moderator_api, "nothing", written.pk, "hide").status_code == 404
    # Moderation's own kinds keep their own endpoints.
    assert _flip(moderator_api, "post", 1, "hide").status_code == 404
