"""The demo's questions: answered, an expert's answer first, a seller's, a buyer's, accepted."""

from io import StringIO

import pytest
from django.core.management import call_command

from agora.catalog.models import Product
from agora.community.models import Question
from agora.community.selectors.questions import question_view

pytestmark = pytest.mark.django_db


def test_the_demo_has_answered_questions_with_an_expert_first():
    call_command("seed_demo", "--no-images", stdout=StringIO())
    assert Question.objects.count() == 3

    grinder = Product.objects.get(title="Moulin manuel C40")
    question = Question.objects.get(product=grinder)
    view = question_view(question=question, viewer_id=None)
    first = view.answers[0]
    assert first.answer.author.username == "yusuf"
    assert first.badges == ["expert"] and first.accepted
    assert view.answers[1].badges == ["seller"]

    dress = Product.objects.get(title="Robe portefeuille en lin")
    view = question_view(question=Question.objects.get(product=dress), viewer_id=None)
    badges = {a.answer.author.username: a.badges for a in view.answers}
    assert badges == {"chloe": ["expert"], "ines": ["seller"], "ana": ["verified_buyer"]}
    assert [a.answer.author.username for a in view.answers if a.accepted] == ["ana"]

    out = StringIO()
    call_command("seed_demo", "--no-images", stdout=out)
    assert Question.objects.count() == 3
    assert "questions      0 created" in out.getvalue()
