"""Helpers shared by the social views: who is looking, where to go back to, htmx fragments,
and how a refused action (domain error, rate limit) reaches a person with or without htmx."""

from __future__ import annotations

import logging
import re

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import DisallowedHost
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _

from agora.accounts.selectors import viewer_stand_in
from agora.analytics.services import event_view_buffered, visitor_hash
from agora.core.errors import DomainError
from agora.core.prepared import prepared
from agora.core.ratelimit import RateLimited, client_ip, enforce
from agora.core.templatetags.frozen import page_key, render_frozen_page
from agora.core.urls_util import safe_next
from agora.core.viewer import viewer
from agora.shops.selectors import shops_managed_by
from agora.social.via import VIA_COOKIE, via_of

logger = logging.getLogger(__name__)
VISITOR_COOKIE = "agora_vid"  # set by the share redirect; identifies anonymous visitors
_VISITOR_RE = re.compile(r"^[A-Za-z0-9_-]{16,60}$")


def is_htmx(request) -> bool:
    htmx = getattr(request, "htmx", None)
    return htmx is not None and bool(htmx) and not htmx.history_restore_request


def next_from(request, default: str) -> str:
    """A same-site path from the form's or the query's `next`, else `default`."""
    return safe_next(request, request.POST.get("next") or request.GET.get("next"), default)


def page_path(request) -> str:
    """The page the person is on: for htmx the browser's address (HX-Current-URL, same
    site only), else the form's `next`, else this request's path. Forms rendered into an
    htmx answer carry it as their `next`, so they come back to the page without JavaScript."""
    if is_htmx(request) and request.htmx.current_url_abs_path:
        return request.htmx.current_url_abs_path
    return next_from(request, "") or request.get_full_path()


def back(request, default: str) -> HttpResponseRedirect:
    return HttpResponseRedirect(next_from(request, default))


def render_page(request, template: str, context: dict, *, partial: str | None = None, status=200):
    """The whole page, or only `partial` of it for an htmx request."""
    if partial and is_htmx(request):
        template = f"{template}#{partial}"
    response = render(request, template, context, status=status)
    patch_vary_headers(response, ("HX-Request",))
    return response


def render_kept(request, template: str, context: dict, *shown) -> HttpResponse:
    """The whole page, kept (`core.templatetags.frozen`) under the template and `shown`:
    everything the page shows outside its `{% live %}` blocks. Not for htmx partials."""
    context["page_key"] = page_key(template, *shown)
    response = render_frozen_page(request, template, context)
    patch_vary_headers(response, ("HX-Request",))
    return response


def limit(request, action: str) -> None:
    """Counts one `action` (post, comment, like, follow, share) for the signed-in person."""
    enforce(request, group=action, key="user", rate=settings.AGORA_RATES[action])


def refused(request, exc: DomainError, default: str):
    """A refused action. Without htmx: the message on the page we go back to, except a 429,
    which gets its own small page so the status and Retry-After reach the client. With htmx:
    an alert inserted right after the form that asked (htmx swaps only 2xx answers, so this
    one is a 200 that says where it goes)."""
    message = (
        _("You're going a bit fast. Try again in a moment.")
        if isinstance(exc, RateLimited)
        else exc.message
    )
    if is_htmx(request):
        response = render(request, "social/refused.html#alert", {"message": message})
        response["HX-Retarget"] = "this"
        response["HX-Reswap"] = "afterend"
    elif isinstance(exc, RateLimited):
        context = {"message": message, "next": next_from(request, default)}
        response = render(request, "social/refused.html", context, status=exc.status)
    else:
        messages.error(request, message)
        return back(request, default)
    if isinstance(exc, RateLimited):
        response["Retry-After"] = str(exc.retry_after)
    return response


@prepared(user=int)
def _managed_shop_ids(*, user: int):
    return shops_managed_by(viewer_stand_in(user_id=user, actor_id=0)).values_list("pk")


def managed_shop_ids(user) -> set[int]:
    """The shops the person owns or staffs (who may edit their posts): one query, written
    once."""
    if not getattr(user, "is_authenticated", False):
        return set()
    return {pk for (pk,) in _managed_shop_ids(user=user.pk)}


def record_view(request, *, object_type: str, object_id: int, shop_id: int | None) -> None:
    """Counts a page view (buffered by analytics, which never lets a failed batch break the
    page), with the visitor's daily hash and where the view came from."""
    me = viewer(request)
    visitor = "" if me else visitor_key(request)
    event_view_buffered(
        object_type=object_type,
        object_id=object_id,
        actor=me,
        visitor=visitor,
        shop_id=shop_id,
        visitor_hash=request_visitor_hash(request, user_id=me.pk if me else None, visitor=visitor),
        via=request_via(request),
    )


def request_visitor_hash(request, *, user_id: int | None, visitor: str) -> str:
    """The request's visitor hash: the person's id, else the agora_vid cookie, else the
    client's address (IPv6 by its /64) and User-Agent. The address is hashed, never kept."""
    if user_id or visitor:
        return visitor_hash(user_id=user_id, visitor=visitor)
    return visitor_hash(
        ip=client_ip(request), user_agent=request.META.get("HTTP_USER_AGENT", "")[:300]
    )


def request_via(request) -> str:
    """Where this page view came from (see social.via)."""
    try:
        host = request.get_host()
    except DisallowedHost:  # never reaches a view (CommonMiddleware refuses it first)
        host = ""
    return via_of(
        via_cookie=request.COOKIES.get(VIA_COOKIE, ""),
        referer=request.META.get("HTTP_REFERER", ""),
        host=host,
    )


def visitor_key(request) -> str:
    """The anonymous visitor's id from the share cookie, if any (no new cookie per view)."""
    value = request.COOKIES.get(VISITOR_COOKIE, "")
    return value if _VISITOR_RE.match(value) else ""
