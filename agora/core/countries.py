"""ISO 3166-1 countries: the codes, and their names in a language (Babel's CLDR data)."""

from __future__ import annotations

import unicodedata
from functools import cache

import babel

# CLDR territories with two letters that are not ISO 3166-1 countries: exceptional
# reservations (Ascension, Clipperton, Diego Garcia, Ceuta and Melilla, Canary Islands,
# Tristan da Cunha, Sark), groupings (EU, eurozone, UN, outlying Oceania), pseudo-locales,
# Kosovo's user-assigned code and "unknown".
_NOT_ISO = frozenset(
    {"AC", "CP", "CQ", "DG", "EA", "EU", "EZ", "IC", "QO", "TA", "UN", "XA", "XB", "XK", "ZZ"}
)

COUNTRY_CODES: frozenset[str] = frozenset(
    code
    for code in map(str, babel.Locale("en").territories)
    if len(code) == 2 and code.isalpha() and code not in _NOT_ISO
)

# What a new shop ships to until its seller says otherwise: the European Economic Area,
# Switzerland and the United Kingdom.
DEFAULT_SHIPPING_COUNTRIES: tuple[str, ...] = (
    "AT", "BE", "BG", "CH", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GB", "GR", "HR",
    "HU", "IE", "IS", "IT", "LI", "LT", "LU", "LV", "MT", "NL", "NO", "PL", "PT", "RO", "SE",
    "SI", "SK",
)  # fmt: skip


def _sort_key(name: str) -> str:
    """Accents set aside, so "Émirats arabes unis" sorts among the E's."""
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@cache
def _names(language: str) -> dict[str, str]:
    try:
        territories = babel.Locale.parse(language.replace("-", "_")).territories
    except (ValueError, babel.UnknownLocaleError):
        territories = babel.Locale("en").territories
    return {code: str(territories.get(code, code)) for code in COUNTRY_CODES}


def country_name(code: str, language: str) -> str:
    """The country's name in `language` ("Allemagne" for DE in fr); the code if unknown."""
    return _names(language).get(code, code)


def country_choices(codes: list[str] | tuple[str, ...], language: str) -> list[tuple[str, str]]:
    """(code, name in `language`) for the known ones among `codes`, in alphabetical order of
    the names."""
    names = _names(language)
    found = [(code, names[code]) for code in set(codes) if code in names]
    return sorted(found, key=lambda pair: _sort_key(pair[1]))


def clean_country_codes(codes: list[str]) -> list[str]:
    """The ISO codes among `codes`, upper-cased, sorted, each once; ValueError names the
    first unknown one."""
    cleaned = set()
    for code in codes:
        upper = str(code).strip().upper()
        if upper not in COUNTRY_CODES:
            raise ValueError(code)
        cleaned.add(upper)
    return sorted(cleaned)
