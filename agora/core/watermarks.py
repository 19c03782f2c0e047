"""Watermarks: the one-row tables (pk 1) that say how far a background job has read the
append-only events table, so each event is folded exactly once."""

from __future__ import annotations

from django.db import IntegrityError, models, transaction


def watermark_read(model: type[models.Model], field: str = "last_event_id") -> int:
    """The watermark's value, creating its row at 0 the first time (race-safe: a job started
    at the same moment creates it too, and both read the one row)."""
    manager = model._default_manager
    value = manager.filter(pk=1).values_list(field, flat=True).first()
    if value is not None:
        return int(value)
    try:
        with transaction.atomic():
            manager.create(pk=1, **{field: 0})
    except IntegrityError:  # created by a simultaneous run
        pass
    return int(manager.values_list(field, flat=True).get(pk=1))
