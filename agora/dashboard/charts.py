"""Server-rendered charts for the analytics pages: accessible SVG, each paired with a table of
the same numbers.

Why SVG built here rather than a chart library: nothing is loaded from another site, nothing
runs in the browser, and the page's CSP (no inline styles, no inline scripts) holds: every
colour, dash and font size comes from classes in `css/dashboard.css`. Each chart:

- is an `<svg role="img">` whose `<title>` names it and whose `<desc>` says what it shows
  (range, total, previous period, highest point), labelled through `aria-labelledby`;
- scales with its `viewBox` (340 units wide: about one unit per CSS pixel on a phone);
- carries native tooltips (`<title>` on invisible hit areas), so a pointer shows the exact
  value without JavaScript, up to a month of points (DOTS_UP_TO); past that a hit area is
  narrower than a finger or three pixels of pointer, and the table says every value;
- is followed by a real `<table>` of every value, which screen readers read and sighted
  readers may scroll.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils.html import escape
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from agora.dashboard import numbers
from agora.insights.report import Point

Number = int | float | None
Format = Callable[[Number], str]

WIDTH = 340
HEIGHT = 180
LEFT, RIGHT, TOP, BOTTOM = 50, 8, 10, 24  # room for the y labels and the x labels
BAR_ROW = 38  # a bar chart's row: its label above, its bar below
DOTS_UP_TO = 31  # points per chart that still get a dot and a hover area each


@dataclass(frozen=True)
class Bar:
    label: str
    value: int | float
    value_text: str  # the value as the reader writes it
    note: str = ""  # a second column in the table (a rate, a share)


def _nice_step(raw: float) -> float:
    """1, 2 or 5 times a power of ten, at least `raw`."""
    if raw <= 0:
        return 1.0
    power = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 5, 10):
        if raw <= factor * power * (1 + 1e-9):
            return factor * power
    return 10 * power  # pragma: no cover - the loop always returns


def scale_top(highest: float, *, integer: bool, ticks: int = 4) -> tuple[float, float]:
    """The axis top and the gridline step for values up to `highest` (whole steps for
    counts and money, so no tick reads 0.5 orders)."""
    step = _nice_step(highest / ticks) if highest > 0 else 1.0
    if integer:
        step = max(1.0, float(math.ceil(step)))
    return step * ticks, step


def _f(value: float) -> str:
    """A coordinate with one decimal, no trailing zero: small, stable markup."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def _x_positions(n: int) -> list[float]:
    width = WIDTH - LEFT - RIGHT
    if n <= 1:
        return [LEFT + width / 2] * n
    return [LEFT + i * width / (n - 1) for i in range(n)]


def _path(xs: Sequence[float], ys: Sequence[float | None]) -> str:
    """An SVG path through the defined points; an undefined value breaks the line."""
    parts: list[str] = []
    pen_down = False
    for x, y in zip(xs, ys, strict=False):
        if y is None:
            pen_down = False
            continue
        parts.append(f"{'L' if pen_down else 'M'}{_f(x)} {_f(y)}")
        pen_down = True
    return "".join(parts)


def _tick_indexes(n: int, most: int = 5) -> list[int]:
    if n <= most:
        return list(range(n))
    return sorted({round(k * (n - 1) / (most - 1)) for k in range(most)})


def line_chart(
    *,
    chart_id: str,
    title: str,
    points: Sequence[Point],
    previous: Sequence[Point] = (),
    total: Number = None,
    previous_total: Number = None,
    value_format: Format,
    tick_format: Format,
    integer: bool = True,
    area: bool = True,
    language: str | None = None,
) -> SafeString:
    """A line (and area) chart of one series with the previous period dashed behind it,
    followed by its table. `total` and `previous_total` are the figure's values over each
    period (a sum for counts, the period's rate for rates), said in the description."""
    values = [p.value for p in points]
    prev_values = [p.value for p in previous][: len(points)]
    defined = [v for v in (*values, *prev_values) if v is not None]
    top, step = scale_top(max(defined, default=0), integer=integer)
    plot_h = HEIGHT - TOP - BOTTOM

    def y_of(value: Number) -> float | None:
        return None if value is None else TOP + plot_h * (1 - value / top)

    xs = _x_positions(len(points))
    ys = [y_of(v) for v in values]
    line = _path(xs, ys)
    area_path = ""
    if area and line and all(y is not None for y in ys) and len(xs) > 1:
        base = _f(TOP + plot_h)
        area_path = f"{line}L{_f(xs[-1])} {base}L{_f(xs[0])} {base}Z"
    grid = []
    for i in range(5):
        tick_value = step * i
        grid.append(
            {"y": _f(TOP + plot_h * (1 - tick_value / top)), "label": tick_format(tick_value)}
        )
    x_ticks = []
    for i in _tick_indexes(len(points)):
        anchor = "middle"
        if len(points) > 1 and i == 0:
            anchor = "start"
        elif len(points) > 1 and i == len(points) - 1:
            anchor = "end"
        x_ticks.append(
            {
                "x": _f(xs[i]),
                "label": numbers.day_short(points[i].start, language),
                "anchor": anchor,
            }
        )
    rows, hits, dots = _line_rows(
        points, previous, xs, ys, value_format, language, marks=len(points) <= DOTS_UP_TO
    )
    context = {
        "id": chart_id,
        "title": title,
        "desc": _line_desc(
            title=title,
            points=points,
            total=total,
            previous_total=previous_total,
            value_format=value_format,
            language=language,
        ),
        "width": WIDTH,
        "height": HEIGHT,
        "left": LEFT,
        "right": WIDTH - RIGHT,
        "plot_top": TOP,
        "plot_height": _f(plot_h),
        "x_label_y": HEIGHT - 6,
        "grid": grid,
        "x_ticks": x_ticks,
        "line": line,
        "area": area_path,
        "previous_line": _path(xs, [y_of(v) for v in prev_values]) if prev_values else "",
        "rows": rows,
        "hits": hits,
        "dots": dots,
        "has_previous": bool(previous),
        "previous_range": _range_text(previous, language),
    }
    return SafeString(render_to_string("dashboard/charts/line.html", context))


