"""The questions API: ask about a product, answer, up-vote answers, accept one, and the
opt-in of past buyers to be asked.

Every answer carries its author's `badges` ("expert", "seller", "verified_buyer"), computed
for the whole page in a fixed number of queries; answers come expert first, then seller, then
verified buyers, then by votes.
"""

from django.conf import settings
from django.http import HttpRequest
from ninja import Router, Status
from ninja.pagination import paginate
from pydantic import Field

from agora.accounts.models import User
from agora.catalog.models import Product
from agora.community.models import Answer, Question
from agora.community.selectors import questions as selectors
from agora.community.services import questions as services
from agora.core.api import errors
from agora.core.auth import OptionalBearerToken, api_user
from agora.core.errors import NotFound
from agora.core.pagination import CursorPagination, Listing
from agora.core.ratelimit import enforce
from agora.core.schemas import Id, LongText, Schema
from agora.core.urls_util import absolute_url
from agora.core.viewer import viewer

router = Router(tags=["community"])


class TextIn(Schema):
    text: LongText = Field(max_length=20000)


class AcceptIn(Schema):
    answer_id: Id


class OptInIn(Schema):
    opted_in: bool


class OptInOut(Schema):
    opted_in: bool


class PersonOut(Schema):
    handle: str
    name: str
    kind: str
    url: str
    avatar_url: str | None


class AnswerOut(Schema):
    id: int
    question_id: int
    text: str
    author: PersonOut
    badges: list[str]
    votes: int
    voted_by_me: bool
    accepted: bool
    created_at: str


class QuestionOut(Schema):
    id: int
    url: str
    product_id: int
    text: str
    author: PersonOut
    badges: list[str]
    answer_count: int
    accepted_answer_id: int | None
    answers: list[AnswerOut]
    created_at: str


class VoteOut(Schema):
    votes: int
    voted_by_me: bool


def person_out(user: User) -> dict:
    """A person as the Q&A shows them."""
    avatar = user.avatar if user.avatar_id else None
    return {
        "handle": user.username,
        "name": user.display_name or user.username,
        "kind": "person",
        "url": absolute_url(user.get_absolute_url()),
        "avatar_url": absolute_url(avatar.file.url) if avatar else None,
    }


def answer_out(view: selectors.AnswerView) -> dict:
    answer = view.answer
    return {
        "id": answer.pk,
        "question_id": answer.question_id,
        "text": answer.text,
        "author": person_out(answer.author),
        "badges": view.badges,
        "votes": answer.vote_count,
        "voted_by_me": view.voted,
        "accepted": view.accepted,
        "created_at": answer.created_at.isoformat(),
    }


def question_out(view: selectors.QuestionView, product: Product) -> dict:
    question = view.question
    question.product = product
    return {
        "id": question.pk,
        "url": absolute_url(services.question_url(question)),
        "product_id": question.product_id,
        "text": question.text,
        "author": person_out(question.author),
        "badges": view.badges,
        "answer_count": len(view.answers),
        "accepted_answer_id": question.accepted_answer_id
        if any(a.accepted for a in view.answers)
        else None,
        "answers": [answer_out(a) for a in view.answers],
        "created_at": question.created_at.isoformat(),
    }


def _viewer_id(request: HttpRequest) -> int | None:
    me = viewer(request)
    return me.pk if me is not None else None


def _product_or_404(request: HttpRequest, product_id: int) -> Product:
    product = selectors.product_for_questions(product_id=product_id, viewer=viewer(request))
    if product is None:
        raise NotFound("No such product.")
    return product


def _question_or_404(request: HttpRequest, question_id: int) -> Question:
    question = selectors.question_for_viewer(question_id=question_id, viewer=viewer(request))
    if question is None:
        raise NotFound("No such question.")
    return question


def _answer_or_404(request: HttpRequest, answer_id: int) -> Answer:
    answer = selectors.answer_for_viewer(answer_id=answer_id, viewer=viewer(request))
    if answer is None:
        raise NotFound("No such answer.")
    return answer


def _question_json(request: HttpRequest, question: Question) -> dict:
    view = selectors.question_view(question=question, viewer_id=_viewer_id(request))
    return question_out(view, question.product)


