"""What an analytics page shows of a Report: labelled figure cards with the change against the
previous period, money per currency, charts (each with its table), the funnel, the sources of
views and the top lists, all formatted for the reader's language. Pure: the report (and the
previous period's report, for the dashed line) in, template context out."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.utils.functional import Promise
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from agora.dashboard import charts, numbers
from agora.insights.report import Figure, Number, Point, Ranked, Report

CHART_CACHE_SECONDS = 600  # keyed by the report's data version and the language

FIGURE_LABELS: dict[str, Promise] = {
    "views": gettext_lazy("Views"),
    "viewers": gettext_lazy("Unique viewers"),
    "likes": gettext_lazy("Likes"),
    "comments": gettext_lazy("Comments"),
    "reposts": gettext_lazy("Reposts"),
    "shares": gettext_lazy("Shares"),
    "share_clicks": gettext_lazy("Share clicks"),
    "votes": gettext_lazy("Poll votes"),
    "follows": gettext_lazy("Follows gained"),
    "unfollows": gettext_lazy("Follows lost"),
    "cart_adds": gettext_lazy("Add-to-carts"),
    "checkouts": gettext_lazy("Checkouts"),
    "orders": gettext_lazy("Orders"),
    "engagement_rate": gettext_lazy("Engagement rate"),
    "conversion_rate": gettext_lazy("Conversion rate"),
}
FIGURE_HELP: dict[str, Promise] = {
    "viewers": gettext_lazy("Distinct visitors each day, added up over the days."),
    "share_clicks": gettext_lazy("Visits through share links, one per visitor and day."),
    "engagement_rate": gettext_lazy("Likes, comments, reposts, shares and votes per view."),
    "conversion_rate": gettext_lazy("Orders per unique viewer."),
}
# A rise of these is bad news (shown in the warning colour).
WORSE_WHEN_UP = {"unfollows"}
# Figures that mean nothing for a scope (a post is not followed).
HIDDEN = {
    "shop": set(),
    "post": {"follows", "unfollows"},
    "product": {"follows", "unfollows", "votes"},
    "person": set(),
}
FUNNEL_LABELS: dict[str, Promise] = {
    "post_view": gettext_lazy("Viewed a post"),
    "product_view": gettext_lazy("Viewed a product"),
    "cart_add": gettext_lazy("Added to cart"),
    "checkout": gettext_lazy("Checked out"),
    "paid": gettext_lazy("Paid"),
}
SOURCE_LABELS: dict[str, Promise] = {
    "post": gettext_lazy("Posts"),
    "search": gettext_lazy("Search"),
    "feed": gettext_lazy("Feeds"),
    "internal": gettext_lazy("Other pages of Agora"),
    "external": gettext_lazy("Other sites"),
    "direct": gettext_lazy("Direct"),
}
CHANNEL_LABELS: dict[str, Promise | str] = {
    "link": gettext_lazy("copied link"),
    "x": "X",
    "facebook": "Facebook",
    "pinterest": "Pinterest",
    "whatsapp": "WhatsApp",
    "email": gettext_lazy("e-mail"),
}
# The figures charted on each page, in order; money gets one chart per currency.
CHARTS = {
    "shop": ("views", "viewers", "likes", "share_clicks", "orders", "conversion_rate"),
    "post": ("views", "likes", "share_clicks", "orders"),
    "product": ("views", "viewers", "cart_adds", "orders"),
    "person": ("views", "likes", "share_clicks", "orders"),
}


def source_label(key: str) -> str:
    if key.startswith("share:"):
        channel = key.removeprefix("share:")
        return _("Share link: %(channel)s") % {"channel": CHANNEL_LABELS.get(channel, channel)}
    return str(SOURCE_LABELS.get(key, key))


@dataclass(frozen=True)
class FigureCard:
    key: str
    label: str
    help: str
    value: str
    previous: str
    change: str
    trend: str  # "up", "down", "flat" or "" (nothing to compare with)
    bad: bool  # the change is bad news


def _formats(figure: Figure, language: str | None):
    if figure.kind == "rate":
        return (lambda v: numbers.rate(v, language)), (lambda v: numbers.rate_short(v, language))
    return (lambda v: numbers.count(v, language)), (lambda v: numbers.count_short(v, language))


def _trend(change: float | None) -> str:
    if change is None:
        return ""
    return "up" if change > 0 else "down" if change < 0 else "flat"


def _bad_news(trend: str, *, worse_when_up: bool = False) -> bool:
    return trend == ("up" if worse_when_up else "down")


def figure_cards(report: Report, language: str | None) -> list[FigureCard]:
    cards = []
    for figure in report.figures:
        if figure.key in HIDDEN[report.scope]:
            continue
        value_format, _tick = _formats(figure, language)
        trend = _trend(figure.change)
        cards.append(
            FigureCard(
                key=figure.key,
                label=str(FIGURE_LABELS.get(figure.key, figure.key)),
                help=str(FIGURE_HELP.get(figure.key, "")),
                value=value_format(figure.value),
                previous=value_format(figure.previous),
                change=numbers.change(figure.change, language),
                trend=trend,
                bad=_bad_news(trend, worse_when_up=figure.key in WORSE_WHEN_UP),
            )
        )
    return cards


def money_cards(report: Report, language: str | None) -> list[dict[str, Any]]:
    cards = []
    for m in report.money:
        change = (m.net - m.previous_net) / m.previous_net if m.previous_net else None
        trend = _trend(change)
        cards.append(
            {
                "currency": m.currency,
                "net": numbers.money(m.net, m.currency, language),
                "gross": numbers.money(m.gross, m.currency, language),
                "refunded": numbers.money(m.refunded, m.currency, language),
                "previous": numbers.money(m.previous_net, m.currency, language),
                "orders": numbers.count(m.orders, language),
                "average": numbers.money(m.average_order, m.currency, language),
                "change": numbers.change(change, language),
                "trend": trend,
                "bad": _bad_news(trend),
            }
        )
    return cards


def _previous_series(report: Report, previous: Report | None, key: str) -> Sequence[Point]:
    """The previous period's series of a figure: from the report when its builder put it in
    `extra["previous_series"]`, else from the previous period's own report."""
    given = report.extra.get("previous_series")
    if isinstance(given, dict) and key in given:
        return tuple(given[key])
    if previous is None:
        return ()
    found = next((f for f in previous.figures if f.key == key), None)
    return found.series if found is not None else ()


