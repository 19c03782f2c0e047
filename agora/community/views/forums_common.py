"""What a thread or a reply shows on a page, built from a selector page without queries: the
text as safe HTML, photos, shoppable product tags (social's post cards' own `product_tag`) and
the reactions with the viewer's own."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.safestring import SafeString, mark_safe

from agora.community.models import REACTION_EMOJI, Reaction
from agora.community.selectors.forums import ThreadPage
from agora.social import text as post_text
from agora.social.views._cards import product_tag


@dataclass
class ReactionChip:
    kind: str
    emoji: str
    label: str
    count: int
    mine: bool


@dataclass
class ThreadRow:
    thread: Any
    html: SafeString
    media: list[Any] = field(default_factory=list)
    products: list[Any] = field(default_factory=list)
    reactions: list[ReactionChip] = field(default_factory=list)
    following: bool = False


@dataclass
class ReplyRow:
    reply: Any
    html: SafeString
    quote_html: SafeString | None
    reactions: list[ReactionChip] = field(default_factory=list)


def _render(text: str) -> SafeString:
    return mark_safe(post_text.render(text))  # noqa: S308 (render escapes the text)


def chips(counts: dict[str, int], mine: set[str]) -> list[ReactionChip]:
    labels = dict(Reaction.Kind.choices)
    return [
        ReactionChip(
            kind=kind,
            emoji=emoji,
            label=str(labels[kind]),
            count=counts.get(kind, 0),
            mine=kind in mine,
        )
        for kind, emoji in REACTION_EMOJI.items()
    ]


def thread_rows(page: ThreadPage) -> list[ThreadRow]:
    """The page's threads ready for templates."""
    return [
        ThreadRow(
            thread=t,
            html=_render(t.text),
            media=page.media.get(t.pk, []),
            products=[product_tag(p) for p in page.products.get(t.pk, [])],
            reactions=chips(page.reactions.get(t.pk, {}), page.mine.get(t.pk, set())),
            following=t.pk in page.following,
        )
        for t in page.items
    ]


def reply_rows(page: ThreadPage) -> list[ReplyRow]:
    """The page's replies ready for templates; a quote shows the quoted reply's own text."""
    rows = []
    for r in page.items:
        quote = r.quote
        quote_html = None
        if quote is not None:
            quote_html = SafeString("") if quote.is_hidden else _render(quote.text)
        rows.append(
            ReplyRow(
                reply=r,
                html=_render(r.text),
                quote_html=quote_html,
                reactions=chips(page.reactions.get(r.pk, {}), page.mine.get(r.pk, set())),
            )
        )
    return rows
