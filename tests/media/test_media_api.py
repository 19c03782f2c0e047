"""The media API: who may upload, see, change and delete; product media in the product API."""

import pytest
from django.conf import settings
from django.core.files.storage import default_storage

from agora.catalog.models import Product
from agora.media.models import MediaAsset
from agora.media.services import media_upload
from agora.shops.models import ShopMember
from tests.factories import ProductFactory, UserFactory
from tests.media.helpers import image_bytes, stored_files, upload, uploaded

pytestmark = pytest.mark.django_db


@pytest.fixture
def stranger_api(make_api):
    return make_api(UserFactory())


@pytest.fixture
def product_photo(user, product, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        media = media_upload(
            uploader=user,
            file=uploaded(image_bytes("PNG", (400, 300)), "a.png"),
            angle="front",
            alt="Front view",
            product=product,
        )
    media.refresh_from_db()
    return media


def _png(color="teal"):
    return image_bytes("PNG", size=(40, 30), color=color)


def test_the_shop_owner_adds_media_to_a_product_and_it_goes_last(user_api, product):
    # given a product with one photo already
    first = upload(user_api, f"/products/{product.pk}/media", _png(), name="a.png", angle="front")

    # when a second one is uploaded
    second = upload(
        user_api,
        f"/products/{product.pk}/media",
        _png("red"),
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

    response = upload(make_api(staff), f"/products/{product.pk}/media", _png(), name="a.png")

    assert response.status_code == 201
    assert MediaAsset.objects.get().uploaded_by == staff


def test_an_unknown_angle_is_refused_on_angle_and_nothing_is_stored(user_api, product):
    response = upload(user_api, f"/products/{product.pk}/media", _png(), name="a.png", angle="top")

    assert response.status_code == 422
    assert "angle" in response.json()["error"]["fields"]
    assert not MediaAsset.objects.exists()
    assert stored_files(settings.MEDIA_ROOT) == []


def test_another_users_token_cannot_upload_to_someone_elses_product(stranger_api, product):
    response = upload(stranger_api, f"/products/{product.pk}/media", _png(), name="a.png")

    assert response.status_code == 403
    assert not MediaAsset.objects.exists()
    assert stored_files(settings.MEDIA_ROOT) == []


def test_a_draft_product_is_not_found_for_other_people(stranger_api, product):
    Product.objects.filter(pk=product.pk).update(status=Product.Status.DRAFT)

    upload_response = upload(stranger_api, f"/products/{product.pk}/media", _png(), name="a.png")
    list_response = stranger_api.get(f"/products/{product.pk}/media")

    assert upload_response.status_code == list_response.status_code == 404
    assert not MediaAsset.objects.exists()


def test_uploading_to_a_missing_product_is_not_found(user_api):
    response = upload(user_api, "/products/999999/media", _png(), name="a.png")

    assert response.status_code == 404


def test_another_users_token_cannot_change_or_delete_product_media(stranger_api, product_photo):
    # when a stranger tries to change and delete the shop's photo
    patch = stranger_api.patch(f"/media/{product_photo.pk}", {"alt": "pwned", "position": 5})
    delete = stranger_api.delete(f"/media/{product_photo.pk}")

    # then both are forbidden and the photo, its file and its thumbnails are untouched
    assert patch.status_code == delete.status_code == 403
    product_photo_after = MediaAsset.objects.get(pk=product_photo.pk)
    assert product_photo_after.alt == "Front view"
    assert product_photo_after.position == 0
    assert default_storage.exists(product_photo.file.name)
    assert all(default_storage.exists(p) for p in product_photo.thumbnails.values())


def test_a_former_staff_member_can_no_longer_change_what_they_uploaded(product, make_api):
    staff = UserFactory()
    membership = ShopMember.objects.create(shop=product.shop, user=staff, role="staff")
    media = media_upload(uploader=staff, file=uploaded(_png(), "a.png"), product=product)
    membership.delete()

    response = make_api(staff).patch(f"/media/{media.pk}", {"alt": "mine"})

    assert response.status_code == 403


def test_personal_uploads_are_invisible_to_other_people(user_api, stranger_api, api):
    media_id = upload(user_api, "/media", _png(), name="a.png").json()["id"]

    responses = [
        stranger_api.get(f"/media/{media_id}"),
        stranger_api.patch(f"/media/{media_id}", {"alt": "pwned"}),
        stranger_api.delete(f"/media/{media_id}"),
        api.get(f"/media/{media_id}"),
    ]

    assert [r.status_code for r in responses] == [404, 404, 404, 404]
    assert MediaAsset.objects.get(pk=media_id).alt == ""


def test_the_uploader_updates_alt_text_and_angle(user_api, product_photo):
    response = user_api.patch(
        f"/media/{product_photo.pk}", {"alt": "Worn in the rain", "angle": "in_use"}
    )

    assert response.status_code == 200
    assert response.json()["alt"] == "Worn in the rain"
    assert response.json()["angle"] == "in_use"


def test_an_unknown_angle_in_an_update_is_refused(user_api, product_photo):
    response = user_api.patch(f"/media/{product_photo.pk}", {"angle": "upside-down"})

    assert response.status_code == 422
    assert "angle" in response.json()["error"]["fields"]
    assert MediaAsset.objects.get(pk=product_photo.pk).angle == "front"


def test_moving_a_photo_first_renumbers_the_others(user, user_api, product):
    # given three photos
    ids = [
        media_upload(uploader=user, file=uploaded(_png(), "a.png"), product=product).pk
        for _ in range(3)
    ]

    # when the last one is moved to the front
    response = user_api.patch(f"/media/{ids[2]}", {"position": 0})

    # then the product lists it first and keeps the others in order
    assert response.status_code == 200
    listed = user_api.get(f"/products/{product.pk}/media").json()["items"]
    assert [m["id"] for m in listed] == [ids[2], ids[0], ids[1]]
    assert list(MediaAsset.objects.order_by("position").values_list("position", flat=True)) == [
        0,
        1,
        2,
    ]


def test_deleting_media_removes_the_row_and_its_files_after_commit(
    user_api, product_photo, django_capture_on_commit_callbacks
):
    paths = [product_photo.file.name, *product_photo.thumbnails.values()]

    with django_capture_on_commit_callbacks(execute=True):
        response = user_api.delete(f"/media/{product_photo.pk}")

    assert response.status_code == 204
    assert not MediaAsset.objects.filter(pk=product_photo.pk).exists()
    assert not any(default_storage.exists(p) for p in paths)


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
        media_upload(uploader=user, file=uploaded(_png(), "a.png"), product=product)

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
        media_upload(uploader=user, file=uploaded(_png(), "a.png"), product=product)

    with django_assert_num_queries(2):  # the product with its shop, then one page of media
        response = api.get(f"/products/{product.pk}/media")

    assert len(response.json()["items"]) == count


def test_media_of_another_shops_product_stays_with_that_shop(user_api, user):
    other_product = ProductFactory()

    response = upload(user_api, f"/products/{other_product.pk}/media", _png(), name="a.png")

    assert response.status_code == 403
    assert not MediaAsset.objects.filter(product=other_product).exists()


def test_the_openapi_schema_declares_multipart_uploads_and_their_errors(api):
    schema = api.get("/openapi.json").json()

    upload_op = schema["paths"]["/api/v1/products/{product_id}/media"]["post"]
    assert "multipart/form-data" in upload_op["requestBody"]["content"]
    assert {"201", "403", "404", "413", "422"} <= set(upload_op["responses"])
    assert "204" in schema["paths"]["/api/v1/media/{media_id}"]["delete"]["responses"]
