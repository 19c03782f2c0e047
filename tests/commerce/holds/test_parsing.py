"""Comment-to-buy parsing: the keyword, then option values in any case or accent, with option
names and filler words in English, French or German ignored."""

import pytest

from agora.catalog.models import Variant
from agora.commerce.services.comment_to_buy import after_keyword, keyword_clean, match_variants

DRESS = [
    Variant(pk=1, options={"color": "blue", "size": "S"}),
    Variant(pk=2, options={"color": "blue", "size": "M"}),
    Variant(pk=3, options={"color": "red", "size": "M"}),
    Variant(pk=4, options={"color": "red", "size": "XL"}),
]
ROBE = [  # a French shop's values
    Variant(pk=11, options={"couleur": "Bleu", "taille": "M"}),
    Variant(pk=12, options={"couleur": "Écru", "taille": "M"}),
    Variant(pk=13, options={"couleur": "Bleu", "taille": "L"}),
]
KLEID = [  # a German shop's children's sizes
    Variant(pk=21, options={"Größe": "98", "Farbe": "Grün"}),
    Variant(pk=22, options={"Größe": "104", "Farbe": "Grün"}),
    Variant(pk=23, options={"Größe": "104", "Farbe": "Weiß"}),
]


def _pks(text, variants, keyword="SOLD"):
    rest = after_keyword(text, keyword)
    assert rest is not None, f"{text!r} should start with {keyword}"
    return sorted(v.pk for v in match_variants(rest, variants).variants)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("SOLD blue M", [2]),
        ("sold Blue m", [2]),
        ("Sold: M", [2, 3]),  # ambiguous: both colours in M
        ("SOLD size M colour blue", [2]),
        ("SOLD M in blue please", [2]),
        ("SOLD taille M bleu", [2]),  # French option name and colour on English values
        ("SOLD Größe M Farbe blau", [2]),  # German
        ("SOLD groesse M blau", [2]),
        ("SOLD XL", [4]),  # XL is not L, and not M
        ("SOLD red, XL!", [4]),
        ("sold", [1, 2, 3, 4]),  # nothing named
    ],
)
def test_english_values_are_found_whatever_language_the_comment_uses(text, expected):
    assert _pks(text, DRESS) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("SOLD M", [11, 12]),
        ("SOLD bleu M", [11]),
        ("sold BLEU taille m", [11]),
        ("SOLD ecru M", [12]),  # without the accent
        ("SOLD Écru", [12]),
        ("SOLD couleur bleu, taille L", [13]),
        ("SOLD blue L", [13]),  # English colour on French values
    ],
)
def test_french_values_match_case_and_accent_insensitively(text, expected):
    assert _pks(text, ROBE) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("SOLD 104", [22, 23]),
        ("SOLD 104 grün", [22]),
        ("sold Größe 104 gruen", [22]),
        ("SOLD Gr. 98", [21]),
        ("SOLD 104 weiss", [23]),
        ("SOLD 104 Weiß", [23]),
        ("SOLD 104 white", [23]),
    ],
)
def test_german_values_and_option_names(text, expected):
    assert _pks(text, KLEID) == expected


def test_unknown_values_match_nothing_and_are_reported():
    match = match_variants(after_keyword("SOLD purple XXL", "SOLD"), DRESS)
    assert match.mentioned is False
    assert match.unknown_words == ["purple", "xxl"]


def test_a_combination_that_does_not_exist_matches_nothing():
    assert _pks("SOLD red S", DRESS) == []


@pytest.mark.parametrize(
    "text", ["I sold mine yesterday", "soldier M", "SOLDM", "Nice dress! SOLD M", ""]
)
def test_only_comments_starting_with_the_keyword_count(text):
    assert after_keyword(text, "SOLD") is None


def test_the_keyword_itself_is_case_and_accent_insensitive():
    assert after_keyword("Vendu M", "VENDU") == " m"
    assert after_keyword("verkauft: 104", "Verkauft") == ": 104"
    assert after_keyword("RÉSERVÉ M", "reserve") == " m"


@pytest.mark.parametrize(
    ("value", "keyword"),
    [(True, "SOLD"), (False, ""), (None, ""), ({"keyword": " Mine "}, "Mine")],
)
def test_the_stored_keyword(value, keyword):
    assert keyword_clean(value) == keyword
