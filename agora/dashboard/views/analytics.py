"""The seller's analytics pages: a shop, one of its posts or products, and a creator's own
figures across shops, each for a range of days with the previous period beside it, and each
table of them as CSV (`<page>.csv?table=...`).

Who may read: `insights`' access checks (a shop's owner and staff; a post's author or its
shop's staff; a person only themselves); anyone else gets 404, so nothing tells whether the
object exists. A bad range is shown next to its field with status 422. Reads: the access
check, the object's name for the heading, and the report (O(days) rows, never O(events));
the previous period's report too when the first does not carry its series.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import timedelta
from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from agora.catalog.models import Product
from agora.core.bounded import BoundedLRU
from agora.core.errors import InvalidInput, NotFound
from agora.core.templatetags.frozen import page_key, render_frozen_page
from agora.core.urls_util import reverse_cached
from agora.dashboard import analytics_page, exports
from agora.insights import selectors as insights
from agora.insights.report import Period, Report
from agora.social.models import Post

PRESETS = (7, 28, 90)
PANEL_DAYS = 28
PANEL_FIGURES = {
    "post": ("views", "viewers", "likes", "share_clicks", "orders"),
    "product": ("views", "viewers", "cart_adds", "orders"),
}
ReportFn = Callable[[Period], Report]
VersionFn = Callable[[Period], str]


def _access(check: Callable[[], int]) -> int:
    try:
        return check()
    except NotFound:
        raise Http404 from None


def _period(request) -> tuple[Period | None, dict[str, list[str]]]:
    """The requested period, or the errors of the range form by field."""
    try:
        period = insights.period_parse(
            start=request.GET.get("from"),
            end=request.GET.get("to"),
            granularity=request.GET.get("granularity"),
        )
    except InvalidInput as exc:
        fields = exc.fields or {"from": [exc.message]}
        return None, {k: list(v) if isinstance(v, list) else [str(v)] for k, v in fields.items()}
    return period, {}


def _range_form(request, period: Period | None, errors: dict[str, list[str]]) -> dict[str, Any]:
    """The range form's values (as typed when refused), its errors and the preset links."""
    today = timezone.now().date()
    granularity = period.granularity if period else request.GET.get("granularity", "day")
    values = {
        "from": period.start.isoformat() if period else request.GET.get("from", "")[:40],
        "to": period.end.isoformat() if period else request.GET.get("to", "")[:40],
        "granularity": granularity if granularity in ("day", "week") else "day",
    }
    presets = []
    for days in PRESETS:
        start = today - timedelta(days=days - 1)
        query = {"from": start.isoformat(), "to": today.isoformat()}
        if values["granularity"] == "week":
            query["granularity"] = "week"
        presets.append(
            {
                "days": days,
                "query": "?" + urlencode(query),
                "current": period is not None and period.start == start and period.end == today,
            }
        )
    return {"values": values, "errors": errors, "presets": presets, "today": today.isoformat()}


def _csv_query(period: Period) -> str:
    query = {"from": period.start.isoformat(), "to": period.end.isoformat()}
    if period.granularity == "week":
        query["granularity"] = "week"
    return urlencode(query)


def _previous(report: Report, build: ReportFn) -> Report | None:
    """The previous period's report, for the dashed lines, unless the report carries them."""
    if "previous_series" in report.extra:
        return None
    return build(report.period.previous)


def _page(
    request,
    *,
    template: str,
    build: ReportFn,
    version: VersionFn,
    heading: dict[str, Any],
    heading_key: tuple,
    csv_path: str,
    csv_name: str,
    fmt: str | None,
) -> HttpResponse:
    """The page or its CSV, from the period in the query string. `heading_key` holds every
    value the page's heading shows (names, titles): with the report's own key and the path it
    makes the page's key, so the page is rendered once per key and then only its per-viewer
    holes (header, messages, CSRF token) are (`page_key`, see core.templatetags.frozen)."""
    period, errors = _period(request)
    if fmt == "csv":
        table = request.GET.get("table", "figures")
        if period is None or table not in exports.TABLES:
            message = "; ".join(m for ms in errors.values() for m in ms) or _(
                "Choose a table: %(tables)s."
            ) % {"tables": ", ".join(exports.TABLES)}
            return HttpResponse(message, status=422, content_type="text/plain; charset=utf-8")
        return exports.csv_response(build(period), table, name=csv_name)
    context: dict[str, Any] = {**heading}
    if period is None:
        context["range_html"] = _range_html(request, period, errors)
    else:
        context["csv_base"] = f"{csv_path}?{_csv_query(period)}&table="
        context["report_html"] = _report_html(request, period, build, version, context)
        context["page_key"] = _page_key(request, template, heading_key, context)
    return render_frozen_page(request, template, context, status=422 if errors else 200)


