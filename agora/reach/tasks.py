"""Background reach work: thin and idempotent; the services do the work."""

from __future__ import annotations

from django.tasks import task

from agora.reach.services.feeds import feeds_rebuild as rebuild


@task()
def feeds_rebuild(shop_id: int) -> int:
    """Rebuilds a shop's stale catalog feeds (after a product changed). Idempotent."""
    return rebuild(shop_id=shop_id)
