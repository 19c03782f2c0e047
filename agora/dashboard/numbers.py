"""How the analytics pages write numbers, rates, money and days for the reader's language
(Babel's CLDR data through `core.money.babel_locale`, like every price on the site). The CSV
export never uses these: it writes locale-independent values (see `exports`)."""

from __future__ import annotations

from copy import copy
from datetime import date
from decimal import Decimal
from functools import lru_cache

from babel.dates import format_date, format_skeleton
from babel.numbers import (
    format_compact_currency,
    format_compact_decimal,
    format_currency,
    format_decimal,
    parse_pattern,
)
from django.utils import translation

from agora.core.money import Money, babel_locale

Number = int | float | None
DASH = "–"  # what an undefined figure shows (a rate with no viewers, a change from zero)


def _lang(language: str | None) -> str:
    """The language to format for (the active one when not given), as a cache key."""
    return (language or translation.get_language() or "en").split("-")[0]


def count(value: Number, language: str | None = None) -> str:
    """`12,345` / `12 345` / `12.345`."""
    if value is None:
        return DASH
    return _count(value, _lang(language))


@lru_cache(maxsize=4096)
def _count(value: int | float, language: str) -> str:
    # Charts format the same few hundred numbers and days on every page: Babel is slow
    # enough per call for a 90-day page to notice.
    return format_decimal(value, locale=babel_locale(language))


def _percent(value: float, language: str | None, decimals: tuple[int, int]) -> str:
    """The locale's own percent pattern (`12 %` in French, `12%` in English) with the given
    least and most decimals."""
    locale = babel_locale(language)
    pattern = copy(parse_pattern(locale.percent_formats[None].pattern))
    pattern.frac_prec = decimals
    return pattern.apply(value, locale)


def rate(value: Number, language: str | None = None) -> str:
    """A ratio as a percentage with one decimal: `4.2%`, `4,2 %`."""
    if value is None:
        return DASH
    return _percent(value, language, (1, 1))


def change(value: float | None, language: str | None = None) -> str:
    """A relative change with its sign: `+12.5%`, `−3.0%` (nothing to compare: a dash)."""
    if value is None:
        return DASH
    text = _percent(abs(value), language, (1, 1))
    return ("+" if value > 0 else "−" if value < 0 else "±") + text


def money(amount: int | None, currency: str, language: str | None = None) -> str:
    """Minor units in `currency` as the reader writes prices: `€1,234.50`, `1 234,50 €`."""
    if amount is None:
        return DASH
    return format_currency(Money(amount, currency).decimal, currency, locale=babel_locale(language))


def money_short(amount: int, currency: str, language: str | None = None) -> str:
    """Money for an axis tick: whole units, compact from a million (`€1.2M`)."""
    major = Money(amount, currency).decimal
    locale = babel_locale(language)
    if abs(major) >= 1_000_000:
        return format_compact_currency(major, currency, locale=locale, fraction_digits=1)
    return format_currency(
        major.to_integral_value(),
        currency,
        locale=locale,
        currency_digits=False,
        format=_whole_pattern(locale.currency_formats["standard"].pattern),
    )


def _whole_pattern(pattern: str) -> str:
    """A currency pattern without its decimals (`¤#,##0.00` → `¤#,##0`)."""
    return pattern.split(";", maxsplit=1)[0].replace(".00", "")


def count_short(value: Number, language: str | None = None) -> str:
    """A count for an axis tick: grouped below a million, compact above (`1.2M`)."""
    if value is None:
        return DASH
    locale = babel_locale(language)
    if abs(value) >= 1_000_000:
        return format_compact_decimal(value, locale=locale, fraction_digits=1)
    if isinstance(value, float) and not value.is_integer():
        return format_decimal(Decimal(str(round(value, 2))), locale=locale)
    return format_decimal(int(value), locale=locale)


def rate_short(value: Number, language: str | None = None) -> str:
    """A rate for an axis tick: `12%`, `2.5%` (decimals only when needed)."""
    if value is None:
        return DASH
    return _percent(value, language, (0, 1))


def day(value: date, language: str | None = None) -> str:
    """A day in the reader's medium form: `Dec 6, 2026`, `6 déc. 2026`, `06.12.2026`."""
    return _day(value, _lang(language))


@lru_cache(maxsize=4096)
def _day(value: date, language: str) -> str:
    return format_date(value, "medium", locale=babel_locale(language))


def day_short(value: date, language: str | None = None) -> str:
    """A day without the year, for axis ticks: `Dec 6`, `6 déc.`, `6. Dez.`."""
    return _day_short(value, _lang(language))


@lru_cache(maxsize=4096)
def _day_short(value: date, language: str) -> str:
    return format_skeleton("MMMd", value, locale=babel_locale(language))
