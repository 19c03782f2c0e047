"""The one check for `next` redirects and the one answer to "who is looking"."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory, override_settings

from agora.core.urls_util import safe_next
from agora.core.viewer import viewer
from tests.factories import UserFactory

BASE = "https://agora.example"


@pytest.fixture
def rf():
    return RequestFactory()


@override_settings(AGORA_BASE_URL=BASE, ALLOWED_HOSTS=["agora.example", "evil.org"])
@pytest.mark.parametrize(
    "target",
    [
        "//evil.org",
        "//evil.org/path",
        "https://evil.org",
        "http://evil.org/orders/",
        "/\\evil.org",
        "\\\\evil.org",
        "/\\/evil.org",
        "///evil.org",
        "javascript:alert(1)",
        "JavaScript:alert(1)",
        " javascript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "https:evil.org",
        "http://agora.example/orders/",  # our host, but plain HTTP on a secure request
        "orders/",  # not a path from the root
        "\x01/orders/",
        "",
        None,
    ],
)
def test_another_site_or_scheme_falls_back_to_the_default(rf, target):
    request = rf.get("/", secure=True, HTTP_HOST="agora.example")
    assert safe_next(request, target, "/home/") == "/home/"


@override_settings(AGORA_BASE_URL=BASE, ALLOWED_HOSTS=["agora.example", "evil.org"])
def test_the_host_header_is_never_trusted(rf):
    # given a request whose Host header names another site
    request = rf.get("/", secure=True, HTTP_HOST="evil.org")
    # then a `next` on that host is refused: AGORA_BASE_URL is the one origin
    assert safe_next(request, "https://evil.org/x", "/home/") == "/home/"


@override_settings(AGORA_BASE_URL=BASE)
@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("/orders/", "/orders/"),
        ("/shop/tea/?page=2&sort=new", "/shop/tea/?page=2&sort=new"),
        ("/p/12/#comments", "/p/12/#comments"),
        ("https://agora.example/orders/?x=1", "/orders/?x=1"),  # our origin: the path is kept
    ],
)
def test_same_site_paths_are_kept(rf, target, expected):
    request = rf.get("/", secure=True, HTTP_HOST="agora.example")
    assert safe_next(request, target, "/home/") == expected


@override_settings(AGORA_BASE_URL="http://127.0.0.1:8000")
def test_plain_http_is_fine_on_a_plain_http_site(rf):
    request = rf.get("/", HTTP_HOST="127.0.0.1:8000")
    assert safe_next(request, "http://127.0.0.1:8000/cart/", "/") == "/cart/"


@pytest.mark.django_db
def test_a_page_sees_the_session_user_and_the_api_only_its_token(rf):
    person, other = UserFactory(), UserFactory()
    page = rf.get("/")
    page.user = person
    assert viewer(page) == person
    page.user = AnonymousUser()
    assert viewer(page) is None
    assert viewer(rf.get("/")) is None  # no authentication middleware ran

    # in the API the token's person (request.auth) counts, not a session cookie
    api = rf.get("/api/v1/")
    api.user = other
    api.auth = person
    assert viewer(api) == person
    api.auth = AnonymousUser()  # a public read without a token
    assert viewer(api) is None
