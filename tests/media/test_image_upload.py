"""Uploading images: the type comes from the bytes, metadata never survives, bad files leave
nothing behind."""

import io

import pytest
from django.conf import settings
from PIL import Image

from agora.media.models import MediaAsset
from tests.media.helpers import (
    CAMERA,
    image_bytes,
    jpeg_with_gps,
    noisy_jpeg,
    png_header_claiming,
    served,
    stored_files,
    upload,
)

pytestmark = pytest.mark.django_db


def _assert_no_metadata(data: bytes):
    image = Image.open(io.BytesIO(data))
    assert len(image.getexif()) == 0
    assert "exif" not in image.info
    assert "icc_profile" not in image.info
    assert "xmp" not in image.info
    assert CAMERA.encode() not in data
    assert b"Exif\x00" not in data


def _assert_refused(response, *, status=422, code=None):
    assert response.status_code == status, response.content
    body = response.json()["error"]
    assert "file" in body["fields"]
    if code:
        assert body["code"] == code
    assert not MediaAsset.objects.exists()
    assert stored_files(settings.MEDIA_ROOT) == []
    return body


def test_gps_and_camera_metadata_are_gone_from_the_stored_file_and_every_thumbnail(
    product, user_api, api, django_capture_on_commit_callbacks
):
    # given a phone photo carrying GPS coordinates, a camera make and an ICC profile
    original = jpeg_with_gps(size=(1600, 1200))

    # when the shop owner uploads it and the thumbnails task runs
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(user_api, f"/products/{product.pk}/media", original, angle="front")

    # then no served byte carries the metadata: not the original, not a thumbnail
    assert response.status_code == 201, response.content
    media = api.get(f"/media/{response.json()['id']}").json()
    assert media["status"] == "ready"
    assert media["content_type"] == "image/jpeg"
    urls = [media["url"]] + [t["url"] for t in media["thumbnails"]]
    assert len(urls) == 4
    for url in urls:
        served_response, body = served(api.client, url)
        assert served_response.status_code == 200
        _assert_no_metadata(body)
    assert served(api.client, media["url"])[1] != original


def test_exif_orientation_is_applied_before_the_metadata_is_dropped(user_api):
    # given a landscape-stored photo whose EXIF says "rotate 90° clockwise to view"
    original = jpeg_with_gps(size=(40, 20), orientation=6)

    # when it is uploaded
    response = upload(user_api, "/media", original)

    # then the stored image is upright (portrait) and carries no orientation tag
    assert response.status_code == 201, response.content
    assert (response.json()["width"], response.json()["height"]) == (20, 40)
    _, body = served(user_api.client, response.json()["url"])
    assert Image.open(io.BytesIO(body)).size == (20, 40)
    _assert_no_metadata(body)


def test_a_png_named_jpg_is_stored_and_served_as_png(user_api):
    # given a PNG that claims, by name and content type, to be a JPEG
    data = image_bytes("PNG", size=(30, 20))

    # when it is uploaded
    response = upload(user_api, "/media", data, name="holiday.jpg", content_type="image/jpeg")

    # then it is a PNG everywhere
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["content_type"] == "image/png"
    assert body["url"].endswith(".png")
    served_response, served_body = served(user_api.client, body["url"])
    assert served_response["Content-Type"] == "image/png"
    assert Image.open(io.BytesIO(served_body)).format == "PNG"


@pytest.mark.parametrize(
    ("fmt", "content_type", "stored_format"),
    [("JPEG", "image/jpeg", "JPEG"), ("WEBP", "image/webp", "WEBP"), ("GIF", "image/png", "PNG")],
)
def test_jpeg_webp_and_gif_are_accepted_and_re_encoded(user_api, fmt, content_type, stored_format):
    # given an image in one of the accepted formats
    data = image_bytes(fmt, size=(50, 40))

    # when it is uploaded under a misleading name
    response = upload(user_api, "/media", data, name="x.bin", content_type="text/plain")

    # then it is accepted, and a GIF's first frame is kept as PNG
    assert response.status_code == 201, response.content
    assert response.json()["content_type"] == content_type
    _, body = served(user_api.client, response.json()["url"])
    assert Image.open(io.BytesIO(body)).format == stored_format
    assert (response.json()["width"], response.json()["height"]) == (50, 40)


