"""Reads of questions and answers, with every answer's badges and the viewer's votes.

A page of questions costs a fixed number of queries whatever its size: the questions (1),
their visible answers with their authors (1), the badges of everyone on the page (the
product's category and its parents 1, experts among the authors 1, the shop's team among them
1, verified buyers among them 1) and the viewer's votes (1, signed in only).

Answers are ordered: verified experts of the product's category (or a parent) first, then the
shop's team, then verified buyers, then by votes, then oldest first.

The product's Q&A state (`qa_state`: version and number of visible questions) is read from
the cache, falling back to its row; the services forget the cached copy when they commit. (A
read of the row that races a commit may put the older state back: it then stands for at most
STATE_TIMEOUT seconds.)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.core.cache import cache
from django.db.models import QuerySet

from agora.accounts.models import Expertise
from agora.catalog.models import Category
from agora.catalog.selectors import visible_products
from agora.community.models import Answer, AnswerVote, ProductQuestions, Question, QuestionOptIn
from agora.community.selectors.purchases import bought_among
from agora.core.pagination import Page, paginate
from agora.core.prepared import prepared
from agora.shops.models import ShopMember

if TYPE_CHECKING:
    from collections.abc import Iterable

    from agora.catalog.models import Product
    from agora.core.types import User

EXPERT = "expert"
SELLER = "seller"
VERIFIED_BUYER = "verified_buyer"
BADGE_RANK = {EXPERT: 0, SELLER: 1, VERIFIED_BUYER: 2}
CATEGORY_DEPTH = 8  # parents followed when looking for an expert's category
STATE_TIMEOUT = 60  # seconds a product's Q&A state stays cached (writes forget it at once)
PRODUCT_PAGE_QUESTIONS = 5


@dataclass
class AnswerView:
    answer: Answer
    badges: list[str]
    voted: bool = False
    accepted: bool = False


@dataclass
class QuestionView:
    question: Question
    badges: list[str]
    answers: list[AnswerView] = field(default_factory=list)


@dataclass
class QuestionsPage(Page):
    """A page of questions (`items`: QuestionView) with the product they are about."""

    product: Product | None = None


# --- the product's Q&A state -----------------------------------------------------------------
def state_key(product_id: int) -> str:
    return f"agora:qa-state:{product_id}"


def qa_state(product_id: int) -> tuple[int, int]:
    """(version, visible question count) of the product's Q&A: from the cache, else one query."""
    key = state_key(product_id)
    found = cache.get(key)
    if found is not None:
        return (int(found[0]), int(found[1]))
    row = (
        ProductQuestions.objects.filter(product_id=product_id)
        .values_list("version", "question_count")
        .first()
    )
    state = (int(row[0]), int(row[1])) if row is not None else (0, 0)
    cache.set(key, state, STATE_TIMEOUT)
    return state


# --- badges ----------------------------------------------------------------------------------
def category_with_parents(category_id: int | None) -> list[int]:
    """The category and its parents, nearest first (one query, CATEGORY_DEPTH levels)."""
    if category_id is None:
        return []
    names = ["pk"] + ["__".join(["parent"] * depth) + "_id" for depth in range(1, CATEGORY_DEPTH)]
    row = Category.objects.filter(pk=category_id).values_list(*names).first()
    found: list[int] = []
    for value in row or ():
        if value is None or value in found:
            break
        found.append(value)
    return found


def badges_of(*, product: Product, user_ids: Iterable[int]) -> dict[int, list[str]]:
    """Each person's badges about `product`, best first: "expert" (verified in its category or
    a parent), "seller" (owner or staff of its shop), "verified_buyer" (a paid, not fully
    refunded line of it). At most four queries, whatever the number of people."""
    ids = sorted(set(user_ids))
    if not ids:
        return {}
    categories = category_with_parents(product.category_id)
    experts = (
        set(
            Expertise.objects.filter(category_id__in=categories, user_id__in=ids).values_list(
                "user_id", flat=True
            )
        )
        if categories
        else set()
    )
    team = set(
        ShopMember.objects.filter(shop_id=product.shop_id, user_id__in=ids).values_list(
            "user_id", flat=True
        )
    )
    buyers = bought_among(user_ids=ids, product_id=product.pk)
    badges: dict[int, list[str]] = {}
    for uid in ids:
        mine = []
        if uid in experts:
            mine.append(EXPERT)
        if uid in team:
            mine.append(SELLER)
        if uid in buyers:
            mine.append(VERIFIED_BUYER)
        badges[uid] = mine
    return badges