def _range_text(points: Sequence[Point], language: str | None) -> str:
    """The first and the last bucket's dates, as the previous period's column names them."""
    if not points:
        return ""
    first, last = numbers.day(points[0].start, language), numbers.day(points[-1].start, language)
    return first if first == last else f"{first} – {last}"


def _line_rows(  # noqa: PLR0917 (the chart's own pieces, in the order it computes them)
    points: Sequence[Point],
    previous: Sequence[Point],
    xs: Sequence[float],
    ys: Sequence[float | None],
    value_format: Format,
    language: str | None,
    *,
    marks: bool,
) -> tuple[SafeString, SafeString, SafeString]:
    """The table's rows and, with `marks`, the hover areas and the dots, one per bucket.
    Written here rather than looped in the template: a 90-day chart has 90 rows, and this is
    the page's hot loop. The previous period's cell holds its value only: its dates are in
    the column's header (the same offset for every row)."""
    half = (xs[1] - xs[0]) / 2 if len(xs) > 1 else (WIDTH - LEFT - RIGHT) / 2
    plot_h = _f(HEIGHT - TOP - BOTTOM)
    previous_label = escape(_("previous period"))
    rows, hits, dots = [], [], []
    for i, point in enumerate(points):
        day = escape(numbers.day(point.start, language))
        value = escape(value_format(point.value))
        cells = f"<td>{value}</td>"
        tip = f"{day}: {value}"
        if previous:
            prev = previous[i] if i < len(previous) else None
            shown = ""
            if prev is not None:
                shown = escape(value_format(prev.value))
                tip += f" ({previous_label}: {shown})"
            cells += f"<td>{shown}</td>"
        rows.append(
            f'<tr><th scope="row"><time datetime="{point.start.isoformat()}">{day}</time></th>'
            f"{cells}</tr>"
        )
        if not marks:
            continue
        left = max(LEFT, xs[i] - half)
        width = min(WIDTH - RIGHT, xs[i] + half) - left
        hits.append(
            f'<rect x="{_f(left)}" y="{TOP}" width="{_f(width)}" height="{plot_h}">'
            f"<title>{tip}</title></rect>"
        )
        if (y := ys[i]) is not None:
            dots.append(f'<circle cx="{_f(xs[i])}" cy="{_f(y)}" r="2.5"/>')
    return SafeString("".join(rows)), SafeString("".join(hits)), SafeString("".join(dots))


def _line_desc(
    *,
    title: str,
    points: Sequence[Point],
    total: Number,
    previous_total: Number,
    value_format: Format,
    language: str | None,
) -> str:
    if not points:
        return _("%(title)s: no data for this period.") % {"title": title}
    parts = [
        _("%(title)s from %(start)s to %(end)s: %(total)s (previous period: %(previous)s).")
        % {
            "title": title,
            "start": numbers.day(points[0].start, language),
            "end": numbers.day(points[-1].start, language),
            "total": value_format(total),
            "previous": value_format(previous_total),
        }
    ]
    defined = [p for p in points if p.value is not None]
    if defined:
        best = max(defined, key=lambda p: p.value or 0)
        parts.append(
            _("Highest: %(value)s on %(day)s.")
            % {"value": value_format(best.value), "day": numbers.day(best.start, language)}
        )
    return " ".join(parts)


def bar_chart(
    *,
    chart_id: str,
    title: str,
    bars: Sequence[Bar],
    headers: tuple[str, str, str] | tuple[str, str],
    desc: str = "",
) -> SafeString:
    """Horizontal bars (a funnel, the sources of views), longest value the full width, each
    labelled with its value; followed by the table of `headers` (label, value[, note])."""
    highest = max((b.value for b in bars), default=0) or 1
    rows = []
    for i, bar in enumerate(bars):
        y = i * BAR_ROW
        rows.append(
            {
                "bar": bar,
                "label_y": y + 13,
                "bar_y": y + 19,
                "bar_w": _f(max(0.0, (WIDTH - 2) * bar.value / highest)),
                "row_y": y,
            }
        )
    if not desc:
        desc = "; ".join(f"{b.label}: {b.value_text}" for b in bars) or _(
            "No data for this period."
        )
    context = {
        "id": chart_id,
        "title": title,
        "desc": desc,
        "width": WIDTH,
        "height": max(BAR_ROW, len(bars) * BAR_ROW),
        "row_height": BAR_ROW,
        "rows": rows,
        "headers": headers,
        "has_note": len(headers) > 2,
    }
    return SafeString(render_to_string("dashboard/charts/bars.html", context))
