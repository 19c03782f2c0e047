"""Engagement events: one cheap INSERT per interaction, in the caller's transaction.

Page views are the hot path: they are buffered per process and written in batches by
`event_view_buffered`, so a page view costs no SQL on the request.

Every event carries the visitor's pseudonymous daily hash (`visitors.visitor_hash`): given by
the caller, else made from the actor (`u:<id>`) or the anonymous visitor id (`v:<id>`).
"""

from __future__ import annotations

import logging
import threading
import time
from functools import cache
from typing import TYPE_CHECKING

from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from agora.analytics.models import Event
from agora.analytics.visitors import visitor_hash, visitor_salts_prune

__all__ = [
    "event_append",
    "event_record",
    "event_view_buffered",
    "event_views_flush",
    "visitor_hash",
    "visitor_salts_prune",
]

if TYPE_CHECKING:
    from agora.core.types import AnyUser

logger = logging.getLogger(__name__)

VIEW_BATCH = 200
VIEW_FLUSH_SECONDS = 5.0


class _ViewBuffer:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.pending: list[Event] = []
        self.last_flush = time.monotonic()

    def add(self, event: Event) -> list[Event]:
        """Adds an event; returns the batch to write when one is due, else []."""
        with self.lock:
            self.pending.append(event)
            due = (
                len(self.pending) >= VIEW_BATCH
                or time.monotonic() - self.last_flush >= VIEW_FLUSH_SECONDS
            )
            return self.take() if due else []

    def take(self) -> list[Event]:
        batch, self.pending = self.pending, []
        self.last_flush = time.monotonic()
        return batch


_views = _ViewBuffer()


def _hash(given: str, *, actor_id: int | None, visitor: str) -> str:
    """The caller's visitor hash, else the actor's, else the anonymous visitor's."""
    if given:
        return given[:32]
    return visitor_hash(user_id=actor_id, visitor=visitor)


def _actor_id(actor: AnyUser | None) -> int | None:
    return actor.pk if actor is not None and actor.is_authenticated else None


def event_record(
    *,
    kind: str,
    object_type: str,
    object_id: int,
    actor: AnyUser | None = None,
    actor_id: int | None = None,
    visitor: str = "",
    shop_id: int | None = None,
    source: str = "",
    visitor_hash: str = "",
    via: str = "",
    amount: int | None = None,
    currency: str = "",
) -> Event:
    """Appends one event (atomic with the caller's transaction). The actor is `actor` or
    `actor_id`; `amount` and `currency` only for money events (minor units)."""
    actor_id = _actor_id(actor) if actor is not None else actor_id
    return Event.objects.create(
        kind=kind,
        object_type=object_type,
        object_id=object_id,
        actor_id=actor_id,
        visitor=visitor[:64],
        shop_id=shop_id,
        source=source[:40],
        visitor_hash=_hash(visitor_hash, actor_id=actor_id, visitor=visitor),
        via=via[:40],
        amount=amount,
        currency=currency[:3],
        created_at=timezone.now(),
    )


_APPEND_FIELDS = (
    "kind",
    "actor",
    "visitor",
    "object_type",
    "object_id",
    "shop_id",
    "source",
    "visitor_hash",
    "via",
    "amount",
    "currency",
    "created_at",
)


@cache
def _append_sql(vendor: str) -> str:
    q = connection.ops.quote_name
    fields = [Event._meta.get_field(f) for f in _APPEND_FIELDS]
    columns = ", ".join(q(str(f.column)) for f in fields)  # type: ignore[union-attr]
    marks = ", ".join(["%s"] * len(_APPEND_FIELDS))
    return f"INSERT INTO {q(Event._meta.db_table)} ({columns}) VALUES ({marks})"  # noqa: S608


def event_append(
    *,
    kind: str,
    object_type: str,
    object_id: int,
    actor_id: int | None,
    shop_id: int | None = None,
    source: str = "",
    visitor_hash: str = "",
    via: str = "",
    amount: int | None = None,
    currency: str = "",
) -> None:
    """`event_record` for the hottest writes (likes): the same row, one plain INSERT without
    building a model instance or reading the id back (atomic with the caller's transaction).
    The actor's visitor hash comes from the day's salt this process keeps: no other query."""
    params = [
        kind,
        actor_id,
        "",
        object_type,
        object_id,
        shop_id,
        source[:40],
        _hash(visitor_hash, actor_id=actor_id, visitor=""),
        via[:40],
        amount,
        currency[:3],
        connection.ops.adapt_datetimefield_value(timezone.now()),
    ]
    with connection.cursor() as cursor:
        cursor.execute(_append_sql(connection.vendor), params)


def event_view_buffered(
    *,
    object_type: str,
    object_id: int,
    actor: AnyUser | None = None,
    visitor: str = "",
    shop_id: int | None = None,
    source: str = "web",
    visitor_hash: str = "",
    via: str = "",
) -> None:
    """Queues a view; the queue is written with one bulk INSERT every VIEW_BATCH views or
    VIEW_FLUSH_SECONDS, whichever comes first. A crash loses at most one batch of views.
    `visitor_hash` is the request's (see social's record_view); `via` where it came from."""
    actor_id = _actor_id(actor)
    event = Event(
        kind=Event.Kind.VIEW,
        object_type=object_type,
        object_id=object_id,
        actor_id=actor_id,
        visitor=visitor[:64],
        shop_id=shop_id,
        source=source[:40],
        visitor_hash=_hash(visitor_hash, actor_id=actor_id, visitor=visitor),
        via=via[:40],
        created_at=timezone.now(),
    )
    batch = _views.add(event)
    if batch:
        transaction.on_commit(lambda: _write_views(batch))


def _write_views(batch: list[Event]) -> None:
    """Views are best-effort: a failed batch is logged, never turned into a failed page."""
    try:
        Event.objects.bulk_create(batch)
    except DatabaseError:
        logger.exception("Could not write %d buffered view events", len(batch))


def event_views_flush() -> int:
    """Writes any buffered views now (tests, shutdown)."""
    with _views.lock:
        batch = _views.take()
    if batch:
        Event.objects.bulk_create(batch)
    return len(batch)