def answer_order_key(view: AnswerView) -> tuple[int, int, float, int]:
    """Expert, then seller, then verified buyer, then most votes, then oldest."""
    rank = min((BADGE_RANK[b] for b in view.badges), default=len(BADGE_RANK))
    answer = view.answer
    return (rank, -answer.vote_count, answer.created_at.timestamp(), answer.pk)


# --- questions -------------------------------------------------------------------------------
def _questions(product_id: int) -> QuerySet[Question]:
    return Question.objects.filter(product_id=product_id, is_hidden=False).select_related(
        "author__avatar"
    )


def views_of(
    questions: list[Question], *, product: Product, viewer_id: int | None
) -> list[QuestionView]:
    """The questions with their visible answers in order, everyone's badges and the viewer's
    votes (at most six queries for any number of questions)."""
    if not questions:
        return []
    answers = list(
        Answer.objects.filter(question_id__in=[q.pk for q in questions], is_hidden=False)
        .select_related("author__avatar")
        .order_by("pk")
    )
    badges = badges_of(
        product=product,
        user_ids=[q.author_id for q in questions] + [a.author_id for a in answers],
    )
    voted = voted_among(user_id=viewer_id, answer_ids=[a.pk for a in answers])
    views = {q.pk: QuestionView(question=q, badges=badges.get(q.author_id, [])) for q in questions}
    for answer in answers:
        view = views[answer.question_id]
        view.answers.append(
            AnswerView(
                answer=answer,
                badges=badges.get(answer.author_id, []),
                voted=answer.pk in voted,
                accepted=view.question.accepted_answer_id == answer.pk,
            )
        )
    for view in views.values():
        view.answers.sort(key=answer_order_key)
    return [views[q.pk] for q in questions]


def voted_among(*, user_id: int | None, answer_ids: list[int]) -> set[int]:
    """Those of these answers the person up-voted (one query; none for visitors)."""
    if not user_id or not answer_ids:
        return set()
    return {answer_id for (answer_id,) in _voted_rows(user_id=user_id, answer_ids=answer_ids)}


@prepared(user_id=int, answer_ids=list[int])
def _voted_rows(*, user_id: int, answer_ids: list[int]) -> QuerySet[AnswerVote, tuple[Any, ...]]:
    return AnswerVote.objects.filter(user_id=user_id, answer_id__in=answer_ids).values_list(
        "answer_id"
    )


def questions_page(
    *,
    product: Product,
    viewer_id: int | None,
    cursor: str | None = None,
    limit: int | str | None = None,
) -> QuestionsPage:
    """A page of the product's visible questions, newest first, each with its answers."""
    page = paginate(_questions(product.pk), cursor=cursor, limit=limit)
    views = views_of(page.items, product=product, viewer_id=viewer_id)
    return QuestionsPage(items=views, next_cursor=page.next_cursor, product=product)


def product_for_questions(*, product_id: int, viewer: User | None) -> Product | None:
    """The product (with its shop) if the viewer may see it, else None."""
    return visible_products(viewer).select_related("shop").filter(pk=product_id).first()


def question_for_viewer(*, question_id: int, viewer: User | None) -> Question | None:
    """A visible question about a product the viewer may see, with its product and shop."""
    return (
        Question.objects.filter(
            pk=question_id,
            is_hidden=False,
            product__in=visible_products(viewer).values("pk"),
        )
        .select_related("product__shop", "author__avatar")
        .first()
    )


def answer_for_viewer(*, answer_id: int, viewer: User | None) -> Answer | None:
    """A visible answer to a visible question about a product the viewer may see."""
    return (
        Answer.objects.filter(
            pk=answer_id,
            is_hidden=False,
            question__is_hidden=False,
            question__product__in=visible_products(viewer).values("pk"),
        )
        .select_related("question__product__shop")
        .first()
    )


def question_view(*, question: Question, viewer_id: int | None) -> QuestionView:
    """One question with all its answers (as on a page of questions)."""
    return views_of([question], product=question.product, viewer_id=viewer_id)[0]


def shown_on_product_page(*, question: Question) -> bool:
    """Whether the question is among the newest the product page shows (one query)."""
    newer = Question.objects.filter(
        product_id=question.product_id, is_hidden=False, pk__gt=question.pk
    )
    return newer.count() < PRODUCT_PAGE_QUESTIONS


def opted_in(*, user_id: int | None) -> bool:
    """Whether the person agreed to be asked about what they bought."""
    if not user_id:
        return False
    return QuestionOptIn.objects.filter(user_id=user_id).exists()


def opted_in_among(*, user_ids: QuerySet | list[int]) -> QuerySet[QuestionOptIn, int]:
    """The ids of those people who agreed to be asked (a values list, subquery-ready)."""
    return QuestionOptIn.objects.filter(user_id__in=user_ids).values_list("user_id", flat=True)
