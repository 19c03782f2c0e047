"""The engagement tasks the services enqueue, by path (engagement/tasks.py imports the
services, so the services don't import it). Call these on commit."""

from __future__ import annotations

from datetime import datetime

from agora.core.scheduling import enqueue


def enqueue_poll_close(when: datetime) -> bool:
    """The worker closes the polls due at `when` (stores their winner); votes are refused from
    the deadline on whether or not it has run."""
    return enqueue("agora.engagement.tasks.polls_close_due", run_after=when)


def enqueue_voters_notify(option_id: int) -> bool:
    """The worker tells the voters for a poll option that its product is on sale."""
    return enqueue("agora.engagement.tasks.poll_voters_notify", option_id)


def enqueue_earnings_confirm(when: datetime) -> bool:
    """The worker confirms the rewards and commissions whose return window ends at `when`."""
    return enqueue("agora.engagement.tasks.earnings_confirm_due", run_after=when)


def enqueue_campaigns_advance(when: datetime) -> bool:
    """The worker moves the stored status of the campaigns whose start or end is at `when`;
    pages and the API go by the clock whether or not it has run."""
    return enqueue("agora.engagement.tasks.campaigns_advance_due", run_after=when)


def enqueue_badges_recompute(when: datetime | None = None) -> bool:
    """The worker recomputes every badge (at `when`, if the backend can defer)."""
    return enqueue("agora.engagement.tasks.badges_recompute", run_after=when)
