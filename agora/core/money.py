"""Money: integer minor units plus an ISO 4217 currency. Never float, never Decimal in storage."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from babel.core import Locale
from babel.numbers import format_currency, get_currency_precision, list_currencies
from django.utils import translation

# Currencies a shop may price in: those Babel knows, limited to what the demo and tests cover
# plus the common ones; extend freely.
SUPPORTED_CURRENCIES = frozenset(
    {"EUR", "USD", "GBP", "CHF", "CAD", "AUD", "JPY", "SEK", "NOK", "DKK", "PLN", "CZK"}
) & frozenset(list_currencies())

_LOCALES = {"en": "en_US", "fr": "fr_FR", "de": "de_DE"}


def minor_digits(currency: str) -> int:
    return get_currency_precision(currency)


@dataclass(frozen=True, slots=True)
class Money:
    amount: int
    currency: str

    def __post_init__(self) -> None:
        if not isinstance(self.amount, int) or isinstance(self.amount, bool):
            raise TypeError("Money.amount must be an int of minor units")
        if self.currency not in SUPPORTED_CURRENCIES:
            raise ValueError(f"unsupported currency {self.currency!r}")

    def __add__(self, other: Money) -> Money:
        self._check(other)
        return Money(self.amount + other.amount, self.currency)

    def __sub__(self, other: Money) -> Money:
        self._check(other)
        return Money(self.amount - other.amount, self.currency)

    def __mul__(self, factor: int) -> Money:
        return Money(self.amount * factor, self.currency)

    def _check(self, other: Money) -> None:
        if other.currency != self.currency:
            raise ValueError("cannot mix currencies")

    @property
    def decimal(self) -> Decimal:
        return Decimal(self.amount).scaleb(-minor_digits(self.currency))

    @classmethod
    def from_decimal(cls, value: Decimal | str, currency: str) -> Money:
        quantum = Decimal(1).scaleb(-minor_digits(currency))
        rounded = Decimal(value).quantize(quantum, rounding=ROUND_HALF_UP)
        return cls(int(rounded.scaleb(minor_digits(currency))), currency)

    def as_dict(self) -> dict[str, int | str]:
        return {"amount": self.amount, "currency": self.currency}

    def format(self, language: str | None = None) -> str:
        return format_money(self, language)

    def __str__(self) -> str:
        return self.format()


def babel_locale(language: str | None = None) -> Locale:
    language = (language or translation.get_language() or "en").split("-")[0]
    return Locale.parse(_LOCALES.get(language, "en_US"))


def format_money(money: Money, language: str | None = None) -> str:
    """`€19.99` in English, `19,99 €` in French and German (Babel's CLDR data)."""
    return format_currency(money.decimal, money.currency, locale=babel_locale(language))
