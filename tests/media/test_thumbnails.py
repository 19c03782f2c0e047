"""Thumbnails: made after the upload commits, WebP, at the configured widths, never upscaled."""

import io

import pytest
from django.core.files.storage import default_storage
from PIL import Image

from agora.media.models import MediaAsset
from agora.media.services import media_thumbnails_make, media_upload
from agora.media.tasks import make_thumbnails
from tests.media.helpers import image_bytes, served, upload, uploaded

pytestmark = pytest.mark.django_db


def _thumbnail_sizes(client, media: dict) -> dict[int, tuple[int, int]]:
    sizes = {}
    for thumb in media["thumbnails"]:
        response, body = served(client, thumb["url"])
        assert response["Content-Type"] == "image/webp"
        image = Image.open(io.BytesIO(body))
        assert image.format == "WEBP"
        sizes[thumb["width"]] = image.size
    return sizes


def test_status_goes_from_processing_to_ready_when_the_upload_commits(
    user_api, django_capture_on_commit_callbacks
):
    # given an upload whose transaction has not committed yet
    with django_capture_on_commit_callbacks() as callbacks:
        response = upload(user_api, "/media", image_bytes("PNG", size=(700, 350)), name="a.png")

    # then it is processing, with the stripped original standing in for thumbnails
    assert response.status_code == 201
    assert response.json()["status"] == "processing"
    assert response.json()["thumbnails"] == []
    assert response.json()["srcset"] == f"{response.json()['url']} 700w"

    # when the commit runs the enqueued task (ImmediateBackend)
    for callback in callbacks:
        callback()

    # then the media is ready with its thumbnails
    media = user_api.get(f"/media/{response.json()['id']}").json()
    assert media["status"] == "ready"
    assert [t["width"] for t in media["thumbnails"]] == [320, 640]
    assert media["srcset"].endswith("640w")


def test_thumbnails_are_made_at_every_configured_width_below_the_original(
    user_api, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(user_api, "/media", image_bytes("JPEG", size=(2000, 1000)))

    media = user_api.get(f"/media/{response.json()['id']}").json()
    assert _thumbnail_sizes(user_api.client, media) == {
        320: (320, 160),
        640: (640, 320),
        1280: (1280, 640),
    }


def test_no_thumbnail_is_wider_than_the_original(user_api, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(user_api, "/media", image_bytes("PNG", size=(700, 500)), name="a.png")

    media = user_api.get(f"/media/{response.json()['id']}").json()
    assert _thumbnail_sizes(user_api.client, media) == {320: (320, 229), 640: (640, 457)}


def test_an_image_narrower_than_every_width_still_gets_one_thumbnail_at_its_own_width(
    user_api, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(user_api, "/media", image_bytes("PNG", size=(100, 80)), name="a.png")

    media = user_api.get(f"/media/{response.json()['id']}").json()
    assert media["status"] == "ready"
    assert _thumbnail_sizes(user_api.client, media) == {100: (100, 80)}


def test_thumbnails_keep_transparency(user_api, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(
            user_api,
            "/media",
            image_bytes("PNG", size=(400, 400), color=(0, 0, 0, 0)),
            name="a.png",
        )

    media = user_api.get(f"/media/{response.json()['id']}").json()
    _, body = served(user_api.client, media["thumbnails"][0]["url"])
    assert Image.open(io.BytesIO(body)).getpixel((5, 5))[3] == 0


def test_running_the_task_twice_changes_nothing(user, django_capture_on_commit_callbacks):
    # given a ready image
    with django_capture_on_commit_callbacks(execute=True):
        media = media_upload(uploader=user, file=uploaded(image_bytes("PNG", (500, 300)), "a.png"))
    media.refresh_from_db()
    first = dict(media.thumbnails)

    # when the task runs again
    make_thumbnails.enqueue(media.pk)

    # then the same thumbnails remain, with no stray copies in storage
    media.refresh_from_db()
    assert media.status == MediaAsset.Status.READY
    assert media.thumbnails == first == {"320": f"thumbs/{media.pk}/320.webp"}
    assert default_storage.listdir(f"thumbs/{media.pk}")[1] == ["320.webp"]


def test_a_rerun_after_a_lost_status_overwrites_the_same_thumbnail_files(user):
    # given an image whose first thumbnails run wrote files but never recorded them
    media = media_upload(uploader=user, file=uploaded(image_bytes("PNG", (500, 300)), "a.png"))
    media_thumbnails_make(media_id=media.pk)
    MediaAsset.objects.filter(pk=media.pk).update(status="processing", thumbnails={})

    # when the task runs again
    media_thumbnails_make(media_id=media.pk)

    # then it is ready, and the thumbnail paths are the same, not renamed copies
    media.refresh_from_db()
    assert media.status == MediaAsset.Status.READY
    assert default_storage.listdir(f"thumbs/{media.pk}")[1] == ["320.webp"]


def test_the_task_for_a_deleted_image_does_nothing(user):
    media = media_upload(uploader=user, file=uploaded(image_bytes("PNG", (500, 300)), "a.png"))
    media_id = media.pk
    media.delete()

    assert make_thumbnails.enqueue(media_id).return_value is None
    assert not default_storage.exists(f"thumbs/{media_id}/320.webp")


def test_an_image_row_without_a_stored_file_is_marked_failed(user):
    # given an image row whose file name is empty (nothing in storage to read)
    media = MediaAsset.objects.create(
        uploaded_by=user, kind=MediaAsset.Kind.IMAGE, content_type="image/png", file=""
    )

    # when the thumbnails step runs for it
    result = media_thumbnails_make(media_id=media.pk)

    # then nothing is made and the image says it failed, instead of the task crashing
    media.refresh_from_db()
    assert result is None
    assert media.status == MediaAsset.Status.FAILED
    assert media.thumbnails == {}
