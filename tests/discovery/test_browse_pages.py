"""The category pages (/c, /c/<slug>) and the shop page's filters and sorts, as a shopper
sees them: counts, breadcrumb, filters kept while paging, clear errors, the Popular label,
and query counts that do not grow with the products."""

import re

import pytest

from agora.catalog.models import Product
from agora.discovery.models import ProductTrend
from tests.factories import ShopFactory, UserFactory, product_media

pytestmark = pytest.mark.django_db


def html(response) -> str:
    return response.content.decode()


def titles(page: str) -> list[str]:
    return re.findall(r'class="card-link" href="[^"]+">([^<]+)</a>', page)


def test_the_category_tree_counts_products_with_their_subcategories(client, tree, make_product):
    make_product(category=tree["mugs"])
    make_product(category=tree["mugs"])
    make_product(category=tree["textiles"])
    make_product(category=tree["textiles"], status=Product.Status.DRAFT)  # not counted

    page = html(client.get("/c"))

    assert re.search(r"Home</span> <span class=\"count\">3 products", page)
    assert re.search(r">Kitchen</a> <span class=\"count\">2<", page)
    assert re.search(r">Mugs</a> <span class=\"count\">2<", page)
    assert re.search(r">Textiles</a> <span class=\"count\">1<", page)
    assert re.search(r"Garden</span> <span class=\"count\">0 products", page)


def test_the_tree_is_one_or_two_queries(client, tree, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):  # categories, counts, their shops (then cached)
        assert client.get("/c").status_code == 200
    with django_assert_max_num_queries(0):
        assert client.get("/c").status_code == 200


def test_a_category_page_has_its_breadcrumb_subcategories_and_products(client, tree, make_product):
    make_product(category=tree["mugs"], title="Blue mug")
    make_product(category=tree["garden"], title="Rake")

    page = html(client.get("/c/kitchen"))

    assert '<li><a href="/c/home">Home</a></li>' in page
    assert '<li aria-current="page">Kitchen</li>' in page
    assert 'href="/c/mugs">Mugs <span class="count">1</span>' in page
    assert titles(page) == ["Blue mug"]


def test_an_unknown_category_is_a_404(client, tree):
    assert client.get("/c/nothing-here").status_code == 404
    assert client.get("/c/mugs%00").status_code == 404
    assert client.get("/c/MUGS").status_code == 404  # slugs are found as written
    assert client.get("/c/mugs").status_code == 200


def test_filters_and_sort_apply_and_the_pager_keeps_them(client, tree, make_product):
    shop = ShopFactory(currency="EUR")
    for n in range(30):
        make_product(shop, category=tree["mugs"], price=1000 + n * 100, title=f"Mug {n:02d}")
    make_product(shop, category=tree["mugs"], price=1500, stock=0, title="Sold out mug")

    page = html(client.get("/c/home?min_price=12&in_stock=on&sort=price_asc"))

    shown = titles(page)
    assert shown[:3] == ["Mug 02", "Mug 03", "Mug 04"]
    assert "Sold out mug" not in shown
    assert len(shown) == 24
    next_link = re.search(r'href="(\?[^"]+)" rel="next"', page).group(1).replace("&amp;", "&")
    assert "min_price=12" in next_link and "sort=price_asc" in next_link
    second = titles(html(client.get(f"/c/home{next_link}")))
    assert second == ["Mug 26", "Mug 27", "Mug 28", "Mug 29"]
    assert 'value="price_asc" selected' in page
    assert 'name="min_price" value="12"' in page


def test_an_invalid_filter_is_named_and_changes_nothing_else(client, tree, make_product):
    make_product(category=tree["mugs"], price=500, title="Cheap mug")
    make_product(category=tree["mugs"], price=5000, title="Dear mug")

    response = client.get("/c/mugs?min_price=lots&max_price=20&sort=sideways")

    assert response.status_code == 200
    page = html(response)
    assert "Lowest price: Enter a number." in page
    assert "Sort: Choose one of" in page
    assert (
        'name="min_price" value="lots" placeholder="Min" maxlength="20" size="6" aria-invalid="true"'
        in page
    )
    assert titles(page) == ["Cheap mug"]  # the highest price still applies


def test_the_popular_label_shows_only_on_popular_products(client, tree, make_product):
    make_product(category=tree["mugs"], title="Hot mug", heat=100, popular=True)
    make_product(category=tree["mugs"], title="Warm mug", heat=50)
    make_product(category=tree["mugs"], title="Plain mug")

    page = html(client.get("/c/mugs"))

    assert titles(page) == ["Hot mug", "Warm mug", "Plain mug"]
    assert page.count("Popular on Agora") == 1
    assert page.index("Popular on Agora") > page.index("Hot mug")
    assert page.index("Popular on Agora") < page.index("Warm mug")


