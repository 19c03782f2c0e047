"""`{% frozen %}`: a stretch of template rendered once per process and key, with live holes.

The page chrome (stylesheets, the header's links and labels, the footer) is the same on every
page for everyone who shares a language and a few facts (signed in or not, manages a shop),
yet rendering it costs dozens of `{% url %}`, `{% static %}` and `{% translate %}` tags on
every request. A frozen block renders its body once for each value of its key and keeps the
result in this process, split where its `{% live %}` blocks stand; a request renders only the
live blocks (the unread count, the CSRF token, the current path) and joins them with the
kept text.

    {% frozen "header" LANGUAGE_CODE user.is_authenticated nav.manages_shops %}
      <a href="{% url 'home' %}">{% translate "Home" %}</a>
      {% live %}{{ user.username }}{% endlive %}
    {% endfrozen %}

The rules that keep it correct: everything outside the live blocks may depend only on the
key (the interface language is always part of it, with the site's address); live blocks may
sit inside `{% if %}` on key values but not inside loops (refused), and what a live block
sets in the context is seen only by later live blocks (so a tag that sets a value a later
hole reads, like the header's `{% nav_facts user as nav %}`, stands in a live block itself).
A live block may stand in a template the frozen block includes (without `only`); it is then
rendered with the including template's context, so it must not rely on the include's `with`
values. What is kept changes only with a deploy (URLs, static file names, translations), so
a process-local dict suffices: no shared cache round trip, and a restart starts afresh. With
`DEBUG` (templates reloaded as they are edited) the body is rendered every time.

Frozen blocks nest: a frozen block met while another is being kept becomes one of the outer
block's holes, so it is looked up under its own key on every request and the outer key need
not repeat it (the rules of live blocks hold for it: not in a loop, not relying on an
include's `with` values). A whole page can be frozen this way (`base.html` does when the view
passes a `page_key`): `when` makes the block conditional, and without it the body renders as
usual.

    {% frozen "page" page_key when page_key %} ... {% endfrozen %}

The kept renderings are bounded by their number and their total length (a frozen page holds
its report), the least recently used dropped first.
"""

from __future__ import annotations

import hashlib
import secrets
from typing import Any

from django import template
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.base import FilterExpression, NodeList, Parser, Token
from django.template.context import make_context
from django.template.loader import get_template
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe

from agora.core.bounded import BoundedLRU
from agora.core.templates_backend import let_go

register = template.Library()

# (block name, language, site address, key values...) -> (text, hole, text, ...), a hole being
# a live block or a nested frozen block: a few header variants per language, per-object blocks
# (a shop's dashboard headings) and whole pages that come and go
MAX_KEPT_CHARACTERS = 16_000_000


def _length(parts: tuple) -> int:
    """The kept text's length (characters, or bytes once encoded); holes weigh nothing."""
    return sum(len(part) for part in parts if isinstance(part, str | bytes))


_KEPT: BoundedLRU[tuple, tuple] = BoundedLRU(2048, max_weight=MAX_KEPT_CHARACTERS, weigh=_length)
_MARKING = "agora_frozen_marking"


class LiveNode(template.Node):
    """A hole in a frozen block: rendered on every request."""

    def __init__(self, nodelist: NodeList) -> None:
        self.nodelist = nodelist

    def render(self, context: template.Context) -> str:
        hole = _hole(self, context)
        if hole is not None:
            return hole
        return self.nodelist.render(context)


def _hole(node: template.Node, context: template.Context) -> str | None:
    """While a frozen block is being rendered to be kept, a node that must render on every
    request leaves a marker there (and is kept in its place); otherwise None. A hole in a
    loop inside the block is refused: it would be rendered once, later, without the loop's
    values."""
    marking = context.get(_MARKING)
    if marking is None:
        return None
    marker, found, loop = marking
    if context.get("forloop") is not loop:
        raise template.TemplateSyntaxError(
            "A {% live %} block or a nested {% frozen %} block cannot stand in a loop inside "
            "a {% frozen %} block."
        )
    found.append(node)
    return f"{marker}{len(found) - 1}{marker}"


