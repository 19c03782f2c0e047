"""The product page: gallery, variants, stock, personalization, visibility, query counts."""

import pytest

from agora.catalog.models import PersonalizationField, Product
from agora.shops.models import ShopMember
from tests.factories import ProductFactory, ShopFactory, UserFactory

pytestmark = pytest.mark.django_db


def html(response) -> str:
    return response.content.decode()


@pytest.fixture
def shirt():
    shop = ShopFactory(handle="atelier", name="Atelier Nord")
    return ProductFactory(
        shop=shop,
        title="Linen shirt",
        slug="linen-shirt",
        brand="Nord",
        description="Washed linen, cut in Lille.",
        price_amount=4900,
        options=[{"name": "size", "values": ["S", "M", "L"]}],
        variants=[
            {"options": {"size": "S"}, "stock": 40},
            {"options": {"size": "M"}, "stock": 3},
            {"options": {"size": "L"}, "stock": 0},
        ],
    )


def test_product_page_shows_title_brand_price_description_and_shop(client, shirt):
    response = client.get("/@atelier/products/linen-shirt")

    assert response.status_code == 200
    page = html(response)
    assert '<h1 id="product-title">Linen shirt</h1>' in page
    assert "by Nord" in page
    assert "€49.00" in page
    assert "Washed linen, cut in Lille." in page
    assert 'href="/@atelier"' in page


def test_variant_selector_offers_each_option_value(client, shirt):
    page = html(client.get("/@atelier/products/linen-shirt"))

    for size in ("S", "M", "L"):
        assert f'name="opt-size" value="{size}"' in page
    assert 'value="S" checked' in page
    assert "In stock" in page


def test_choosing_a_nearly_sold_out_variant_says_how_many_are_left(client, shirt):
    page = html(client.get("/@atelier/products/linen-shirt", {"opt-size": "M"}))

    assert "Only 3 left" in page
    assert 'value="M" checked' in page


def test_choosing_a_sold_out_variant_says_sold_out(client, shirt):
    page = html(client.get("/@atelier/products/linen-shirt", {"opt-size": "L"}))

    assert "Sold out" in page


def test_a_product_with_nothing_left_is_sold_out(client):
    ProductFactory(
        shop=ShopFactory(handle="atelier"),
        slug="gone",
        variants=[{"options": {"size": "S"}, "stock": 0}],
        options=[{"name": "size", "values": ["S"]}],
    )

    assert "Sold out" in html(client.get("/@atelier/products/gone"))


def test_htmx_variant_change_returns_only_the_status_fragment(client, shirt):
    response = client.get(
        "/@atelier/products/linen-shirt",
        {"opt-size": "M"},
        headers={"HX-Request": "true", "HX-Target": "variant-status"},
    )

    page = html(response)
    assert page.lstrip().startswith('<div class="variant-status" id="variant-status"')
    assert "Only 3 left" in page
    assert "<html" not in page
    assert "HX-Request" in response["Vary"]


def test_personalization_fields_show_their_limit_and_surcharge(client, shirt):
    PersonalizationField.objects.create(
        product=shirt, name="Name on the label", max_length=12, surcharge_amount=500
    )

    page = html(client.get("/@atelier/products/linen-shirt"))

    assert "Name on the label" in page
    assert 'maxlength="12"' in page
    assert "Up to 12 characters" in page
    assert "+€5.00" in page


def test_the_buy_box_posts_to_the_cart(client, shirt):
    page = html(client.get("/@atelier/products/linen-shirt"))

    assert f'action="/cart/add/{shirt.pk}"' in page
    assert 'name="buy" value="1">Buy now</button>' in page
    assert "Checkout is coming soon" not in page


