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
