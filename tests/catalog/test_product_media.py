"""A product's photos and videos through catalog's API (`/products/{id}/media`): who may add
them, who sees them, their order; catalog says which media show a product."""

import pytest
from django.conf import settings

from agora.catalog.models import Product, ProductMedia
from agora.catalog.services import product_media_add
from agora.media.models import MediaAsset
from agora.shops.models import ShopMember
from tests.factories import ProductFactory, UserFactory
from tests.media.helpers import png, stored_files, upload, uploaded

pytestmark = pytest.mark.django_db


def test_the_shop_owner_adds_media_to_a_product_and_it_goes_last(user_api, product):
    # given a product with one photo already
    first = upload(user_api, f"/products/{product.pk}/media", png(), name="a.png", angle="front")

    # when a second one is uploaded
    second = upload(
        user_api,
        f"/products/{product.pk}/media",
        png("red"),
        name="b.png",
        angle="back",
        alt="Back",
    )

    # then both are listed in upload order, with their angle and alt text
    assert first.status_code == second.status_code == 201
    assert second.json()["angle"] == "back"
    assert second.json()["alt"] == "Back"
    listed = user_api.get(f"/products/{product.pk}/media").json()
    assert [m["id"] for m in listed["items"]] == [first.json()["id"], second.json()["id"]]
    assert listed["next_cursor"] is None


def test_a_shop_staff_member_may_upload_to_the_shops_products(product, make_api):
    staff = UserFactory()
    ShopMember.objects.create(shop=product.shop, user=staff, role=ShopMember.Role.STAFF)

    response = upload(make_api(staff), f"/products/{product.pk}/media", png(), name="a.png")

    assert response.status_code == 201
    assert MediaAsset.objects.get().uploaded_by == staff


def test_an_unknown_angle_is_refused_on_angle_and_nothing_is_stored(user_api, product):
    response = upload(user_api, f"/products/{product.pk}/media", png(), name="a.png", angle="top")

    assert response.status_code == 422
    assert "angle" in response.json()["error"]["fields"]
    assert not MediaAsset.objects.exists()
    assert stored_files(settings.MEDIA_ROOT) == []


def test_another_users_token_cannot_upload_to_someone_elses_product(stranger_api, product):
    response = upload(stranger_api, f"/products/{product.pk}/media", png(), name="a.png")

    assert response.status_code == 403
    assert not MediaAsset.objects.exists()
    assert stored_files(settings.MEDIA_ROOT) == []


def test_a_draft_product_is_not_found_for_other_people(stranger_api, product):
    Product.objects.filter(pk=product.pk).update(status=Product.Status.DRAFT)

    upload_response = upload(stranger_api, f"/products/{product.pk}/media", png(), name="a.png")
    list_response = stranger_api.get(f"/products/{product.pk}/media")

    assert upload_response.status_code == list_response.status_code == 404
    assert not MediaAsset.objects.exists()


def test_uploading_to_a_missing_product_is_not_found(user_api):
    response = upload(user_api, "/products/999999/media", png(), name="a.png")

    assert response.status_code == 404


def test_the_product_api_lists_media_with_absolute_urls(api, product_photo, product):
    response = api.get(f"/products/{product.pk}")

    assert response.status_code == 200
    (media,) = response.json()["media"]
    assert media["id"] == product_photo.pk
    assert media["status"] == "ready"
    urls = [media["url"], *(t["url"] for t in media["thumbnails"])]
    assert all(url.startswith(settings.AGORA_BASE_URL + "/media/") for url in urls)
    assert media["srcset"].startswith(settings.AGORA_BASE_URL)


def test_the_product_media_list_is_public_and_paginated(api, user, product):
    for _ in range(3):
        product_media_add(actor=user, product=product, file=uploaded(png(), "a.png"))

    first = api.get(f"/products/{product.pk}/media", {"limit": 2}).json()
    second = api.get(
        f"/products/{product.pk}/media", {"limit": 2, "cursor": first["next_cursor"]}
    ).json()

    assert len(first["items"]) == 2
    assert len(second["items"]) == 1
    assert second["next_cursor"] is None


@pytest.mark.parametrize("count", [2, 8])
def test_the_product_media_list_takes_the_same_queries_for_few_or_many(
    api, user, product, count, django_assert_num_queries
):
    for _ in range(count):
        product_media_add(actor=user, product=product, file=uploaded(png(), "a.png"))

    with django_assert_num_queries(2):  # the product with its shop, then one page of media
        response = api.get(f"/products/{product.pk}/media")

    assert len(response.json()["items"]) == count


def test_media_of_another_shops_product_stays_with_that_shop(user_api, user):
    other_product = ProductFactory()

    response = upload(user_api, f"/products/{other_product.pk}/media", png(), name="a.png")

    assert response.status_code == 403
    assert not ProductMedia.objects.filter(product=other_product).exists()
    assert not MediaAsset.objects.exists()
