"""Charts and CSV built from hand-made reports: what a seller reads and downloads, without the
database (the pages' tests build reports from real events)."""

import csv
import io
import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import translation

from agora.dashboard import charts, exports, numbers
from agora.insights.report import (
    COUNT_KEYS,
    RATE_KEYS,
    Figure,
    FunnelStep,
    Money,
    Period,
    Point,
    Ranked,
    Report,
    Source,
)

START = date(2026, 11, 1)


def _series(values, start=START):
    return tuple(Point(start + timedelta(days=i), v) for i, v in enumerate(values))


def make_report(days=7) -> Report:
    period = Period(START, START + timedelta(days=days - 1))
    figures = []
    for n, key in enumerate(COUNT_KEYS):
        values = [(i + n) % 5 for i in range(days)]
        figures.append(Figure(key, sum(values), n, _series(values)))
    figures.append(Figure("engagement_rate", 0.125, None, _series([0.1] * (days - 1) + [None])))
    figures.append(Figure("conversion_rate", 0.03, 0.06, _series([0.03] * days)))
    money = (
        Money("EUR", 3, 12_550, 2_500, 4_000, _series([0] * (days - 1) + [10_050])),
        Money("JPY", 1, 1500, 0, 0, _series([1500] + [0] * (days - 1))),
    )
    funnel = (
        FunnelStep("post_view", 100, None),
        FunnelStep("product_view", 40, 0.4),
        FunnelStep("cart_add", 10, 0.25),
        FunnelStep("checkout", 4, 0.4),
        FunnelStep("paid", 3, 0.75),
    )
    sources = (Source("share:whatsapp", 30, 0.6), Source("direct", 20, 0.4))
    post = Ranked("post", 7, "=cmd() my post", "/posts/7", 50, 9, 4, 2, (("EUR", 10_050),))
    product = Ranked("product", 8, "Mug", "/@shop/products/mug", 20, 3, 0, 0, ())
    return Report(
        scope="shop",
        key=1,
        period=period,
        figures=tuple(figures),
        money=money,
        funnel=funnel,
        sources=sources,
        top_posts_by_engagement=(post,),
        top_posts_by_revenue=(post,),
        top_products_by_engagement=(product,),
    )


def parse(text):
    return list(csv.DictReader(io.StringIO(text)))


def test_line_chart_is_an_accessible_svg_followed_by_the_same_numbers_as_a_table():
    points = _series([3, 1250, 0, 7])
    previous = _series([1, 2, 3, 4], start=START - timedelta(days=4))
    with translation.override("en"):
        html = charts.line_chart(
            chart_id="chart-views",
            title="Views",
            points=points,
            previous=previous,
            total=1260,
            previous_total=10,
            value_format=numbers.count,
            tick_format=numbers.count_short,
        )
    assert 'role="img"' in html and 'aria-labelledby="chart-views-title chart-views-desc"' in html
    assert '<title id="chart-views-title">Views</title>' in html
    assert "Views from Nov 1, 2026 to Nov 4, 2026: 1,260 (previous period: 10)." in html
    assert "Highest: 1,250 on Nov 2, 2026." in html
    assert 'viewBox="0 0 340 180"' in html
    assert "ins-line--previous" in html  # the previous period, dashed by its class
    assert "style=" not in html and "onclick" not in html.lower()  # CSP: classes only
    table = html.split("<table", 1)[1]
    cells = re.findall(r"<td>([^<]*)", table)
    assert cells[0::2] == ["3", "1,250", "0", "7"]
    assert [c.strip() for c in cells[1::2]] == ["1", "2", "3", "4"]
    assert '<time datetime="2026-11-02">Nov 2, 2026</time>' in table
    # the previous period's dates are named once, in its column's header
    assert "Previous period <span" in table and "Oct 28, 2026 – Oct 31, 2026" in table
    # four points: a hover area with the exact values for each
    assert html.count("<rect") == 4 and "Nov 2, 2026: 1,250 (previous period: 2)" in html


def test_a_long_chart_leaves_the_hover_areas_to_its_table():
    points = _series(list(range(90)))
    with translation.override("en"):
        html = charts.line_chart(
            chart_id="chart-views",
            title="Views",
            points=points,
            total=4005,
            value_format=numbers.count,
            tick_format=numbers.count_short,
        )
    assert "<rect" not in html and "<circle" not in html
    assert len(re.findall(r"<td>\d+</td>", html)) == 90


def test_chart_numbers_and_dates_follow_the_language():
    points = _series([1234, 5])
    with translation.override("de"):
        html = charts.line_chart(
            chart_id="c",
            title="Aufrufe",
            points=points,
            total=1239,
            value_format=numbers.count,
            tick_format=numbers.count_short,
        )
    assert ">1.234<" in html and "01.11.2026" in html and "1. Nov." in html
    with translation.override("fr"):
        assert numbers.money(123456, "EUR") == "1\u202f234,56\xa0€"
        assert numbers.rate(0.125) == "12,5\xa0%"


