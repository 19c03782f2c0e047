"""A link card's head tags are rendered once per process for what the card shows and the
language (`core.cards.render_card`): the next page with the same card gets the same tags
with its own CSP nonce, and any change of the card, its JSON-LD included, shows at once."""

import re
from dataclasses import replace

from agora.core import cards
from agora.core.cards import LinkCard, render_card
from tests.kept_pages import clears

NONCE = re.compile(r'nonce="([^"]*)"')


_fresh = clears(cards._RENDERED)


def _card(**changes) -> LinkCard:
    card = LinkCard(
        title="Linen dress",
        description="Washed linen, sewn in Lille.",
        url="https://agora.example/@atelier/products/linen-dress",
        type="product",
        image="https://agora.example/cards/product/1.png",
        image_alt="Linen dress",
        properties=(("product:price:amount", "149.00"),),
        json_ld={"@type": "Product", "name": "Linen dress", "offers": {"price": "149.00"}},
    )
    return replace(card, **changes)


def test_the_same_card_is_kept_and_each_page_gets_its_own_nonce():
    first = render_card(_card(), language="en", nonce="nonceAAA")
    second = render_card(_card(), language="en", nonce="nonceBBB")

    assert len(cards._RENDERED) == 1
    assert NONCE.findall(first) == ["nonceAAA"] and NONCE.findall(second) == ["nonceBBB"]
    assert first.replace("nonceAAA", "") == second.replace("nonceBBB", "")
    assert "\x00" not in first and "\x00" not in second


def test_a_card_kept_says_what_a_fresh_render_says():
    kept = render_card(_card(), language="fr", nonce="n1")
    cards._RENDERED.clear()
    fresh = render_card(_card(), language="fr", nonce="n1")

    assert kept == fresh
    assert '<meta property="og:locale" content="fr_FR">' in kept
    assert '<meta property="og:title" content="Linen dress">' in kept
    assert '"offers":{"price":"149.00"}' in kept


def test_a_change_of_any_part_shows_at_once():
    base = render_card(_card(), language="en", nonce="n")

    assert "Green dress" in render_card(_card(title="Green dress"), language="en", nonce="n")
    # The JSON-LD does not take part in a LinkCard's equality: the key holds its text.
    cheaper = _card(
        json_ld={"@type": "Product", "name": "Linen dress", "offers": {"price": "99.00"}}
    )
    assert cheaper == _card()
    assert '"price":"99.00"' in render_card(cheaper, language="en", nonce="n")
    assert '"price":"149.00"' in base
    german = render_card(_card(), language="de", nonce="n")
    assert 'content="de_DE"' in german and 'og:locale" content="en_US"' in base


def test_values_are_escaped_and_a_page_without_a_nonce_gets_none():
    hostile = _card(title='"><script>alert(1)</script>', json_ld={"name": "</script><b>"})

    html = render_card(hostile, language="en")

    assert "<script>alert" not in html and "&lt;script&gt;" in html
    assert "</script><b>" not in html and "\\u003c/script\\u003e" in html
    assert 'nonce="' not in html
    assert 'nonce="x&amp;y"' in render_card(hostile, language="en", nonce="x&y")