def _range_html(request, period: Period | None, errors: dict[str, list[str]]) -> SafeString:
    return render_to_string(
        "dashboard/_analytics_range.html", {"range": _range_form(request, period, errors)}
    )


def _html_name(version: str, context: dict[str, Any]) -> str:
    # The day is in the name for the range form's presets ("last 7 days" ends today).
    today = timezone.now().date().isoformat()
    raw = f"{translation.get_language()}|{today}|{version}|{context['csv_base']}".encode()
    return "insights:html:" + hashlib.blake2b(raw, digest_size=16).hexdigest()


def _page_key(request, template: str, heading_key: tuple, context: dict[str, Any]) -> str:
    # The path, not the query string: the period is in the report's name, and other
    # parameters change nothing on the page (its hreflang links are a live hole).
    return page_key("analytics", template, request.path, context["report_html_name"], heading_key)


def _report_html(
    request, period: Period, build: ReportFn, version: VersionFn, context: dict[str, Any]
) -> SafeString:
    """The range form and the report (figures, charts, funnel, sources, top lists): the same
    for every viewer allowed to see it, so kept in the cache under the data's version, the
    language, the day and the page's CSV links (which name the shop or the post and the
    period); a hit reads neither the report nor its rows."""
    name = _html_name(version(period), context)
    context["report_html_name"] = name
    found = _kept_html(name)
    if found is not None:
        return mark_safe(found)  # noqa: S308 - our own rendered template
    report = build(period)
    language = translation.get_language()
    data = context | analytics_page.page_context(report, _previous(report, build), language)
    data["range_html"] = _range_html(request, period, {})
    html = render_to_string("dashboard/_analytics_report.html", data)
    built = report.extra.get("version")
    if isinstance(built, str):
        cache.set(_html_name(built, context), str(html), analytics_page.CHART_CACHE_SECONDS)
    return mark_safe(html)  # noqa: S308 - rendered with autoescaping


# The last few reports' HTML in this process, before the shared cache: a name is never reused
# for other content (it holds the data's version), so a copy here cannot go stale, and a
# dashboard opened again skips reading and unpickling ~100 KB.
_KEPT_HTML: BoundedLRU[str, str] = BoundedLRU(16)


def _kept_html(name: str) -> str | None:
    found = _KEPT_HTML.get(name)
    if found is not None:
        return found
    shared = cache.get(name)
    if not isinstance(shared, str):
        return None
    _KEPT_HTML.put(name, shared)
    return shared


@login_required
@require_GET
def shop_analytics(request, handle: str, fmt: str | None = None) -> HttpResponse:
    try:
        shop = insights.shop_staffed(viewer=request.user, handle=handle)
    except NotFound:
        raise Http404 from None
    shop_id = shop["id"]
    return _page(
        request,
        template="dashboard/analytics_shop.html",
        build=lambda period: insights.shop_report(shop_id=shop_id, period=period),
        version=lambda period: insights.report_version("shop", shop_id, period),
        heading={"shop": shop, "scope": "shop"},
        heading_key=(shop_id, shop["handle"], shop["name"]),
        csv_path=reverse_cached("dashboard:analytics-shop-csv", shop["handle"]),
        csv_name=f"{shop['handle']}-analytics",
        fmt=fmt,
    )


def _post(post_id: int) -> Post:
    return Post.objects.select_related("author").only("pk", "text", "author__name").get(pk=post_id)


