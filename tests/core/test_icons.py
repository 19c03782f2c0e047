"""The site's icons: /favicon.ico and /apple-touch-icon.png answer with real images (browsers
and phones ask for them without reading the page), and every page links them."""

import io

import pytest
from PIL import Image


def test_favicon_ico_is_a_real_icon(client):
    response = client.get("/favicon.ico")

    assert response.status_code == 200
    assert response["Content-Type"] == "image/x-icon"
    icon = Image.open(io.BytesIO(response.content))
    assert icon.format == "ICO"
    assert (32, 32) in icon.info["sizes"] and (16, 16) in icon.info["sizes"]


def test_the_touch_icon_is_a_180px_png(client):
    response = client.get("/apple-touch-icon.png")

    assert response.status_code == 200
    image = Image.open(io.BytesIO(response.content))
    assert (image.format, image.size) == ("PNG", (180, 180))


@pytest.mark.django_db
def test_pages_link_the_icons(client):
    html = client.get("/shops").content.decode()

    assert '<link rel="icon" href="/static/agora/icons/favicon' in html
    assert 'rel="apple-touch-icon" href="/static/agora/icons/apple-touch-icon' in html
