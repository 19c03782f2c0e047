"""Cached fragments with slots: rendered once per key, filled per request; text inside a
fragment can never pose as a slot; a rendering whose rows changed meanwhile is not kept."""

import pytest
from django.template import engines
from django.utils import translation

from agora.core import fragments

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
