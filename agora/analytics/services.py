"""Engagement events: one cheap INSERT per interaction, in the caller's transaction.

Page views are the hot path: they are buffered per process and written in batches by
`event_view_buffered`, so a page view costs no SQL on the request.
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


def event_record(
    *,
    kind: str,
    object_type: str,
    object_id: int,
    actor: AnyUser | None = None,
    visitor: str = "",
    shop_id: int | None = None,
    source: str = "",
) -> Event:
    """Appends one event (atomic with the caller's transaction)."""
    return Event.objects.create(
        kind=kind,
        object_type=object_type,
        object_id=object_id,
        actor=actor if actor is not None and actor.is_authenticated else None,
        visitor=visitor[:64],
        shop_id=shop_id,
        source=source[:40],
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
) -> None:
    """`event_record` for the hottest writes (likes): the same row, one plain INSERT without
    building a model instance or reading the id back (atomic with the caller's transaction)."""
    params = [
        kind,
        actor_id,
        "",
        object_type,
        object_id,
        shop_id,
        source[:40],
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
) -> None:
    """Queues a view; the queue is written with one bulk INSERT every VIEW_BATCH views or
    VIEW_FLUSH_SECONDS, whichever comes first. A crash loses at most one batch of views."""
    event = Event(
        kind=Event.Kind.VIEW,
        object_type=object_type,
        object_id=object_id,
        actor=actor if actor is not None and actor.is_authenticated else None,
        visitor=visitor[:64],
        shop_id=shop_id,
        source=source[:40],
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
