import io
import json
import os
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.cache import caches
from django.core.management import call_command
from django.test import Client, TestCase
from django.utils.translation import trans_real

from agora.accounts.services import token_create
from agora.analytics.visitors import visitor_salt_prime
from agora.catalog.services import product_media_add
from agora.core import content_cache
from agora.core.templatetags import frozen
from agora.social.services.like_notifications import like_notifications_write
from tests.factories import PASSWORD, ProductFactory, ShopFactory, UserFactory, product_media
from tests.media.helpers import image_bytes, uploaded


class ApiClient:
    """Django's test client speaking JSON with an optional bearer token."""

    def __init__(self, token: str | None = None):
        self.client = Client()
        self.token = token

    def _headers(self, extra=None):
        headers = {"HTTP_AUTHORIZATION": f"Bearer {self.token}"} if self.token else {}
        headers.update(extra or {})
        return headers

    def request(self, method, path, data=None, **extra):
        # The test transaction never commits: run the on-commit work (fan-out, e-mail) a
        # real request would have triggered when it returns.
        with TestCase.captureOnCommitCallbacks(execute=True):
            return self._request(method, path, data, **extra)

    def _request(self, method, path, data=None, **extra):
        url = path if path.startswith("/api/") else f"/api/v1{path}"
        kwargs = self._headers(extra)
        call = getattr(self.client, method)
        if method in {"get", "delete"} and data is None:
            return call(url, **kwargs)
        if method == "get":
            return call(url, data, **kwargs)
        body = data if isinstance(data, str | bytes) else json.dumps(data)
        return call(url, body, content_type="application/json", **kwargs)

    def get(self, path, data=None, **extra):
        return self.request("get", path, data, **extra)

    def post(self, path, data=None, **extra):
        return self.request("post", path, data if data is not None else {}, **extra)

    def patch(self, path, data=None, **extra):
        return self.request("patch", path, data if data is not None else {}, **extra)

    def delete(self, path, **extra):
        return self.request("delete", path, **extra)


@pytest.fixture(autouse=True)
def _clear_caches():
    for alias in ("default",):
        caches[alias].clear()
    content_cache.forget()  # each process's copies of cached fragments: cleared with the cache
    frozen.forget()  # the page chrome kept per process: each test starts from its own settings
    yield


@pytest.fixture(autouse=True)
def _no_random_rate_counter_purge(monkeypatch):
    """A rate-limit hit that opens a window purges ended windows by chance: never in tests, so
    a request's statements are the same every run (the purge has its own test)."""
    monkeypatch.setattr("agora.core.ratelimit.PURGE_CHANCE", 0.0)


@pytest.fixture(autouse=True)
def _visitor_salt_known():
    """The day's visitor salt is read once per process and day: known from the start in
    tests, so a request's statements are the same every run (tests/analytics test the salts)."""
    visitor_salt_prime(salt="00" * 32)


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def api():
    return ApiClient()


@pytest.fixture
def make_api():
    def _make(user=None):
        if user is None:
            return ApiClient()
        _token, raw = token_create(user=user)
        return ApiClient(raw)

    return _make


@pytest.fixture
def notify_likes():
    """Runs what the background task does every few seconds: writes the notifications of the
    likes made so far (no settling time: the test is the only writer)."""

    def _run():
        return like_notifications_write(settle=timedelta(0))

    return _run


@pytest.fixture
def user(db):
    return UserFactory()


@pytest.fixture
def user_api(user, make_api):
    return make_api(user)


@pytest.fixture
def shop(db, user):
    return ShopFactory(owner=user)


@pytest.fixture
def product(db, shop):
    return ProductFactory(shop=shop)


# --- browser tests: one Chromium per test process, shared by every browser test -------------
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.skip(f"Browser tests need Chromium at {CHROMIUM}; it is not installed.")
    from playwright.sync_api import sync_playwright

    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


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


@pytest.fixture
def add_media():
    """Stores a product image (with 320/640 thumbnails) or a video with a poster."""
    return product_media


@pytest.fixture
def page(browser):
    """A fresh browser context on the session's shared Chromium; console errors (CSP violations
    included) are collected in `page.console_errors` for the test to check."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US")
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.console_errors = errors
    yield page
    context.close()


@pytest.fixture
def stranger_api(make_api):
    """An API client signed in as someone with no part in the shop."""
    return make_api(UserFactory())


@pytest.fixture
def product_photo(user, product, django_capture_on_commit_callbacks):
    """A photo of `product` uploaded by its shop's owner, thumbnails made."""
    with django_capture_on_commit_callbacks(execute=True):
        media = product_media_add(
            actor=user,
            product=product,
            file=uploaded(image_bytes("PNG", (400, 300)), "a.png"),
            angle="front",
            alt="Front view",
        )
    media.refresh_from_db()
    return media
