"""Template helpers of reviews: star ratings as text."""

from __future__ import annotations

from django import template

register = template.Library()


@register.filter
def stars(value: float | int | None) -> str:
    """★★★★☆: a rating (1–5, may be fractional) as five stars, rounded to the nearest."""
    try:
        full = max(0, min(5, round(float(value or 0))))
    except (TypeError, ValueError):
        full = 0
    return "★" * full + "☆" * (5 - full)


@register.filter
def percent_of(part: int, whole: int) -> int:
    """`part` as a whole percentage of `whole` (0 when `whole` is 0)."""
    return round(100 * part / whole) if whole else 0
