""" "May this person see that post?" as an SQL condition, for writes that check it inside their
own statement (a like's insert) instead of reading the post first.

The condition is `visible_posts`' own SQL (one source of truth for the rules), compiled once
per process and shape: building and compiling that queryset costs about a millisecond, more
than the like's three statements together. The shape depends only on whether the viewer has
an actor; the ids are filled into the compiled parameters on each call.
"""

from __future__ import annotations

from typing import Any

from django.db import connection

from agora.accounts.models import User
from agora.social.selectors.posts import visible_posts

# Stand-ins compiled into the SQL and replaced by the real ids (no real id is negative).
_USER, _ACTOR, _POST = -7_700_001, -7_700_002, -7_700_003
_compiled: dict[tuple[str, bool], tuple[str, tuple[Any, ...]]] = {}


def _compile(has_actor: bool) -> tuple[str, tuple[Any, ...]]:
    stand_in = User(pk=_USER, actor_id=_ACTOR if has_actor else None)
    qs = visible_posts(stand_in).filter(pk=_POST).values("pk")
    sql, params = qs.query.sql_with_params()
    return f"EXISTS ({sql})", tuple(params)


def visible_post_condition(*, viewer: User, post_id: int) -> tuple[str, list[Any]]:
    """An SQL condition (and its parameters) true when `viewer`, a signed-in person, may see
    post `post_id` by `visible_posts`' rules. No query."""
    key = (connection.vendor, bool(viewer.actor_id))
    if key not in _compiled:
        _compiled[key] = _compile(has_actor=key[1])
    sql, template = _compiled[key]
    ids = {_USER: viewer.pk, _ACTOR: viewer.actor_id, _POST: post_id}
    return sql, [ids[p] if type(p) is int and p in ids else p for p in template]