@login_required
@require_GET
def post_analytics(request, handle: str, post_id: int, fmt: str | None = None) -> HttpResponse:
    """A post's figures. The handle is the post's author (a shop or a person)."""
    _access(lambda: insights.post_report_for(viewer=request.user, post_id=post_id))
    post = _post(post_id)
    if post.author.name.lower() != handle.lower():
        raise Http404
    return _page(
        request,
        template="dashboard/analytics_object.html",
        build=lambda period: insights.post_report(post_id=post_id, period=period),
        version=lambda period: insights.report_version("post", post_id, period),
        heading={"post": post, "handle": post.author.name, "scope": "post"},
        heading_key=(post_id, post.author.name, post.text),
        csv_path=reverse("dashboard:analytics-post-csv", args=[post.author.name, post_id]),
        csv_name=f"post-{post_id}-analytics",
        fmt=fmt,
    )


def _product(product_id: int) -> Product:
    return (
        Product.objects.select_related("shop")
        .only("pk", "title", "slug", "shop__handle", "shop__name")
        .get(pk=product_id)
    )


@login_required
@require_GET
def product_analytics(
    request, handle: str, product_id: int, fmt: str | None = None
) -> HttpResponse:
    _access(lambda: insights.product_report_for(viewer=request.user, product_id=product_id))
    product = _product(product_id)
    if product.shop.handle.lower() != handle.lower():
        raise Http404
    return _page(
        request,
        template="dashboard/analytics_object.html",
        build=lambda period: insights.product_report(product_id=product_id, period=period),
        version=lambda period: insights.report_version("product", product_id, period),
        heading={"product": product, "shop": product.shop, "scope": "product"},
        heading_key=(
            product_id,
            product.title,
            product.slug,
            product.shop.handle,
            product.shop.name,
        ),
        csv_path=reverse("dashboard:analytics-product-csv", args=[product.shop.handle, product_id]),
        csv_name=f"product-{product_id}-analytics",
        fmt=fmt,
    )


@login_required
@require_GET
def my_analytics(request, fmt: str | None = None) -> HttpResponse:
    """A creator's own posts across shops, and the sales through their posts and links."""
    user_id = _access(lambda: insights.person_report_for(viewer=request.user))
    return _page(
        request,
        template="dashboard/analytics_me.html",
        build=lambda period: insights.person_report(user_id=user_id, period=period),
        version=lambda period: insights.report_version("person", user_id, period),
        heading={"scope": "person"},
        heading_key=(user_id, request.user.username),
        csv_path=reverse_cached("dashboard:analytics-me-csv"),
        csv_name=f"{request.user.username}-analytics",
        fmt=fmt,
    )


# --- the panels on the public post and product pages (htmx, staff only) ---------------------
def _panel(request, *, report: Report, full_url: str) -> HttpResponse:
    language = translation.get_language()
    context = {
        "report": report,
        "cards": [
            c
            for c in analytics_page.figure_cards(report, language)
            if c.key in PANEL_FIGURES[report.scope]
        ],
        "money_cards": analytics_page.money_cards(report, language),
        "full_url": full_url,
        "days": PANEL_DAYS,
    }
    return render(request, "dashboard/analytics_panel.html", context)


def _panel_period() -> Period:
    today = timezone.now().date()
    return Period(today - timedelta(days=PANEL_DAYS - 1), today, "day")


@require_GET
def post_panel(request, handle: str, post_id: int) -> HttpResponse:
    """The last 28 days of a post, for its author or its shop's staff (404 for anyone else,
    signed in or not: the panel is only ever asked for by the post page)."""
    _access(lambda: insights.post_report_for(viewer=request.user, post_id=post_id))
    report = insights.post_report(post_id=post_id, period=_panel_period())
    url = reverse("dashboard:analytics-post", args=[handle, post_id])
    return _panel(request, report=report, full_url=url)


@require_GET
def product_panel(request, handle: str, product_id: int) -> HttpResponse:
    _access(lambda: insights.product_report_for(viewer=request.user, product_id=product_id))
    report = insights.product_report(product_id=product_id, period=_panel_period())
    url = reverse("dashboard:analytics-product", args=[handle, product_id])
    return _panel(request, report=report, full_url=url)
