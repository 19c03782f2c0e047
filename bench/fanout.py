"""Fan-out on write, timed in-process: one post by a shop with 10,000 followers.

The post is made with `post_create` while the task backend is a dummy (so nothing is queued),
then `timeline.fanout()` is timed twice: the real fan-out, and a re-run that must insert
nothing (the task is retried that way after a crash). The post is deleted afterwards so the
bench database does not grow run after run.
"""

from __future__ import annotations

import time
from dataclasses import dataclass


@dataclass
class FanoutResult:
    followers: int
    rows: int
    seconds: float
    rerun_seconds: float
    rerun_rows: int

    @property
    def rows_per_second(self) -> float:
        return self.rows / self.seconds if self.seconds else 0.0


def time_fanout(*, shop_handle: str) -> FanoutResult:
    from django.test.utils import override_settings
    from fixtures import DUMMY

    from agora.shops.models import Shop, ShopMember
    from agora.social.models import Follow, TimelineEntry
    from agora.social.services import timeline
    from agora.social.services.posts import post_create, post_delete

    shop = Shop.objects.get(handle=shop_handle)
    owner = ShopMember.objects.get(shop=shop, role=ShopMember.Role.OWNER).user
    followers = Follow.objects.filter(target_id=shop.actor_id).count()
    with override_settings(TASKS=DUMMY):
        post = post_create(
            user=owner, text=f"Fan-out probe {time.time_ns()}", as_shop=shop_handle, source="bench"
        )
    key = timeline.now_key()
    try:
        before = TimelineEntry.objects.filter(post=post).count()  # the author's own row
        started = time.perf_counter()
        timeline.fanout(post_id=post.pk, source_actor_id=shop.actor_id, sort_key=key)
        seconds = time.perf_counter() - started
        rows = TimelineEntry.objects.filter(post=post).count() - before
        started = time.perf_counter()
        timeline.fanout(post_id=post.pk, source_actor_id=shop.actor_id, sort_key=key)
        rerun_seconds = time.perf_counter() - started
        rerun_rows = TimelineEntry.objects.filter(post=post).count() - before - rows
    finally:
        post_delete(user=owner, post=post)
    return FanoutResult(followers, rows, seconds, rerun_seconds, rerun_rows)


def profile_fanout(*, shop_handle: str, out) -> None:
    """cProfile of one fan-out, top functions by cumulative time, written to `out`."""
    import cProfile
    import pstats

    profiler = cProfile.Profile()
    profiler.enable()
    time_fanout(shop_handle=shop_handle)
    profiler.disable()
    pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(25)
