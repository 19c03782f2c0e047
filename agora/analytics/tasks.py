"""Background analytics work: thin and idempotent; the services do the work."""

from __future__ import annotations

from datetime import timedelta

from django.tasks import task

from agora.analytics import visitors
from agora.core.scheduling import chain_next

SALTS_PRUNE_EVERY = timedelta(hours=1)


@task()
def visitor_salts_prune(chain: bool = False) -> int:
    """Deletes the visitor salts older than yesterday, so no old visitor hash can be
    recomputed. Enqueued when a day's first salt is made; with `chain`, also repeats every
    SALTS_PRUNE_EVERY (when the backend can defer): started once by
    `manage.py prune_visitor_salts --chain`. Returns the number deleted."""
    deleted = visitors.visitor_salts_prune()
    if chain:
        chain_next(visitor_salts_prune, True, every=SALTS_PRUNE_EVERY)
    return deleted