def test_gallery_has_angle_tabs_responsive_images_and_videos(client, shirt, add_media):
    front = add_media(shirt, angle="front", alt="Front of the shirt", position=0)
    add_media(shirt, angle="back", position=1)
    video = add_media(shirt, angle="in_use", kind="video", position=2)

    page = html(client.get("/@atelier/products/linen-shirt"))

    assert 'aria-label="Angles"' in page
    assert f'href="?media={front.pk}"' in page
    assert ">Front</a>" in page
    assert ">Back</a>" in page
    assert ">In use</a>" in page
    assert 'alt="Front of the shirt"' in page
    assert "/media/thumbs/test/front-640.png 640w" in page

    page = html(client.get("/@atelier/products/linen-shirt", {"media": video.pk}))

    assert "<video controls" in page
    assert 'poster="/media/uploads/test/' in page
    assert 'type="video/mp4"' in page


def test_htmx_angle_tab_returns_only_the_gallery(client, shirt, add_media):
    add_media(shirt, angle="front")
    back = add_media(shirt, angle="back", alt="Back view", position=1)

    response = client.get(
        "/@atelier/products/linen-shirt",
        {"media": back.pk},
        headers={"HX-Request": "true", "HX-Target": "gallery"},
    )

    page = html(response)
    assert page.lstrip().startswith('<section class="gallery" id="gallery"')
    assert 'alt="Back view"' in page


@pytest.mark.parametrize("status", [Product.Status.DRAFT, Product.Status.ARCHIVED])
def test_unpublished_product_is_not_found_for_strangers(client, signed_in, status):
    ProductFactory(shop=ShopFactory(handle="atelier"), slug="secret", status=status)

    assert client.get("/@atelier/products/secret").status_code == 404
    signed_in(UserFactory())
    assert client.get("/@atelier/products/secret").status_code == 404


def test_unpublished_product_is_shown_to_the_shops_staff(client, signed_in):
    staff = UserFactory()
    shop = ShopFactory(handle="atelier")
    ShopMember.objects.create(shop=shop, user=staff, role=ShopMember.Role.STAFF)
    product = ProductFactory(shop=shop, slug="secret", status=Product.Status.DRAFT)
    signed_in(staff)

    response = client.get("/@atelier/products/secret")

    assert response.status_code == 200
    page = html(response)
    assert "Draft" in page
    assert f"/dashboard/atelier/products/{product.pk}/edit" in page


def test_site_staff_without_shop_membership_do_not_see_drafts(client, signed_in):
    moderator = UserFactory(is_staff=True)
    ProductFactory(shop=ShopFactory(handle="atelier"), slug="secret", status="draft")
    signed_in(moderator)

    assert client.get("/@atelier/products/secret").status_code == 404


def test_unknown_product_or_shop_is_not_found(client, shirt):
    assert client.get("/@atelier/products/nope").status_code == 404
    assert client.get("/@nowhere/products/linen-shirt").status_code == 404


def test_product_page_handles_are_case_insensitive(client, shirt):
    assert client.get("/@ATELIER/products/linen-shirt").status_code == 200


@pytest.mark.parametrize("size", [5, 30])
def test_product_page_query_count_does_not_grow(client, size, add_media, django_assert_num_queries):
    shop = ShopFactory(handle="atelier")
    for _ in range(size):
        ProductFactory(shop=shop)
    product = ProductFactory(
        shop=shop,
        slug="big",
        options=[{"name": "size", "values": [str(i) for i in range(size)]}],
        variants=[{"options": {"size": str(i)}, "stock": i} for i in range(size)],
    )
    for i in range(min(size, 8)):
        add_media(product, angle="detail", position=i)
    for i in range(size):
        PersonalizationField.objects.create(product=product, name=f"Line {i}", max_length=10)

    # From the cache, for a visitor: the product with every fact shown beside it (whether
    # there are comments too), its variants, its media (3); "You may also like"
    # (co-engagement: none, and the product has no category: nothing more) (1); the
    # community tiles (1, none). Afresh, +5: the personalization fields, the community's
    # posts, the tiles read again, the product's questions-and-answers state (then cached),
    # "Discussed in N threads" (community.product_threads).
    with django_assert_num_queries(10):
        response = client.get("/@atelier/products/big")
    assert response.status_code == 200
    with django_assert_num_queries(5):
        assert client.get("/@atelier/products/big").status_code == 200
