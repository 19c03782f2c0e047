"""The analytics tasks the services enqueue, by path (analytics/tasks.py imports the services,
so the services don't import it). Call these on commit."""

from __future__ import annotations

from agora.core.scheduling import enqueue


def enqueue_visitor_salts_prune() -> bool:
    """The worker deletes the visitor salts older than yesterday."""
    return enqueue("agora.analytics.tasks.visitor_salts_prune")
