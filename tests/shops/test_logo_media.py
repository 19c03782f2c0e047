"""A shop's logo through the media API: shops tells media (its hook) who sees and changes it."""

import pytest

from agora.media.models import MediaAsset
from agora.media.services import media_upload
from agora.shops.models import Shop, ShopMember
from tests.factories import UserFactory
from tests.media.helpers import image_bytes, uploaded

pytestmark = pytest.mark.django_db


@pytest.fixture
def logo(user, shop):
    asset = media_upload(uploader=user, file=uploaded(image_bytes("PNG"), "logo.png"), alt="Logo")
    Shop.objects.filter(pk=shop.pk).update(logo=asset)
    return asset


def test_an_active_shops_logo_is_seen_by_everyone(api, make_api, logo):
    responses = [api.get(f"/media/{logo.pk}"), make_api(UserFactory()).get(f"/media/{logo.pk}")]

    assert [r.status_code for r in responses] == [200, 200]
    assert responses[0].json()["alt"] == "Logo"


def test_a_closed_shops_logo_is_seen_by_its_uploader_only(api, user_api, make_api, shop, logo):
    Shop.objects.filter(pk=shop.pk).update(is_active=False)

    assert api.get(f"/media/{logo.pk}").status_code == 404
    assert make_api(UserFactory()).get(f"/media/{logo.pk}").status_code == 404
    assert user_api.get(f"/media/{logo.pk}").status_code == 200


def test_the_shops_staff_change_the_logo_and_strangers_may_not(make_api, shop, logo):
    staff = UserFactory()
    ShopMember.objects.create(shop=shop, user=staff, role=ShopMember.Role.STAFF)

    stranger = make_api(UserFactory()).patch(f"/media/{logo.pk}", {"alt": "pwned"})
    member = make_api(staff).patch(f"/media/{logo.pk}", {"alt": "Our logo"})

    assert (stranger.status_code, member.status_code) == (403, 200)
    assert MediaAsset.objects.get(pk=logo.pk).alt == "Our logo"


def test_the_uploader_who_left_the_shop_can_no_longer_delete_its_logo(make_api, shop):
    former = UserFactory()
    membership = ShopMember.objects.create(shop=shop, user=former, role=ShopMember.Role.STAFF)
    asset = media_upload(uploader=former, file=uploaded(image_bytes("PNG"), "logo.png"))
    Shop.objects.filter(pk=shop.pk).update(logo=asset)
    membership.delete()

    response = make_api(former).delete(f"/media/{asset.pk}")

    assert response.status_code == 403
    assert MediaAsset.objects.filter(pk=asset.pk).exists()
