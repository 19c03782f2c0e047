"""Background social work: thin, idempotent, enqueued on commit by the services."""

from __future__ import annotations

from datetime import timedelta

from django.tasks import task

from agora.core.scheduling import chain_next
from agora.social.services import like_notifications, timeline


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


LIKE_NOTIFY_EVERY = timedelta(seconds=10)


@task()
def like_notifications_write(chain: bool = False) -> dict[str, int]:
    """Writes the notifications of the likes made since the last run (see
    `services.like_notifications`). Idempotent and safe to run twice at once. With `chain`,
    schedules the next run LIKE_NOTIFY_EVERY later (when the backend can defer): started once
    by `manage.py notify_likes --chain`."""
    result = like_notifications.like_notifications_write()
    if chain:
        chain_next(like_notifications_write, True, every=LIKE_NOTIFY_EVERY)
    return {"likes": result.likes, "written": result.written, "busy": int(result.busy)}