class FrozenNode(template.Node):
    def __init__(
        self,
        name: str,
        keys: list[FilterExpression],
        nodelist: NodeList,
        when: FilterExpression | None = None,
    ) -> None:
        self.name = name
        self.keys = keys
        self.nodelist = nodelist
        self.when = when

    def _freeze(self, context: template.Context) -> tuple:
        """The body rendered with each live block (here or in a template it includes) left
        as a marker: the kept text, and the holes (live and nested frozen blocks) in the
        order they stand."""
        marker = f"\x00{secrets.token_hex(6)}\x00"
        found: list[template.Node] = []
        with context.push({_MARKING: (marker, found, context.get("forloop"))}):
            text = self.nodelist.render(context)
        parts: list[Any] = text.split(marker)
        for index in range(1, len(parts), 2):
            parts[index] = found[int(parts[index])]
        return tuple(parts)

    def render(self, context: template.Context) -> SafeString:
        hole = _hole(self, context)  # nested in a block being kept: one of its holes
        if hole is not None:
            return mark_safe(hole)  # noqa: S308 (a marker, replaced before anything is sent)
        if settings.DEBUG or (self.when is not None and not self.when.resolve(context)):
            return mark_safe(self.nodelist.render(context))  # noqa: S308 (escaped by the engine)
        key = _key(self.name, *(expression.resolve(context) for expression in self.keys))
        parts = _KEPT.get(key)
        if parts is None:
            parts = self._freeze(context)
            _KEPT.put(key, parts)
        # Each hole renders itself (a nested frozen block from its own kept rendering).
        out = [part if isinstance(part, str) else part.render(context) for part in parts]
        return mark_safe("".join(out))  # noqa: S308 (rendered by the template engine, escaped)


def _key(name: str, *values: Any) -> tuple:
    return (name, translation.get_language(), settings.AGORA_BASE_URL, *values)


def page_key(name: str, *shown: Any) -> str:
    """A `page_key` from everything a page shows outside its live holes: strings (rendered
    fragments, or the cache keys that name cached ones: `fragments.CachedFragments`) are
    hashed as they are, other values by their `repr` (keep them to plain values: numbers,
    strings, tuples, None)."""
    digest = hashlib.blake2b(digest_size=16)
    for part in shown:
        text = part if isinstance(part, str) else repr(part)
        digest.update(f"{len(text)}:".encode())
        digest.update(text.encode())
    return f"{name}:{digest.hexdigest()}"


# A frozen page's parts with the text already encoded (UTF-8), for render_frozen_page.
_ENCODED: BoundedLRU[tuple, tuple] = BoundedLRU(256, max_weight=MAX_KEPT_CHARACTERS, weigh=_length)


def render_frozen_page(
    request: HttpRequest, template_name: str, context: dict[str, Any], *, status: int = 200
) -> HttpResponse:
    """`render()` for a page whose view passes `page_key` (base.html freezes the whole page
    on it). Once the page is kept, its holes are rendered into the kept text directly: the
    `{% extends %}` chain is not walked again and the kept text goes out already encoded
    (a report of 140 KB costs more to encode than to render its holes)."""
    page_key = context.get("page_key")
    if page_key and not settings.DEBUG:
        key = _key("page", page_key)
        encoded = _ENCODED.get(key)
        if encoded is None and (parts := _KEPT.get(key)) is not None:
            encoded = tuple(part.encode() if isinstance(part, str) else part for part in parts)
            _ENCODED.put(key, encoded)
        if encoded is not None:
            page = get_template(template_name).template  # type: ignore[attr-defined]
            bound = make_context(context, request, autoescape=page.engine.autoescape)
            # As Template.render does: the context processors run, includes find the engine.
            try:
                with bound.render_context.push_state(page), bound.bind_template(page):
                    bound.template_name = page.name
                    body = b"".join(
                        part if isinstance(part, bytes) else str(part.render(bound)).encode()
                        for part in encoded
                    )
            finally:
                let_go(bound)  # as every render does (core.templates_backend)
            return HttpResponse(body, status=status)
    return render(request, template_name, context, status=status)


@register.tag
def frozen(parser: Parser, token: Token) -> FrozenNode:
    """`{% frozen "name" key1 key2 ... [when condition] %} ... {% endfrozen %}`"""
    bits = token.split_contents()
    if len(bits) < 2 or bits[1][0] not in "\"'":
        raise template.TemplateSyntaxError("{% frozen %} needs a quoted name first.")
    when = None
    if "when" in bits[2:]:
        at = bits.index("when", 2)
        if at != len(bits) - 2:
            raise template.TemplateSyntaxError("{% frozen %}: `when` takes one condition, last.")
        when = parser.compile_filter(bits[-1])
        bits = bits[:at]
    nodelist = parser.parse(("endfrozen",))
    parser.delete_first_token()
    keys = [parser.compile_filter(bit) for bit in bits[2:]]
    return FrozenNode(bits[1][1:-1], keys, nodelist, when)


@register.tag
def live(parser: Parser, token: Token) -> LiveNode:
    """`{% live %} ... {% endlive %}`: a part of a frozen block rendered on every request."""
    nodelist = parser.parse(("endlive",))
    parser.delete_first_token()
    return LiveNode(nodelist)


def forget() -> None:
    """Drop every kept rendering (tests that change what a key renders)."""
    _KEPT.clear()
    _ENCODED.clear()
