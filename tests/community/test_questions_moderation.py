"""Questions and answers are reportable; a moderator's hiding takes them off the product."""

from __future__ import annotations

import pytest

from agora.community.models import ProductQuestions
from tests.community.factories_questions import answer, ask
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def moderator_api(make_api):
    return make_api(UserFactory(is_staff=True))


def _report_and_hide(make_api, moderator_api, kind, ident):
    response = make_api(UserFactory()).post(
        "/reports", {"target_type": kind, "target_id": ident, "reason": "Spam"}
    )
    assert response.status_code == 201, response.content
    report_id = response.json()["id"]
    queue = moderator_api.get("/moderation/reports").json()["items"]
    assert [r["target_type"] for r in queue] == [kind]
    resolved = moderator_api.post(f"/moderation/reports/{report_id}/resolve", {"action": "hide"})
    assert resolved.status_code == 200, resolved.content


def test_a_hidden_answer_leaves_the_question(product, make_api, moderator_api, client):
    question = ask(product)
    kept = answer(question, text="A kind answer.")
    spam = answer(question, text="Buy cheap pills here.")
    _report_and_hide(make_api, moderator_api, "answer", spam.pk)

    shown = make_api().get(f"/questions/{question.pk}").json()
    assert [a["id"] for a in shown["answers"]] == [kept.pk]
    html = client.get(product.get_absolute_url()).content.decode()
    assert "A kind answer." in html and "Buy cheap pills here." not in html
    assert make_api(UserFactory()).post(f"/answers/{spam.pk}/vote").status_code == 404


def test_a_hidden_question_leaves_the_product(product, make_api, moderator_api, client):
    question = ask(product, text="Spammy question here?")
    ask(product, text="A real question?")
    _report_and_hide(make_api, moderator_api, "question", question.pk)

    listed = make_api().get(f"/products/{product.pk}/questions").json()["items"]
    assert [q["text"] for q in listed] == ["A real question?"]
    assert make_api().get(f"/questions/{question.pk}").status_code == 404
    assert ProductQuestions.objects.get(product=product).question_count == 1
    assert "Spammy question here?" not in client.get(product.get_absolute_url()).content.decode()


def test_the_product_page_offers_report_forms_to_people_signed_in(product, client):
    reply = answer(ask(product))
    client.force_login(UserFactory())
    html = client.get(product.get_absolute_url()).content.decode()
    assert f'action="/moderation/report/answer/{reply.pk}"' in html
    assert f'action="/moderation/report/question/{reply.question_id}"' in html
