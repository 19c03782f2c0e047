"""/notifications: grouped ("Ana and 3 others liked your post"), marked read on view."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.contrib.auth.decorators import login_required
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString
from django.utils.text import Truncator
from django.views.decorators.http import require_GET

from agora.core import fragments
from agora.social import hooks
from agora.social.selectors.notifications import (
    NotificationGroup,
    notification_groups,
    post_texts,
)
from agora.social.services.notifications import notifications_mark_read
from agora.social.views._common import render_kept
from agora.social.views._row_cards import actor_display

GROUPS = 50

if TYPE_CHECKING:
    from agora.social.selectors.feed_rows import ActorRow


def _link(group, posts: dict, me) -> str:
    if group.url:
        return group.url
    if group.kind in ("badge_earned", "badge_lost"):
        return reverse("shops:handle", args=[me.username])  # badges show on the profile
    if group.kind == "follow":
        return reverse("shops:handle", args=[group.actors[0].handle]) if group.actors else ""
    if group.kind.startswith("partnership_"):
        return str(hooks.partnerships_url())
    if group.post_id in posts:
        anchor = "#comments" if group.kind in ("comment", "reply") else ""
        return reverse("social_web:post", args=[group.post_id]) + anchor
    return ""


@dataclass(frozen=True, slots=True)
class _Row:
    group: NotificationGroup
    url: str
    excerpt: str


ROW_KIND = "notification-row:1"  # bump when the row partial changes
ROW_TEMPLATE = "social/notifications.html#row"
TEMPLATE = "social/notifications.html"


def _picture(actor: ActorRow) -> tuple | None:
    if actor.picture is None:
        return None
    file, width, height, thumbnails = actor.picture
    return (file, width, height, tuple(sorted((thumbnails or {}).items())))


def _signature(row: _Row) -> tuple:
    """Everything a row shows but the time words (the language is in the key apart)."""
    g = row.group
    actors = tuple((a.kind, a.handle, a.name, _picture(a)) for a in g.actors)
    return (g.kind, g.read, g.text, g.latest_at, row.url, row.excerpt, actors)


def _render_row(row: _Row) -> tuple[str, ...]:
    slots = fragments.Slots()
    context = {
        "group": row.group,
        "actors": [actor_display(a) for a in row.group.actors],
        "url": row.url,
        "excerpt": row.excerpt,
        "ago": slots["ago"],
    }
    return slots.split(render_to_string(ROW_TEMPLATE, context)).parts


def _rows_html(rows: list[_Row]) -> list[SafeString]:
    """Each row's HTML: rendered once per what it shows and the language (kept in the cache),
    with "5 minutes ago" written in per request."""
    from agora.social.templatetags.social_tags import ago  # noqa: PLC0415 (it imports views)

    chunks = fragments.cached_fragments(
        rows,
        kind=ROW_KIND,
        ident=lambda row: row.group.ids[0],
        signature=_signature,
        render=_render_row,
    )
    return [
        fragments.Fragment(tuple(parts)).fill(ago=escape(ago(row.group.latest_at)))
        for row, parts in zip(rows, chunks, strict=True)
    ]


@login_required
@require_GET
def notifications(request):
    groups = notification_groups(user=request.user, limit=GROUPS)
    texts = post_texts(user=request.user, post_ids=(g.post_id for g in groups if g.post_id))
    posts = {pk: Truncator(" ".join(text.split())).chars(90) for pk, text in texts.items()}
    rows = [
        _Row(
            group=g,
            excerpt=posts.get(g.post_id, "") if g.post_id is not None else "",
            # Community kinds name their subject in the sentence itself.
            url=_link(g, posts, request.user),
        )
        for g in groups
    ]
    # Seen now: the badge in the navigation (rendered below) drops to zero.
    notifications_mark_read(user=request.user)
    # Outside its rows (live) the page shows the same to everyone who reads its language.
    return render_kept(request, TEMPLATE, {"rows": _rows_html(rows)}, bool(rows))
