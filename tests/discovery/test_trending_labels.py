"""'Popular on Agora': only the top trending products of their category carry it, on product
cards, product pages and the home page."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from agora.catalog.schemas import product_changes
from agora.catalog.services import product_update
from agora.discovery.models import NO_HEAT, ProductTrend
from agora.discovery.selectors.trending import popular_product_ids
from agora.discovery.services.trending import heat_add, popular_recompute
from tests.discovery.trending_world import age, category_with, liked_by, owner_of, refresh
from tests.factories import CategoryFactory, ProductFactory

pytestmark = pytest.mark.django_db

LABEL = "Popular on Agora"


def popular() -> set[int]:
    return set(ProductTrend.objects.filter(popular=True).values_list("product_id", flat=True))


def change(product, **fields) -> None:
    product.refresh_from_db()
    product_update(actor=owner_of(product.shop), product=product, changes=product_changes(fields))


def warm(products, base: int = 3) -> None:
    """The first product gets the most accounts, then fewer and fewer (all above the minimum)."""
    for i, product in enumerate(reversed(products)):
        liked_by(product, base + i)


def test_only_the_top_tenth_of_a_category_carries_the_label():
    _, products = category_with(12)
    warm(products)

    refresh()

    # 12 trending products: the top 10 %, rounded up, is 2.
    assert popular() == {products[0].pk, products[1].pk}


def test_the_label_is_capped_in_a_big_category():
    category, products = category_with(130, variants=[])
    now = timezone.now()
    ProductTrend.objects.bulk_create(
        ProductTrend(
            product=p, category=category, accounts=3, heat=heat_add(NO_HEAT, [now] * (3 + i))
        )
        for i, p in enumerate(products)
    )

    assert popular_recompute(category_id=category.pk) == 12
    assert popular() == {p.pk for p in products[-12:]}


def test_each_category_has_its_own_top():
    _, shoes = category_with(3)
    _, bags = category_with(1)
    warm(shoes)
    liked_by(bags[0], 3)

    refresh()

    assert popular() == {shoes[0].pk, bags[0].pk}


def test_a_product_below_the_minimum_never_carries_the_label():
    _, products = category_with(1)
    liked_by(products[0], 2)

    refresh()

    assert popular() == set()


def test_a_hotter_product_takes_the_label_over():
    _, (first, second) = category_with(2)
    liked_by(first, 3)
    refresh()
    assert popular() == {first.pk}

    liked_by(second, 5)
    refresh()

    assert popular() == {second.pk}


def test_the_label_goes_when_the_product_cools_down():
    _, (product,) = category_with(1)
    liked_by(product, 3)
    refresh()
    age(hours=24 * 3)  # 3 accounts × 1/8 < 1

    refresh(now=timezone.now() + timedelta(hours=72))

    assert popular() == set()


def test_an_archived_product_loses_the_label_and_a_moved_one_takes_it_along():
    _, (product, other) = category_with(2)
    liked_by(product, 4)
    liked_by(other, 3)
    refresh()
    assert popular() == {product.pk}

    change(product, status="archived")
    assert popular() == {other.pk}

    elsewhere = CategoryFactory()
    change(product, status="active")
    change(other, category=elsewhere.pk)

    assert ProductTrend.objects.get(product=other).category_id == elsewhere.pk
    assert popular() == {product.pk, other.pk}


def test_popular_product_ids_answers_in_one_query(django_assert_num_queries):
    _, products = category_with(3)
    liked_by(products[0], 3)
    refresh()

    with django_assert_num_queries(1):
        assert popular_product_ids(p.pk for p in products) == {products[0].pk}
    with django_assert_num_queries(0):
        assert popular_product_ids([]) == set()


# --- where shoppers see it -----------------------------------------------------------------


def test_the_product_page_shows_the_label_near_the_title(client):
    hot, cold = ProductFactory(), ProductFactory()
    liked_by(hot, 3)
    refresh()

    assert LABEL in client.get(hot.get_absolute_url()).content.decode()
    assert LABEL not in client.get(cold.get_absolute_url()).content.decode()


def test_the_home_page_labels_only_the_popular_cards(client):
    hot = ProductFactory(title="Hot mug")
    ProductFactory(title="Cold mug")
    liked_by(hot, 3)
    refresh()

    html = client.get("/").content.decode()

    assert html.count(LABEL) == 1
    card = html[html.index("Hot mug") :]
    assert card.index(LABEL) < card.index("</article>")
    assert "Cold mug" in html
