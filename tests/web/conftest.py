import io

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.test import Client
from django.utils.translation import trans_real
from PIL import Image

from agora.media.models import MediaAsset
from tests.factories import PASSWORD


@pytest.fixture(scope="session", autouse=True)
def _compiled_translations():
    """The fr/de catalogs are compiled from the .po files (the .mo files are not committed)."""
    call_command("compile_translations", stdout=io.StringIO())
    trans_real._translations = {}
    trans_real._default = None
    trans_real._active = trans_real.Local()


@pytest.fixture
def signed_in(client: Client):
    """Logs a person in through the real log-in page; returns the client."""

    def _sign_in(user) -> Client:
        response = client.post("/login", {"username": user.username, "password": PASSWORD})
        assert response.status_code == 302, response.content
        return client

    return _sign_in


def _png(width: int, height: int, color=(194, 65, 12)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), color).save(buffer, "PNG")
    return buffer.getvalue()


@pytest.fixture
def add_media():
    """Stores a product image (with 320/640 thumbnails) or a video with a poster."""

    def _add(product, *, angle="front", kind="image", alt="", position=0) -> MediaAsset:
        original = default_storage.save(f"uploads/test/{angle}.png", ContentFile(_png(800, 800)))
        asset = MediaAsset(
            uploaded_by=product.shop.members.first().user,
            shop=product.shop,
            product=product,
            kind=kind,
            angle=angle,
            alt=alt,
            content_type="image/png" if kind == "image" else "video/mp4",
            width=800,
            height=800,
            status=MediaAsset.Status.READY,
            position=position,
        )
        if kind == "image":
            asset.file.name = original
            asset.thumbnails = {
                str(w): default_storage.save(
                    f"thumbs/test/{angle}-{w}.png", ContentFile(_png(w, w))
                )
                for w in (320, 640)
            }
        else:
            asset.file.name = default_storage.save(
                f"uploads/test/{angle}.mp4", ContentFile(b"\x00\x00\x00\x18ftypmp42")
            )
            asset.poster.name = original
        asset.save()
        return asset

    return _add
