"""Counts the SQL queries each page makes, in-process, against the bench database.

Django is set up here with the same environment the server gets, so the numbers describe the
same data the load test hit. Each page is requested once to warm caches, then once more under
CaptureQueriesContext: the second count is the steady state a visitor sees.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class PageQueries:
    status: int
    queries: int


def setup_django() -> None:
    import django

    django.setup()


def product_path(shop_handle: str) -> str:
    """The first active product of the shop, as its page URL."""
    from agora.catalog.models import Product

    product = (
        Product.objects.filter(shop__handle=shop_handle, status=Product.Status.ACTIVE)
        .select_related("shop")
        .order_by("id")
        .first()
    )
    if product is None:
        raise SystemExit(f"No active product in @{shop_handle}: did seed_demo run?")
    return product.get_absolute_url()


def session_key_for(username: str) -> str:
    """Mints a signed-in session for username straight in the session store."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import (
        BACKEND_SESSION_KEY,
        HASH_SESSION_KEY,
        SESSION_KEY,
        get_user_model,
    )

    user = get_user_model().objects.get(username=username)
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return store.session_key


def session_cookie_name() -> str:
    from django.conf import settings

    return settings.SESSION_COOKIE_NAME


def count_queries(
    paths: list[str],
    *,
    username: str | None,
    headers: dict[str, dict[str, str]] | None = None,
) -> dict[str, PageQueries]:
    """Steady-state query count per path, signed in as `username` (session; None: anonymous);
    `headers` per path add e.g. a bearer token for the API."""
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(raise_request_exception=False)  # a failing page is a 500, not a crash
    if username is not None:
        client.force_login(get_user_model().objects.get(username=username))
    counts = {}
    for path in paths:
        extra = (headers or {}).get(path, {})
        client.get(path, headers=extra)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(path, headers=extra)
        counts[path] = PageQueries(status=response.status_code, queries=len(captured))
    return counts
