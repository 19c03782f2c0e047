"""The composer re-encodes photos before it opens the post's transaction (SQLite's write lock
never waits for image processing), and a refused post leaves none of its uploads behind."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from agora.media.models import MediaAsset
from agora.social.models import Post
from agora.social.views import feed
from tests.factories import ProductFactory, ShopFactory, UserFactory
from tests.social.web.conftest import png_upload


def _stored_files(settings) -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


@pytest.fixture
def spied_uploads(monkeypatch):
    """Calls the real media pipeline, noting whether a transaction was open at each call."""
    in_transaction: list[bool] = []
    real = feed.media_upload

    def spy(**kwargs):
        in_transaction.append(connection.in_atomic_block)
        return real(**kwargs)

    monkeypatch.setattr(feed, "media_upload", spy)
    return in_transaction


@pytest.mark.django_db(transaction=True)
def test_photos_are_processed_before_the_post_transaction_opens(client, spied_uploads):
    ana = UserFactory()
    client.force_login(ana)

    response = client.post(
        "/compose",
        {
            "text": "Two photos and a poll",
            "photos": [png_upload("a.png"), png_upload("b.png")],
            "poll_option_1": "Red",
            "poll_option_2": "Blue",
            "poll_image_1": png_upload("red.png"),
        },
    )

    assert response.status_code == 302
    assert spied_uploads == [False, False, False]
    post = Post.objects.get(text="Two photos and a poll")
    assert post.post_media.count() == 2
    assert MediaAsset.objects.filter(uploaded_by=ana).count() == 3


@pytest.mark.django_db(transaction=True)
def test_a_refused_post_leaves_no_uploads_behind(client, settings, spied_uploads):
    ana = UserFactory()
    shop = ShopFactory()
    six = [str(ProductFactory(shop=shop).pk) for _ in range(6)]
    client.force_login(ana)

    response = client.post(
        "/compose",
        {"text": "Too many tags", "product_ids": six, "photos": [png_upload(), png_upload()]},
    )

    assert response.status_code == 400
    assert "Tag at most 5 products." in response.content.decode()
    assert spied_uploads == [False, False]  # they were processed, then taken back
    assert not Post.objects.exists()
    assert not MediaAsset.objects.exists()
    assert _stored_files(settings) == []


@pytest.mark.django_db(transaction=True)
def test_a_bad_picture_takes_back_the_photos_uploaded_before_it(client, settings):
    ana = UserFactory()
    client.force_login(ana)
    not_an_image = SimpleUploadedFile("poll.png", b"plain text", content_type="image/png")

    response = client.post(
        "/compose",
        {
            "text": "Vote",
            "photos": [png_upload()],
            "poll_option_1": "Red",
            "poll_option_2": "Blue",
            "poll_image_1": not_an_image,
        },
    )

    assert response.status_code == 400
    assert not Post.objects.exists()
    assert not MediaAsset.objects.exists()
    assert _stored_files(settings) == []
