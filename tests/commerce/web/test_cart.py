"""The cart page and the buttons that fill it: product page, post tags, quantities, log-in."""

import pytest
from django.test import Client

from agora.commerce.models import Cart, CartLine
from agora.social.services.posts import post_create
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def test_add_to_cart_from_the_product_page_goes_back_with_a_message(buyer_client, shirt):
    # given the M variant picked on the product page
    medium = shirt.variants.get(options={"size": "M"})
    # when the form is posted without JavaScript
    response = buyer_client.post(
        f"/cart/add/{shirt.pk}",
        {"variant_id": medium.pk, "quantity": "2", "next": shirt.get_absolute_url()},
        follow=True,
    )
    # then the shopper is back on the product page, told it's in the cart
    assert response.redirect_chain[-1][0] == shirt.get_absolute_url()
    assert "Linen shirt is in your cart." in response.content.decode()
    line = CartLine.objects.get()
    assert (line.variant, line.quantity) == (medium, 2)


def test_add_to_cart_with_htmx_swaps_in_a_confirmation_and_the_header_count(buyer_client, mug):
    variant = mug.variants.get()
    response = buyer_client.post(
        f"/cart/add/{mug.pk}", {"variant_id": variant.pk, "quantity": "3"}, HTTP_HX_REQUEST="true"
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "In your cart (3)" in body
    assert 'id="nav-cart"' in body and 'hx-swap-oob="true"' in body


def test_product_page_buy_form_posts_the_selected_variant(client, shirt):
    page = client.get(shirt.get_absolute_url() + "?opt-size=M").content.decode()
    medium = shirt.variants.get(options={"size": "M"})
    assert f'action="/cart/add/{shirt.pk}"' in page
    assert f'name="variant_id" value="{medium.pk}" form="buy-form"' in page
    assert "coming soon" not in page


def test_buy_now_adds_and_goes_to_checkout(buyer_client, mug):
    variant = mug.variants.get()
    response = buyer_client.post(f"/buy/{mug.pk}", {"variant_id": variant.pk})
    assert response.status_code == 302 and response["Location"] == "/checkout"
    htmx = buyer_client.post(f"/buy/{mug.pk}", HTTP_HX_REQUEST="true")
    assert htmx["HX-Redirect"] == "/checkout"
    assert CartLine.objects.get().quantity == 2


def test_post_tag_buttons_add_with_attribution_or_ask_for_the_size(
    buyer_client, seller, mug, shirt
):
    post = post_create(
        user=seller, text="New in", product_ids=[mug.pk, shirt.pk], as_shop="atelier"
    )
    feed_card = buyer_client.get(f"/posts/{post.pk}").content.decode()
    assert f'hx-post="/buy/{mug.pk}?post={post.pk}"' in feed_card
    # a one-variant product goes straight in, remembering the post
    added = buyer_client.post(f"/cart/add/{mug.pk}?post={post.pk}", HTTP_HX_REQUEST="true")
    assert "In your cart (1)" in added.content.decode()
    assert CartLine.objects.get().post == post
    # a product in two sizes asks which one first
    choose = buyer_client.post(f"/buy/{shirt.pk}?post={post.pk}", HTTP_HX_REQUEST="true")
    assert choose["HX-Redirect"] == f"/cart/add/{shirt.pk}?post={post.pk}&buy=1"
    page = buyer_client.get(choose["HX-Redirect"]).content.decode()
    assert 'name="variant_id"' in page and f'name="post_id" value="{post.pk}"' in page


def test_adding_more_than_is_in_stock_is_refused_clearly(buyer_client, shirt):
    small = shirt.variants.get(options={"size": "S"})
    response = buyer_client.post(f"/cart/add/{shirt.pk}", {"variant_id": small.pk, "quantity": 9})
    assert response.status_code == 422
    assert "Only 5 left." in response.content.decode()
    assert not CartLine.objects.exists()


@pytest.mark.parametrize(
    ("language", "total", "shipping", "option"),
    [("en", "€63.00", "€5.00", "Size: M"), ("fr", "63,00\xa0€", "5,00\xa0€", "Taille : M")],
)
def test_cart_page_shows_lines_and_totals_in_the_viewer_locale(
    buyer, buyer_client, fill_cart, mug, shirt, language, total, shipping, option
):
    # given 1 mug (12.00) and 2 shirts (29.00): 70.00 + 5.00 shipping under the 100.00 threshold
    fill_cart(buyer, (mug.variants.get(), 1), (shirt.variants.get(options={"size": "M"}), 2))
    # when the cart is shown
    page = buyer_client.get(f"/cart?lang={language}").content.decode()
    # then the lines, shipping and total read the way the language writes money
    # (the option's name translated around the value the seller typed)
    assert "Linen shirt" in page and option in page
    assert shipping in page
    assert ("€75.00" if language == "en" else "75,00\xa0€") in page
    assert total.replace("63", "58") in page  # the two shirts


def test_quantity_update_and_remove(buyer, buyer_client, fill_cart, mug):
    fill_cart(buyer, (mug.variants.get(), 1))
    line = CartLine.objects.get()
    response = buyer_client.post(f"/cart/lines/{line.pk}", {"quantity": "4"})
    assert response.status_code == 302
    line.refresh_from_db()
    assert line.quantity == 4
    buyer_client.post(f"/cart/lines/{line.pk}/remove")
    assert not CartLine.objects.exists()
    assert "Your cart is empty." in buyer_client.get("/cart").content.decode()


def test_a_quantity_that_is_not_a_number_is_refused_and_the_line_kept(
    buyer, buyer_client, fill_cart, mug
):
    # given a line of two mugs
    fill_cart(buyer, (mug.variants.get(), 2))
    line = CartLine.objects.get()
    # when the quantity field is sent with something else than a number
    response = buyer_client.post(f"/cart/lines/{line.pk}", {"quantity": "two"}, follow=True)
    # then the cart says why and keeps the line as it was
    assert "Give a whole number." in response.content.decode()
    line.refresh_from_db()
    assert line.quantity == 2


def test_someone_elses_cart_line_is_not_found(buyer, fill_cart, mug, seller_client):
    fill_cart(buyer, (mug.variants.get(), 1))
    line = CartLine.objects.get()
    seller_client.post(f"/cart/lines/{line.pk}", {"quantity": "9"})
    seller_client.post(f"/cart/lines/{line.pk}/remove")
    line.refresh_from_db()
    assert line.quantity == 1


def test_anonymous_cart_is_merged_at_log_in(buyer, mug):
    visitor = Client()
    visitor.post(f"/cart/add/{mug.pk}", {"variant_id": mug.variants.get().pk, "quantity": 2})
    assert "In your cart" not in visitor.get("/cart").content.decode()  # the page, not htmx
    assert Cart.objects.get().user is None
    visitor.post("/login", {"username": buyer.username, "password": PASSWORD})
    cart = Cart.objects.get()
    assert cart.user == buyer and cart.lines.get().quantity == 2
    assert 'class="badge accent nav-count">2' in visitor.get("/cart").content.decode()


def test_cart_page_query_count_is_constant(
    buyer, buyer_client, fill_cart, shop, django_assert_num_queries
):
    from tests.factories import ProductFactory

    def fill(n):
        CartLine.objects.all().delete()
        products = [
            ProductFactory(shop=shop, options=[], variants=[{"options": {}, "stock": 9}])
            for _ in range(n)
        ]
        fill_cart(buyer, *[(p.variants.get(), 1) for p in products])

    fill(2)
    buyer_client.get("/cart")
    with django_assert_num_queries(7) as few:  # the header reads its facts in one query
        buyer_client.get("/cart")
    count = len(few.captured_queries)
    fill(12)
    buyer_client.get("/cart")  # the header's count changes once (a session write)
    with django_assert_num_queries(count):
        assert "Product" in buyer_client.get("/cart").content.decode()
