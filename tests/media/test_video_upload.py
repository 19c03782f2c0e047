"""Videos: MP4 and WebM are remuxed by ffmpeg without metadata and get a JPEG poster."""

import io

import pytest
from django.conf import settings
from PIL import Image

from agora.media.models import MediaAsset
from tests.media.helpers import ffprobe_tags, has_ffmpeg, make_video, served, stored_files, upload

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not has_ffmpeg(), reason="ffmpeg is installed by `make system-deps`"),
]


@pytest.fixture
def mp4(tmp_path):
    return make_video(tmp_path / "clip.mp4", container="mp4", title="secret")


def test_an_mp4_is_accepted_with_a_poster_and_its_metadata_stripped(
    user_api, product, mp4, tmp_path
):
    # given an MP4 whose container says title=secret
    assert ffprobe_tags(tmp_path / "clip.mp4").get("title") == "secret"

    # when the shop owner uploads it under a misleading name
    response = upload(
        user_api,
        f"/products/{product.pk}/media",
        mp4,
        name="clip.mov",
        content_type="application/octet-stream",
        angle="in_use",
    )

    # then it is a ready video with its size and a JPEG poster
    assert response.status_code == 201, response.content
    media = response.json()
    assert (media["kind"], media["status"], media["content_type"]) == (
        "video",
        "ready",
        "video/mp4",
    )
    assert (media["width"], media["height"]) == (320, 240)
    assert media["poster_url"].startswith(settings.AGORA_BASE_URL + "/media/")
    poster_response, poster = served(user_api.client, media["poster_url"])
    assert poster_response["Content-Type"] == "image/jpeg"
    assert Image.open(io.BytesIO(poster)).size == (320, 240)

    # and the served video has no title left in its container
    video_response, video = served(user_api.client, media["url"])
    assert video_response["Content-Type"] == "video/mp4"
    assert video_response["X-Content-Type-Options"] == "nosniff"
    assert b"secret" not in video
    (tmp_path / "served.mp4").write_bytes(video)
    assert "title" not in ffprobe_tags(tmp_path / "served.mp4")


def test_a_webm_is_accepted_and_stays_webm(user_api, tmp_path):
    data = make_video(tmp_path / "clip.webm", container="webm", title="secret")

    response = upload(user_api, "/media", data, name="clip.mp4", content_type="video/mp4")

    assert response.status_code == 201, response.content
    assert response.json()["content_type"] == "video/webm"
    _, video = served(user_api.client, response.json()["url"])
    (tmp_path / "served.webm").write_bytes(video)
    assert "title" not in {k.lower() for k in ffprobe_tags(tmp_path / "served.webm")}


def test_a_truncated_mp4_is_refused_and_leaves_nothing(user_api, mp4):
    response = upload(user_api, "/media", mp4[: len(mp4) // 2], name="clip.mp4")

    assert response.status_code == 422
    assert response.json()["error"]["code"] == "corrupt"
    assert "file" in response.json()["error"]["fields"]
    assert not MediaAsset.objects.exists()
    assert stored_files(settings.MEDIA_ROOT) == []


def test_a_video_over_the_video_limit_is_refused_as_too_large(user_api, mp4, settings):
    settings.AGORA_MAX_VIDEO_BYTES = len(mp4) - 1

    response = upload(user_api, "/media", mp4, name="clip.mp4")

    assert response.status_code == 413
    assert response.json()["error"]["code"] == "too_large"
    assert not MediaAsset.objects.exists()


def test_without_ffmpeg_videos_are_refused_rather_than_stored_as_uploaded(
    user_api, mp4, monkeypatch
):
    # given a server where ffmpeg cannot be found
    monkeypatch.setenv("PATH", "/nonexistent")

    # when a video is uploaded
    response = upload(user_api, "/media", mp4, name="clip.mp4")

    # then it is refused with a clear message and nothing is stored
    assert response.status_code == 422
    assert "not available" in response.json()["error"]["message"]
    assert not MediaAsset.objects.exists()
    assert stored_files(settings.MEDIA_ROOT) == []