def figure_charts(
    report: Report, previous: Report | None, language: str | None
) -> list[SafeString]:
    """The charts of the report, kept in the cache by the report's version and the language
    when the report has one (the same data draws the same SVG for every viewer)."""
    version = report.extra.get("version")
    if not isinstance(version, str) or previous is not None:
        return _figure_charts(report, previous, language)
    name = f"insights:charts:{language}:{version}"
    found = cache.get(name)
    if isinstance(found, list):
        return [mark_safe(html) for html in found]  # noqa: S308 - our own rendered SVG
    out = _figure_charts(report, previous, language)
    cache.set(name, [str(html) for html in out], CHART_CACHE_SECONDS)
    return out


def _figure_charts(
    report: Report, previous: Report | None, language: str | None
) -> list[SafeString]:
    out = []
    keys = [k for k in CHARTS[report.scope] if any(f.key == k for f in report.figures)]
    for key in keys:
        figure = report.figure(key)
        value_format, tick_format = _formats(figure, language)
        out.append(
            charts.line_chart(
                chart_id=f"chart-{key}",
                title=str(FIGURE_LABELS[key]),
                points=figure.series,
                previous=_previous_series(report, previous, key),
                total=figure.value,
                previous_total=figure.previous,
                value_format=value_format,
                tick_format=tick_format,
                integer=figure.kind == "count",
                area=figure.kind == "count",
                language=language,
            )
        )
    for m in report.money:
        prev = (
            next((p for p in previous.money if p.currency == m.currency), None)
            if previous
            else None
        )
        given = report.extra.get("previous_money_series")
        prev_series = (
            given.get(m.currency, ()) if isinstance(given, dict) else prev.series if prev else ()
        )
        out.append(
            charts.line_chart(
                chart_id=f"chart-net-{m.currency.lower()}",
                title=_("Net revenue (%(currency)s)") % {"currency": m.currency},
                points=m.series,
                previous=prev_series,
                total=m.net,
                previous_total=m.previous_net,
                value_format=_money_format(m.currency, language),
                tick_format=_money_tick(m.currency, language),
                language=language,
            )
        )
    return out


def _money_format(currency: str, language: str | None) -> charts.Format:
    def value_format(value: Number) -> str:
        return numbers.money(None if value is None else int(value), currency, language)

    return value_format


def _money_tick(currency: str, language: str | None) -> charts.Format:
    def tick_format(value: Number) -> str:
        return numbers.money_short(int(value or 0), currency, language)

    return tick_format


def funnel_chart(report: Report, language: str | None) -> SafeString | None:
    if not report.funnel:
        return None
    bars = [
        charts.Bar(
            label=str(FUNNEL_LABELS.get(step.key, step.key)),
            value=step.visitors,
            value_text=numbers.count(step.visitors, language),
            note=numbers.rate(step.rate, language) if step.rate is not None else "",
        )
        for step in report.funnel
    ]
    return charts.bar_chart(
        chart_id="chart-funnel",
        title=_("From view to order"),
        bars=bars,
        headers=(_("Step"), _("Unique visitors"), _("Of the step before")),
    )


def sources_chart(report: Report, language: str | None) -> SafeString | None:
    if not report.sources:
        return None
    bars = [
        charts.Bar(
            label=source_label(source.key),
            value=source.views,
            value_text=numbers.count(source.views, language),
            note=numbers.rate(source.share, language) if source.share is not None else "",
        )
        for source in report.sources
    ]
    return charts.bar_chart(
        chart_id="chart-sources",
        title=_("Where views came from"),
        bars=bars,
        headers=(_("Source"), _("Views"), _("Share of views")),
    )


def ranked_rows(items: Sequence[Ranked], language: str | None) -> list[dict[str, Any]]:
    return [
        {
            "item": item,
            "views": numbers.count(item.views, language),
            "engagement": numbers.count(item.engagement, language),
            "share_clicks": numbers.count(item.share_clicks, language),
            "orders": numbers.count(item.orders, language),
            "revenue": [
                numbers.money(amount, currency, language) for currency, amount in item.revenue
            ],
        }
        for item in items
    ]


def page_context(report: Report, previous: Report | None, language: str | None) -> dict[str, Any]:
    """Everything the analytics templates show of a report."""
    tops = {
        "top_posts_by_engagement": report.top_posts_by_engagement,
        "top_posts_by_revenue": report.top_posts_by_revenue,
        "top_products_by_engagement": report.top_products_by_engagement,
        "top_products_by_revenue": report.top_products_by_revenue,
    }
    return {
        "report": report,
        "figure_cards": figure_cards(report, language),
        "money_cards": money_cards(report, language),
        "charts": figure_charts(report, previous, language),
        "funnel_chart": funnel_chart(report, language),
        "sources_chart": sources_chart(report, language),
        **{name: ranked_rows(items, language) for name, items in tops.items()},
        "period_start": numbers.day(report.period.start, language),
        "period_end": numbers.day(report.period.end, language),
        "previous_start": numbers.day(report.period.previous.start, language),
        "previous_end": numbers.day(report.period.previous.end, language),
    }
