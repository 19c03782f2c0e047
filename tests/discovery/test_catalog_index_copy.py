"""The category tree and counts (`catalog_index`) are kept in the shared cache, and each process
(thread) keeps the copy it last read while the cache's stamp for it is unchanged: one small
cache read per call, and a change (a product written, the cache cleared or expired by another
process) is seen on the next call."""

import threading

import pytest
from django.core.cache import cache

from agora.discovery.selectors.browse import tree
from agora.discovery.selectors.browse import tree as tree_module
from agora.discovery.selectors.browse.tree import catalog_index, catalog_index_forget
from tests.factories import CategoryFactory, ProductFactory, ShopFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def mugs(db):
    cache.delete_many([tree.INDEX_STAMP_KEY, tree.INDEX_CACHE_KEY])
    category = CategoryFactory(name="Mugs", slug="mugs")
    ProductFactory(shop=ShopFactory(), category=category)
    return category


def test_a_second_read_uses_the_kept_copy_without_unpickling_it(mugs, django_assert_num_queries):
    first = catalog_index()
    assert first.count(mugs.pk) == 1
    with django_assert_num_queries(0):
        again = catalog_index()
    assert again is first  # the thread's copy: the big entry was not read again


def test_a_product_write_is_seen_on_the_next_read(mugs, django_capture_on_commit_callbacks):
    assert catalog_index().count(mugs.pk) == 1
    with django_capture_on_commit_callbacks(execute=True):
        ProductFactory(shop=ShopFactory(), category=mugs)
        catalog_index_forget()
    assert catalog_index().count(mugs.pk) == 2


def test_a_change_made_by_another_process_is_seen(mugs):
    """Another process forgets the index (its product write) and rebuilds it: this thread's
    copy no longer matches the stamp, so it is dropped for the cache's."""
    kept = catalog_index()
    ProductFactory(shop=ShopFactory(), category=mugs)
    cache.delete_many([tree.INDEX_STAMP_KEY, tree.INDEX_CACHE_KEY])  # as its forget() does

    elsewhere = ("another-stamp", tree._build_index())  # what its next read stores
    cache.set_many({tree.INDEX_CACHE_KEY: elsewhere, tree.INDEX_STAMP_KEY: "another-stamp"})

    now = catalog_index()
    assert now is not kept
    assert now.count(mugs.pk) == 2


def test_a_thread_keeps_its_own_copy(mugs):
    mine = catalog_index()
    theirs: list = []
    other = threading.Thread(target=lambda: theirs.append(tree._LOCAL.__dict__.get("kept")))
    other.start()
    other.join()
    assert theirs == [None]
    assert catalog_index() is mine


def test_an_emptied_cache_is_rebuilt_not_served_from_the_copy(mugs):
    kept = catalog_index()
    ProductFactory(shop=ShopFactory(), category=mugs)
    cache.clear()
    fresh = catalog_index()
    assert fresh is not kept
    assert fresh.count(mugs.pk) == 2


def _stamp_reads(monkeypatch) -> list[str]:
    reads: list[str] = []
    real = tree.cache.get

    def get(key, *args, **kwargs):
        reads.append(key)
        return real(key, *args, **kwargs)

    monkeypatch.setattr(tree.cache, "get", get)
    return reads


def test_one_request_reads_the_stamp_once(mugs, monkeypatch):
    kept = catalog_index()
    reads = _stamp_reads(monkeypatch)
    tree._request_started()
    try:
        assert all(catalog_index() is kept for _ in range(5))
    finally:
        tree._request_finished()
    assert reads == [tree.INDEX_STAMP_KEY]
    # Outside a request (a task, a command) every call reads the stamp, as before.
    catalog_index()
    catalog_index()
    assert reads == [tree.INDEX_STAMP_KEY] * 3


def test_the_next_request_sees_a_change_made_by_another_process(mugs):
    tree._request_started()
    try:
        assert catalog_index().count(mugs.pk) == 1
    finally:
        tree._request_finished()
    ProductFactory(shop=ShopFactory(), category=mugs)
    elsewhere = ("another-stamp", tree._build_index())  # another process forgot and rebuilt
    cache.set_many({tree.INDEX_CACHE_KEY: elsewhere, tree.INDEX_STAMP_KEY: "another-stamp"})
    tree._request_started()
    try:
        assert catalog_index().count(mugs.pk) == 2
    finally:
        tree._request_finished()


def test_a_write_in_the_request_is_seen_by_its_later_reads(
    mugs, django_capture_on_commit_callbacks
):
    tree._request_started()
    try:
        assert catalog_index().count(mugs.pk) == 1
        with django_capture_on_commit_callbacks(execute=True):
            ProductFactory(shop=ShopFactory(), category=mugs)
            catalog_index_forget()
        assert catalog_index().count(mugs.pk) == 2
    finally:
        tree._request_finished()


def test_a_category_page_reads_the_stamp_once_a_request(mugs, client, monkeypatch):
    """The request signals mark where a request starts and ends (the page asks for the index
    several times: its category, breadcrumb, count, subcategories, filters)."""
    client.get("/c/mugs")
    reads = _stamp_reads(monkeypatch)
    for _ in range(2):
        assert client.get("/c/mugs").status_code == 200
    assert reads.count(tree.INDEX_STAMP_KEY) == 2


def test_the_index_knows_each_listings_size(tree):
    """`size`: the active products a listing holds (a shop's, uncategorized ones too; some
    categories', each counted on its own; both; the whole catalogue's), which decides how its
    trending products are read (`browse.pages.STEER_FROM`)."""
    from agora.catalog.models import Product

    cache.delete_many([tree_module.INDEX_STAMP_KEY, tree_module.INDEX_CACHE_KEY])
    potter, weaver = ShopFactory(), ShopFactory()
    ProductFactory(shop=potter, category=tree["mugs"])
    ProductFactory(shop=potter, category=tree["mugs"])
    ProductFactory(shop=potter, category=None)
    ProductFactory(shop=weaver, category=tree["textiles"])
    draft = ProductFactory(shop=weaver, category=tree["textiles"])
    Product.objects.filter(pk=draft.pk).update(status=Product.Status.DRAFT)

    index = catalog_index()
    home = index.descendants(tree["home"].pk)

    assert index.size(category_ids=None, shop_id=potter.pk) == 3
    assert index.size(category_ids=None, shop_id=weaver.pk) == 1  # the draft left out
    assert index.size(category_ids=home, shop_id=None) == 3
    assert index.size(category_ids=[tree["mugs"].pk], shop_id=potter.pk) == 2
    assert index.size(category_ids=home, shop_id=weaver.pk) == 1
    assert index.size(category_ids=None, shop_id=None) == 4
    assert index.count(tree["home"].pk) == 3  # category counts still leave out the uncategorized