@router.get(
    "/products/{product_id}/questions",
    auth=OptionalBearerToken(),
    response={200: list[QuestionOut], **errors(401, 404)},
)
@paginate(CursorPagination)
def product_question_list(request: HttpRequest, product_id: Id) -> Listing:
    """The product's questions, newest first, each with its answers in order (experts, the
    shop's team, verified buyers, then by votes)."""
    product = _product_or_404(request, product_id)
    viewer_id = _viewer_id(request)

    def page(*, cursor: str | None, limit: int) -> selectors.QuestionsPage:
        return selectors.questions_page(
            product=product, viewer_id=viewer_id, cursor=cursor, limit=limit
        )

    return Listing(page, each=lambda view: question_out(view, product))


@router.post(
    "/products/{product_id}/questions",
    response={201: QuestionOut, **errors(400, 401, 404, 422, 429)},
)
def product_question_create(request: HttpRequest, product_id: Id, payload: TextIn) -> Status:
    """Asks a question; the shop's team and past buyers who opted in are notified."""
    enforce(request, group="question", key="user", rate=settings.AGORA_RATES["comment"])
    product = _product_or_404(request, product_id)
    question = services.question_ask(user=api_user(request), product=product, text=payload.text)
    question = _question_or_404(request, question.pk)
    return Status(201, _question_json(request, question))


@router.get(
    "/questions/{question_id}",
    auth=OptionalBearerToken(),
    response={200: QuestionOut, **errors(401, 404)},
)
def question_detail(request: HttpRequest, question_id: Id) -> dict:
    """One question with all its answers."""
    return _question_json(request, _question_or_404(request, question_id))


@router.post(
    "/questions/{question_id}/answers",
    response={201: AnswerOut, **errors(400, 401, 404, 422, 429)},
)
def question_answer_create(request: HttpRequest, question_id: Id, payload: TextIn) -> Status:
    """Answers a question; the asker is notified."""
    enforce(request, group="answer", key="user", rate=settings.AGORA_RATES["comment"])
    question = _question_or_404(request, question_id)
    answer = services.answer_create(user=api_user(request), question=question, text=payload.text)
    view = selectors.question_view(question=question, viewer_id=_viewer_id(request))
    found = next(a for a in view.answers if a.answer.pk == answer.pk)
    return Status(201, answer_out(found))


@router.post(
    "/questions/{question_id}/accept",
    response={200: QuestionOut, **errors(400, 401, 403, 404, 422)},
)
def question_accept(request: HttpRequest, question_id: Id, payload: AcceptIn) -> dict:
    """The asker marks an answer accepted (403 for anyone else)."""
    question = _question_or_404(request, question_id)
    services.question_accept(user=api_user(request), question=question, answer_id=payload.answer_id)
    return _question_json(request, question)


@router.post("/answers/{answer_id}/vote", response={200: VoteOut, **errors(401, 404, 429)})
def answer_vote(request: HttpRequest, answer_id: Id) -> dict:
    """Up-votes an answer: once per person, however many requests."""
    enforce(request, group="vote", key="user", rate=settings.AGORA_RATES["vote"])
    answer = _answer_or_404(request, answer_id)
    votes, active = services.answer_vote_set(user=api_user(request), answer=answer)
    return {"votes": votes, "voted_by_me": active}


@router.delete("/answers/{answer_id}/vote", response={200: VoteOut, **errors(401, 404)})
def answer_unvote(request: HttpRequest, answer_id: Id) -> dict:
    """Withdraws the caller's up-vote (idempotent)."""
    answer = _answer_or_404(request, answer_id)
    votes, active = services.answer_vote_unset(user=api_user(request), answer=answer)
    return {"votes": votes, "voted_by_me": active}


@router.get("/me/question-requests", response={200: OptInOut, **errors(401)})
def question_opt_in_get(request: HttpRequest) -> dict:
    """ "Ask people who bought this": whether the caller agreed to be asked."""
    return {"opted_in": selectors.opted_in(user_id=api_user(request).pk)}


@router.put("/me/question-requests", response={200: OptInOut, **errors(400, 401, 422)})
def question_opt_in_put(request: HttpRequest, payload: OptInIn) -> dict:
    """Agrees (or stops agreeing) to be notified of questions about products one bought."""
    done = services.question_opt_in_set(user=api_user(request), opted_in=payload.opted_in)
    return {"opted_in": done}
