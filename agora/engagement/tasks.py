"""Background engagement work: thin and idempotent; the services do the work.

Poll deadlines are checked against the clock at request time; `polls_close_due` only tidies
up after them (stores `closed_at` and the winner), deferred to the deadline when the backend
can defer (the database backend in production; the immediate backend used in tests cannot,
and then nothing is scheduled).
"""

from __future__ import annotations

from django.tasks import task

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
