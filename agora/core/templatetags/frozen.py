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
sit inside `{% if %}` on key values but not inside loops, and what a live block sets in the
context is seen only by later live blocks. A live block may stand in a template the frozen
block includes (without `only`); it is then rendered with the including template's context,
so it must not rely on the include's `with` values. What is kept changes only with a deploy (URLs,
static file names, translations), so a process-local dict suffices: no shared cache round
trip, and a restart starts afresh. With `DEBUG` (templates reloaded as they are edited) the
body is rendered every time.
"""

from __future__ import annotations

import secrets
from typing import Any

from django import template
from django.conf import settings
from django.template.base import FilterExpression, NodeList, Parser, Token
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe

from agora.core.bounded import BoundedLRU

register = template.Library()

# (block name, language, site address, key values...) -> (text, live node, text, ...): a few
# header variants per language, and per-object blocks (a shop's dashboard headings) that come
# and go, the least recently used dropped first
_KEPT: BoundedLRU[tuple, tuple] = BoundedLRU(2048)
_MARKING = "agora_frozen_marking"


class LiveNode(template.Node):
    """A hole in a frozen block: rendered on every request."""

    def __init__(self, nodelist: NodeList) -> None:
        self.nodelist = nodelist

    def render(self, context: template.Context) -> str:
        marking = context.get(_MARKING)
        if marking is not None:  # a frozen block is being rendered to be kept
            marker, found = marking
            found.append(self)
            return f"{marker}{len(found) - 1}{marker}"
        return self.nodelist.render(context)


class FrozenNode(template.Node):
    def __init__(self, name: str, keys: list[FilterExpression], nodelist: NodeList) -> None:
        self.name = name
        self.keys = keys
        self.nodelist = nodelist

    def _freeze(self, context: template.Context) -> tuple:
        """The body rendered with each live block (here or in a template it includes) left
        as a marker: the kept text, and the live nodes in the order they stand."""
        marker = f"\x00{secrets.token_hex(6)}\x00"
        found: list[LiveNode] = []
        with context.push({_MARKING: (marker, found)}):
            text = self.nodelist.render(context)
        parts: list[Any] = text.split(marker)
        for index in range(1, len(parts), 2):
            parts[index] = found[int(parts[index])]
        return tuple(parts)

    def render(self, context: template.Context) -> SafeString:
        if settings.DEBUG:
            return mark_safe(self.nodelist.render(context))  # noqa: S308 (escaped by the engine)
        key = (
            self.name,
            translation.get_language(),
            settings.AGORA_BASE_URL,
            *(expression.resolve(context) for expression in self.keys),
        )
        parts = _KEPT.get(key)
        if parts is None:
            parts = self._freeze(context)
            _KEPT.put(key, parts)
        # A live node renders itself, or, when this block stands in another frozen block being
        # kept, hands itself to that block: its value is never baked into the outer text.
        out = [part if isinstance(part, str) else part.render(context) for part in parts]
        return mark_safe("".join(out))  # noqa: S308 (rendered by the template engine, escaped)


@register.tag
def frozen(parser: Parser, token: Token) -> FrozenNode:
    """`{% frozen "name" key1 key2 ... %} ... {% endfrozen %}`"""
    bits = token.split_contents()
    if len(bits) < 2 or bits[1][0] not in "\"'":
        raise template.TemplateSyntaxError("{% frozen %} needs a quoted name first.")
    nodelist = parser.parse(("endfrozen",))
    parser.delete_first_token()
    keys = [parser.compile_filter(bit) for bit in bits[2:]]
    return FrozenNode(bits[1][1:-1], keys, nodelist)


@register.tag
def live(parser: Parser, token: Token) -> LiveNode:
    """`{% live %} ... {% endlive %}`: a part of a frozen block rendered on every request."""
    nodelist = parser.parse(("endlive",))
    parser.delete_first_token()
    return LiveNode(nodelist)


def forget() -> None:
    """Drop every kept rendering (tests that change what a key renders)."""
    _KEPT.clear()
