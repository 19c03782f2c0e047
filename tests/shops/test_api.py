import pytest

from agora.shops.models import Shop, ShopMember
from tests.factories import ShopFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_creating_a_shop_makes_the_creator_its_owner(user_api, user):
    response = user_api.post(
        "/shops",
        {"handle": "roastery", "name": "The Roastery", "currency": "EUR", "description": "Beans"},
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["handle"] == "roastery"
    assert body["url"].endswith("/@roastery")
    assert ShopMember.objects.get(shop__handle="roastery").user == user
    assert user_api.get("/shops/roastery/members").json() == [
        {"handle": user.username, "role": "owner"}
    ]


def test_shop_handle_shares_the_namespace_with_people(user_api):
    UserFactory(username="Ana")
    response = user_api.post("/shops", {"handle": "ANA", "name": "x", "currency": "EUR"})
    assert response.status_code == 409
    assert Shop.objects.count() == 0


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"handle": "ok_shop", "name": "", "currency": "EUR"}, "name"),
        ({"handle": "ok_shop", "name": "Shop", "currency": "XXX"}, "currency"),
        ({"handle": "bad handle", "name": "Shop", "currency": "EUR"}, "handle"),
        ({"handle": "ok_shop", "name": "Shop"}, "currency"),
    ],
)
def test_bad_shop_input_names_the_field(user_api, payload, field):
    response = user_api.post("/shops", payload)
    assert response.status_code == 422
    assert field in response.json()["error"]["fields"]
    assert Shop.objects.count() == 0


def test_creating_a_shop_needs_a_token(api):
    assert api.post("/shops", {"handle": "x1", "name": "x", "currency": "EUR"}).status_code == 401


def test_owner_adds_and_removes_staff(make_api, shop, user):
    staff = UserFactory(username="helper")
    owner_api = make_api(user)
    added = owner_api.post(f"/shops/{shop.handle}/members", {"handle": "helper"})
    assert added.status_code == 201
    assert added.json() == {"handle": "helper", "role": "staff"}
    assert ShopMember.objects.filter(shop=shop, user=staff, role="staff").exists()
    assert owner_api.delete(f"/shops/{shop.handle}/members/helper").status_code == 204
    assert not ShopMember.objects.filter(shop=shop, user=staff).exists()


def test_staff_cannot_add_staff_and_strangers_cannot_edit(make_api, shop):
    staff = UserFactory()
    ShopMember.objects.create(shop=shop, user=staff, role="staff")
    UserFactory(username="newbie")
    assert (
        make_api(staff).post(f"/shops/{shop.handle}/members", {"handle": "newbie"}).status_code
        == 403
    )
    stranger = make_api(UserFactory())
    response = stranger.patch(f"/shops/{shop.handle}", {"name": "Hijacked"})
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "forbidden"
    shop.refresh_from_db()
    assert shop.name != "Hijacked"


def test_site_staff_get_no_shop_rights(make_api, shop):
    moderator = UserFactory(is_staff=True, is_superuser=True)
    assert make_api(moderator).patch(f"/shops/{shop.handle}", {"name": "x"}).status_code == 403


def test_owner_cannot_be_removed(make_api, shop, user):
    response = make_api(user).delete(f"/shops/{shop.handle}/members/{user.username}")
    assert response.status_code == 409


def test_currency_is_locked_once_products_exist(make_api, shop, user, product):
    response = make_api(user).patch(f"/shops/{shop.handle}", {"currency": "USD"})
    assert response.status_code == 409
    shop.refresh_from_db()
    assert shop.currency == "EUR"


def test_unknown_shop_is_404(api):
    response = api.get("/shops/nope")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_shop_lookup_is_case_insensitive(api):
    ShopFactory(handle="KinderKram")
    assert api.get("/shops/kinderkram").json()["handle"] == "KinderKram"


def test_shops_are_listed_with_cursor_pagination(api):
    shops = [ShopFactory() for _ in range(3)]
    first = api.get("/shops", {"limit": 2}).json()
    assert [s["handle"] for s in first["items"]] == [shops[2].handle, shops[1].handle]
    rest = api.get("/shops", {"limit": 2, "cursor": first["next_cursor"]}).json()
    assert [s["handle"] for s in rest["items"]] == [shops[0].handle]
    assert rest["next_cursor"] is None


# --- Issue 11 #11: shop names that pretend to be another shop's ----------------------------


@pytest.mark.parametrize("char", ["\u202e", "\u2067", "\u200b", "\ufeff", "\u061c"])
def test_shop_create_refuses_bidi_and_invisible_characters_in_the_name(user_api, char):
    response = user_api.post(
        "/shops", {"handle": "roastery", "name": f"The{char}Roastery", "currency": "EUR"}
    )
    assert response.status_code == 422
    assert list(response.json()["error"]["fields"]) == ["name"]
    assert Shop.objects.count() == 0


@pytest.mark.parametrize("char", ["\u202d", "\u2066", "\u200d", "\u2060"])
def test_shop_update_refuses_bidi_and_invisible_characters_in_the_name(make_api, shop, user, char):
    before = shop.name
    response = make_api(user).patch(f"/shops/{shop.handle}", {"name": f"Shop{char}"})
    assert response.status_code == 422
    assert list(response.json()["error"]["fields"]) == ["name"]
    shop.refresh_from_db()
    assert shop.name == before


def test_the_owner_sets_the_shipping_countries_and_unknown_codes_are_refused(make_api, shop, user):
    owner = make_api(user)

    saved = owner.patch(f"/shops/{shop.handle}", {"shipping_countries": ["fr", "BE", "FR"]})
    unknown = owner.patch(f"/shops/{shop.handle}", {"shipping_countries": ["FR", "EU"]})
    empty = owner.patch(f"/shops/{shop.handle}", {"shipping_countries": []})
    too_long = owner.patch(f"/shops/{shop.handle}", {"shipping_countries": ["FRA"]})

    assert saved.status_code == 200
    assert saved.json()["shipping_countries"] == ["BE", "FR"]
    assert unknown.status_code == empty.status_code == too_long.status_code == 422
    assert unknown.json()["error"]["fields"] == {
        "shipping_countries": ["EU is not a country code."]
    }
    shop.refresh_from_db()
    assert shop.shipping_countries == ["BE", "FR"]
    assert owner.get(f"/shops/{shop.handle}").json()["shipping_countries"] == ["BE", "FR"]
