"""The real background worker (django-tasks-db's db_worker) picks up enqueued work."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.tasks import task_backends
from PIL import Image

from agora.media.models import MediaAsset
from agora.media.services import media_upload
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def database_tasks(settings):
    # Django's setting_changed handler rebuilds the task backends for the new TASKS.
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }
    assert type(task_backends["default"]).__name__ == "DatabaseBackend"


def _jpeg(width=900, height=600):
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (200, 90, 40)).save(buffer, "JPEG")
    return SimpleUploadedFile("photo.jpg", buffer.getvalue(), content_type="image/jpeg")


def test_thumbnails_wait_for_the_worker_then_are_ready(database_tasks):
    from django_tasks_db.models import DBTaskResult

    media = media_upload(uploader=UserFactory(), file=_jpeg())
    media.refresh_from_db()
    assert media.status == MediaAsset.Status.PROCESSING
    assert DBTaskResult.objects.count() == 1

    call_command("db_worker", batch=True, no_startup_delay=True, reload=False, verbosity=0)

    media.refresh_from_db()
    assert media.status == MediaAsset.Status.READY
    assert sorted(int(w) for w in media.thumbnails) == [320, 640]


def test_a_recurring_chain_schedules_its_next_run_and_prunes_its_old_successful_runs(
    database_tasks,
):
    """A chain every few seconds would fill the task table: each run deletes the chain's own
    successful runs older than an hour, and leaves failed runs, recent runs and other tasks."""
    from datetime import timedelta

    from django.tasks.base import TaskResultStatus
    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult

    from agora.core.scheduling import CHAIN_KEEP
    from agora.social.tasks import like_notifications_write

    now = timezone.now()
    old = now - CHAIN_KEEP - timedelta(minutes=1)

    def result(path, status, finished):
        return DBTaskResult.objects.create(
            status=status,
            finished_at=finished,
            args_kwargs={"args": [True], "kwargs": {}},
            task_path=path,
            backend_name="default",
            run_after=finished,
            exception_class_path="",
            traceback="",
        )

    path = like_notifications_write.module_path
    pruned = [result(path, TaskResultStatus.SUCCESSFUL, old) for _ in range(3)]
    kept = [
        result(path, TaskResultStatus.SUCCESSFUL, now - timedelta(minutes=5)),
        result(path, TaskResultStatus.FAILED, old),
        result("agora.media.tasks.make_thumbnails", TaskResultStatus.SUCCESSFUL, old),
    ]

    like_notifications_write.call(True)

    left = set(DBTaskResult.objects.values_list("pk", flat=True))
    assert not left & {r.pk for r in pruned}
    assert {r.pk for r in kept} <= left
    waiting = DBTaskResult.objects.filter(task_path=path, status=TaskResultStatus.READY)
    assert waiting.count() == 1
    assert waiting.get().run_after > now
