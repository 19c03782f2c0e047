"""The stored follower and following counts (`FollowCounts`), moved by the follow and unfollow
services in their transaction so that profile pages read one row instead of counting follows.

A follow adds one to the target's followers and the follower's following in one
INSERT … ON CONFLICT DO UPDATE (atomic on SQLite and PostgreSQL, rows taken in actor id order
so that two writers never deadlock); an unfollow takes one off both in one UPDATE, never below
zero. The follow's unique constraint decides which of simultaneous follows counts: only the
one whose row was stored. Follows written outside the services (bulk seeding, the admin) are
counted again by `manage.py social_recount`.
"""

from __future__ import annotations

from django.db import connection, transaction
from django.db.models import (
    Case,
    Count,
    F,
    OuterRef,
    PositiveIntegerField,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Greatest

from agora.accounts.models import Handle
from agora.social.models import Follow, FollowCounts

_TABLE = FollowCounts._meta.db_table


def follow_counted(*, target_id: int, follower_actor_id: int | None) -> None:
    """Counts one new follow of `target_id` by the person whose actor is `follower_actor_id`."""
    rows = {target_id: [1, 0]}
    if follower_actor_id is not None:
        rows.setdefault(follower_actor_id, [0, 0])[1] += 1
    ordered = sorted(rows.items())
    table = connection.ops.quote_name(_TABLE)
    values = ", ".join(["(%s, %s, %s)"] * len(ordered))
    params = [x for actor_id, (up, out) in ordered for x in (actor_id, up, out)]
    sql = (
        f"INSERT INTO {table} (actor_id, followers, following) VALUES {values} "  # noqa: S608 (placeholders only)
        f"ON CONFLICT (actor_id) DO UPDATE SET "
        f"followers = {table}.followers + excluded.followers, "
        f"following = {table}.following + excluded.following"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def follow_uncounted(*, target_id: int, follower_actor_id: int | None) -> None:
    """Takes one removed follow off both counts (never below zero): one UPDATE."""
    minus_one = {
        "followers": Case(
            When(
                actor_id=target_id,
                then=Greatest(Value(0), F("followers") - 1, output_field=PositiveIntegerField()),
            ),
            default=F("followers"),
        ),
        "following": Case(
            When(
                actor_id=follower_actor_id,
                then=Greatest(Value(0), F("following") - 1, output_field=PositiveIntegerField()),
            ),
            default=F("following"),
        ),
    }
    ids = sorted({target_id, *([follower_actor_id] if follower_actor_id is not None else [])})
    FollowCounts.objects.filter(actor_id__in=ids).update(**minus_one)


def follow_counts_rebuild() -> int:
    """Counts every actor's followers and following again from the follows (the data migration
    and `social_recount`); actors without follows get no row. Returns how many rows."""
    followers = (
        Follow.objects.filter(target=OuterRef("pk"))
        .order_by()
        .values("target")
        .annotate(n=Count("pk"))
        .values("n")
    )
    following = (
        Follow.objects.filter(follower__actor=OuterRef("pk"))
        .order_by()
        .values("follower__actor")
        .annotate(n=Count("pk"))
        .values("n")
    )
    rows = (
        Handle.objects.annotate(
            n_followers=Coalesce(Subquery(followers), 0),
            n_following=Coalesce(Subquery(following), 0),
        )
        .filter(Q(n_followers__gt=0) | Q(n_following__gt=0))
        .values_list("pk", "n_followers", "n_following")
    )
    with transaction.atomic():
        counted = [FollowCounts(actor_id=pk, followers=a, following=b) for pk, a, b in rows]
        FollowCounts.objects.all().delete()
        FollowCounts.objects.bulk_create(counted, batch_size=500)
    return len(counted)
