"""Sellers upload, describe, reorder and delete a product's pictures from the dashboard."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from agora.catalog.models import Product, ProductMedia
from agora.media.models import MediaAsset
from tests.factories import ProductFactory, UserFactory

pytestmark = pytest.mark.django_db


def jpeg(name="photo.jpg", color=(200, 60, 40), size=(64, 48)) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, "JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def media_url(product):
    return reverse("dashboard:product-media", args=[product.shop.handle, product.pk])


def upload(client, product, **fields):
    data = {"file": jpeg(), "angle": "front", "alt": "A red mug", **fields}
    return client.post(media_url(product), data)


@pytest.fixture
def owner_client(client, user):
    client.force_login(user)
    return client


def test_seller_uploads_a_picture_from_the_media_page(owner_client, product):
    response = upload(owner_client, product)

    assert response.status_code == 302
    media = MediaAsset.objects.get(product_link__product=product)
    assert (media.kind, media.angle, media.alt) == ("image", "front", "A red mug")
    assert (media.width, media.height) == (64, 48)
    page = owner_client.get(media_url(product))
    assert page.status_code == 200
    assert 'alt="A red mug"' in page.content.decode()
    table = owner_client.get(reverse("dashboard:shop", args=[product.shop.handle]))
    assert table.context["rows"][0]["thumb"]


def test_a_file_that_is_not_an_image_is_refused_next_to_the_file_input(owner_client, product):
    text = SimpleUploadedFile("notes.jpg", b"just some text", content_type="image/jpeg")

    response = upload(owner_client, product, file=text)

    assert response.status_code == 422
    assert response.context["upload_form"].errors["file"]
    assert 'id="id_file_error"' in response.content.decode()
    assert not MediaAsset.objects.exists()


def test_seller_changes_alt_text_and_angle_then_makes_a_picture_the_main_one(owner_client, product):
    upload(owner_client, product, alt="first")
    upload(owner_client, product, file=jpeg(color=(0, 0, 200)), alt="second")
    first, second = MediaAsset.objects.order_by("product_link__position")
    url = reverse("dashboard:media-edit", args=[product.shop.handle, product.pk, second.pk])

    response = owner_client.post(
        url,
        {f"m{second.pk}-angle": "in_use", f"m{second.pk}-alt": "Worn", "make_first": "1"},
    )

    assert response.status_code == 302
    second.refresh_from_db()
    places = dict(ProductMedia.objects.values_list("media_id", "position"))
    assert (second.angle, second.alt, places[second.pk]) == ("in_use", "Worn", 0)
    assert places[first.pk] == 1


def test_seller_deletes_a_picture(owner_client, product):
    upload(owner_client, product)
    media = MediaAsset.objects.get()
    url = reverse("dashboard:media-delete", args=[product.shop.handle, product.pk, media.pk])

    response = owner_client.post(url)

    assert response.status_code == 302
    assert not MediaAsset.objects.exists()


def test_a_non_member_can_neither_see_nor_change_a_products_media(client, user, product):
    client.force_login(user)
    upload(client, product)
    media = MediaAsset.objects.get()
    client.force_login(UserFactory())
    handle = product.shop.handle

    assert client.get(media_url(product)).status_code == 404
    assert upload(client, product).status_code == 404
    edit = reverse("dashboard:media-edit", args=[handle, product.pk, media.pk])
    assert client.post(edit, {f"m{media.pk}-angle": "back"}).status_code == 404
    delete = reverse("dashboard:media-delete", args=[handle, product.pk, media.pk])
    assert client.post(delete).status_code == 404

    media.refresh_from_db()
    assert (media.angle, MediaAsset.objects.count()) == ("front", 1)


def test_media_of_another_product_is_not_found_through_mine(owner_client, product, user):
    other = ProductFactory(shop=product.shop)
    upload(owner_client, other)
    media = MediaAsset.objects.get()
    url = reverse("dashboard:media-delete", args=[product.shop.handle, product.pk, media.pk])

    assert owner_client.post(url).status_code == 404
    assert MediaAsset.objects.filter(product_link__product=other).exists()


def test_seller_links_a_picture_to_a_colour_then_to_every_variant_again(owner_client, product):
    Product.objects.filter(pk=product.pk).update(
        options=[
            {"name": "color", "values": ["Camel", "Anthracite"]},
            {"name": "size", "values": ["S", "M"]},
        ]
    )
    upload(owner_client, product, alt="grey")
    media = MediaAsset.objects.get()
    url = reverse("dashboard:media-edit", args=[product.shop.handle, product.pk, media.pk])
    prefix = f"m{media.pk}"

    page = owner_client.get(media_url(product)).content.decode()
    assert ">Color</label>" in page and ">Size</label>" in page
    assert ">All variants</option>" in page

    response = owner_client.post(
        url,
        {f"{prefix}-angle": "front", f"{prefix}-alt": "grey", f"{prefix}-option_0": "Anthracite"},
    )
    assert response.status_code == 302
    media.refresh_from_db()
    assert media.option_values == {"color": "Anthracite"}
    page = owner_client.get(media_url(product)).content.decode()
    assert '<option value="Anthracite" selected>' in page

    owner_client.post(url, {f"{prefix}-angle": "front", f"{prefix}-alt": "grey"})
    media.refresh_from_db()
    assert media.option_values == {}


def test_a_value_the_product_does_not_offer_is_refused(owner_client, product):
    Product.objects.filter(pk=product.pk).update(options=[{"name": "color", "values": ["Camel"]}])
    upload(owner_client, product)
    media = MediaAsset.objects.get()
    url = reverse("dashboard:media-edit", args=[product.shop.handle, product.pk, media.pk])

    response = owner_client.post(
        url, {f"m{media.pk}-angle": "front", f"m{media.pk}-option_0": "Crimson"}
    )

    assert response.status_code == 422
    media.refresh_from_db()
    assert media.option_values == {}
