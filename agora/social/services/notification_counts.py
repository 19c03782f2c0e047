"""The stored unread-notification counts (`NotificationCounter`): every write that changes what
`selectors.notifications.unread_count_computed` would count moves the stored count in the same
transaction, so the header reads one row instead of counting.

How each change keeps it exact, on SQLite (one writer at a time: IMMEDIATE transactions) and
on PostgreSQL (READ COMMITTED, concurrent writers):

- a notification is written (`notify`, `notify_people`): one INSERT … ON CONFLICT DO UPDATE adds,
  per recipient, the new rows that show (the selector's own filter, evaluated in the statement):
  atomic, so simultaneous notifications of one person all count;
- notifications are marked read, or posts, comments and accounts change what shows: the
  recipients' counter rows are locked first (in user id order, so two such writes never
  deadlock), then the count is moved by what this transaction changed or recounted from the
  notifications. Every statement after the lock sees whatever the writers before it committed,
  and a writer after it waits for this one, so no change is lost.

One race is left on PostgreSQL: a notification written at the very moment its post or comment
is hidden (or its actor suspended) may count while it doesn't show; the count corrects itself
when the person reads their notifications (marking all read sets it to zero). Changes made
outside the services (the admin, bulk seeding) are repaired by `manage.py social_recount`.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connection, transaction
from django.db.models import Count, F, OuterRef, PositiveIntegerField, Q, Subquery, Value
from django.db.models.functions import Coalesce, Greatest

from agora.social.models import Notification, NotificationCounter
from agora.social.selectors.notifications import SHOWN

_TABLE = NotificationCounter._meta.db_table


def _upsert(rows_sql: str, params: list, *, add: bool) -> None:
    """INSERT the (user_id, unread) rows of `rows_sql`; a person who has a row gets `unread`
    added to it (`add`) or keeps it (the row is then only locked until the commit)."""
    table = connection.ops.quote_name(_TABLE)
    new = f"{table}.unread + excluded.unread" if add else f"{table}.unread"
    sql = (
        f"INSERT INTO {table} (user_id, unread) {rows_sql} "
        f"ON CONFLICT (user_id) DO UPDATE SET unread = {new}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def unread_add(*, notification_ids: Iterable[int]) -> None:
    """Counts these just-written notifications for their recipients, those that show only: one
    statement, in the caller's transaction."""
    ids = list(notification_ids)
    if not ids:
        return
    fresh = (
        Notification.objects.filter(pk__in=ids)
        .filter(SHOWN)
        .order_by()
        .values("recipient_id")
        .annotate(n=Count("pk"))
        .values_list("recipient_id", "n")
    )
    sql, params = fresh.query.sql_with_params()
    # In recipient order, like every lock on these rows (no deadlock between two writers).
    rows = f"SELECT * FROM ({sql}) fresh WHERE 1 = 1 ORDER BY 1"  # noqa: S608 (ORM-compiled)
    _upsert(rows, list(params), add=True)


def unread_lock(*, user_ids: Iterable[int]) -> list[int]:
    """Takes (creating them if needed) these people's counter rows until the transaction ends,
    in id order; returns the ids. Call inside a transaction, before reading what to count."""
    ids = sorted(set(user_ids))
    if ids:
        values = ", ".join(["(%s, 0)"] * len(ids))
        _upsert(f"VALUES {values}", ids, add=False)
    return ids


def unread_subtract(*, user_id: int, n: int) -> None:
    """Lowers a person's count by `n` (never below zero); their row is locked already."""
    if n:
        NotificationCounter.objects.filter(user_id=user_id).update(
            unread=Greatest(Value(0), F("unread") - n, output_field=PositiveIntegerField())
        )


def unread_clear(*, user_id: int) -> None:
    """Sets a person's count to zero (they read everything); their row is locked already."""
    NotificationCounter.objects.filter(user_id=user_id).update(unread=0)


def unread_recount(*, user_ids: Iterable[int]) -> int:
    """Locks these people's rows, then sets each count from their notifications (one UPDATE
    whatever the number of people). Returns how many people were recounted."""
    ids = unread_lock(user_ids=user_ids)
    if not ids:
        return 0
    counted = (
        Notification.objects.filter(recipient=OuterRef("user_id"), read_at__isnull=True)
        .filter(SHOWN)
        .order_by()
        .values("recipient")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return NotificationCounter.objects.filter(user_id__in=ids).update(
        unread=Coalesce(Subquery(counted), 0)
    )


def unread_recipients(
    *,
    post_ids: Iterable[int] = (),
    comment_ids: Iterable[int] = (),
    actor_id: int | None = None,
) -> list[int]:
    """The people with unread notifications about these posts or comments, or by this actor:
    whose counts a hide, a deletion or a suspension may change. One query."""
    match = Q(post_id__in=list(post_ids)) | Q(comment_id__in=list(comment_ids))
    if actor_id is not None:
        match |= Q(actor_id=actor_id)
    return list(
        Notification.objects.filter(match, read_at__isnull=True)
        .order_by()
        .values_list("recipient_id", flat=True)
        .distinct()
    )


def unread_recount_for(
    *,
    post_ids: Iterable[int] = (),
    comment_ids: Iterable[int] = (),
    actor_id: int | None = None,
) -> int:
    """Recounts the people with unread notifications about these posts or comments or by this
    actor, after the caller changed what shows (in its transaction). Returns how many."""
    with transaction.atomic(savepoint=False):
        users = unread_recipients(post_ids=post_ids, comment_ids=comment_ids, actor_id=actor_id)
        return unread_recount(user_ids=users)


def unread_rebuild() -> int:
    """Recounts everyone who has a counter row or an unread notification (the data migration
    and `social_recount`). Returns how many people were recounted."""
    with transaction.atomic():
        users = set(
            Notification.objects.filter(read_at__isnull=True)
            .order_by()
            .values_list("recipient_id", flat=True)
            .distinct()
        )
        users |= set(NotificationCounter.objects.values_list("user_id", flat=True))
        done = 0
        ordered = sorted(users)
        for start in range(0, len(ordered), 500):  # bounded IN lists
            done += unread_recount(user_ids=ordered[start : start + 500])
        return done