def test_a_text_file_named_png_is_refused(user_api):
    response = upload(
        user_api, "/media", b"just some words\n" * 10, name="cat.png", content_type="image/png"
    )

    body = _assert_refused(response, code="unsupported_type")
    assert "JPEG" in body["message"]


def test_an_svg_image_is_refused(user_api):
    svg = (
        b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
        b"<script>alert(document.cookie)</script><rect width='10' height='10'/></svg>"
    )

    response = upload(user_api, "/media", svg, name="logo.svg", content_type="image/svg+xml")

    _assert_refused(response, code="unsupported_type")


def test_an_html_page_disguised_as_a_jpeg_is_refused(user_api):
    html = b"<!doctype html><html><body><script>fetch('/api/v1/me')</script></body></html>"

    response = upload(user_api, "/media", html, name="photo.jpg", content_type="image/jpeg")

    _assert_refused(response, code="unsupported_type")


def test_a_decompression_bomb_is_refused_from_its_header(user_api):
    # given a 50 000 × 50 000 PNG of a few hundred bytes
    bomb = png_header_claiming(50_000, 50_000)
    assert len(bomb) < 1000

    # when it is uploaded, then it is refused without being decoded
    response = upload(user_api, "/media", bomb, name="bomb.png", content_type="image/png")

    body = _assert_refused(response, code="too_many_pixels")
    assert "pixels" in body["message"]


def test_the_pixel_limit_is_checked_before_decoding(user_api):
    # given a header claiming 8000 × 6000 (48 MP, over the 40 MP limit) with almost no pixel data:
    # decoding it would fail as truncated, so a "too many pixels" answer proves no decoding happened
    response = upload(
        user_api, "/media", png_header_claiming(8000, 6000), name="a.png", content_type="image/png"
    )

    _assert_refused(response, code="too_many_pixels")


def test_the_pixel_limit_comes_from_settings(user_api, settings):
    settings.AGORA_MAX_IMAGE_PIXELS = 100 * 100

    response = upload(user_api, "/media", image_bytes("PNG", size=(101, 100)), name="a.png")

    _assert_refused(response, code="too_many_pixels")


def test_a_file_over_the_size_limit_is_refused_as_too_large(user_api, settings):
    # given a small limit and a noisy photo above it
    settings.AGORA_MAX_IMAGE_BYTES = 2_000
    data = noisy_jpeg()
    assert len(data) > 2_000

    # when it is uploaded
    response = upload(user_api, "/media", data)

    # then it is refused with 413 too_large on "file"
    body = _assert_refused(response, status=413, code="too_large")
    assert "MiB" in body["message"]


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda data: data[: len(data) // 2], id="truncated"),
        pytest.param(lambda data: data[:4] + b"\x00" * 200, id="garbage-after-signature"),
    ],
)
def test_a_corrupt_jpeg_is_refused(user_api, damage):
    response = upload(user_api, "/media", damage(noisy_jpeg()))

    _assert_refused(response, code="corrupt")


def test_an_empty_file_is_refused(user_api):
    response = upload(user_api, "/media", b"")

    _assert_refused(response)


def test_a_missing_file_is_a_422_on_file(user_api):
    response = user_api.client.post("/api/v1/media", {"alt": "nothing"}, **user_api._headers())

    assert response.status_code == 422
    assert "file" in response.json()["error"]["fields"]
    assert not MediaAsset.objects.exists()


def test_uploading_needs_a_token(api):
    response = upload(api, "/media", image_bytes())

    assert response.status_code == 401
    assert not MediaAsset.objects.exists()


def test_alt_text_over_the_limit_is_refused_on_alt(user_api):
    response = upload(user_api, "/media", image_bytes(), name="a.png", alt="x" * 301)

    assert response.status_code == 422
    assert "alt" in response.json()["error"]["fields"]
    assert stored_files(settings.MEDIA_ROOT) == []
