"""Background engagement work: thin and idempotent; the services do the work.

Poll deadlines are checked against the clock at request time; `polls_close_due` only tidies
up after them (stores `closed_at` and the winner), deferred to the deadline when the backend
can defer (the database backend in production; the immediate backend used in tests cannot,
and then nothing is scheduled).
"""

from __future__ import annotations

from datetime import timedelta

from django.tasks import task

from agora.core.scheduling import chain_next
from agora.engagement import services


@task()
def polls_close_due() -> int:
    """Closes every poll past its deadline and stores its winner. Idempotent."""
    return services.polls_close_due()


@task()
def poll_voters_notify(option_id: int) -> int:
    """Notifies the voters for a poll option whose product went on sale. Idempotent."""
    return services.poll_voters_notify(option_id=option_id)


@task()
def earnings_confirm_due() -> int:
    """Confirms the rewards and commissions whose return window has passed. Idempotent."""
    return services.earnings_confirm_due()


@task()
def campaigns_advance_due() -> int:
    """Moves campaigns whose start or end has passed to running or ended. Idempotent."""
    return services.campaigns_advance_due()


BADGES_EVERY = timedelta(hours=1)


@task()
def badges_recompute(chain: bool = False) -> dict[str, int]:
    """Recomputes every badge and credits the top fans' daily bonus. Idempotent. With
    `chain`, schedules the next run an hour later (when the backend can defer): started once
    by `manage.py recompute_badges --chain`."""
    result = services.badges_recompute()
    if chain:
        chain_next(badges_recompute, True, every=BADGES_EVERY)
    return result
