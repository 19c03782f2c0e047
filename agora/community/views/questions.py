"""Questions and answers pages: every question of a product, one question with all its
answers, the setting "Ask people who bought this", and the plain form posts (ask, answer,
vote, accept) that work without JavaScript and lead back to the product page's anchor."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from agora.community import product_questions
from agora.community.selectors import questions as selectors
from agora.community.services import questions as services
from agora.core import fragments
from agora.core.errors import DomainError
from agora.core.forms import clean_text, parse_id
from agora.core.ratelimit import RateLimited, enforce
from agora.core.viewer import viewer

if TYPE_CHECKING:
    from django.http import HttpRequest, HttpResponse

    from agora.catalog.models import Product
    from agora.community.models import Question
    from agora.core.types import User


def _viewer_id(request: HttpRequest) -> int | None:
    me = viewer(request)
    return me.pk if me is not None else None


def _me(request: HttpRequest) -> User:
    """The signed-in person (the views below are behind `login_required`)."""
    me = viewer(request)
    if me is None:
        raise PermissionDenied
    return me


def _product_or_404(request: HttpRequest, product_id: int) -> Product:
    product = selectors.product_for_questions(product_id=product_id, viewer=viewer(request))
    if product is None:
        raise Http404
    return product


def _section(
    request: HttpRequest,
    views: list[selectors.QuestionView],
    product: Product,
    *,
    count: int,
    **extra: object,
) -> str:
    """The questions rendered live, with the viewer's own slots filled in."""
    slots = fragments.Slots()
    pieces = product_questions.render_section(
        views,
        product=product,
        signed_in=request.user.is_authenticated,
        slots=slots,
        count=count,
        template="community/questions/_list.html",
        extra=extra,
    )
    parts = {name: slots.split(html) for name, html in pieces.items()}
    return product_questions.fill_section(parts, request, viewer_id=_viewer_id(request))


@require_GET
def product_questions_page(request: HttpRequest, product_id: int) -> HttpResponse:
    """Every question about a product, newest first, a page at a time."""
    product = _product_or_404(request, product_id)
    page = selectors.questions_page(
        product=product,
        viewer_id=_viewer_id(request),
        cursor=request.GET.get("cursor"),
        limit=request.GET.get("limit"),
    )
    _version, count = selectors.qa_state(product.pk)
    html = _section(request, page.items, product, count=count)
    context = {"product": product, "section": html, "page": page, "count": count}
    return render(request, "community/questions/product_questions.html", context)


@require_GET
def question_page(request: HttpRequest, question_id: int) -> HttpResponse:
    """One question with all its answers and the form to answer it."""
    question = selectors.question_for_viewer(question_id=question_id, viewer=viewer(request))
    if question is None:
        raise Http404
    view = selectors.question_view(question=question, viewer_id=_viewer_id(request))
    html = _section(request, [view], question.product, count=1, open_answer=True)
    context = {"product": question.product, "question": question, "section": html}
    return render(request, "community/questions/question.html", context)


def _back(product: Product, anchor: str) -> HttpResponse:
    return redirect(f"{product.get_absolute_url()}#{anchor}")


def _back_to(question: Question, anchor: str) -> HttpResponse:
    """To the anchor on the product page when the question shows there (one of the newest),
    else on the question's own page."""
    if selectors.shown_on_product_page(question=question):
        return _back(question.product, anchor)
    return redirect(f"{reverse('community:question', args=[question.pk])}#{anchor}")


def _refused(request: HttpRequest, exc: DomainError) -> None:
    if exc.status == 404:
        raise Http404 from exc
    if isinstance(exc, RateLimited):
        messages.error(request, _("Too many requests. Try again later."))
        return
    fields = exc.fields or {}
    first = next(iter(fields.values()), [exc.message])
    messages.error(request, str(first[0]))


