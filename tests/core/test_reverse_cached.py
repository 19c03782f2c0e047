"""`reverse_cached`: the hot links (`get_absolute_url` of people, shops, posts, products) are
kept per process, and come out as `reverse` makes them."""

from __future__ import annotations

import pytest
from django.urls import reverse, set_script_prefix

from agora.core.urls_util import reverse_cached
from tests.factories import ProductFactory, ShopFactory, UserFactory


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("shops:handle", ("ana",)),
        ("shops:handle", ("été_shop",)),
        ("social_web:post", (5,)),
        ("catalog:product", ("shop", "a-mug")),
    ],
)
def test_it_answers_what_reverse_answers(name, args):
    assert reverse_cached(name, *args) == reverse(name, args=args)
    assert reverse_cached(name, *args) == reverse(name, args=args)  # and again, from the cache


def test_the_script_prefix_is_part_of_the_key():
    assert reverse_cached("social_web:post", 7) == "/posts/7"
    set_script_prefix("/agora/")
    try:
        assert reverse_cached("social_web:post", 7) == "/agora/posts/7"
    finally:
        set_script_prefix("/")
    assert reverse_cached("social_web:post", 7) == "/posts/7"


@pytest.mark.django_db
def test_a_renamed_handle_links_to_its_new_page_at_once():
    ana = UserFactory(username="ana")
    assert ana.get_absolute_url() == "/@ana"
    ana.username = "ana2"
    assert ana.get_absolute_url() == "/@ana2"
    shop = ShopFactory(handle="nord")
    product = ProductFactory(shop=shop, slug="mug")
    assert shop.get_absolute_url() == "/@nord"
    assert product.get_absolute_url() == "/@nord/products/mug"
    shop.handle = "sud"
    assert product.get_absolute_url() == "/@sud/products/mug"
