"""Enqueueing a Django task by its import path, so that services never import their app's
`tasks.py` (tasks import services, never the other way round).

Each app keeps its named helpers in `<app>/scheduling.py` (`enqueue_thumbnails(media_id)`);
the services call those, on commit.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.utils import timezone
from django.utils.module_loading import import_string

# How long a recurring chain's successful runs stay in the task table (to look at recent runs).
CHAIN_KEEP = timedelta(hours=1)


def enqueue(task_path: str, *args: object, run_after: datetime | None = None) -> bool:
    """Enqueues the task at `task_path` ("agora.media.tasks.make_thumbnails") with `args`.
    With `run_after`, only when the backend can defer (the database backend in production;
    the immediate backend used in tests cannot, and then nothing is scheduled). True when
    enqueued. Call it on commit."""
    task = import_string(task_path)
    if run_after is not None:
        if not task.get_backend().supports_defer:
            return False
        task = task.using(run_after=run_after)
    task.enqueue(*args)
    return True


def enqueue_chain_once(task: Any, *args: object) -> bool:
    """Starts a self-rescheduling task chain (`task` re-enqueues itself when it runs), unless a
    run of it is already waiting or running in the database queue: `make run` may call it at
    every start and there is still only one chain. True when enqueued."""
    from django.tasks.base import TaskResultStatus  # noqa: PLC0415
    from django_tasks_db.models import DBTaskResult  # noqa: PLC0415 (needs the app registry)

    waiting = DBTaskResult.objects.filter(
        task_path=task.module_path,
        status__in=[TaskResultStatus.READY, TaskResultStatus.RUNNING],
    )
    if waiting.exists():
        return False
    task.enqueue(*args)
    return True


def chain_next(task: Any, *args: object, every: timedelta) -> None:
    """Schedules the next run of a self-rescheduling chain `every` later (when the backend can
    defer) and prunes the chain's own successful runs older than CHAIN_KEEP: a chain every 10 s
    would otherwise add 8,640 finished rows a day to the task table."""
    if task.get_backend().supports_defer:
        task.using(run_after=timezone.now() + every).enqueue(*args)
    prune_chain_results(task)


def prune_chain_results(task: Any, *, keep: timedelta = CHAIN_KEEP) -> int:
    """Deletes `task`'s successful runs that finished more than `keep` ago (one statement;
    failed runs stay for a person to read). The number deleted."""
    from django.tasks.base import TaskResultStatus  # noqa: PLC0415
    from django_tasks_db.models import DBTaskResult  # noqa: PLC0415 (needs the app registry)

    deleted, _ = DBTaskResult.objects.filter(
        task_path=task.module_path,
        status=TaskResultStatus.SUCCESSFUL,
        finished_at__lt=timezone.now() - keep,
    ).delete()
    return deleted
