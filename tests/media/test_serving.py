"""Served media carries its sniffed type and nosniff, whatever name it was uploaded with."""

import pytest

from tests.media.helpers import image_bytes, served, upload

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("fmt", "name", "content_type"),
    [
        ("JPEG", "a.png", "image/jpeg"),
        ("PNG", "a.gif", "image/png"),
        ("WEBP", "a.jpg", "image/webp"),
    ],
)
def test_served_media_has_its_sniffed_type_and_nosniff(user_api, api, fmt, name, content_type):
    response = upload(user_api, "/media", image_bytes(fmt), name=name, content_type="text/html")

    served_response, _ = served(api.client, response.json()["url"])

    assert served_response.status_code == 200
    assert served_response["Content-Type"] == content_type
    assert served_response["X-Content-Type-Options"] == "nosniff"