@login_required
@require_POST
def question_ask(request: HttpRequest, product_id: int) -> HttpResponse:
    """The ask form: back to the product page's new question."""
    product = _product_or_404(request, product_id)
    try:
        enforce(request, group="question", key="user", rate=settings.AGORA_RATES["comment"])
        text = clean_text(request.POST.get("text"), field="text", multiline=True)
        question = services.question_ask(user=_me(request), product=product, text=text)
    except DomainError as exc:
        _refused(request, exc)
        return _back(product, "questions")
    messages.success(request, _("Your question is posted. We will tell you when it is answered."))
    return _back(product, f"question-{question.pk}")


@login_required
@require_POST
def question_answer(request: HttpRequest, question_id: int) -> HttpResponse:
    """The answer form: back to the product page's new answer."""
    question = selectors.question_for_viewer(question_id=question_id, viewer=_me(request))
    if question is None:
        raise Http404
    try:
        enforce(request, group="answer", key="user", rate=settings.AGORA_RATES["comment"])
        text = clean_text(request.POST.get("text"), field="text", multiline=True)
        answer = services.answer_create(user=_me(request), question=question, text=text)
    except DomainError as exc:
        _refused(request, exc)
        return _back_to(question, f"question-{question.pk}")
    return _back_to(question, f"answer-{answer.pk}")


@login_required
@require_POST
def answer_vote(request: HttpRequest, answer_id: int) -> HttpResponse:
    """Up-votes (voted=1) or withdraws the vote (voted=0): back to the answer."""
    answer = selectors.answer_for_viewer(answer_id=answer_id, viewer=_me(request))
    if answer is None:
        raise Http404
    try:
        if request.POST.get("voted", "1") == "0":
            services.answer_vote_unset(user=_me(request), answer=answer)
        else:
            enforce(request, group="vote", key="user", rate=settings.AGORA_RATES["vote"])
            services.answer_vote_set(user=_me(request), answer=answer)
    except DomainError as exc:
        _refused(request, exc)
    return _back_to(answer.question, f"answer-{answer.pk}")


@login_required
@require_POST
def question_accept(request: HttpRequest, question_id: int) -> HttpResponse:
    """The asker accepts an answer (403 for anyone else): back to the answer."""
    question = selectors.question_for_viewer(question_id=question_id, viewer=_me(request))
    if question is None:
        raise Http404
    answer_id = parse_id(request.POST.get("answer_id"))
    if question.author_id != request.user.pk:
        raise PermissionDenied
    try:
        services.question_accept(user=_me(request), question=question, answer_id=answer_id or 0)
    except DomainError as exc:
        _refused(request, exc)
        return _back_to(question, f"question-{question.pk}")
    return _back_to(question, f"answer-{answer_id}")


@login_required
@require_http_methods(["GET", "POST"])
def question_requests(request: HttpRequest) -> HttpResponse:
    """ "Ask people who bought this": the person's choice to be asked about what they bought."""
    if request.method == "POST":
        wanted = request.POST.get("opted_in") == "1"
        services.question_opt_in_set(user=_me(request), opted_in=wanted)
        if wanted:
            messages.success(request, _("You will be asked about the products you bought."))
        else:
            messages.success(request, _("You will no longer be asked about what you bought."))
        return redirect("community:question-requests")
    context = {"opted_in": selectors.opted_in(user_id=request.user.pk)}
    return render(request, "community/questions/requests.html", context)


urlpatterns: list[URLPattern] = [
    path("questions/asked-of-me", question_requests, name="question-requests"),
    path("questions/product/<id:product_id>", product_questions_page, name="product-questions"),
    path("questions/product/<id:product_id>/ask", question_ask, name="question-ask"),
    path("questions/<id:question_id>", question_page, name="question"),
    path("questions/<id:question_id>/answer", question_answer, name="question-answer"),
    path("questions/<id:question_id>/accept", question_accept, name="question-accept"),
    path("questions/answers/<id:answer_id>/vote", answer_vote, name="answer-vote"),
]
