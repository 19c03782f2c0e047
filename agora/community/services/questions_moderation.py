"""Questions and answers as moderation targets ("question", "answer"): what the moderators'
queue shows of them, who may report them, and hiding them."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from agora.community.models import Answer, Question
from agora.community.selectors.questions import answer_for_viewer, question_for_viewer
from agora.community.services.questions import answer_hidden_set, question_hidden_set
from agora.moderation import targets

if TYPE_CHECKING:
    from agora.moderation.selectors import ReportSummary


def _questions(ids: list[int]) -> dict[int, Any]:
    return Question.objects.select_related("product__shop", "author").in_bulk(ids)


def _answers(ids: list[int]) -> dict[int, Any]:
    return Answer.objects.select_related("question__product__shop", "author").in_bulk(ids)


def _question_visible(target_id: int, viewer: Any) -> bool:
    return question_for_viewer(question_id=target_id, viewer=viewer) is not None


def _answer_visible(target_id: int, viewer: Any) -> bool:
    return answer_for_viewer(answer_id=target_id, viewer=viewer) is not None


def _question_summary(question: Question) -> ReportSummary:
    return {
        "exists": True,
        "summary": Truncator(question.text).chars(140),
        "url": f"{question.product.get_absolute_url()}#question-{question.pk}",
        "hidden": question.is_hidden,
    }


def _answer_summary(answer: Answer) -> ReportSummary:
    return {
        "exists": True,
        "summary": Truncator(answer.text).chars(140),
        "url": f"{answer.question.product.get_absolute_url()}#answer-{answer.pk}",
        "hidden": answer.is_hidden,
    }


def _question_hide(*, moderator: Any, target: Question, note: str) -> None:
    question_hidden_set(question=target, hidden=True)


def _answer_hide(*, moderator: Any, target: Answer, note: str) -> None:
    answer_hidden_set(answer=target, hidden=True)


def _question_unhide(*, moderator: Any, target: Question, note: str) -> None:
    question_hidden_set(question=target, hidden=False)


def _answer_unhide(*, moderator: Any, target: Answer, note: str) -> None:
    answer_hidden_set(answer=target, hidden=False)


def _author(target: Question | Answer) -> Any:
    return target.author


QUESTION = targets.TargetKind(
    name="question",
    label=_("Question"),
    load=_questions,
    visible=_question_visible,
    summary=_question_summary,
    hide=_question_hide,
    unhide=_question_unhide,
    account=_author,
)
ANSWER = targets.TargetKind(
    name="answer",
    label=_("Answer"),
    load=_answers,
    visible=_answer_visible,
    summary=_answer_summary,
    hide=_answer_hide,
    unhide=_answer_unhide,
    account=_author,
)


def register() -> None:
    """Makes questions and answers reportable (idempotent)."""
    targets.register(QUESTION)
    targets.register(ANSWER)
