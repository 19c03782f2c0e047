"""Property-based tests of every operation in /api/v1/openapi.json, with Schemathesis.

Design
------
* The schema is loaded in-process from the WSGI application (`from_wsgi`): requests go through
  the whole Django stack (middleware, django-ninja, error handlers) with no server, on SQLite
  and PostgreSQL alike. `schema.parametrize()` makes one pytest test per operation, so xdist
  spreads them over its workers.
* Each test seeds one world (`world` fixture), through the API where it can: a signed-in
  person (site staff, so moderation is reachable) who owns a shop with a staff member, two
  products with variants, a coupon, an uploaded image and posts; a neighbour with a shop, a
  post, comments both ways, a report and a follow; an order the person bought (open payment),
  an order the person sold (paid) and a cart line. Path parameters are drawn by Schemathesis
  or, about half the time, picked from those objects (`flatmap_path_parameters`), so the
  fuzzing gets past the 404s; body fields that name objects (`variant_id`, `handle`,
  `product_ids`, `media_ids`, `target_id`, ...) get the same treatment (`flatmap_body`).
  Picks are by index, so a derandomized run picks the same objects on both databases.
  Schemathesis' stateful phase is not used: django-ninja declares no links, and the known
  objects stand in for them.
* Every request carries the run's Bearer token. Each example runs in a savepoint rolled back
  after its checks, so no example sees another's writes (a deleted product, a suspended
  account, a spent rate limit: the counters live in the database cache) and nothing leaks out
  of the test (pytest-django rolls the test's own transaction back as well). On-commit work
  (fan-out, e-mail) runs before the rollback, as it would after a real request.
* Two things Django's test client does that Werkzeug's (the one Schemathesis uses) does not:
  the end of a request must not close the test's connection (`_keeping_the_connection`), and
  `REMOTE_ADDR` is set, as every WSGI server sets it (the rate limits key on it).
* Generation: positive and negative data (`mode = "all"`) in the examples, coverage and
  fuzzing phases, derandomized with no example database (a rerun sends the same requests; a
  failure prints a curl line to replay), `max_examples` per operation for the fuzzing phase,
  `deadline=None`.

Checks
------
All of Schemathesis' response checks run, among them `not_a_server_error`,
`status_code_conformance` (every status an operation returns is declared in its `responses`),
`content_type_conformance`, `response_schema_conformance`, `response_headers_conformance`,
`ignored_auth`, `missing_required_header`, `unsupported_method` (405 with `Allow`) and
`allow_header_conformance`. The statuses the shared plumbing gives every operation (401, 400,
404 and 422) are declared once, in `agora.api.AgoraAPI`, which also marks public reads as
callable without a token. Excluded checks, with the reason:

* `positive_data_acceptance`: schema-valid input is still refused by rules an OpenAPI schema
  cannot express, as the contract says (a naive datetime is 422, a percent coupon above 100
  is 422, a used-up coupon makes checkout 409, a handle already taken is 409, ...).
* `negative_data_rejection`: the contract accepts some schema-invalid input on purpose:
  unknown and read-only body fields are ignored, and `limit` outside 1..100 is clamped,
  "never an error".
* `max_response_time`: not a correctness property, and CI timings are noisy (it is off unless
  given a limit).

Operations
----------
Every operation is run; none is excluded. `DELETE /auth/tokens/{token_id}`, the operation that
revokes a token, never gets the run's own token id: the known-id pool holds a spare token of
the same person, and `filter_path_parameters` refuses the run token's id should Schemathesis
draw it (the savepoint rollback would undo the revocation anyway).
"""

from __future__ import annotations

import io
from contextlib import contextmanager

import pytest
import schemathesis
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections, transaction
from django.test import Client, TestCase
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from PIL import Image

from agora.accounts.services import token_create
from agora.shops.models import ShopMember
from tests.commerce.conftest import checkout_body
from tests.conftest import ApiClient
from tests.factories import ProductFactory, ShopFactory, UserFactory

MAX_EXAMPLES = 20

