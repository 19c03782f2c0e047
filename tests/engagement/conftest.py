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


# --- share rewards and referrals (tests/engagement/test_referrals_*.py) ----------------------
GOOD_CARD = "4242424242424242"


@pytest.fixture
def referrals_on(settings):
    settings.AGORA_ALLOW_TEST_PAYMENTS = True
    settings.RATELIMIT_ENABLE = False


@pytest.fixture
def vase(shop):
    """A 20.00 EUR vase of Atelier Nord, 50 on hand."""
    from tests.factories import ProductFactory

    return ProductFactory(
        shop=shop,
        title="Stoneware vase",
        slug="stoneware-vase",
        price_amount=2000,
        variants=[{"options": {}, "stock": 50}],
    )


@pytest.fixture
def set_program(owner_api, shop):
    """PUTs Atelier Nord's referral program as its owner; returns the response."""

    def _set(**fields):
        body = {
            "reward_kind": "points",
            "reward_value": 150,
            "friend_discount_percent": 10,
            "return_window_days": 14,
            **fields,
        }
        return owner_api.request("put", "/shops/atelier/referral-program", body)

    return _set


def share_code(api, product) -> str:
    """The caller shares the product; returns the code of their /s/CODE link."""
    response = api.post(f"/products/{product.pk}/share", {"channel": "link"})
    assert response.status_code == 200, response.content
    return response.json()["url"].rsplit("/s/", 1)[1]


def buy(api, variant, *, code=None, email="friend@example.org", coupon=None, key="k1", **address):
    """Follows the share link (when given) in the buyer's own browser session (its cookies),
    adds the variant, checks out and pays with the test card. Returns the order's JSON."""
    from tests.factories import shipping_address

    if code is not None:
        assert api.client.get(f"/s/{code}").status_code == 302
    assert api.post("/cart/lines", {"variant_id": variant.pk, "quantity": 1}).status_code == 201
    body = {
        "email": email,
        "shipping_address": shipping_address(**address),
        "payment_provider": "test",
    }
    if coupon:
        body["coupon_code"] = coupon
    response = api.post("/checkout", body, HTTP_IDEMPOTENCY_KEY=key)
    assert response.status_code == 201, response.content
    checkout = response.json()
    paid = api.post(f"/payments/{checkout['payment']['id']}/confirm", {"card_number": GOOD_CARD})
    assert paid.status_code == 200, paid.content
    return checkout["orders"][0]
