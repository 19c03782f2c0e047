"""Where a view came from (Event.via) and who saw it (Event.visitor_hash), over HTTP: the
share link's channel for half an hour after /s/CODE?c=..., else the Referer; the share intents
carry their channel on the short link."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from django.test import Client

from agora.analytics import services as analytics
from agora.analytics.models import Event
from agora.analytics.services import event_views_flush, visitor_hash
from agora.social.models import ShareLink
from agora.social.services.posts import post_create
from agora.social.via import share_via, via_of
from tests.factories import ProductFactory, ShopFactory, UserFactory

pytestmark = pytest.mark.django_db
UA = "Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0"
SITE = "http://testserver"


# --- the pure classification ------------------------------------------------------------------
@pytest.mark.parametrize(
    ("cookie", "referer", "expected"),
    [
        ("", "", "direct"),
        ("", "   ", "direct"),
        ("", f"{SITE}/posts/12", "post"),
        ("", f"{SITE}/posts/12?page=2#c", "post"),
        ("", f"{SITE}/search?q=linen", "search"),
        ("", f"{SITE}/search", "search"),
        ("", f"{SITE}/feed", "feed"),
        ("", f"{SITE}/", "feed"),
        ("", SITE, "feed"),
        ("", f"{SITE}/@boutique", "internal"),
        ("", f"{SITE}/posts/12/edit", "post"),
        ("", f"{SITE}/postsX", "internal"),
        ("", f"{SITE}/tags/summer", "internal"),
        ("", "https://news.example/article", "external"),
        ("", "https://testserver.evil.example/posts/1", "external"),
        ("", "android-app://com.whatsapp/", "external"),
        ("", "http://[not-a-host/", "external"),
        ("share:whatsapp", f"{SITE}/search?q=x", "share:whatsapp"),
        ("share:email", "", "share:email"),
        ("share:myspace", "", "direct"),  # a cookie we never set counts for nothing
        ("garbage", f"{SITE}/feed", "feed"),
    ],
)
def test_via_of_every_case(cookie, referer, expected):
    assert via_of(via_cookie=cookie, referer=referer, host="testserver") == expected


def test_a_share_channel_is_checked_against_the_known_ones():
    assert share_via("whatsapp") == "share:whatsapp"
    assert share_via(" X ") == "share:x"
    assert share_via("myspace") == "share:link"
    assert share_via(None) == "share:link"


# --- over HTTP -------------------------------------------------------------------------------
@pytest.fixture(autouse=True)
def _views_written_when_asked(monkeypatch):
    """Views are buffered per process: write this test's only when it asks, and none of
    another test's."""
    event_views_flush()
    monkeypatch.setattr(analytics, "VIEW_FLUSH_SECONDS", 3600.0)
    monkeypatch.setattr(analytics, "VIEW_BATCH", 10_000)
    yield
    event_views_flush()


@pytest.fixture
def boutique():
    return ShopFactory(handle="boutique", owner=UserFactory(username="seller"))


@pytest.fixture
def dress(boutique):
    return ProductFactory(shop=boutique, title="Linen dress", slug="linen-dress")


@pytest.fixture
def post(boutique, dress):
    owner = boutique.members.get().user
    return post_create(user=owner, text="New in!", product_ids=[dress.pk], as_shop="boutique")


def _views():
    event_views_flush()
    return list(Event.objects.filter(kind="view").order_by("pk"))


@pytest.mark.parametrize(
    ("referer", "expected"),
    [
        (None, "direct"),
        (f"{SITE}/feed", "feed"),
        (f"{SITE}/", "feed"),
        (f"{SITE}/search?q=linen", "search"),
        (f"{SITE}/posts/999", "post"),
        (f"{SITE}/@boutique", "internal"),
        ("https://news.example/a", "external"),
    ],
)
def test_a_post_page_view_says_where_it_came_from(client, post, boutique, referer, expected):
    headers = {"HTTP_REFERER": referer} if referer else {}

    assert client.get(post.get_absolute_url(), **headers).status_code == 200

    (view,) = _views()
    assert (view.object_type, view.object_id, view.shop_id) == ("post", post.pk, boutique.pk)
    assert view.via == expected


