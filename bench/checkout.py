"""Checkout benchmark: SQL queries of one 5-line checkout, and orders/s with concurrent buyers.

`prepare()` (in-process, against whatever DATABASE_URL Django was set up with) makes
@bench_checkout with one product in 5 variants (stock large enough never to run out),
BUYERS people with an API token and a 5-line cart each (refilled every run: checkout empties
it), and counts the queries of one checkout through the API (after a warm-up checkout).
`drive()` then sends every buyer's `POST /api/v1/checkout` at once from THREADS threads, each
with its own Idempotency-Key, against a running server, and reports orders/s.

Run as a script (`python bench/checkout.py`) it prepares and prints JSON: run.py uses that to
prepare a PostgreSQL database (BENCH_DATABASE_URL) in a process set up for it.
"""

from __future__ import annotations

import json
import os
import sys
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

SHOP = "bench_checkout"
OWNER = "bench_checkout_owner"
BUYERS = int(os.environ.get("BENCH_CHECKOUT_BUYERS", "50"))
THREADS = 16
LINES = 5
GOAL_QUERIES = 40
BODY = {
    "email": "buyer@example.org",
    "shipping_address": {
        "name": "Bench Buyer",
        "line1": "1 Load Street",
        "city": "Lyon",
        "postal_code": "69001",
        "country": "FR",
    },
    "payment_provider": "test",
}


@dataclass
class Prepared:
    tokens: list[str]
    queries: int
    status: int
    seconds: float


@dataclass
class Load:
    database: str
    orders: int
    seconds: float
    statuses: dict[int, int] = field(default_factory=dict)
    queries: int = 0

    @property
    def rate(self) -> float:
        return self.orders / self.seconds if self.seconds else 0.0


def _variants():
    from django.contrib.auth import get_user_model

    from agora.catalog.models import Product, Variant
    from agora.shops.models import Shop
    from agora.shops.services import shop_create

    shop = Shop.objects.filter(handle=SHOP).first()
    if shop is None:
        import seed_scale

        owner = get_user_model().objects.get(pk=seed_scale.ensure_users([OWNER])[OWNER])
        shop = shop_create(owner=owner, handle=SHOP, name="Bench Checkout", currency="EUR")
    product, _new = Product.objects.get_or_create(
        shop=shop,
        slug="bench-tee",
        defaults={
            "title": "Bench tee",
            "price_amount": 1500,
            "currency": "EUR",
            "options": [{"name": "size", "values": ["XS", "S", "M", "L", "XL"]}],
        },
    )
    for i, size in enumerate(["XS", "S", "M", "L", "XL"]):
        Variant.objects.get_or_create(
            shop=shop,
            sku=f"BENCH-TEE-{size}",
            defaults={"product": product, "options": {"size": size}, "stock": 10**9, "position": i},
        )
    return list(Variant.objects.filter(product=product).select_related("product__shop"))


def _buyer(user_id: int, variants) -> str:
    from django.contrib.auth import get_user_model

    from agora.accounts.services import token_create
    from agora.commerce.services.cart import cart_for, cart_line_add

    user = get_user_model().objects.get(pk=user_id)
    cart = cart_for(user=user)
    if not cart.lines.exists():
        for variant in variants[:LINES]:
            cart_line_add(cart=cart, variant=variant, quantity=1, user=user)
    return token_create(user=user, name="bench")[1]


def prepare(buyers: int = BUYERS) -> Prepared:
    """Buyers with full carts and the query count of one checkout (see the module docstring)."""
    import seed_scale
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings

    started = time.monotonic()
    variants = _variants()
    names = ["bench_checkout_warm", "bench_checkout_q"]
    names += [f"bench_checkout_{i}" for i in range(buyers)]
    ids = seed_scale.ensure_users(names)  # one batch
    warm, measured = _buyer(ids[names[0]], variants), _buyer(ids[names[1]], variants)
    client = Client(raise_request_exception=False)

    def checkout(token):
        return client.post(
            "/api/v1/checkout",
            json.dumps(BODY),
            content_type="application/json",
            headers={"Authorization": f"Bearer {token}", "Idempotency-Key": uuid.uuid4().hex},
        )

    # The rate limiter would count these; the bench server runs without it too.
    with override_settings(RATELIMIT_ENABLE=False):
        checkout(warm)
        with CaptureQueriesContext(connection) as captured:
            response = checkout(measured)
    tokens = [_buyer(ids[name], variants) for name in names[2:]]
    return Prepared(tokens, len(captured), response.status_code, time.monotonic() - started)


def drive(base: str, tokens: list[str], *, database: str) -> Load:
    """Every buyer checks out once, THREADS at a time; orders/s over the whole burst."""
    import requests

    def post(token):
        return requests.post(
            f"{base}/api/v1/checkout",
            json=BODY,
            headers={
                "Authorization": f"Bearer {token}",
                "Idempotency-Key": uuid.uuid4().hex,
                "Connection": "close",
            },
            timeout=120,
        ).status_code

    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        codes = list(pool.map(post, tokens))
    seconds = time.monotonic() - started
    statuses: dict[int, int] = {}
    for code in codes:
        statuses[code] = statuses.get(code, 0) + 1
    return Load(database, statuses.get(201, 0), seconds, statuses)


def report_lines(loads: list[Load]) -> list[str]:
    lines = [
        "| database | SQL queries, 5-line checkout | goal | orders/s | buyers | statuses |",
        "| --- | ---: | ---: | ---: | ---: | --- |",
    ]
    for load in loads:
        mark = "ok" if load.queries <= GOAL_QUERIES else "**over**"
        statuses = ", ".join(f"{k}×{v}" for k, v in sorted(load.statuses.items()))
        lines.append(
            f"| {load.database} | {load.queries} | ≤ {GOAL_QUERIES} ({mark}) | "
            f"**{load.rate:,.1f}** | {sum(load.statuses.values())} | {statuses} |"
        )
    lines.append("")
    lines.append(
        f"Each buyer's `POST /api/v1/checkout` (5 lines, one shop, test provider, own "
        f"Idempotency-Key), {THREADS} at a time; orders/s over the whole burst."
    )
    return lines


if __name__ == "__main__":
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    import django

    django.setup()
    result = prepare()
    print(json.dumps(result.__dict__))
