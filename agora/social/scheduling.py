"""The social tasks the services enqueue, by path (social/tasks.py imports the services, so
the services don't import it). Call these on commit."""

from __future__ import annotations

from agora.core.scheduling import enqueue


def enqueue_fanout(
    post_id: int, source_actor_id: int, sort_key: int, reposted_by_id: int | None = None
) -> bool:
    """The worker writes a post (or a repost) into its author's followers' timelines."""
    return enqueue(
        "agora.social.tasks.fanout_post", post_id, source_actor_id, sort_key, reposted_by_id
    )
