"""Cached fragments (`core.fragments`): each rendered once per content and language, then
served from the cache; a change in what a fragment shows renders it anew, with no
invalidation."""

from dataclasses import dataclass

import pytest
from django.template import engines
from django.utils import translation
from django.utils.safestring import SafeString

from agora.core import fragments
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


def cached_page(items, render):
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

    first = cached_page(items, render)
    again = cached_page(items, render)

    assert first == again == ["<p>one (en)</p>", "<p>two (en)</p>"]
    assert render.rendered == [1, 2]
    assert all(isinstance(html, SafeString) for html in again)


def test_what_a_fragment_shows_is_in_its_key():
    render = Renderer()
    cached_page([Item(1, "one")], render)

    edited = cached_page([Item(1, "uno")], render)

    assert edited == ["<p>uno (en)</p>"]
    assert render.rendered == [1, 1]


def test_each_language_has_its_own_fragment():
    render = Renderer()
    cached_page([Item(1, "one")], render)

    with translation.override("fr"):
        french = cached_page([Item(1, "one")], render)

    assert french == ["<p>one (fr)</p>"]
    assert cached_page([Item(1, "one")], render) == ["<p>one (en)</p>"]
    assert render.rendered == [1, 1]


def test_an_item_shown_twice_on_a_page_is_rendered_once():
    render = Renderer()

    out = cached_page([Item(1, "one"), Item(1, "one")], render)

    assert out == ["<p>one (en)</p>"] * 2
    assert render.rendered == [1]


def test_several_fragments_of_one_object_share_a_key_and_stay_safe():
    render = Renderer(pair=True)
    cached_page([Item(1, "one")], render)

    (pair,) = cached_page([Item(1, "one")], render)

    assert pair == ("<b>one</b>", "en")
    assert all(isinstance(part, SafeString) for part in pair)
    assert render.rendered == [1]


def test_each_fragment_comes_with_the_key_that_names_what_it_shows():
    render = Renderer()
    first = cached_page([Item(1, "one"), Item(2, "two")], render)
    again = cached_page([Item(1, "one"), Item(2, "two")], render)
    edited = cached_page([Item(1, "uno"), Item(2, "two")], render)
    with translation.override("fr"):
        french = cached_page([Item(1, "one"), Item(2, "two")], render)

    assert len(first.cache_keys) == 2 and first.cache_keys == again.cache_keys
    assert edited.cache_keys[0] != first.cache_keys[0]
    assert edited.cache_keys[1] == first.cache_keys[1]
    assert set(french.cache_keys).isdisjoint(first.cache_keys)
    # A key names one fragment: what is stored under it is what the page shows.
    assert [fragments.content_cache.get(key) for key in first.cache_keys] == list(first)


def test_no_items_no_cache_work():
    assert cached_page([], Renderer()) == []


# --- parts with slots ---


TEMPLATE = engines["django"].from_string(
    '<form><input name="csrfmiddlewaretoken" value="{{ token }}">'
    '<a href="/login?next={{ path|urlencode }}">{{ text }}</a></form>'
)


def _render(text, calls):
    def render(slots):
        calls.append(text)
        html = TEMPLATE.render({"token": slots["csrf"], "path": slots["path"], "text": text})
        return {"form": html}

    return render


def test_a_fragment_is_rendered_once_per_key_and_filled_per_request():
    calls = []
    first = fragments.cached("test", ("a", 1), _render("Hello", calls))["form"]
    again = fragments.cached("test", ("a", 1), _render("Hello", calls))["form"]

    assert calls == ["Hello"]
    assert first.fill(csrf="T1", path="%2Fx") == (
        '<form><input name="csrfmiddlewaretoken" value="T1">'
        '<a href="/login?next=%2Fx">Hello</a></form>'
    )
    assert "T2" in again.fill(csrf="T2", path="/y") and "T1" not in again.fill(csrf="T2", path="/")


def test_another_key_or_language_renders_again():
    calls = []
    fragments.cached("test", ("a", 1), _render("one", calls))
    fragments.cached("test", ("a", 2), _render("two", calls))
    with translation.override("fr"):
        fragments.cached("test", ("a", 1), _render("un", calls))

    assert calls == ["one", "two", "un"]


def test_text_in_a_fragment_cannot_pose_as_a_slot():
    calls = []
    # Someone writes a marker of another rendering into their text.
    other = fragments.Slots()
    text = f"{other['csrf']} agoraslot-0000000000000000-csrf-"
    form = fragments.cached("test", ("b",), _render(text, calls))["form"]

    filled = form.fill(csrf="SECRET", path="/")
    assert filled.count("SECRET") == 1
    assert str(other["csrf"]) in filled


def test_a_slot_left_without_a_value_is_an_error():
    form = fragments.cached("test", ("c",), _render("x", []))["form"]
    with pytest.raises(KeyError):
        form.fill(csrf="T")


def test_a_rendering_whose_rows_changed_meanwhile_serves_once_and_is_not_kept():
    calls = []
    fragments.cached("test", ("d",), _render("stale", calls), confirm=lambda: False)
    fragments.cached("test", ("d",), _render("fresh", calls), confirm=lambda: True)
    fragments.cached("test", ("d",), _render("never", calls))

    assert calls == ["stale", "fresh"]


def test_one_csrf_token_per_request(rf):
    request = rf.get("/")
    assert fragments.csrf_token(request) == fragments.csrf_token(request)
    assert fragments.csrf_token(rf.get("/")) != fragments.csrf_token(request)