CONFIG = schemathesis.Config.from_dict(
    {
        "generation": {
            "mode": "all",
            "max-examples": MAX_EXAMPLES,
            "deterministic": True,
            "database": "none",
            "with-security-parameters": False,
        },
        "checks": {
            "not_a_server_error": {"enabled": True},
            "status_code_conformance": {"enabled": True},
            "content_type_conformance": {"enabled": True},
            "response_schema_conformance": {"enabled": True},
            # See the module docstring for why these two are off.
            "positive_data_acceptance": {"enabled": False},
            "negative_data_rejection": {"enabled": False},
        },
    }
)

schema = schemathesis.openapi.from_wsgi(
    "/api/v1/openapi.json", get_wsgi_application(), config=CONFIG
)

ENVIRON = {"REMOTE_ADDR": "127.0.0.1"}

# The world of the running test, read by the hooks while Hypothesis draws (filled by `world`).
KNOWN: dict[str, list] = {}
RUN: dict[str, object] = {}

# Body fields that name objects, and the pool their known values come from.
BODY_POOLS = {
    "variant_id": "variant_id",
    "product_id": "product_id",
    "product_ids": "product_id",
    "media_ids": "media_id",
    "post_id": "post_id",
    "target_id": "post_id",
    "comment_id": "comment_id",
    "handle": "handle",
    "as_shop": "shop_handle",
    "coupon_code": "coupon_code",
    "code": "coupon_code",
}
LIST_FIELDS = {"product_ids", "media_ids"}


def _known(pool: str, index: int):
    values = KNOWN.get(pool) or [None]
    return values[index % len(values)]


@schema.hook
def flatmap_path_parameters(context, path_parameters):
    names = [name for name in path_parameters or {} if name in KNOWN]
    if not names:
        return st.just(path_parameters)
    known = st.fixed_dictionaries({name: st.integers(0, 7) for name in names}).map(
        lambda picks: {**path_parameters, **{n: _known(n, i) for n, i in picks.items()}}
    )
    return st.one_of(st.just(path_parameters), known)


@schema.hook
def filter_path_parameters(context, path_parameters):
    # Never revoke the token the run signs in with.
    return not path_parameters or path_parameters.get("token_id") != RUN.get("token_id")


@schema.hook
def flatmap_body(context, body):
    if not isinstance(body, dict):
        return st.just(body)
    names = [name for name in body if name in BODY_POOLS]
    if not names:
        return st.just(body)

    def fill(picks):
        filled = dict(body)
        for name, index in picks.items():
            value = _known(BODY_POOLS[name], index)
            filled[name] = [value] if name in LIST_FIELDS else value
        return filled

    known = st.fixed_dictionaries({name: st.integers(0, 7) for name in names}).map(fill)
    return st.one_of(st.just(body), known)


def _png() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), "teal").save(buffer, "PNG")
    return SimpleUploadedFile("fuzz.png", buffer.getvalue(), content_type="image/png")


def _ok(response, status=(200, 201)):
    assert response.status_code in status, response.content
    return response.json()