def test_undefined_rates_break_the_line_and_show_a_dash():
    html = charts.line_chart(
        chart_id="r",
        title="Rate",
        points=_series([0.1, None, 0.2]),
        value_format=numbers.rate,
        tick_format=numbers.rate_short,
        integer=False,
        area=False,
    )
    path = re.search(r'class="ins-line" d="([^"]+)"', html).group(1)
    assert path.count("M") == 2  # two pieces: the gap is not drawn as zero
    assert "–" in html


def test_axis_steps_are_whole_numbers_for_counts():
    assert charts.scale_top(3, integer=True) == (4.0, 1.0)
    assert charts.scale_top(1250, integer=True) == (2000.0, 500.0)
    assert charts.scale_top(0, integer=True) == (4.0, 1.0)
    top, step = charts.scale_top(0.13, integer=False)
    assert top >= 0.13 and step == pytest.approx(0.05)


def test_bar_chart_has_a_bar_per_value_and_the_table():
    bars = [charts.Bar("Post view", 100, "100"), charts.Bar("Paid", 3, "3", "75.0%")]
    html = charts.bar_chart(
        chart_id="funnel", title="Funnel", bars=bars, headers=("Step", "Visitors", "Rate")
    )
    widths = re.findall(r'class="ins-bar" x="0" y="[^"]+" width="([^"]+)"', html)
    assert widths == ["338", "10.1"]
    assert (
        '<th scope="row">Paid</th><td class="dash-num">3</td><td class="dash-num">75.0%</td>'
        in html
    )


def test_csv_tables_parse_back_to_the_report_numbers():
    report = make_report()
    figures = {r["figure"]: r for r in parse(exports.csv_text(report, "figures"))}
    assert list(figures) == list(COUNT_KEYS + RATE_KEYS)
    assert figures["views"]["value"] == str(report.figure("views").value)
    assert figures["engagement_rate"] == {
        "figure": "engagement_rate",
        "value": "0.125",
        "previous": "",
        "change": "",
    }
    assert figures["conversion_rate"]["change"] == "-0.5"

    series = parse(exports.csv_text(report, "series"))
    assert [r["date"] for r in series] == [
        (START + timedelta(days=i)).isoformat() for i in range(7)
    ]
    assert [int(r["likes"]) for r in series] == [p.value for p in report.figure("likes").series]
    assert series[-1]["engagement_rate"] == ""

    money = {r["currency"]: r for r in parse(exports.csv_text(report, "money"))}
    assert money["EUR"] == {
        "currency": "EUR",
        "orders": "3",
        "gross": "125.50",
        "refunded": "25.00",
        "net": "100.50",
        "previous_net": "40.00",
        "average_order": "41.83",
    }
    assert money["JPY"]["net"] == "1500"
    assert Decimal(money["EUR"]["net"]) * 100 == report.money[0].net

    net = [r for r in parse(exports.csv_text(report, "money_series")) if r["currency"] == "EUR"]
    assert net[-1] == {"date": "2026-11-07", "currency": "EUR", "net": "100.50"}

    posts = parse(exports.csv_text(report, "top_posts"))
    assert posts[0]["title"] == "'=cmd() my post"  # never run as a formula
    assert (posts[0]["list"], posts[0]["revenue"], posts[0]["currency"]) == (
        "engagement",
        "100.50",
        "EUR",
    )
    products = parse(exports.csv_text(report, "top_products"))
    assert products == [
        {
            "list": "engagement",
            "rank": "1",
            "id": "8",
            "title": "Mug",
            "url": "/@shop/products/mug",
            "views": "20",
            "engagement": "3",
            "share_clicks": "0",
            "orders": "0",
            "currency": "",
            "revenue": "",
        }
    ]
    assert parse(exports.csv_text(report, "funnel"))[1] == {
        "step": "product_view",
        "visitors": "40",
        "rate": "0.4",
    }
    assert parse(exports.csv_text(report, "sources"))[0] == {
        "source": "share:whatsapp",
        "views": "30",
        "share": "0.6",
    }


def test_csv_does_not_depend_on_the_language():
    report = make_report()
    with translation.override("en"):
        english = [exports.csv_text(report, t) for t in exports.TABLES]
    with translation.override("de"):
        german = [exports.csv_text(report, t) for t in exports.TABLES]
    assert english == german


def test_csv_response_is_an_attachment_named_after_the_table_and_range():
    response = exports.csv_response(make_report(), "funnel", name="shop/ä x")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        'attachment; filename="shop-x-funnel-2026-11-01-2026-11-07.csv"'
    )
