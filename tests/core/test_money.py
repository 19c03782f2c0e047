import pytest

from agora.core.money import Money, format_money
from agora.core.pagination import clamp_limit, decode_cursor, encode_cursor

NBSP = "\xa0"


@pytest.mark.parametrize(
    ("language", "expected"),
    [("en", "€19.99"), ("fr", f"19,99{NBSP}€"), ("de", f"19,99{NBSP}€")],
)
def test_prices_are_written_the_way_each_locale_writes_them(language, expected):
    assert format_money(Money(1999, "EUR"), language) == expected


def test_large_amounts_get_locale_grouping():
    assert format_money(Money(123456789, "EUR"), "en") == "€1,234,567.89"
    assert (
        format_money(Money(123456789, "EUR"), "fr").replace("\u202f", " ").replace(NBSP, " ")
        == "1 234 567,89 €"
    )
    assert format_money(Money(123456789, "EUR"), "de") == f"1.234.567,89{NBSP}€"


def test_zero_decimal_currencies_use_their_own_minor_unit():
    assert format_money(Money(1500, "JPY"), "en") == "¥1,500"


def test_money_is_integer_minor_units_only():
    with pytest.raises(TypeError):
        Money(19.99, "EUR")
    with pytest.raises(ValueError):
        Money(100, "XXX")


def test_money_refuses_to_mix_currencies():
    with pytest.raises(ValueError):
        Money(100, "EUR") + Money(100, "USD")
    assert Money(100, "EUR") + Money(250, "EUR") == Money(350, "EUR")


def test_rounding_is_half_up_to_the_minor_unit():
    assert Money.from_decimal("0.125", "EUR") == Money(13, "EUR")
    assert Money.from_decimal("19.994", "EUR") == Money(1999, "EUR")


@pytest.mark.parametrize(
    ("raw", "limit"), [(None, 20), ("", 20), ("5", 5), (0, 1), (1000, 100), ("x", 20)]
)
def test_limit_is_clamped(raw, limit):
    assert clamp_limit(raw) == limit


def test_cursor_round_trips_and_garbage_is_ignored():
    assert decode_cursor(encode_cursor(42)) == 42
    assert decode_cursor("!!garbage!!") is None
    assert decode_cursor(None) is None
