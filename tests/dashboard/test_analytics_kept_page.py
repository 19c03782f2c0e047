"""The analytics page is rendered once per report version, language and address, then only
its holes per request (base.html freezes on `page_key`; core.templatetags.frozen): each viewer
still gets their own header, menu, messages and CSRF token, and new figures at once."""

import re

import pytest
from django.contrib.messages import constants
from django.contrib.messages.storage.base import Message
from django.contrib.messages.storage.cookie import CookieStorage
from django.test import Client, RequestFactory

from agora.shops.models import ShopMember
from agora.social.models import Notification
from agora.social.services.notifications import notify
from tests.factories import PASSWORD, ShopFactory, UserFactory
from tests.insights.factories_events import EventFactory
from tests.kept_pages import normal, rendered

pytestmark = pytest.mark.django_db

PAGE = "dashboard/analytics_shop.html"


@pytest.fixture
def owner():
    return UserFactory(username="owner_one")


@pytest.fixture
def shop(owner):
    return ShopFactory(owner=owner, handle="kept_shop", name="Kept Shop", currency="EUR")


def _client(user, *, csrf_checks: bool = False) -> Client:
    client = Client(enforce_csrf_checks=csrf_checks)
    if csrf_checks:  # the log-in form's own token is not what is tested here
        client.force_login(user)
        return client
    response = client.post("/login", {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302
    return client


def _like(shop) -> None:
    EventFactory(kind="like", object_type="post", object_id=1, shop_id=shop.pk)


def _likes(html: str) -> str:
    found = re.search(r'data-figure="likes">([^<]*)<', html)
    assert found
    return found.group(1)


def test_the_second_read_renders_only_the_holes_and_says_the_same(owner, shop):
    _like(shop)
    client = _client(owner)
    first = client.get(f"/dashboard/{shop.handle}/analytics")
    second = client.get(f"/dashboard/{shop.handle}/analytics")
    assert first.status_code == second.status_code == 200
    assert PAGE in rendered(first)
    assert PAGE not in rendered(second)  # kept: the extends chain is not walked again
    assert second["Content-Type"] == "text/html; charset=utf-8"
    assert normal(second.content.decode()) == normal(first.content.decode())
    assert _likes(second.content.decode()) == "1"


def test_another_staff_member_gets_their_own_header_menu_and_token(owner, shop):
    moderator = UserFactory(username="staff_two", is_staff=True)
    ShopMember.objects.create(shop=shop, user=moderator, role=ShopMember.Role.STAFF)
    url = f"/dashboard/{shop.handle}/analytics"
    for _ in range(2):
        assert "@owner_one" in _client(owner).get(url).content.decode()

    client = _client(moderator, csrf_checks=True)
    html = client.get(url).content.decode()
    assert "@staff_two" in html
    assert "owner_one" not in html
    assert 'href="/moderation' in html  # site staff see the moderation link; the owner did not
    token = re.search(r'"X-CSRFToken": "([^"]+)"', html).group(1)
    assert token in re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    # The token on the kept page is this person's own: the language form accepts it.
    answer = client.post("/language", {"language": "de", "next": url, "csrfmiddlewaretoken": token})
    assert answer.status_code == 302
    german = client.get(url).content.decode()
    assert '<html lang="de">' in german
    assert "<h1>Statistiken</h1>" in german and "Abmelden" in german


def test_the_kept_page_keeps_the_headers_per_viewer_facts(owner, shop):
    """The header's facts (unread badge, Dashboard link and its section) are read in a hole
    before the header's own: on the kept page as on the first."""
    notify(recipients_of=owner.actor, kind=Notification.Kind.FOLLOW, actor=UserFactory().actor)
    client = _client(owner)
    url = f"/dashboard/{shop.handle}/analytics"
    client.get(url)
    kept = client.get(url)
    assert PAGE not in rendered(kept)
    html = kept.content.decode()
    assert re.search(r'<span class="badge accent nav-count">1<', html)
    assert 'href="/dashboard/" aria-current="page"' in html


def test_other_query_parameters_share_the_kept_page_with_their_own_links(owner, shop):
    client = _client(owner)
    url = f"/dashboard/{shop.handle}/analytics"
    client.get(url)
    junk = client.get(url + "?utm_source=mail")
    assert PAGE not in rendered(junk)  # the same kept page, not a new one per parameter
    html = junk.content.decode()
    assert "utm_source=mail&amp;lang=de" in html  # its hreflang links are its own
    assert "utm_source" not in client.get(url).content.decode()


def test_a_message_shows_on_the_kept_page(owner, shop):
    client = _client(owner)
    url = f"/dashboard/{shop.handle}/analytics"
    client.get(url)
    client.get(url)
    storage = CookieStorage(RequestFactory().get("/"))
    client.cookies[storage.cookie_name] = storage._encode([Message(constants.SUCCESS, "Saved ✓")])
    html = client.get(url).content.decode()
    assert '<li class="message success">Saved ✓</li>' in html
    assert "Saved ✓" not in client.get(url).content.decode()  # shown once


def test_new_figures_show_at_once(owner, shop):
    client = _client(owner)
    url = f"/dashboard/{shop.handle}/analytics"
    _like(shop)
    client.get(url)
    assert _likes(client.get(url).content.decode()) == "1"
    _like(shop)
    assert _likes(client.get(url).content.decode()) == "2"


def test_a_renamed_shop_shows_its_new_name(owner, shop):
    client = _client(owner)
    url = f"/dashboard/{shop.handle}/analytics"
    client.get(url)
    assert "Kept Shop" in client.get(url).content.decode()
    shop.name = "Renamed Shop"
    shop.save(update_fields=["name"])
    html = client.get(url).content.decode()
    assert "Renamed Shop" in html and "Kept Shop" not in html
