"""Background social work: thin, idempotent, enqueued on commit by the services."""

from __future__ import annotations

from django.tasks import task

from agora.social.services import timeline


@task()
def fanout_post(
    post_id: int, source_actor_id: int, sort_key: int, reposted_by_id: int | None = None
) -> int:
    return timeline.fanout(
        post_id=post_id,
        source_actor_id=source_actor_id,
        sort_key=sort_key,
        reposted_by_id=reposted_by_id,
    )
