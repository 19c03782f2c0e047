"""Background media work, enqueued on commit by the services."""

from __future__ import annotations

from django.tasks import task

from agora.media import services


@task()
def make_thumbnails(media_id: int) -> str | None:
    """Idempotent: a rerun on a ready image does nothing; a deleted image is skipped."""
    media = services.media_thumbnails_make(media_id=media_id)
    return media.status if media is not None else None