@pytest.mark.parametrize("products", [5, 50])
def test_a_category_page_costs_the_same_at_any_size(
    client, tree, make_product, products, django_assert_max_num_queries
):
    shop = ShopFactory()
    for n in range(products):
        product = make_product(shop, category=[tree["mugs"], tree["textiles"]][n % 2], heat=n)
        if n % 5 == 0:
            product_media(product)
    client.get("/c/home")  # the tree and counts, then cached

    # the trending products, the others (their Popular labels read beside them), the covers
    with django_assert_max_num_queries(3):
        first = html(client.get("/c/home?in_stock=true"))
    cursor = re.search(r'cursor=([^"&]+)', first)
    with django_assert_max_num_queries(3):
        client.get(f"/c/home?cursor={cursor.group(1) if cursor else ''}&sort=price_desc")


# --- the shop page ----------------------------------------------------------------------------
def test_the_shop_page_filters_by_its_categories_and_sorts(client, tree, make_product):
    shop = ShopFactory(handle="potter", currency="EUR")
    make_product(shop, category=tree["mugs"], price=900, title="Small mug")
    make_product(shop, category=tree["mugs"], price=1900, title="Big mug")
    make_product(shop, category=tree["textiles"], price=2900, title="Cloth")
    make_product(category=tree["mugs"], title="Another shop's mug")

    page = html(client.get("/@potter?category=kitchen&sort=price_desc"))

    assert titles(page) == ["Big mug", "Small mug"]
    assert '<option value="kitchen" selected>– Kitchen (2)</option>' in page
    assert '<option value="garden"' not in page  # no products of this shop there
    assert "Price (EUR)" in page
    assert titles(html(client.get("/@potter?max_price=10"))) == ["Small mug"]


def test_the_shop_page_lists_popular_products_first_with_their_label(client, make_product):
    shop = ShopFactory(handle="potter")
    make_product(shop, title="Older hit", heat=10, popular=True)
    make_product(shop, title="Newest")

    page = html(client.get("/@potter"))

    assert titles(page) == ["Older hit", "Newest"]
    assert page.count("Popular on Agora") == 1
    assert titles(html(client.get("/@potter?sort=newest"))) == ["Newest", "Older hit"]


def test_a_shops_managers_still_see_its_drafts_with_filters(client, signed_in, make_product):
    owner = UserFactory()
    shop = ShopFactory(handle="potter", owner=owner)
    make_product(shop, title="On sale")
    make_product(shop, title="Coming soon", status=Product.Status.DRAFT)

    assert titles(html(client.get("/@potter"))) == ["On sale"]
    signed_in(owner)
    assert titles(html(client.get("/@potter?sort=newest"))) == ["Coming soon", "On sale"]


def test_a_bad_filter_on_the_shop_page_is_named(client, make_product):
    shop = ShopFactory(handle="potter")
    make_product(shop, title="Mug")

    response = client.get("/@potter?max_price=ten&in_stock=perhaps")

    assert response.status_code == 200
    page = html(response)
    assert "Highest price: Enter a number." in page
    assert "In stock: Answer true or false." in page
    assert titles(page) == ["Mug"]


@pytest.mark.parametrize("products", [5, 50])
def test_the_shop_page_costs_the_same_at_any_size(
    client, tree, make_product, products, django_assert_max_num_queries
):
    shop = ShopFactory(handle="potter")
    for n in range(products):
        product = make_product(shop, category=tree["mugs"], heat=n if n % 3 else None)
        if n % 5 == 0:
            product_media(product)
    client.get("/c")  # the category index, then cached

    # the shop, the trending products, the others, the covers, followers, posts, campaigns
    with django_assert_max_num_queries(7):
        first = html(client.get("/@potter"))
    cursor = re.search(r'cursor=([^"&]+)', first)
    with django_assert_max_num_queries(7):
        client.get(f"/@potter?cursor={cursor.group(1) if cursor else ''}")
    assert ProductTrend.objects.exists()


def test_a_listing_page_reads_its_products_and_their_covers_and_nothing_more(
    client, tree, make_product, django_assert_num_queries
):
    shop = ShopFactory(handle="potter")
    for n in range(30):  # 26 trending: the first page is all trending, the second passes on
        product = make_product(
            shop, category=[tree["mugs"], tree["textiles"]][n % 2], heat=n if n < 26 else None
        )
        if n % 4 == 0:
            product_media(product)
    client.get("/c")  # the category tree and counts, then cached

    with django_assert_num_queries(2):  # the products (with their labels), their covers
        first = html(client.get("/c/home"))
    cursor = re.search(r'cursor=([^"&]+)', first).group(1)
    with django_assert_num_queries(3):  # the last trending products, the others, the covers
        assert len(titles(html(client.get(f"/c/home?cursor={cursor}")))) == 6
    # the shop (with whether it has campaigns, its follower count and whether it ever
    # posted), its products, their covers: a shop that never posted has no posts to read
    with django_assert_num_queries(3):
        client.get("/@potter")
    with django_assert_num_queries(4):
        client.get(f"/@potter?cursor={cursor}")
