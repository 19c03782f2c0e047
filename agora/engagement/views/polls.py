"""Polls on post cards and post pages: vote (htmx swaps the poll; without JavaScript a plain
POST and a redirect back to the page), the results refreshed while they can move, and the
shop's one action that makes the winner a draft product.

A page's polls are read as rows and their fragments cached per what they show (see
`polls_html`); the answers to a vote and to the results' refresh are rendered live."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.template.defaultfilters import urlencode
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.html import escape
from django.utils.safestring import SafeString
from django.utils.timesince import timeuntil
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from agora.accounts.models import User
from agora.core import fragments
from agora.core.errors import DomainError, InvalidInput
from agora.core.forms import parse_id
from agora.core.ratelimit import RateLimited, enforce
from agora.core.urls_util import safe_next
from agora.core.viewer import viewer
from agora.engagement import selectors, services
from agora.engagement.models import Poll
from agora.engagement.selectors import OptionProduct, PollRow
from agora.shops.selectors import shop_role

POLL_KIND = "poll:1"  # bump when engagement/poll.html changes


def _htmx(request: HttpRequest) -> bool:
    htmx = getattr(request, "htmx", None)
    return htmx is not None and bool(htmx) and not htmx.history_restore_request


def _here(request: HttpRequest) -> str:
    """The page the poll is on: for htmx the browser's address (same site only), else the
    form's `next`, else this request's path."""
    htmx = getattr(request, "htmx", None)
    if htmx is not None and _htmx(request) and htmx.current_url_abs_path:
        return safe_next(request, htmx.current_url_abs_path, request.get_full_path())
    # A GET's body is never read (building `request.POST` costs more than the rest here).
    form = request.POST.get("next") if request.method == "POST" else None
    target = form or request.GET.get("next")
    return safe_next(request, target, request.get_full_path())


def _person(request: HttpRequest) -> User:
    """The signed-in person (the views that act require a log-in)."""
    user = request.user
    if not isinstance(user, User):
        raise PermissionDenied
    return user


def _team(poll: PollRow, *, manager: bool) -> tuple[bool, OptionProduct | None]:
    """(may make the winner a product, the product it became) for the posting shop's team,
    once the poll is closed; (False, None) for everyone else."""
    winner = poll.winner if poll.closed else None
    if not (manager and poll.by_shop and winner is not None):
        return False, None
    return winner.made_id is None, winner.product


def _context(
    poll: PollRow,
    *,
    signed_in: bool,
    manager: bool,
    next: str,
    csrf_token: str,
    early_code: str,
    error: str = "",
) -> dict[str, Any]:
    can_make, made = _team(poll, manager=manager)
    return {
        "view": poll,
        "signed_in": signed_in,
        "next": next,
        "error": error,
        "can_make": can_make,
        "made": made,
        "closes_in": timeuntil(poll.closes_at, poll.now) if poll.open else "",
        "csrf_token": csrf_token,
        "early_code": early_code,
    }


def _signature(poll: PollRow, *, signed_in: bool, manager: bool) -> tuple:
    """Everything the poll's fragment shows for this viewer but the slots (CSRF token, `next`,
    the early-access code itself): a vote, the close (by the task or by the clock), a change
    of who sees the results, or the time left as the card words it gives a new key at once."""
    visible = poll.results_visible
    can_make, made = _team(poll, manager=manager)
    options = []
    for o in poll.options:
        image = o.image
        on_sale = o.on_sale if o.winner else None
        options.append(
            (
                o.id,
                o.label,
                image.signature() if image is not None else None,
                o.mine,
                o.winner,
                (o.votes, o.percent) if visible else None,
                (on_sale.url, on_sale.title) if on_sale is not None else None,
            )
        )
    return (
        poll.id,
        poll.closed,
        poll.closes_at.isoformat(),
        timeuntil(poll.closes_at, poll.now) if poll.open else "",
        timezone.get_current_timezone_name(),
        poll.results_visibility,
        poll.early_access_percent,
        signed_in,
        poll.my_vote,
        poll.early_code is not None,
        visible,
        poll.total if visible else None,
        tuple(options),
        can_make,
        (made.id, made.shop, made.status) if made is not None else None,
    )


def polls_html(
    *, request: HttpRequest, post_ids: list[int], editable: set[int] | frozenset[int] = frozenset()
) -> dict[int, SafeString]:
    """Social's `post_polls_html` slot: the poll fragment of each of a page's posts that
    carry one (one query for all of them). `editable`: the posts the viewer may edit, whose
    shop's team sees the "make it a product" action.

    Each fragment is rendered once per what it shows (`_signature`, with the language) and
    kept in the cache; the CSRF token, the page's address and the viewer's early-access code
    are slots filled per request, never cached."""
    me = viewer(request)
    polls = list(selectors.polls_of_posts(post_ids=post_ids, viewer=me).values())
    if not polls:
        return {}
    signed_in = me is not None

    def render_poll(poll: PollRow) -> tuple[str, ...]:
        slots = fragments.Slots()
        context = _context(
            poll,
            signed_in=signed_in,
            manager=poll.post_id in editable,
            next=slots["next"],
            csrf_token=slots["csrf"],
            early_code=slots["early_code"] if poll.early_code else "",
        )
        return slots.split(render_to_string("engagement/poll.html#poll", context)).parts

    chunks = fragments.cached_fragments(
        polls,
        kind=POLL_KIND,
        ident=lambda poll: poll.id,
        signature=lambda poll: _signature(
            poll, signed_in=signed_in, manager=poll.post_id in editable
        ),
        render=render_poll,
    )
    here = _here(request)
    # `next` is a form field for people signed in and a query parameter for visitors.
    values = {"next": escape(here) if signed_in else urlencode(here)}
    html: dict[int, SafeString] = {}
    for poll, parts in zip(polls, chunks, strict=True):
        fragment = fragments.Fragment(tuple(parts))
        names = fragment.slot_names
        if "csrf" in names and "csrf" not in values:
            values["csrf"] = fragments.csrf_token(request)
        early = {"early_code": escape(poll.early_code or "")} if "early_code" in names else {}
        html[poll.post_id] = fragment.fill(values, **early)
    return html


def _poll_or_404(request: HttpRequest, poll_id: int) -> Poll:
    poll = selectors.poll_for_action(poll_id=poll_id, viewer=viewer(request))
    if poll is None:
        raise Http404
    return poll


def _fragment(request: HttpRequest, poll: Poll, partial: str, *, error: str = "") -> HttpResponse:
    """The poll (or its results) for the viewer, rendered live: the answer to a vote and the
    results' refresh (`poll` came from `_poll_or_404`: the viewer may see it)."""
    me = viewer(request)
    row = selectors.polls_of_posts(post_ids=[poll.post_id], viewer=me).get(poll.post_id)
    if row is None:
        raise Http404
    shop = poll.post.author.shop if row.by_shop else None
    manager = row.closed and shop is not None and shop_role(shop=shop, user=me) is not None
    context = _context(
        row,
        signed_in=me is not None,
        manager=manager,
        next=_here(request),
        csrf_token=fragments.csrf_token(request),
        early_code=row.early_code or "",
        error=error,
    )
    response = HttpResponse(render_to_string(f"engagement/poll.html#{partial}", context))
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
