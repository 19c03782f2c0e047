"""Cached fragments (`core.fragments`): each rendered once per content and language, then
served from the cache; a change in what a fragment shows renders it anew, with no
invalidation."""

from dataclasses import dataclass

from django.utils import translation
from django.utils.safestring import SafeString

from agora.core.fragments import cached_fragments


@dataclass
class Item:
    pk: int
    text: str


class Renderer:
    def __init__(self, *, pair: bool = False):
        self.rendered: list[int] = []
        self.pair = pair

    def __call__(self, item: Item):
        self.rendered.append(item.pk)
        language = translation.get_language()
        if self.pair:
            return (f"<b>{item.text}</b>", language)
        return f"<p>{item.text} ({language})</p>"


def fragments(items, render):
    return cached_fragments(
        items,
        kind="test:1",
        ident=lambda item: item.pk,
        signature=lambda item: (item.text,),
        render=render,
    )


def test_each_fragment_is_rendered_once_then_served_from_the_cache():
    items = [Item(1, "one"), Item(2, "two")]
    render = Renderer()

    first = fragments(items, render)
    again = fragments(items, render)

    assert first == again == ["<p>one (en)</p>", "<p>two (en)</p>"]
    assert render.rendered == [1, 2]
    assert all(isinstance(html, SafeString) for html in again)


def test_what_a_fragment_shows_is_in_its_key():
    render = Renderer()
    fragments([Item(1, "one")], render)

    edited = fragments([Item(1, "uno")], render)

    assert edited == ["<p>uno (en)</p>"]
    assert render.rendered == [1, 1]


def test_each_language_has_its_own_fragment():
    render = Renderer()
    fragments([Item(1, "one")], render)

    with translation.override("fr"):
        french = fragments([Item(1, "one")], render)

    assert french == ["<p>one (fr)</p>"]
    assert fragments([Item(1, "one")], render) == ["<p>one (en)</p>"]
    assert render.rendered == [1, 1]


def test_an_item_shown_twice_on_a_page_is_rendered_once():
    render = Renderer()

    out = fragments([Item(1, "one"), Item(1, "one")], render)

    assert out == ["<p>one (en)</p>"] * 2
    assert render.rendered == [1]


def test_several_fragments_of_one_object_share_a_key_and_stay_safe():
    render = Renderer(pair=True)
    fragments([Item(1, "one")], render)

    (pair,) = fragments([Item(1, "one")], render)

    assert pair == ("<b>one</b>", "en")
    assert all(isinstance(part, SafeString) for part in pair)
    assert render.rendered == [1]


def test_no_items_no_cache_work():
    assert fragments([], Renderer()) == []
