"""The shopper pages: home, shops, /@handle (shop or person), product page."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from agora.catalog.models import Product
from agora.shops.models import ShopMember
from tests.factories import ProductFactory, ShopFactory, UserFactory

pytestmark = pytest.mark.django_db


def html(response) -> str:
    return response.content.decode()


# --- Home and shop list ---------------------------------------------------------------------


def test_home_shows_shops_and_newest_products_with_prices(client):
    shop = ShopFactory(handle="roastery", name="The Roastery")
    ProductFactory(shop=shop, title="Ethiopia Guji", price_amount=1999)

    response = client.get("/")

    assert response.status_code == 200
    page = html(response)
    assert "The Roastery" in page
    assert 'href="/@roastery"' in page
    assert "Ethiopia Guji" in page
    assert "€19.99" in page
    assert '<html lang="en">' in page


def test_home_lists_only_active_products(client):
    shop = ShopFactory()
    ProductFactory(shop=shop, title="Visible mug")
    ProductFactory(shop=shop, title="Secret draft", status=Product.Status.DRAFT)
    ProductFactory(shop=shop, title="Old archived", status=Product.Status.ARCHIVED)

    page = html(client.get("/"))

    assert "Visible mug" in page
    assert "Secret draft" not in page
    assert "Old archived" not in page


def test_product_cards_use_responsive_thumbnails_with_alt_text(client, add_media):
    product = ProductFactory(title="Linen shirt")
    add_media(product, angle="front", alt="A blue linen shirt, folded")

    page = html(client.get("/"))

    assert 'srcset="/media/thumbs/test/front-320' in page
    assert " 320w, " in page
    assert "640w" in page
    assert 'sizes="' in page
    assert 'loading="lazy"' in page
    assert 'alt="A blue linen shirt, folded"' in page


def test_shop_list_page_shows_every_active_shop(client):
    ShopFactory(name="Atelier Nord")
    ShopFactory(name="Closed shop", is_active=False)

    page = html(client.get("/shops"))

    assert "Atelier Nord" in page
    assert "Closed shop" not in page


@pytest.mark.parametrize("products", [5, 30])
def test_home_page_query_count_does_not_grow_with_products(
    client, products, add_media, django_assert_max_num_queries
):
    for i in range(products):
        product = ProductFactory()
        if i % 3 == 0:
            add_media(product, angle="front")

    # the newest products (with their Popular labels), their covers, the shops
    with django_assert_max_num_queries(3):
        response = client.get("/")

    assert response.status_code == 200


def test_home_page_query_count_is_the_same_for_a_signed_in_person(client, signed_in, user):
    signed_in(user)
    client.get("/")  # the discovery aside, kept for everyone for a few seconds
    counts = []
    for _ in range(2):
        for _i in range(10):
            ProductFactory()
        with CaptureQueriesContext(connection) as queries:
            client.get("/")
        counts.append(len(queries))

    assert counts[0] == counts[1]
    # the session, the person, the header's facts, the page's 3, and the signed-in home's
    # feed (its rows; an empty timeline's rebuild: who the person follows, their posts); the
    # trending hashtags and pick lists come from the cached aside
    assert counts[0] <= 9


# --- /@handle -------------------------------------------------------------------------------


def test_shop_page_shows_name_description_and_products(client):
    shop = ShopFactory(
        handle="roastery", name="The Roastery", description="Beans roasted on Tuesdays."
    )
    ProductFactory(shop=shop, title="House blend")

    response = client.get("/@roastery")

    assert response.status_code == 200
    page = html(response)
    assert "<h1>The Roastery</h1>" in page
    assert "Beans roasted on Tuesdays." in page
    assert "House blend" in page
    assert "Manage" not in page


def test_handles_are_case_insensitive(client):
    ShopFactory(handle="Roastery", name="The Roastery")
    UserFactory(username="Ana")

    assert client.get("/@rOaStErY").status_code == 200
    assert client.get("/@ana").status_code == 200
    assert client.get("/@ANA").status_code == 200


def test_unknown_handle_is_a_404_page_with_the_layout(client):
    response = client.get("/@nobody-here")

    assert response.status_code == 404
    page = html(response)
    assert "We couldn't find that page" in page
    assert 'class="site-header"' in page


def test_shop_staff_see_manage_link_and_drafts_on_their_shop_page(client, signed_in):
    staff = UserFactory()
    shop = ShopFactory(handle="atelier")
    ShopMember.objects.create(shop=shop, user=staff, role=ShopMember.Role.STAFF)
    ProductFactory(shop=shop, title="Coming soon", status=Product.Status.DRAFT)
    signed_in(staff)

    page = html(client.get("/@atelier"))

    assert "/dashboard/atelier/" in page
    assert "Coming soon" in page
    assert "Draft" in page


def test_strangers_do_not_see_drafts_on_a_shop_page(client, signed_in):
    shop = ShopFactory(handle="atelier")
    ProductFactory(shop=shop, title="Coming soon", status=Product.Status.DRAFT)
    signed_in(UserFactory())

    page = html(client.get("/@atelier"))

    assert "Coming soon" not in page
    assert "/dashboard/atelier/" not in page


def test_person_page_shows_profile_and_badges(client):
    UserFactory(
        username="ana",
        display_name="Ana Lima",
        bio="Coffee nerd.",
        is_creator=True,
        is_expert=True,
    )

    response = client.get("/@ana")

    assert response.status_code == 200
    page = html(response)
    assert "<h1>Ana Lima</h1>" in page
    assert "@ana" in page
    assert "Coffee nerd." in page
    assert "Verified creator" in page
    assert "Verified expert" in page


def test_a_script_in_a_bio_is_shown_as_text(client):
    UserFactory(username="mallory", bio='<script>alert("x")</script>')

    page = html(client.get("/@mallory"))

    assert '<script>alert("x")</script>' not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page


def test_person_page_shows_the_avatar(client, add_media):
    person = UserFactory(username="ana")
    product = ProductFactory()
    person.avatar = add_media(product, angle="other")
    person.save()

    page = html(client.get("/@ana"))

    assert 'class="avatar large"' in page
    assert "/media/thumbs/test/other-320" in page


def test_pages_vary_on_language_and_cookie_and_link_their_translations(client):
    ShopFactory(handle="roastery")

    response = client.get("/@roastery")

    vary = response["Vary"]
    assert "Accept-Language" in vary
    assert "Cookie" in vary
    page = html(response)
    for code in ("en", "fr", "de"):
        assert (
            f'<link rel="alternate" hreflang="{code}" '
            f'href="http://127.0.0.1:8000/@roastery?lang={code}">'
        ) in page
    assert (
        '<link rel="alternate" hreflang="x-default" href="http://127.0.0.1:8000/@roastery">' in page
    )


def test_pages_load_only_their_own_script_with_a_nonce(client):
    response = client.get("/")

    page = html(response)
    nonce = response["Content-Security-Policy"].split("'nonce-")[1].split("'")[0]
    assert f'nonce="{nonce}"' in page
    # htmx, the header menu's few lines (closing it on Escape) and the share menus' (copy
    # link, the browser's share sheet), each with the nonce
    assert page.count("<script") == page.count(f'nonce="{nonce}"') == 3
    assert "style=" not in page
    assert "<style" not in page


@pytest.mark.parametrize("products", [5, 30])
def test_shop_page_query_count_does_not_grow_with_products(
    client, products, add_media, django_assert_max_num_queries
):
    shop = ShopFactory(handle="atelier")
    for i in range(products):
        product = ProductFactory(shop=shop)
        if i % 4 == 0:
            add_media(product, angle="front")

    client.get("/c")  # the category tree and counts (cached for a minute)
    # the shop (with the viewer's facts), its products (trending, then the others, with their
    # Popular labels) and their covers, followers, posts
    with django_assert_max_num_queries(6):
        response = client.get("/@atelier")

    assert response.status_code == 200


def test_shop_page_shows_more_products_page_by_page(client):
    shop = ShopFactory(handle="atelier")
    for i in range(30):
        ProductFactory(shop=shop, title=f"Item number {i:02d}")

    first = html(client.get("/@atelier"))

    assert first.count('class="card product-card"') == 24
    assert "Item number 29" in first
    assert "Item number 05" not in first
    cursor = first.split('href="?cursor=')[1].split('"')[0]
    second = html(client.get(f"/@atelier?cursor={cursor}"))
    assert second.count('class="card product-card"') == 6
    assert "Item number 05" in second
    assert 'rel="next"' not in second


def test_person_page_lists_the_shops_they_run(client):
    maya = UserFactory(username="maya")
    ShopFactory(name="Atelier Nord", owner=maya)

    page = html(client.get("/@maya"))

    assert "Shops run by Maya" in page
    assert "Atelier Nord" in page


def test_error_pages_render_without_a_request():
    from django.template.loader import render_to_string

    for name in ("500.html", "404.html", "403.html", "403_csrf.html"):
        page = render_to_string(name)
        assert 'class="error-page"' in page
        assert "Back to the home page" in page
