"""The demo's trending scores: the refresh run over the demo's engagement (the likes,
comments, reposts and shares the earlier stages made through the services), so /trending
has products, posts and hashtags and the hottest products carry "Popular on Agora". The
demo uses the real thresholds; nothing is lowered for it. Idempotent: a second run finds no
new events and counts nothing."""

from __future__ import annotations

from datetime import timedelta

from agora.discovery.models import ProductTrend
from agora.discovery.services.trending import trending_refresh


def seed_trending(seeder) -> tuple[int, int]:
    """(accounts newly counted, trend rows of products that were already there)."""
    existing = ProductTrend.objects.count()
    # The seed is the only writer and every earlier stage has committed: no need to wait for
    # events to settle.
    result = trending_refresh(settle=timedelta(0))
    return result.accounts, existing
