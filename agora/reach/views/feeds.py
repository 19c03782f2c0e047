"""Catalog feed pages: the feed files at their stable URLs and the seller's feed linter."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_GET, require_safe

from agora.reach.selectors.feeds import CONTENT_TYPES, FILE_NAMES, feed_problems, feed_urls
from agora.reach.services.feeds import feed_content
from agora.shops.selectors import shop_by_handle, shop_role

TARGETS_BY_FILE = {name: target for target, name in FILE_NAMES.items()}


@require_safe
def feed(request: HttpRequest, handle: str, filename: str) -> HttpResponse:
    """`/feeds/<shop>/meta.csv`, `google.xml`, `pinterest.csv`: the stored copy while fresh,
    else built now (404 for an unknown file or a shop that isn't active)."""
    target = TARGETS_BY_FILE.get(filename)
    shop = shop_by_handle(handle) if target is not None else None
    if shop is None or target is None:
        raise Http404
    body = feed_content(shop=shop, target=target)
    response = HttpResponse(body, content_type=CONTENT_TYPES[target])
    response["Content-Disposition"] = f'inline; filename="{shop.handle}-{filename}"'
    patch_cache_control(response, public=True, max_age=300)
    return response


@login_required
@require_GET
def feed_linter(request: HttpRequest, handle: str) -> HttpResponse:
    """The shop team's feed linter: the three feed URLs to copy and each product missing a
    field a target requires (404 for anyone outside the team, like the rest of the
    dashboard)."""
    shop = shop_by_handle(handle)
    if shop is None or shop_role(shop=shop, user=request.user) is None:
        raise Http404
    findings = feed_problems(shop)
    rows = [
        {
            "product": finding.product,
            "problems": finding.problems,
            "left_out": any(p.blocking for p in finding.problems),
        }
        for finding in findings
    ]
    context = {"shop": shop, "feed_urls": feed_urls(shop), "rows": rows}
    return render(request, "reach/feeds/linter.html", context)
