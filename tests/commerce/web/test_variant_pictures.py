"""The variant's picture and options on the cart, the order page and the confirmation e-mail:
the picture linked to the line's colour, options as labelled lines, no SKU for the buyer, one
success banner, and the same number of queries for two lines as for six."""

import re

import pytest
from django.core import mail

from agora.commerce.models import CartLine, Order
from agora.commerce.services.orders import order_confirmation_send
from agora.media.models import MediaAsset
from tests.commerce.web.conftest import checkout_form, pay
from tests.factories import ProductFactory

pytestmark = pytest.mark.django_db

COLORS = ["Camel", "Anthracite", "Navy", "Olive", "Rust", "Sand"]


@pytest.fixture
def coat(shop, add_media):
    """A coat in six colours, each with its own photo after a photo for every colour."""
    product = ProductFactory(
        shop=shop,
        title="Wool coat",
        slug="wool-coat",
        price_amount=1000,
        options=[{"name": "color", "values": COLORS}],
        variants=[{"options": {"color": c}, "stock": 9} for c in COLORS],
    )
    add_media(product, angle="detail", alt="every colour", position=0)
    for position, color in enumerate(COLORS, start=1):
        photo = add_media(product, angle="front", alt=color, position=position)
        MediaAsset.objects.filter(pk=photo.pk).update(option_values={"color": color})
    return product


def variant(product, color):
    return product.variants.get(options__color=color)


def line_pictures(page: str) -> list[str]:
    """The picture file of each line, in order (the thumbnails' original file names)."""
    return re.findall(r'class="cart-thumb"[^>]*>\s*<img src="([^"]+)"', page)


def picture_of(product, color) -> str:
    return MediaAsset.objects.get(
        product_link__product=product, option_values={"color": color}
    ).file.url


def test_cart_lines_show_their_colours_photo_and_labelled_options(
    buyer, buyer_client, fill_cart, coat
):
    fill_cart(buyer, (variant(coat, "Anthracite"), 1), (variant(coat, "Camel"), 2))

    page = buyer_client.get("/cart").content.decode()

    assert line_pictures(page) == [picture_of(coat, "Anthracite"), picture_of(coat, "Camel")]
    assert "Color: Anthracite" in page and "Color: Camel" in page
    assert "color: " not in page


def test_checkout_lines_show_the_variants_photo(buyer, buyer_client, fill_cart, coat):
    fill_cart(buyer, (variant(coat, "Navy"), 1))

    page = buyer_client.get("/checkout").content.decode()

    assert line_pictures(page) == [picture_of(coat, "Navy")]


def test_cart_page_queries_stay_flat_with_photos_per_variant(
    buyer, buyer_client, fill_cart, coat, django_assert_num_queries
):
    def fill(colors):
        CartLine.objects.all().delete()
        fill_cart(buyer, *[(variant(coat, c), 1) for c in colors])
        buyer_client.get("/cart")  # the header's count changes once (a session write)

    fill(COLORS[:2])
    with django_assert_num_queries(7) as few:
        buyer_client.get("/cart")
    count = len(few.captured_queries)
    fill(COLORS)
    with django_assert_num_queries(count):
        page = buyer_client.get("/cart").content.decode()
    assert len(line_pictures(page)) == 6


def paid_order(buyer, buyer_client, fill_cart, coat, colors):
    fill_cart(buyer, *[(variant(coat, c), 1) for c in colors])
    payment_url = buyer_client.post("/checkout", checkout_form(buyer_client))["Location"]
    response = pay(buyer_client, payment_url.rsplit("/", 1)[1])
    return Order.objects.latest("pk"), response


def test_the_confirmation_shows_each_lines_photo_and_options_no_sku_and_one_banner(
    buyer, buyer_client, fill_cart, coat
):
    order, response = paid_order(buyer, buyer_client, fill_cart, coat, ["Olive", "Rust"])

    page = buyer_client.get(response["Location"]).content.decode()

    assert line_pictures(page) == [picture_of(coat, "Olive"), picture_of(coat, "Rust")]
    assert "Color: Olive" in page and "Color: Rust" in page
    for line in order.lines.all():
        assert line.sku not in page
    assert len(re.findall(r'class="message[ "]', page)) == 1
    assert "Thank you! Your payment is confirmed." in page


def test_the_shops_team_still_sees_the_sku(buyer, buyer_client, fill_cart, coat, seller_client):
    order, _ = paid_order(buyer, buyer_client, fill_cart, coat, ["Sand"])

    page = seller_client.get(f"/dashboard/atelier/orders/{order.number}").content.decode()

    assert order.lines.get().sku in page
    assert line_pictures(page) == [picture_of(coat, "Sand")]


def test_order_page_queries_stay_flat_with_several_lines(
    buyer, buyer_client, fill_cart, coat, django_assert_num_queries
):
    two, _ = paid_order(buyer, buyer_client, fill_cart, coat, COLORS[:2])
    six, _ = paid_order(buyer, buyer_client, fill_cart, coat, COLORS)
    buyer_client.get(f"/orders/{two.number}")

    with django_assert_num_queries(9) as few:
        buyer_client.get(f"/orders/{two.number}")
    count = len(few.captured_queries)
    with django_assert_num_queries(count):
        page = buyer_client.get(f"/orders/{six.number}").content.decode()
    assert len(line_pictures(page)) == 6


def test_the_confirmation_email_has_an_html_part_with_photos_and_options(
    buyer, buyer_client, fill_cart, coat, settings
):
    order, _ = paid_order(buyer, buyer_client, fill_cart, coat, ["Anthracite"])
    mail.outbox.clear()

    order_confirmation_send(checkout_id=order.checkout_id)  # the task run after the payment

    [message] = mail.outbox
    assert "Color: Anthracite" in message.body  # the text part
    [(html, kind)] = message.alternatives
    assert kind == "text/html"
    assert "Color: Anthracite" in html
    pictures = re.findall(r'<img src="([^"]+)"', html)
    grey = MediaAsset.objects.get(option_values={"color": "Anthracite"})
    assert pictures == [f"{settings.AGORA_BASE_URL}{settings.MEDIA_URL}{grey.thumbnails['320']}"]
