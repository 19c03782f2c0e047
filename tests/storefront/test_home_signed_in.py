"""Signing in lands on the feed; the signed-in home shows the feed and discovery, the
visitor's home the welcome."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from agora.discovery.models import PickList
from agora.social.services.posts import post_create
from tests.factories import PASSWORD, ProductFactory, UserFactory

pytestmark = pytest.mark.django_db


def html(response) -> str:
    return response.content.decode()


# --- Signing in ------------------------------------------------------------------------------


def test_signing_in_lands_on_the_feed(client):
    UserFactory(username="ana")

    response = client.post("/login", {"username": "ana", "password": PASSWORD})

    assert response.status_code == 302
    assert response["Location"] == "/feed"
    assert "Your feed" in html(client.get(response["Location"]))


def test_signing_in_follows_a_same_site_next(client):
    UserFactory(username="ana")

    response = client.post(
        "/login?next=/trending", {"username": "ana", "password": PASSWORD, "next": "/trending"}
    )

    assert response["Location"] == "/trending"


@pytest.mark.parametrize(
    "target", ["https://evil.example/", "//evil.example/feed", "javascript:alert(1)"]
)
def test_signing_in_never_follows_a_next_to_another_site(client, target):
    UserFactory(username="ana")

    response = client.post("/login", {"username": "ana", "password": PASSWORD, "next": target})

    assert response["Location"] == "/feed"


# --- The home page ---------------------------------------------------------------------------


def test_visitor_home_shows_the_welcome(client):
    page = html(client.get("/"))

    assert 'id="hero-title"' in page
    assert "Create your account" in page


def test_signed_in_home_shows_the_feed_and_discovery_not_the_welcome(
    client, world, shop_post, signed_in
):
    PickList.objects.create(owner_id=world.maya.actor_id, title="Summer linen", key="summerlinen1")
    signed_in(world.ana)

    page = html(client.get("/"))

    assert 'id="hero-title"' not in page
    assert "Create your account" not in page
    assert "Your feed" in page
    assert "New in: our" in page  # the followed shop's post
    assert "Summer linen" in page  # a pick list to discover
    assert 'href="/trending"' in page
    assert "New products" in page


def test_signed_in_home_says_when_the_feed_is_empty(client, signed_in):
    signed_in(UserFactory(username="leo"))

    page = html(client.get("/"))

    assert "Your feed is quiet for now." in page
    assert 'id="hero-title"' not in page


def test_signed_in_home_query_count_does_not_grow_with_posts(
    client, world, signed_in, django_capture_on_commit_callbacks
):
    signed_in(world.ana)
    counts = []
    for round_ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            for i in range(3 if round_ == 0 else 8):
                post_create(user=world.maya, text=f"Post {round_}-{i}", as_shop="atelier")
                ProductFactory()
        client.get("/")  # fills the card caches as any earlier visit would
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/")
        counts.append(len(queries))
        assert response.status_code == 200

    assert counts[0] == counts[1]
    # the session, the person, the header's facts, the feed's rows and facts, the shops,
    # the newest products, their covers, trending tags, pick lists
    assert counts[0] <= 14


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_signed_in_home_in_a_browser(live_server, page):
    """Signing in from the home page lands on the feed; the home then shows the feed beside
    what to discover, at phone and desktop widths, no wider than the screen."""
    from playwright.sync_api import expect

    from tests.browser import log_in, shoot_at_widths
    from tests.social.web.seed import seed_social

    world = seed_social(pictures=False)
    PickList.objects.create(
        owner_id=world["maya"].actor_id, title="Summer linen", key="summerlinen1"
    )
    base = live_server.url
    log_in(page, base, "ana")
    assert page.url == base + "/feed"

    page.goto(base + "/")
    expect(page.get_by_role("heading", name="Your feed")).to_be_visible()
    expect(page.get_by_role("link", name="Summer linen")).to_be_visible()
    shoot_at_widths(page, "home-signed-in")
    for width in (390, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        assert page.evaluate("document.documentElement.scrollWidth") <= width


def test_the_discovery_aside_is_kept_per_language(client, world, signed_in):
    PickList.objects.create(owner_id=world.maya.actor_id, title="Summer linen", key="summerlin2")
    signed_in(world.ana)
    first = html(client.get("/"))
    french = html(client.get("/?lang=fr"))

    assert "Summer linen" in first and "Summer linen" in french
    assert "Tendances" in french.split('class="social-aside"')[1]
    assert "Trending" in first.split('class="social-aside"')[1]
