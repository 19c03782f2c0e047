"""For you: the `/for-you` page (product cards with their reasons) and the "Following | For you"
tabs on the home feed (social's `feed_tabs` slot). "You may also like" on product pages is
`views.product_page.also_like_html`, composed by the storefront."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from agora.accounts.models import User
from agora.core.viewer import viewer
from agora.discovery.selectors import recommendations as selectors
from agora.discovery.selectors.trending import popular_product_ids
from agora.discovery.services.recommendations import recommendations_refresh_if_stale

PER_PAGE = 24


@lru_cache(maxsize=4)
def _url(name: str) -> str:
    return reverse(name)


def _tabs(current: str) -> list[dict[str, Any]]:
    return [
        {
            "label": _("Following"),
            "url": _url("social_web:feed"),
            "current": current == "following",
        },
        {
            "label": _("For you"),
            "url": _url("discovery_web:for-you"),
            "current": current == "for_you",
        },
    ]


def feed_tabs(*, request: HttpRequest) -> list[dict[str, Any]]:
    """Social's `feed_tabs` slot: the home feed's tabs, "Following" current. Opening the feed
    also queues a refresh of the person's recommendations when they are stale."""
    me = viewer(request)
    if me is not None:
        recommendations_refresh_if_stale(user=me)
    return _tabs("following")


def recommended_rows(items: list[selectors.Recommended]) -> list[dict[str, Any]]:
    """The rows `discovery/for_you.html` and `for_you_also.html` list: each product with its
    reasons as sentences (three at most)."""
    return [
        {"product": r.product, "reasons": [selectors.reason_text(x) for x in r.reasons[:3]]}
        for r in items
    ]


@login_required
@require_GET
def for_you(request: HttpRequest) -> HttpResponse:
    """Products picked for the signed-in person, each with why; trending and new products
    before their first recommendations are computed (a refresh is queued when stale)."""
    me = request.user
    assert isinstance(me, User)
    recommendations_refresh_if_stale(user=me)
    page = selectors.recommendations_page(user=me, cursor=request.GET.get("cursor"), limit=PER_PAGE)
    context = {
        "tabs": _tabs("for_you"),
        "rows": recommended_rows(page.items),
        "page": page,
        "cold_start": getattr(page, "cold_start", False),
        "popular_ids": popular_product_ids(r.product.pk for r in page.items),
    }
    return render(request, "discovery/for_you.html", context)
