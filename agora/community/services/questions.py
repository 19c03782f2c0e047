"""Writes of questions and answers: ask, answer, up-vote, accept, hide, and the opt-in of
past buyers to be asked.

Each write runs in one transaction and moves the product's Q&A version (`ProductQuestions`),
so the product page's cached section is rendered anew; the cached copy of the version is
forgotten on commit. Notifications of a new question (the shop's team and the past buyers who
opted in, never the asker) are written by a background task enqueued on commit, so asking
stays fast however many people bought the product; the asker's notification of an answer is
one row, written in the answer's transaction.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from django.core.cache import cache
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from agora.community.models import (
    ANSWER_MAX_LENGTH,
    QUESTION_MAX_LENGTH,
    Answer,
    AnswerVote,
    ProductQuestions,
    Question,
    QuestionOptIn,
)
from agora.community.selectors.purchases import buyers_of
from agora.community.selectors.questions import state_key
from agora.core.errors import InvalidInput, NotFound, PermissionDenied
from agora.core.scheduling import enqueue
from agora.core.schemas import has_control_characters
from agora.shops.models import ShopMember
from agora.social.models import Notification
from agora.social.services import rows
from agora.social.services.actors import actor_for_user
from agora.social.services.notifications import notify_people

if TYPE_CHECKING:
    from agora.accounts.models import User
    from agora.catalog.models import Product

QUESTION_MIN_LENGTH = 3
NOTIFY_CHUNK = 500


def _text(value: str, *, field: str, low: int, high: int) -> str:
    text = (value or "").strip()
    if "\x00" in text or has_control_characters(text, multiline=True):
        raise InvalidInput.field(field, _("Control characters are not allowed."))
    if len(text) < low:
        raise InvalidInput.field(field, _("At least %(n)s characters.") % {"n": low})
    if len(text) > high:
        raise InvalidInput.field(field, _("At most %(n)s characters.") % {"n": high})
    return text


def _state_move(product_id: int, *, questions: int = 0) -> None:
    """Moves the product's Q&A version (and its question count by `questions`), creating its
    state row on first use; the cached copy is forgotten on commit."""
    moved = ProductQuestions.objects.filter(product_id=product_id).update(
        version=F("version") + 1, question_count=F("question_count") + questions
    )
    if not moved:
        rows.insert_once(
            ProductQuestions,
            {"product": product_id, "question_count": 0, "version": 0},
            unique=("product",),
        )
        ProductQuestions.objects.filter(product_id=product_id).update(
            version=F("version") + 1, question_count=F("question_count") + questions
        )
    transaction.on_commit(partial(cache.delete, state_key(product_id)))


def question_url(question: Question) -> str:
    """Where a question shows: its anchor on the product's page."""
    return f"{question.product.get_absolute_url()}#question-{question.pk}"


def question_page_url(question_id: int, *, answer_id: int | None = None) -> str:
    """The question's own page (it always shows there, however many came after it on the
    product page): where notifications lead."""
    url = reverse("community:question", args=[question_id])
    return f"{url}#answer-{answer_id}" if answer_id is not None else url


def question_ask(*, user: User, product: Product, text: str) -> Question:
    """Asks a question about a product the caller may see (the caller checks). Atomic; the
    notifications to the shop's team and opted-in past buyers are enqueued on commit."""
    body = _text(text, field="text", low=QUESTION_MIN_LENGTH, high=QUESTION_MAX_LENGTH)
    actor_for_user(user=user)
    with transaction.atomic():
        question = Question.objects.create(product=product, author=user, text=body)
        _state_move(product.pk, questions=1)
        transaction.on_commit(
            partial(enqueue, "agora.community.tasks_questions.question_asked_notify", question.pk)
        )
    return question


def question_asked_notify(*, question_id: int) -> int:
    """Notifies the shop's owner and staff and the past buyers of the product who opted in
    (never the asker) of a question: QUESTION_ASKED leading to the question. Idempotent: a
    person is notified once per question. Returns how many were notified."""
    question = (
        Question.objects.select_related("product__shop", "author__actor")
        .filter(pk=question_id, is_hidden=False)
        .first()
    )
    if question is None:
        return 0
    product = question.product
    actor = actor_for_user(user=question.author)
    team = set(ShopMember.objects.filter(shop_id=product.shop_id).values_list("user_id", flat=True))
    buyers = set(
        QuestionOptIn.objects.filter(user_id__in=buyers_of(product_id=product.pk)).values_list(
            "user_id", flat=True
        )
    )
    people = sorted((team | buyers) - {question.author_id})
    written = 0
    url = question_page_url(question.pk)
    for start in range(0, len(people), NOTIFY_CHUNK):
        written += notify_people(
            user_ids=people[start : start + NOTIFY_CHUNK],
            kind=Notification.Kind.QUESTION_ASKED,
            actor=actor,
            url=url,
            subject=product.title,
        )
    return written


