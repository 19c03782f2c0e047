import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

pytestmark = pytest.mark.django_db


@pytest.fixture
def stored():
    payload = b"\x1aE\xdf\xa3" + bytes(range(256)) * 4  # a WebM (EBML) header, then data
    name = default_storage.save("uploads/test/clip.webm", ContentFile(payload))
    return name, payload


def test_media_is_served_with_its_sniffed_type_and_nosniff(client, stored):
    name, payload = stored
    response = client.get(f"/media/{name}")
    assert response.status_code == 200
    assert response["Content-Type"] == "video/webm"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == payload


def test_byte_ranges_are_served_for_video_seeking(client, stored):
    name, payload = stored
    response = client.get(f"/media/{name}", HTTP_RANGE="bytes=10-19")
    assert response.status_code == 206
    assert response["Content-Range"] == f"bytes 10-19/{len(payload)}"
    assert response.content == payload[10:20]
    tail = client.get(f"/media/{name}", HTTP_RANGE="bytes=-5")
    assert tail.content == payload[-5:]
    assert client.get(f"/media/{name}", HTTP_RANGE=f"bytes={len(payload)}-").status_code == 416


@pytest.mark.parametrize("path", ["../settings.py", "uploads/../../agora/settings.py", "nope.jpg"])
def test_paths_outside_media_or_missing_are_404(client, path):
    assert client.get(f"/media/{path}").status_code == 404