def test_a_product_page_view_says_where_it_came_from(client, dress, boutique):
    client.get(dress.get_absolute_url(), HTTP_REFERER=f"{SITE}/search?q=dress")

    (view,) = _views()
    assert (view.object_type, view.object_id, view.via) == ("product", dress.pk, "search")


def test_views_after_a_whatsapp_share_link_come_from_whatsapp(make_api, client, post):
    intent = make_api(UserFactory()).post(f"/posts/{post.pk}/share", {"channel": "whatsapp"})
    code = ShareLink.objects.get().code
    assert quote(f"/s/{code}?c=whatsapp", safe="") in intent.json()["intent_url"]

    redirect = client.get(f"/s/{code}?c=whatsapp", HTTP_REFERER="https://web.whatsapp.com/")
    cookie = redirect.cookies["agora_via"]
    assert cookie.value == "share:whatsapp"
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
    assert cookie["max-age"] == 1800
    # the post page, then another page from it: both within the half hour of the share
    client.get(redirect["Location"], HTTP_REFERER="https://web.whatsapp.com/")
    client.get(post.get_absolute_url(), HTTP_REFERER=f"{SITE}/feed")

    assert [v.via for v in _views()] == ["share:whatsapp", "share:whatsapp"]
    (click,) = Event.objects.filter(kind="share_click")
    assert (click.via, click.object_type, click.object_id) == ("share:whatsapp", "post", post.pk)


@pytest.mark.parametrize(("query", "expected"), [("?c=myspace", "share:link"), ("", "share:link")])
def test_a_share_link_without_a_known_channel_counts_as_the_plain_link(
    make_api, client, post, query, expected
):
    make_api(UserFactory()).post(f"/posts/{post.pk}/share", {"channel": "link"})
    code = ShareLink.objects.get().code

    redirect = client.get(f"/s/{code}{query}")
    client.get(redirect["Location"])

    assert redirect.cookies["agora_via"].value == expected
    assert Event.objects.get(kind="share_click").via == expected
    assert [v.via for v in _views()] == [expected]


@pytest.mark.parametrize("channel", ["x", "facebook", "pinterest", "whatsapp", "email"])
def test_every_intent_carries_its_channel_and_the_personal_link_none(make_api, post, channel):
    api = make_api(UserFactory())

    body = api.post(f"/posts/{post.pk}/share", {"channel": channel}).json()
    plain = api.post(f"/posts/{post.pk}/share", {"channel": "link"}).json()

    assert quote(f"{body['url']}?c={channel}", safe="") in body["intent_url"]
    assert plain["intent_url"] == plain["url"] and "?c=" not in plain["url"]


# --- who saw it --------------------------------------------------------------------------------
def test_a_signed_in_view_is_hashed_by_the_account(client, post):
    ana = UserFactory()
    client.force_login(ana)

    client.get(post.get_absolute_url())

    (view,) = _views()
    assert (view.actor_id, view.visitor_hash) == (ana.pk, visitor_hash(user_id=ana.pk))


def test_an_anonymous_view_is_hashed_by_the_visitor_cookie(client, post):
    client.cookies["agora_vid"] = "k3yK3yK3yK3yK3yK3yK3y"

    client.get(post.get_absolute_url())

    (view,) = _views()
    assert view.visitor_hash == visitor_hash(visitor="k3yK3yK3yK3yK3yK3yK3y")


def test_a_view_without_a_cookie_is_hashed_by_address_and_browser_never_stored(post):
    first = Client(REMOTE_ADDR="203.0.113.9", HTTP_USER_AGENT=UA)
    again = Client(REMOTE_ADDR="203.0.113.9", HTTP_USER_AGENT=UA)
    other = Client(REMOTE_ADDR="198.51.100.4", HTTP_USER_AGENT=UA)

    for visitor in (first, again, other):
        visitor.get(post.get_absolute_url())

    views = _views()
    expected = visitor_hash(ip="203.0.113.9", user_agent=UA)
    assert [v.visitor_hash for v in views[:2]] == [expected, expected]
    assert views[2].visitor_hash not in {"", expected}
    for view in views:
        stored = " ".join(str(getattr(view, f.attname)) for f in Event._meta.concrete_fields)
        assert "203.0.113.9" not in stored and "198.51.100.4" not in stored
