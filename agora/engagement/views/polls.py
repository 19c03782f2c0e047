"""Polls on post cards and post pages: vote (htmx swaps the poll; without JavaScript a plain
POST and a redirect back to the page), the results refreshed while they can move, and the
shop's one action that makes the winner a draft product."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from agora.accounts.models import User
from agora.core.errors import DomainError, InvalidInput
from agora.core.forms import parse_id
from agora.core.ratelimit import RateLimited, enforce
from agora.core.urls_util import safe_next
from agora.core.viewer import viewer
from agora.engagement import selectors, services
from agora.engagement.models import Poll
from agora.engagement.selectors import PollView
from agora.shops.selectors import shop_role


def _htmx(request: HttpRequest) -> bool:
    htmx = getattr(request, "htmx", None)
    return htmx is not None and bool(htmx) and not htmx.history_restore_request


def _here(request: HttpRequest) -> str:
    """The page the poll is on: for htmx the browser's address (same site only), else the
    form's `next`, else this request's path."""
    htmx = getattr(request, "htmx", None)
    if htmx is not None and _htmx(request) and htmx.current_url_abs_path:
        return safe_next(request, htmx.current_url_abs_path, request.get_full_path())
    target = request.POST.get("next") or request.GET.get("next")
    return safe_next(request, target, request.get_full_path())


def _person(request: HttpRequest) -> User:
    """The signed-in person (the views that act require a log-in)."""
    user = request.user
    if not isinstance(user, User):
        raise PermissionDenied
    return user


def _context(
    request: HttpRequest, view: PollView, *, manager: bool, error: str = ""
) -> dict[str, Any]:
    winner = view.winner if view.closed else None
    manager = manager and view.shop is not None
    return {
        "view": view,
        "signed_in": viewer(request) is not None,
        "next": _here(request),
        "error": error,
        # The posting shop's team, once the poll is closed: make the winner a product.
        "can_make": manager and winner is not None and winner.option.product_id is None,
        "made": winner.product if manager and winner is not None else None,
    }


def polls_html(
    *, request: HttpRequest, post_ids: list[int], editable: set[int] | frozenset[int] = frozenset()
) -> dict[int, SafeString]:
    """Social's `post_polls_html` slot: the poll fragment of each of a page's posts that
    carry one (one query for all of them). `editable`: the posts the viewer may edit, whose
    shop's team sees the "make it a product" action."""
    views = selectors.polls_of_posts(post_ids=post_ids, viewer=viewer(request))
    return {
        post_id: SafeString(
            render_to_string(
                "engagement/poll.html#poll",
                _context(request, view, manager=post_id in editable),
                request=request,
            )
        )
        for post_id, view in views.items()
    }


def _poll_or_404(request: HttpRequest, poll_id: int) -> Poll:
    poll = selectors.poll_for_action(poll_id=poll_id, viewer=viewer(request))
    if poll is None:
        raise Http404
    return poll


def _fragment(request: HttpRequest, poll: Poll, partial: str, *, error: str = "") -> HttpResponse:
    view = selectors.poll_for_viewer(poll_id=poll.pk, viewer=viewer(request))
    if view is None:
        raise Http404
    shop = view.shop
    manager = (
        view.closed and shop is not None and shop_role(shop=shop, user=viewer(request)) is not None
    )
    context = _context(request, view, manager=manager, error=error)
    response = render(request, f"engagement/poll.html#{partial}", context)
    patch_vary_headers(response, ("HX-Request",))
    return response


def _back(request: HttpRequest, poll: Poll) -> HttpResponseRedirect:
    default = f"{poll.post.get_absolute_url()}#poll-{poll.pk}"
    target = request.POST.get("next") or request.GET.get("next")
    return HttpResponseRedirect(safe_next(request, target, default))


@require_GET
def poll_results(request: HttpRequest, poll_id: int) -> HttpResponse:
    """The results for htmx's refresh while they can move; without htmx, the post."""
    poll = _poll_or_404(request, poll_id)
    if not _htmx(request):
        return HttpResponseRedirect(f"{poll.post.get_absolute_url()}#poll-{poll.pk}")
    return _fragment(request, poll, "results")


@login_required
@require_POST
def poll_vote(request: HttpRequest, poll_id: int) -> HttpResponse:
    poll = _poll_or_404(request, poll_id)
    option_id = parse_id(request.POST.get("option"))
    try:
        enforce(request, group="vote", key="user", rate=settings.AGORA_RATES["vote"])
        if option_id is None:
            raise InvalidInput.field("option", _("Choose an option first."))
        services.poll_vote(user=_person(request), poll=poll, option_id=option_id, source="web")
    except DomainError as exc:
        message = (
            _("You're going a bit fast. Try again in a moment.")
            if isinstance(exc, RateLimited)
            else exc.message
        )
        if _htmx(request):  # htmx swaps only 2xx answers: the poll says what went wrong
            return _fragment(request, poll, "poll", error=message)
        if isinstance(exc, RateLimited):
            response = render(request, "429.html", status=429)
            response["Retry-After"] = str(exc.retry_after)
            return response
        messages.error(request, message)
        return _back(request, poll)
    if _htmx(request):
        return _fragment(request, poll, "poll")
    messages.success(request, _("Your vote is in."))
    return _back(request, poll)


@login_required
@require_POST
def poll_make_product(request: HttpRequest, poll_id: int) -> HttpResponse:
    """The posting shop's team makes the winner a draft product, then finishes it in the
    dashboard."""
    poll = _poll_or_404(request, poll_id)
    try:
        product, created = services.poll_make_product(user=_person(request), poll=poll)
    except DomainError as exc:
        messages.error(request, exc.message)
        return _back(request, poll)
    if created:
        messages.success(
            request, _("The winner is now a draft product: finish it and put it on sale.")
        )
    else:
        messages.success(request, _("The winner is linked to its product."))
    return HttpResponseRedirect(
        reverse("dashboard:product-edit", args=[product.shop.handle, product.pk])
    )
