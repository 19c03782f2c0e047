import json
import os
from pathlib import Path

import pytest
from django.core.cache import caches
from django.test import Client, TestCase

from agora.accounts.services import token_create
from tests.factories import ProductFactory, ShopFactory, UserFactory


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
    yield


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
