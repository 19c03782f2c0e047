"""Stored feeds stay current: a product write marks them stale and rebuilds them in the
background; a stock move (a checkout's reservation) is seen at the next fetch; a fresh feed is
served from storage in a constant number of queries."""

from __future__ import annotations

import csv
import io

from django.core.files.storage import default_storage
from django.test import TestCase

from agora.commerce.services.stock import stock_reserve, stock_restock
from agora.reach.models import FeedFile
from agora.reach.services.feeds import feed_content, feeds_mark_stale
from tests.factories import ProductFactory, product_media


def rows(client, name="meta.csv") -> dict[str, dict[str, str]]:
    response = client.get(f"/feeds/atelier/{name}")
    assert response.status_code == 200
    return {r["id"]: r for r in csv.DictReader(io.StringIO(response.content.decode()))}


def test_first_fetch_builds_and_stores_the_feed(client, shop, dress):
    assert not FeedFile.objects.exists()
    rows(client)
    stored = FeedFile.objects.get(shop=shop, target="meta")
    assert not stored.stale and stored.item_count == 2
    assert default_storage.exists(stored.name)


def test_fresh_feed_is_served_from_storage_in_constant_queries(
    client, shop, dress, django_assert_num_queries
):
    rows(client)
    stored = FeedFile.objects.get(shop=shop, target="meta")
    # Five more products do not change what a fresh fetch costs: the shop, the stored row
    # and the catalog stamp
    for _ in range(5):
        product_media(ProductFactory(shop=shop))
    rows(client)  # rebuilt: the catalog changed
    with django_assert_num_queries(3):
        rows(client)
    assert FeedFile.objects.get(pk=stored.pk).name != stored.name
    assert not default_storage.exists(stored.name)  # the old file is gone


def test_product_update_marks_the_feeds_stale_and_rebuilds_them(
    client, make_api, owner, shop, dress
):
    rows(client)
    client.get("/feeds/atelier/google.xml")
    before = {f.target: f.name for f in FeedFile.objects.filter(shop=shop)}
    api = make_api(owner)
    response = api.patch(f"/products/{dress.pk}", {"title": "Linen dress, long"})
    assert response.status_code == 200, response.content
    # The background rebuild (run on commit) stored new files for both feeds
    after = {f.target: f for f in FeedFile.objects.filter(shop=shop)}
    assert set(after) == {"meta", "google"}
    for target, feed in after.items():
        assert not feed.stale
        assert feed.name != before[target]
    titles = {r["title"] for r in rows(client).values()}
    assert titles == {"Linen dress, long (S)", "Linen dress, long (M)"}


def test_a_product_change_marks_stored_feeds_stale_and_enqueues_one_rebuild(shop, dress):
    feed_content(shop=shop, target="meta")
    stored = FeedFile.objects.get(shop=shop, target="meta")
    # A product change arrives (catalog's product_changed hook)
    with TestCase.captureOnCommitCallbacks(execute=False) as callbacks:
        assert feeds_mark_stale(product=dress) == 1
    assert len(callbacks) == 1  # a rebuild is enqueued on commit
    stored.refresh_from_db()
    assert stored.stale and stored.version == 1


def test_a_checkout_reservation_that_sells_out_a_variant_shows_at_the_next_fetch(
    client, shop, dress
):
    small = dress.variants.get(sku="DRESS-S")
    key = f"{dress.pk}-{small.pk}"
    assert rows(client)[key]["availability"] == "in stock"
    # A checkout reserves the last three: no product was written
    assert stock_reserve(variant_id=small.pk, quantity=3)
    assert rows(client)[key]["availability"] == "out of stock"
    stock_restock(variant_id=small.pk, quantity=2)
    assert rows(client)[key]["availability"] == "in stock"


def test_archiving_a_product_takes_it_out_of_the_feeds(client, make_api, owner, dress):
    assert rows(client)
    response = make_api(owner).delete(f"/products/{dress.pk}")
    assert response.status_code == 200, response.content
    assert rows(client) == {}
