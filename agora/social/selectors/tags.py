"""Hashtags: a tag by name (Unicode, case-insensitive), its posts, the popular ones."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet

from agora.core.pagination import clamp_limit
from agora.core.prepared import prepared
from agora.social.models import Post, Tag
from agora.social.selectors.posts import posts_with_tag
from agora.social.text import normalize_tag

if TYPE_CHECKING:
    from agora.social.selectors.posts import Viewer


def clean_tag(name: str) -> str:
    """`#Café`, `café` and `CAFÉ` all name the tag `café`."""
    return normalize_tag((name or "").strip().lstrip("#"))


def tag_by_name(name: str) -> Tag | None:
    """The tag `name` names (# and case ignored), or None."""
    cleaned = clean_tag(name)
    return Tag.objects.filter(name=cleaned).first() if cleaned else None


@prepared(name=str)
def _post_count(*, name: str) -> QuerySet[Any, tuple[Any, ...]]:
    return Tag.objects.filter(name=name).values_list("post_count")[:1]


def tag_post_count(name: str) -> int:
    """How many posts carry the tag `name` (cleaned already, as `clean_tag` leaves it), 0 for
    an unknown tag: one query, written once."""
    row = _post_count.first(name=name)
    return row[0] if row else 0


def tag_posts(*, name: str, viewer: Viewer = None) -> QuerySet[Post]:
    """Posts with the tag that the viewer may see, with their details (order: the caller's
    paginator, newest first)."""
    return posts_with_tag(tag=clean_tag(name), viewer=viewer)


def popular_tags(*, limit: int | str | None = None) -> list[Tag]:
    """Tags in use, most posts first (then by name), at most the clamped `limit`."""
    return list(
        Tag.objects.filter(post_count__gt=0).order_by("-post_count", "name")[: clamp_limit(limit)]
    )
