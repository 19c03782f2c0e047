"""The media tasks the services enqueue, by path (media/tasks.py imports the services, so
the services don't import it). Call these on commit."""

from __future__ import annotations

from agora.core.scheduling import enqueue


def enqueue_thumbnails(media_id: int) -> bool:
    """The worker makes an uploaded image's thumbnails."""
    return enqueue("agora.media.tasks.make_thumbnails", media_id)
