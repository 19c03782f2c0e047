"""A shop that asks its followers to vote, and the people who vote."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from agora.engagement.models import Poll
from agora.media.services import media_upload
from tests.factories import ProductFactory, ShopFactory, UserFactory


def png(name: str = "option.png", color=(194, 65, 12), size=(480, 480)) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def in_(minutes: float) -> str:
    """An ISO 8601 deadline `minutes` from now, with its UTC offset."""
    return (timezone.now() + timedelta(minutes=minutes)).isoformat()


def poll_body(labels=("Terracotta", "Sage", "Ink"), *, minutes: float = 60 * 24, **extra) -> dict:
    poll = {"options": [{"label": label} for label in labels], "closes_at": in_(minutes)}
    poll.update(extra)
    return poll


def close_now(poll_id: int) -> None:
    """The deadline passes (the clock moves on; the closing task has not run)."""
    Poll.objects.filter(pk=poll_id).update(closes_at=timezone.now() - timedelta(seconds=1))


@pytest.fixture
def owner(db):
    return UserFactory(username="maya", display_name="Maya Roux")


@pytest.fixture
def shop(owner):
    return ShopFactory(handle="atelier", name="Atelier Nord", owner=owner, currency="EUR")


@pytest.fixture
def owner_api(owner, make_api):
    return make_api(owner)


@pytest.fixture
def post_poll(owner_api, shop):
    """Posts as the shop with a poll; returns the response's JSON post."""

    def _post(text: str = "Which colour next? #vote", **poll) -> dict:
        body = {"text": text, "as_shop": "atelier", "poll": poll_body(**poll)}
        response = owner_api.post("/posts", body)
        assert response.status_code == 201, response.content
        return response.json()

    return _post


@pytest.fixture
def voters(make_api):
    """Three people with API clients."""
    people = [UserFactory(username=name) for name in ("ana", "ben", "chloe")]
    return [(person, make_api(person)) for person in people]


@pytest.fixture
def image(owner):
    return media_upload(uploader=owner, file=png(), alt="A terracotta swatch")


# --- creator partnerships (see tests/engagement/partners.py) ---------------------------------
@pytest.fixture
def creator(db):
    return UserFactory(username="lea", display_name="Léa Martin", is_creator=True)


@pytest.fixture
def mug(shop):
    """A 20.00 EUR mug with plenty in stock."""
    return ProductFactory(
        shop=shop,
        title="Mug",
        price_amount=2000,
        options=[],
        variants=[{"options": {}, "stock": 50}],
    )


@pytest.fixture
def creator_api(creator, make_api):
    return make_api(creator)
