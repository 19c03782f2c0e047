"""Background discovery work: thin and idempotent; the services do the work."""

from __future__ import annotations

from datetime import timedelta

from django.tasks import task

from agora.core.scheduling import chain_next
from agora.discovery.services import trending as trending_services

TRENDING_EVERY = timedelta(minutes=1)


@task()
def trending_refresh(chain: bool = False) -> dict[str, int]:
    """Counts the engagement events since the last run into the trending scores and labels.
    Idempotent and safe to run twice at once (the watermark is claimed). With `chain`,
    schedules the next run a minute later (when the backend can defer): started once by
    `manage.py refresh_trending --chain`."""
    result = trending_services.trending_refresh()
    if chain:
        chain_next(trending_refresh, True, every=TRENDING_EVERY)
    return {"events": result.events, "accounts": result.accounts, "busy": int(result.busy)}
