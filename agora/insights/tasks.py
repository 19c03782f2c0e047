"""Background analytics work: thin and idempotent; the rollup does the work."""

from __future__ import annotations

from datetime import timedelta

from django.tasks import task

from agora.core.scheduling import chain_next
from agora.insights import rollup

ROLLUP_EVERY = timedelta(minutes=1)


@task()
def insights_rollup(chain: bool = False) -> dict[str, int]:
    """Folds the engagement events since the last run into the daily analytics rows. Safe to
    run twice at once (the watermark is claimed). With `chain`, schedules the next run a
    minute later: started once by `manage.py insights_rollup --chain`."""
    events = rollup.rollup_run()
    if chain:
        chain_next(insights_rollup, True, every=ROLLUP_EVERY)
    return {"events": events}
