"""A category page looks the same to every viewer but for base.html's live holes (header,
menu, messages, CSRF token, CSP nonce), so it is kept whole under everything it shows
(`page_key`, core.templatetags.frozen) and the next request renders only those holes: still
each viewer's own header, and any change of what the page shows at once."""

import re

import pytest
from django.contrib.messages import constants
from django.contrib.messages.storage.base import Message
from django.contrib.messages.storage.cookie import CookieStorage
from django.test import Client, RequestFactory

from agora.catalog.models import Product
from tests.factories import PASSWORD, UserFactory
from tests.kept_pages import normal, rendered

pytestmark = pytest.mark.django_db

PAGE = "discovery/category_detail.html"


def _signed_in(user) -> Client:
    client = Client()
    assert (
        client.post("/login", {"username": user.username, "password": PASSWORD}).status_code == 302
    )
    return client


def test_the_second_read_renders_only_the_holes_and_says_the_same(client, tree, make_product):
    make_product(category=tree["mugs"], title="Blue mug")
    first = client.get("/c/mugs")
    second = client.get("/c/mugs")
    assert first.status_code == second.status_code == 200
    assert PAGE in rendered(first)
    assert PAGE not in rendered(second)  # kept: the extends chain is not walked again
    assert second["Content-Type"] == "text/html; charset=utf-8"
    assert normal(second.content.decode()) == normal(first.content.decode())
    assert "Blue mug" in second.content.decode()


def test_a_price_or_title_change_shows_at_once(client, tree, make_product):
    mug = make_product(category=tree["mugs"], title="Blue mug", price=1500)
    assert "Blue mug" in client.get("/c/mugs").content.decode()
    Product.objects.filter(pk=mug.pk).update(title="Green mug", price_amount=2500)

    page = client.get("/c/mugs").content.decode()

    assert "Green mug" in page and "Blue mug" not in page
    assert "25.00" in page


def test_each_viewer_gets_their_own_header_and_token_on_a_kept_page(tree, make_product):
    make_product(category=tree["mugs"], title="Blue mug")
    visitor = Client().get("/c/mugs").content.decode()
    assert "Sign in" in visitor

    ana = UserFactory(username="ana_kept")
    client = _signed_in(ana)
    page = client.get("/c/mugs")
    html = page.content.decode()
    assert PAGE not in rendered(page)  # the visitor's rendering was kept
    assert "@ana_kept" in html
    assert 'action="/logout"' in html
    token = re.search(r'"X-CSRFToken": "([^"]+)"', html)
    assert token and token.group(1) not in visitor
    # The body is the visitor's, word for word, but for the holes.
    body = html[html.index('<main id="main"') :]
    assert "Blue mug" in body


def test_the_language_and_the_query_string_each_have_their_page(client, tree, make_product):
    for n in range(3):
        make_product(category=tree["mugs"], title=f"Mug {n}", price=1000 + n)
    english = client.get("/c/mugs").content.decode()
    german = client.get("/c/mugs?lang=de").content.decode()
    assert 'lang="de"' in german and 'lang="en"' in english
    cheap_first = client.get("/c/mugs?sort=price_asc").content.decode()
    dear_first = client.get("/c/mugs?sort=price_desc").content.decode()
    assert cheap_first.index("Mug 0") < cheap_first.index("Mug 2")
    assert dear_first.index("Mug 2") < dear_first.index("Mug 0")


def test_a_message_shows_once_on_a_kept_page(client, tree, make_product):
    make_product(category=tree["mugs"], title="Blue mug")
    client.get("/c/mugs")
    client.get("/c/mugs")  # kept now
    storage = CookieStorage(RequestFactory().get("/"))
    client.cookies[storage.cookie_name] = storage._encode([Message(constants.SUCCESS, "Saved ✓")])

    assert '<li class="message success">Saved ✓</li>' in client.get("/c/mugs").content.decode()
    assert "Saved ✓" not in client.get("/c/mugs").content.decode()  # shown once
