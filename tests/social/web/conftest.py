import contextlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DatabaseError

from agora.analytics.services import event_views_flush
from agora.social.services.follows import follow_create
from agora.social.services.posts import post_create
from tests.factories import ProductFactory, ShopFactory, UserFactory, png_bytes


@pytest.fixture(autouse=True)
def _run_on_commit_tasks(request):
    """Fan-out runs from transaction.on_commit; run those callbacks as they are captured
    (browser tests commit for real, so their callbacks run by themselves)."""
    if "live_server" in request.fixturenames:
        yield
        return
    capture = request.getfixturevalue("django_capture_on_commit_callbacks")
    with capture(execute=True):
        yield


@pytest.fixture(autouse=True)
def _no_buffered_views_across_tests():
    """Page views are buffered per process; write this test's views before its data goes, so
    the next test doesn't flush rows that name deleted accounts."""
    with contextlib.suppress(DatabaseError):
        event_views_flush()
    yield
    with contextlib.suppress(DatabaseError):
        event_views_flush()


def png_upload(name: str = "photo.png", size=(640, 480), color=(194, 65, 12)):
    return SimpleUploadedFile(name, png_bytes(*size, color), content_type="image/png")


@pytest.fixture
def world(db):
    """A shop (owned by Maya) with a product, a shopper Ana who follows it, and a stranger."""
    maya = UserFactory(username="maya", display_name="Maya Roux")
    shop = ShopFactory(handle="atelier", name="Atelier Nord", owner=maya)
    product = ProductFactory(shop=shop, title="Linen shirt", slug="linen-shirt", price_amount=4900)
    ana = UserFactory(username="ana", display_name="Ana Lima")
    stranger = UserFactory(username="stranger")
    follow_create(user=ana, handle="atelier")

    class World:
        pass

    w = World()
    w.maya, w.shop, w.product, w.ana, w.stranger = maya, shop, product, ana, stranger
    return w


@pytest.fixture
def shop_post(world):
    """The shop's post tagging its product."""
    return post_create(
        user=world.maya,
        text="New in: our #linen shirt, sewn in Lille.",
        product_ids=[world.product.pk],
        as_shop="atelier",
    )