def answer_create(*, user: User, question: Question, text: str) -> Answer:
    """Answers a visible question (the caller checks it is). Atomic with the question's answer
    count, the product's Q&A version and the asker's QUESTION_ANSWERED notification (none when
    the asker answers)."""
    body = _text(text, field="text", low=1, high=ANSWER_MAX_LENGTH)
    actor = actor_for_user(user=user)
    with transaction.atomic():
        answer = Answer.objects.create(question=question, author=user, text=body)
        Question.objects.filter(pk=question.pk).update(answer_count=F("answer_count") + 1)
        _state_move(question.product_id)
        if question.author_id != user.pk:
            notify_people(
                user_ids=[question.author_id],
                kind=Notification.Kind.QUESTION_ANSWERED,
                actor=actor,
                url=question_page_url(question.pk, answer_id=answer.pk),
                subject=question.product.title,
            )
    return answer


def answer_vote_set(*, user: User, answer: Answer) -> tuple[int, bool]:
    """Up-votes the answer; idempotent: of any number of simultaneous votes by one person,
    one counts. Returns (vote_count, True)."""
    with transaction.atomic():
        inserted = rows.insert_once(
            AnswerVote,
            {"answer": answer.pk, "user": user.pk, "created_at": timezone.now()},
            unique=("answer", "user"),
        )
        if inserted is not None:
            moved = rows.counter_add(Answer, pk=answer.pk, field="vote_count", delta=1)
            _state_move(answer.question.product_id)
            return (int(moved[0]) if moved else 0), True
    return _votes(answer.pk), True


def answer_vote_unset(*, user: User, answer: Answer) -> tuple[int, bool]:
    """Withdraws the person's up-vote (idempotent). Returns (vote_count, False)."""
    with transaction.atomic():
        if rows.delete_rows(AnswerVote, {"answer": answer.pk, "user": user.pk}):
            moved = rows.counter_add(Answer, pk=answer.pk, field="vote_count", delta=-1)
            _state_move(answer.question.product_id)
            return (int(moved[0]) if moved else 0), False
    return _votes(answer.pk), False


def _votes(answer_id: int) -> int:
    return int(Answer.objects.values_list("vote_count", flat=True).get(pk=answer_id))


def question_accept(*, user: User, question: Question, answer_id: int) -> Question:
    """The asker marks one visible answer to their question accepted (403 for anyone else;
    422 on `answer_id` for an answer not to this question). Idempotent."""
    if question.author_id != user.pk:
        raise PermissionDenied(_("Only the person who asked can accept an answer."))
    if not Answer.objects.filter(pk=answer_id, question=question, is_hidden=False).exists():
        raise InvalidInput.field("answer_id", _("Not an answer to this question."))
    with transaction.atomic():
        moved = (
            Question.objects.filter(pk=question.pk)
            .exclude(accepted_answer_id=answer_id)
            .update(accepted_answer_id=answer_id)
        )
        if moved:
            _state_move(question.product_id)
    question.accepted_answer_id = answer_id
    return question


def question_hidden_set(*, question: Question, hidden: bool = True) -> bool:
    """Hides (or shows again) a question with its answers; moves the product's count. True
    when it changed."""
    with transaction.atomic():
        changed = Question.objects.filter(pk=question.pk, is_hidden=not hidden).update(
            is_hidden=hidden
        )
        if changed:
            _state_move(question.product_id, questions=-1 if hidden else 1)
    question.is_hidden = hidden
    return bool(changed)


def answer_hidden_set(*, answer: Answer, hidden: bool = True) -> bool:
    """Hides (or shows again) an answer; moves its question's answer count. True when it
    changed. A hidden accepted answer is no longer shown as accepted (it is not shown)."""
    with transaction.atomic():
        changed = Answer.objects.filter(pk=answer.pk, is_hidden=not hidden).update(is_hidden=hidden)
        if changed:
            delta = -1 if hidden else 1
            rows.counter_add(Question, pk=answer.question_id, field="answer_count", delta=delta)
            _state_move(answer.question.product_id)
    answer.is_hidden = hidden
    return bool(changed)


def question_opt_in_set(*, user: User, opted_in: bool) -> bool:
    """Agrees (or stops agreeing) to be notified of questions about products the person
    bought. Idempotent; returns the new setting."""
    if opted_in:
        rows.insert_once(
            QuestionOptIn, {"user": user.pk, "created_at": timezone.now()}, unique=("user",)
        )
    else:
        QuestionOptIn.objects.filter(user_id=user.pk).delete()
    return opted_in


def question_get(*, question_id: int) -> Question:
    """Any question by id, with its product (moderation), or NotFound."""
    question = Question.objects.select_related("product__shop").filter(pk=question_id).first()
    if question is None:
        raise NotFound(_("No such question."))
    return question
