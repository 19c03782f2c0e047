""" "May this person see that post?" as an SQL condition, for writes that check it inside their
own statement (a like's insert) instead of reading the post first.

The condition is `visible_posts`' own SQL (one source of truth for the rules), prepared once
per process and shape (`core.prepared`): building and compiling that queryset costs about a
millisecond, more than the like's three statements together. The shape depends only on
whether the viewer has an actor; the ids are bound into the prepared SQL on each call.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from agora.accounts.models import User
from agora.core.prepared import prepared
from agora.social.selectors.posts import visible_posts


@prepared(user_id=int, actor_id=int, post_id=int)
def _visible(*, user_id: int, post_id: int, actor_id: int | None = None) -> QuerySet:
    viewer = User(pk=user_id, actor_id=actor_id)
    return visible_posts(viewer).filter(pk=post_id).values("pk")


def visible_post_condition(*, viewer: User, post_id: int) -> tuple[str, list[Any]]:
    """An SQL condition (and its parameters) true when `viewer`, a signed-in person, may see
    post `post_id` by `visible_posts`' rules. No query."""
    values = {"user_id": viewer.pk, "post_id": post_id}
    if viewer.actor_id:
        values["actor_id"] = viewer.actor_id
    sql, params = _visible.sql(**values)
    return f"EXISTS ({sql})", params
