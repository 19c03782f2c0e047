"""Badges: beside names on post cards (social's `author_badges_html` slot) and profiles, and
a page per badge listing its holders now and before."""

from __future__ import annotations

from functools import lru_cache

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.views.decorators.http import require_GET

from agora.engagement import selectors
from agora.engagement.models import Award
from agora.engagement.selectors import BadgeView, badge_label
from agora.engagement.selectors.badges import ORDER, BadgeKey

CARD_BADGES = 3  # at most this many beside a name on a post card


TONES: dict[str, str] = {
    Award.Kind.TOP_FAN: "accent",
    Award.Kind.EXPERT: "success",
    Award.Kind.CREATOR: "success",
}


@lru_cache(maxsize=16)
def _badge_url(kind: str) -> str:
    return reverse("engagement_web:badge", args=[kind])


def _line(badges: list[tuple[str, str]]) -> SafeString:
    """(kind, label) pairs as a line of labels linking to their pages."""
    if not badges:
        return SafeString("")
    links = format_html_join(
        "",
        '<a class="badge {}" href="{}">{}</a>',
        ((TONES.get(kind, "muted"), _badge_url(kind), label) for kind, label in badges),
    )
    return format_html('<span class="person-badges">{}</span>', links)


def badges_line(badges: list[BadgeView], *, limit: int | None = None) -> SafeString:
    """The badges as a line of labels linking to their pages (built in Python: it sits beside
    every person's name on a page of post cards)."""
    shown = badges[:limit] if limit else badges
    return _line([(b.kind, b.label) for b in shown])


_RANK: dict[str, int] = {str(kind): i for i, kind in enumerate(ORDER)}


@lru_cache(maxsize=2048)
def _card_line(badges: tuple[BadgeKey, ...], language: str | None) -> SafeString:
    """The card line of a set of badges in `language` (the active one): the same for everyone
    holding them, so kept per (badges, language) in the process. The key holds all the line
    shows (kinds and shop names), so a badge won or lost, or a shop renamed, is a new key."""
    labelled = [(kind, badge_label(kind, shop)) for kind, shop in badges]
    labelled.sort(key=lambda b: (_RANK.get(b[0], 99), b[1]))
    return _line(labelled[:CARD_BADGES])


def author_badges_html(*, actor_ids: list[int]) -> dict[int, SafeString]:
    """Social's `author_badges_html` slot: {handle id: badges line}, one query (the lines'
    HTML kept per set of badges and language)."""
    language = translation.get_language()
    found = selectors.badge_keys_of_actors(actor_ids=actor_ids)
    return {pk: _card_line(badges, language) for pk, badges in found.items()}


def _descriptions() -> dict[str, str]:
    from django.utils.translation import gettext as _  # noqa: PLC0415 (per request language)

    return {
        Award.Kind.TOP_FAN: _(
            "The most engaged person with a shop's posts over the last 30 days: likes, "
            "comments, reposts, shares and poll votes. One top fan per shop at a time; a "
            "challenger needs strictly more. The top fan earns bonus points at the shop every "
            "day they hold it."
        ),
        Award.Kind.FIRST_PURCHASE: _("Paid for a first order on Agora."),
        Award.Kind.TRENDSETTER: _("Voted for the winning option of a poll."),
        Award.Kind.VERIFIED_BUYER: _("Has a paid order at the shop that was not refunded in full."),
        Award.Kind.CREATOR: _(
            "Wrote at least 3 public posts tagging products that each drew at least 3 likes, "
            "comments, reposts or shares."
        ),
        Award.Kind.EXPERT: _(
            "Wrote at least 5 comments in the last 90 days that other people replied to."
        ),
    }


@require_GET
def badges_index(request: HttpRequest) -> HttpResponse:
    descriptions = _descriptions()
    kinds = [
        {"kind": kind, "label": label, "description": descriptions[kind]}
        for kind, label in Award.Kind.choices
    ]
    return render(request, "engagement/badges/index.html", {"kinds": kinds})


@require_GET
def badge_page(request: HttpRequest, kind: str) -> HttpResponse:
    """The people holding this badge now, and those who held it before."""
    if kind not in Award.Kind.values:
        raise Http404
    context = {
        "kind": kind,
        "label": Award.Kind(kind).label,
        "description": _descriptions()[kind],
        "holders": selectors.badge_holders(kind=kind),
        "history": selectors.badge_history(kind=kind),
    }
    return render(request, "engagement/badges/page.html", context)
