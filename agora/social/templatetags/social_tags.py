"""Template helpers for social pages and their partials: the navigation's unread badge, icons,
post text, actors. They format what the view loaded; the social parts of other apps' pages
(follow box, posts, the product page's section) are built by those views with `social.parts`."""

from __future__ import annotations

import re
from datetime import date, timedelta
from functools import lru_cache
from types import SimpleNamespace

from django import template
from django.template.loader import get_template
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from agora.core import fragments
from agora.core.bounded import BoundedLRU
from agora.core.money import Money
from agora.core.urls_util import absolute_url
from agora.social import text as post_text
from agora.social.selectors.feed_rows import ActorRow
from agora.social.selectors.nav import NOBODY, NavFacts
from agora.social.selectors.nav import nav_facts as read_nav_facts
from agora.social.services.shares import public_intents
from agora.social.views._row_cards import actor_display as row_actor_display
from agora.social.views.profile import actor_display

register = template.Library()


@register.filter
def ago(value) -> str:
    """ "just now", "5 minutes ago", "3 hours ago", "2 days ago", then the date. The words
    for a count and the date's spelling are kept per language (a page asks for them per card,
    and formatting a date costs 15 µs)."""
    if not value:
        return ""
    now = timezone.now()
    delta = now - value
    seconds = max(0, int(delta.total_seconds()))
    language = translation.get_language() or ""
    if seconds < 60:
        return _counted(language, "now", 0)
    if seconds < 3600:
        return _counted(language, "minutes", seconds // 60)
    if seconds < 86400:
        return _counted(language, "hours", seconds // 3600)
    if delta < timedelta(days=7):
        return _counted(language, "days", delta.days)
    local = timezone.localtime(value)
    return _dated(language, local.date(), local.year == timezone.localtime(now).year)


@lru_cache(maxsize=1024)
def _counted(language: str, unit: str, n: int) -> str:
    """The words for `n` units ago in `language` (the active one)."""
    if unit == "now":
        return _("just now")
    if unit == "minutes":
        return ngettext("%(n)d minute ago", "%(n)d minutes ago", n) % {"n": n}
    if unit == "hours":
        return ngettext("%(n)d hour ago", "%(n)d hours ago", n) % {"n": n}
    return ngettext("%(n)d day ago", "%(n)d days ago", n) % {"n": n}


@lru_cache(maxsize=4096)
def _dated(language: str, day: date, same_year: bool) -> str:
    """The day as `language` (the active one) spells it: without the year in this year."""
    return date_format(day, "MONTH_DAY_FORMAT" if same_year else "DATE_FORMAT")


@register.simple_tag
def icon(name: str) -> str:
    """An inline SVG icon from social/icons.html, rendered once per process (they're static):
    cheaper than an include in a loop."""
    return _icon(name)


@lru_cache(maxsize=32)
def _icon(name: str) -> str:
    return mark_safe(get_template(f"social/icons.html#{name}").render({}))  # noqa: S308


_PK = 987654321


@register.filter
def route(pk, name: str) -> str:
    """{{ post.pk|route:"social_web:post-like" }}: `{% url name pk %}` for a route with one
    integer argument, reversed once per process (card loops reverse hundreds of URLs)."""
    return _route(name).replace(str(_PK), str(int(pk)))


@lru_cache(maxsize=64)
def _route(name: str) -> str:
    return reverse(name, args=[_PK])


@register.filter
def render_text(text: str) -> str:
    """Post or comment text as safe HTML (everything escaped, then our own links added)."""
    return mark_safe(post_text.render(text))  # noqa: S308 (render escapes user text)


@register.filter
def actor(handle) -> dict | None:
    """Name, handle, URL and picture of a person or shop Handle."""
    if handle is None:
        return None
    if isinstance(handle, ActorRow):
        return row_actor_display(handle)
    return actor_display(handle)


@register.filter
def person(user) -> dict:
    """The same for a comment's author (a User)."""
    return {
        "name": user.display_name or user.username,
        "handle": user.username,
        "url": user.get_absolute_url(),
        "avatar": user.avatar if user.avatar_id else None,
        "is_shop": False,
    }


# The static part of comments as rendered, by what it shows (see `comment_static`); emptied
# when full, so it never holds more than this many.
_COMMENT_STATIC: dict[tuple, str] = {}
_COMMENT_STATIC_MAX = 2048


def _avatar_key(user) -> tuple | None:
    """What the avatar's `<img>` shows (`responsive_image` reads no more)."""
    if not user.avatar_id:
        return None
    asset = user.avatar
    thumbs = tuple(sorted((asset.thumbnails or {}).items()))
    return (asset.pk, asset.file.name, thumbs, asset.width, asset.height)


@register.simple_tag
def comment_static(comment) -> str:
    """`{% comment_static comment %}`: a comment's author, time and text (the same HTML for
    every viewer, `comments.html#comment_static`), rendered once per process for what it shows:
    the author's name, handle and avatar, the time (as the page words it, in the active
    language and time zone), the author-hidden flag and the text. An edit, a new name or
    avatar, or the clock moving the words on gives a new key at once."""
    author = comment.author
    created = comment.created_at
    key = (
        translation.get_language(),
        timezone.get_current_timezone_name(),
        author.display_name,
        author.username,
        _avatar_key(author),
        created,
        ago(created),
        bool(comment.hidden_by_author),
        comment.text,
    )
    html = _COMMENT_STATIC.get(key)
    if html is None:
        html = get_template("social/comments.html#comment_static").render({"comment": comment})
        if len(_COMMENT_STATIC) >= _COMMENT_STATIC_MAX:
            _COMMENT_STATIC.clear()
        _COMMENT_STATIC[key] = html
    return mark_safe(html)  # noqa: S308 (rendered by the template, which escapes)


# A comment's actions, rendered once per process for each variant and language with stand-ins
# for what differs per comment and request, split where those go (`comment_actions`).
_ACTIONS: BoundedLRU[tuple, fragments.Fragment] = BoundedLRU(256)
_A_PK, _A_CSRF, _A_NEXT = "7390128374650192", "comment-csrf-stand-in", "comment-next-stand-in"
_ACTION_STAND_INS = re.compile(f"({_A_PK}|{_A_CSRF}|{_A_NEXT})")


@register.simple_tag(takes_context=True)
def comment_actions(context, comment) -> str:
    """`{% comment_actions comment %}`: the signed-in reader's Reply link and Delete (their
    own comment) or Hide (a comment on what they may hide: `can_hide`) form, as
    `comments.html#comment_actions` renders them: kept per variant (a reply or not, compact,
    own, may hide) and language, then given the comment's id, the page's CSRF token and the
    address the forms come back to (`next`, else the request's)."""
    user = context.get("user")
    request = context.get("request")
    if not getattr(user, "is_authenticated", False):
        return ""
    own = user.pk == comment.author_id
    compact, can_hide = bool(context.get("compact")), bool(context.get("can_hide"))
    if request is None:  # no request to take a token from: rendered as it stands
        return get_template("social/comments.html#comment_actions").render(context.flatten())
    reply = comment.parent_id is not None
    key = (translation.get_language(), reply, compact, own, can_hide and not own)
    fragment = _ACTIONS.get(key)
    if fragment is None:
        stand_in = SimpleNamespace(
            pk=int(_A_PK), parent_id=1 if reply else None, author_id=1 if own else 2
        )
        html = get_template("social/comments.html#comment_actions").render(
            {
                "comment": stand_in,
                "user": SimpleNamespace(is_authenticated=True, pk=1),
                "compact": compact,
                "can_hide": can_hide,
                "next": _A_NEXT,
                "csrf_token": _A_CSRF,
            }
        )
        # The id goes through `route` (an int), so its stand-in is a number, not a slot.
        fragment = fragments.Fragment(tuple(_ACTION_STAND_INS.split(str(html))))
        _ACTIONS.put(key, fragment)
    return fragment.fill(
        {
            _A_PK: str(int(comment.pk)),
            _A_CSRF: fragments.csrf_token(request),
            _A_NEXT: conditional_escape(context.get("next") or request.get_full_path()),
        }
    )


@register.filter
def product_price(product):
    return Money(product.price_amount, product.currency)


@register.simple_tag
def nav_facts(user) -> NavFacts:
    """The header's facts about the signed-in person (unread badge, Dashboard link): one
    query, none for visitors."""
    if not getattr(user, "is_authenticated", False):  # a visitor, or no user in the context
        return NOBODY
    return read_nav_facts(user)


@register.simple_tag(takes_context=True)
def post_cards(context, cards) -> str:
    """`{% post_cards cards %}`: a page of post cards (or one card) from their cached
    skeletons, with the viewer's parts filled in (`quick_comments` and `next` from the
    context)."""
    from agora.social.views._fragments import render_cards  # noqa: PLC0415 (views import us)

    page = cards if isinstance(cards, list | tuple) else [cards]
    html = render_cards(
        page,
        request=context.get("request"),
        quick_comments=bool(context.get("quick_comments")),
        next_url=context.get("next"),
    )
    return html


@register.simple_tag
def public_share(path: str, text: str = "") -> dict:
    """The share menu's links for a page everyone may open: its absolute address and each
    network's share intent (no personal link: that one is made on asking, signed in)."""
    url = absolute_url(path)
    return {"url": url, "intents": public_intents(url=url, text=str(text)[:200]), "text": text}
