"""The media API: who may upload, see, change and delete. A product's photos are changed
through the same endpoints, with the rights catalog gives (media asks through its hook)."""

import pytest
from django.conf import settings
from django.core.files.storage import default_storage

from agora.catalog.models import ProductMedia
from agora.catalog.services import product_media_add
from agora.media.models import MediaAsset
from agora.media.services import media_upload
from agora.shops.models import ShopMember
from tests.factories import UserFactory
from tests.media.helpers import png, stored_files, upload, uploaded

pytestmark = pytest.mark.django_db


def test_another_users_token_cannot_change_or_delete_product_media(stranger_api, product_photo):
    # when a stranger tries to change and delete the shop's photo
    patch = stranger_api.patch(f"/media/{product_photo.pk}", {"alt": "pwned", "position": 5})
    delete = stranger_api.delete(f"/media/{product_photo.pk}")

    # then both are forbidden and the photo, its file and its thumbnails are untouched
    assert patch.status_code == delete.status_code == 403
    product_photo_after = MediaAsset.objects.get(pk=product_photo.pk)
    assert product_photo_after.alt == "Front view"
    assert ProductMedia.objects.get(media=product_photo).position == 0
    assert default_storage.exists(product_photo.file.name)
    assert all(default_storage.exists(p) for p in product_photo.thumbnails.values())


def test_a_former_staff_member_can_no_longer_change_what_they_uploaded(product, make_api):
    staff = UserFactory()
    membership = ShopMember.objects.create(shop=product.shop, user=staff, role="staff")
    media = product_media_add(actor=staff, product=product, file=uploaded(png(), "a.png"))
    membership.delete()

    response = make_api(staff).patch(f"/media/{media.pk}", {"alt": "mine"})

    assert response.status_code == 403


def test_personal_uploads_are_invisible_to_other_people(user_api, stranger_api, api):
    media_id = upload(user_api, "/media", png(), name="a.png").json()["id"]

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
        product_media_add(actor=user, product=product, file=uploaded(png(), "a.png")).pk
        for _ in range(3)
    ]

    # when the last one is moved to the front
    response = user_api.patch(f"/media/{ids[2]}", {"position": 0})

    # then the product lists it first and keeps the others in order
    assert response.status_code == 200
    listed = user_api.get(f"/products/{product.pk}/media").json()["items"]
    assert [m["id"] for m in listed] == [ids[2], ids[0], ids[1]]
    assert list(ProductMedia.objects.order_by("position").values_list("position", flat=True)) == [
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


def test_the_openapi_schema_declares_multipart_uploads_and_their_errors(api):
    schema = api.get("/openapi.json").json()

    upload_op = schema["paths"]["/api/v1/products/{product_id}/media"]["post"]
    assert "multipart/form-data" in upload_op["requestBody"]["content"]
    assert {"201", "403", "404", "413", "422"} <= set(upload_op["responses"])
    assert "204" in schema["paths"]["/api/v1/media/{media_id}"]["delete"]["responses"]


def test_a_place_asked_for_media_that_nothing_orders_changes_nothing_else(user_api):
    media_id = upload(user_api, "/media", png(), name="a.png").json()["id"]

    response = user_api.patch(f"/media/{media_id}", {"alt": "Mine", "position": 3})

    assert response.status_code == 200
    assert response.json()["alt"] == "Mine"


def test_an_upload_whose_attach_step_fails_keeps_no_row_and_no_file(user):
    # given an app above that refuses to link the upload once it is stored
    def refuse(media):
        assert MediaAsset.objects.filter(pk=media.pk).exists()  # inside the transaction
        raise RuntimeError("cannot link")

    # when the upload runs
    with pytest.raises(RuntimeError):
        media_upload(uploader=user, file=uploaded(png(), "a.png"), attach=refuse)

    # then neither the row nor any file remains
    assert not MediaAsset.objects.exists()
    assert stored_files(settings.MEDIA_ROOT) == []