@contextmanager
def _keeping_the_connection():
    # What Django's test client does around each request: the end of a request must not close
    # the test's connection (its transaction holds the seeded world).
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture
def world(db, settings):
    settings.AGORA_ALLOW_TEST_PAYMENTS = True
    me = UserFactory(username="fuzzer", is_staff=True)
    run_token, raw = token_create(user=me, name="fuzz run")
    spare_token, _ = token_create(user=me, name="spare")
    neighbor = UserFactory(username="neighbor")
    helper = UserFactory(username="helper")
    shop = ShopFactory(handle="fuzzshop", owner=me, shipping_flat_amount=500)
    ShopMember.objects.create(shop=shop, user=helper, role=ShopMember.Role.STAFF)
    other_shop = ShopFactory(handle="othershop", owner=neighbor)
    mine = [
        ProductFactory(
            shop=shop,
            price_amount=1200,
            variants=[
                {"options": {"size": "S"}, "stock": 50},
                {"options": {"size": "M"}, "stock": 50},
            ],
        ),
        ProductFactory(
            shop=shop,
            price_amount=800,
            options=[],
            variants=[
                {"options": {}, "stock": 50},
            ],
        ),
    ]
    theirs = ProductFactory(
        shop=other_shop,
        price_amount=1500,
        options=[],
        variants=[
            {"options": {}, "stock": 50},
        ],
    )
    me_api = ApiClient(raw)
    _, neighbor_raw = token_create(user=neighbor)
    neighbor_api = ApiClient(neighbor_raw)

    coupon = _ok(
        me_api.post(
            f"/shops/{shop.handle}/coupons", {"code": "FUZZ10", "kind": "percent", "value": 10}
        )
    )
    with TestCase.captureOnCommitCallbacks(execute=True):
        media = _ok(
            Client().post(
                "/api/v1/media", {"file": _png(), "alt": "teal"}, HTTP_AUTHORIZATION=f"Bearer {raw}"
            )
        )
    my_post = _ok(me_api.post("/posts", {"text": "Fresh mugs #fuzz", "media_ids": [media["id"]]}))
    shop_post = _ok(me_api.post("/posts", {"text": "New in #fuzz", "as_shop": shop.handle}))
    their_post = _ok(neighbor_api.post("/posts", {"text": "Hello #fuzz"}))
    their_comment = _ok(neighbor_api.post(f"/posts/{my_post['id']}/comments", {"text": "Nice"}))
    my_comment = _ok(me_api.post(f"/posts/{their_post['id']}/comments", {"text": "Thanks"}))
    report = _ok(
        neighbor_api.post(
            "/reports", {"target_type": "post", "target_id": my_post["id"], "reason": "spam"}
        )
    )
    _ok(neighbor_api.post("/follows", {"handle": me.username}))

    # An order as a buyer (open payment), an order as a seller (paid), then a cart line.
    their_variant = theirs.variants.get()
    _ok(me_api.post("/cart/lines", {"variant_id": their_variant.pk, "quantity": 1}))
    bought = _ok(me_api.post("/checkout", checkout_body(), HTTP_IDEMPOTENCY_KEY="fuzz-1"))
    my_variants = [v for p in mine for v in p.variants.all()]
    _ok(neighbor_api.post("/cart/lines", {"variant_id": my_variants[0].pk, "quantity": 2}))
    sold = _ok(neighbor_api.post("/checkout", checkout_body(), HTTP_IDEMPOTENCY_KEY="fuzz-2"))
    _ok(
        neighbor_api.post(
            f"/payments/{sold['payment']['id']}/confirm", {"card_number": "4242 4242 4242 4242"}
        )
    )
    line = _ok(me_api.post("/cart/lines", {"variant_id": my_variants[-1].pk, "quantity": 1}))

    KNOWN.clear()
    KNOWN.update(
        token_id=[spare_token.pk],
        handle=[me.username, shop.handle, neighbor.username, other_shop.handle],
        shop_handle=[shop.handle],
        member=[helper.username, me.username],
        product_id=[*(p.pk for p in mine), theirs.pk],
        variant_id=[v.pk for v in my_variants] + [their_variant.pk],
        media_id=[media["id"]],
        post_id=[my_post["id"], shop_post["id"], their_post["id"]],
        comment_id=[their_comment["id"], my_comment["id"]],
        tag=["fuzz"],
        report_id=[report["id"]],
        line_id=[line["id"]],
        order_id=[o["id"] for o in bought["orders"]] + [o["id"] for o in sold["orders"]],
        payment_id=[bought["payment"]["id"], sold["payment"]["id"]],
        coupon_code=[coupon["code"]],
    )
    RUN.clear()
    RUN.update(token=raw, token_id=run_token.pk)
    yield
    KNOWN.clear()
    RUN.clear()


@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    # `world` is function-scoped on purpose: each example runs in a savepoint rolled back after
    # it, so the seeded world is the same for every example.
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
        HealthCheck.data_too_large,
    ],
)
def test_api(case, world):
    headers = {"Authorization": f"Bearer {RUN['token']}"}
    with _keeping_the_connection(), transaction.atomic():
        try:
            with TestCase.captureOnCommitCallbacks(execute=True):
                # A WSGI server always sets REMOTE_ADDR (rate limits key on it); Werkzeug's
                # test client does not.
                case.call_and_validate(headers=headers, environ_base=ENVIRON)
        finally:
            transaction.set_rollback(True)
