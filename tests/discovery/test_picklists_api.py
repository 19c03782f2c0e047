"""Pick lists through the API: who may see, edit and follow a list; what can go on one."""

import pytest

from agora.catalog.models import Product
from agora.discovery.models import PickList, PickListItem
from agora.shops.models import ShopMember
from tests.factories import ProductFactory, ShopFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def ana(db):
    return UserFactory(username="ana")


@pytest.fixture
def ana_api(ana, make_api):
    return make_api(ana)


def _make(client, **body):
    response = client.post("/picklists", {"title": "Gifts", **body})
    assert response.status_code == 201, response.content
    return response.json()


def test_a_person_makes_a_list_and_adds_products_with_notes(ana_api):
    product = ProductFactory()
    made = _make(ana_api, description="For my sister")
    assert made["owner"]["handle"] == "ana" and made["owner"]["kind"] == "person"
    assert made["editable"] is True and made["url"].endswith(f"/lists/{made['id']}")
    added = ana_api.post(
        f"/picklists/{made['id']}/items", {"product_id": product.pk, "note": "Soft!"}
    )
    assert added.status_code == 201, added.content
    assert added.json()["note"] == "Soft!" and added.json()["product"]["id"] == product.pk
    items = ana_api.get(f"/picklists/{made['id']}/items").json()["items"]
    assert [i["product"]["id"] for i in items] == [product.pk]
    assert ana_api.get(f"/picklists/{made['id']}").json()["item_count"] == 1


def test_others_cannot_change_a_list(ana_api, make_api):
    product = ProductFactory()
    made = _make(ana_api)
    item = ana_api.post(f"/picklists/{made['id']}/items", {"product_id": product.pk}).json()
    bob = make_api(UserFactory())
    anonymous = make_api()
    assert bob.get(f"/picklists/{made['id']}").json()["editable"] is False
    assert bob.patch(f"/picklists/{made['id']}", {"title": "Mine"}).status_code == 403
    assert bob.delete(f"/picklists/{made['id']}").status_code == 403
    other = ProductFactory()
    assert bob.post(f"/picklists/{made['id']}/items", {"product_id": other.pk}).status_code == 403
    url = f"/picklists/{made['id']}/items/{item['id']}"
    assert bob.patch(url, {"note": "x"}).status_code == 403
    assert bob.delete(url).status_code == 403
    assert anonymous.patch(f"/picklists/{made['id']}", {"title": "x"}).status_code == 401
    assert PickList.objects.get(pk=made["id"]).title == "Gifts"
    assert PickListItem.objects.filter(picklist_id=made["id"]).count() == 1


def test_an_unlisted_list_is_reached_only_by_its_link(ana_api, make_api):
    product = ProductFactory()
    made = _make(ana_api, visibility="unlisted")
    key = made["url"].rsplit("/", 1)[1]
    assert made["url"].endswith(f"/lists/{made['id']}/{key}")
    ana_api.post(f"/picklists/{made['id']}/items", {"product_id": product.pk})
    bob = make_api(UserFactory())
    assert bob.get(f"/picklists/{made['id']}").status_code == 404
    assert bob.get(f"/picklists/{made['id']}?key=wrong").status_code == 404
    assert bob.get(f"/picklists/{made['id']}/items").status_code == 404
    assert bob.get(f"/picklists/{made['id']}?key={key}").status_code == 200
    assert bob.patch(f"/picklists/{made['id']}", {"title": "x"}).status_code == 404
    # never listed, never counted for others
    assert made["id"] not in [p["id"] for p in bob.get("/picklists").json()["items"]]
    assert bob.get(f"/products/{product.pk}/picklists").json()["items"] == []
    assert [p["id"] for p in ana_api.get("/picklists?mine=true").json()["items"]] == [made["id"]]
    # a follower keeps seeing it
    assert bob.post(f"/picklists/{made['id']}/follow?key={key}").json()["following"] is True
    assert bob.get(f"/picklists/{made['id']}").status_code == 200


def test_drafts_and_unknown_products_cannot_be_added(ana_api):
    made = _make(ana_api)
    draft = ProductFactory(status=Product.Status.DRAFT)
    for product_id in (draft.pk, 10**9):
        response = ana_api.post(f"/picklists/{made['id']}/items", {"product_id": product_id})
        assert response.status_code == 422
        assert list(response.json()["error"]["fields"]) == ["product_id"]


def test_a_product_goes_on_a_list_once(ana_api):
    product = ProductFactory()
    made = _make(ana_api)
    assert (
        ana_api.post(f"/picklists/{made['id']}/items", {"product_id": product.pk}).status_code
        == 201
    )
    again = ana_api.post(f"/picklists/{made['id']}/items", {"product_id": product.pk})
    assert again.status_code == 409 and again.json()["error"]["code"] == "already_in_list"
    assert PickList.objects.get(pk=made["id"]).item_count == 1


def test_a_list_holds_at_most_a_hundred_products(ana_api):
    made = _make(ana_api)
    shop = ShopFactory()
    picklist = PickList.objects.get(pk=made["id"])
    PickList.objects.filter(pk=picklist.pk).update(item_count=100)
    product = ProductFactory(shop=shop)
    response = ana_api.post(f"/picklists/{made['id']}/items", {"product_id": product.pk})
    assert response.status_code == 409 and response.json()["error"]["code"] == "list_full"


def test_a_shops_list_is_edited_by_its_team_only(make_api):
    owner, staff, outsider = UserFactory(), UserFactory(), UserFactory()
    shop = ShopFactory(owner=owner)
    ShopMember.objects.create(shop=shop, user=staff, role=ShopMember.Role.STAFF)
    product = ProductFactory(shop=shop)
    made = _make(make_api(owner), as_shop=shop.handle, title="Staff picks")
    assert made["owner"] == {
        **made["owner"],
        "handle": shop.handle,
        "kind": "shop",
    }
    staff_api = make_api(staff)
    assert (
        staff_api.post(
            f"/picklists/{made['id']}/items", {"product_id": product.pk, "note": "Bestseller"}
        ).status_code
        == 201
    )
    assert staff_api.patch(f"/picklists/{made['id']}", {"title": "Our picks"}).status_code == 200
    assert make_api(outsider).patch(f"/picklists/{made['id']}", {"title": "x"}).status_code == 403
    refused = make_api(outsider).post("/picklists", {"title": "Fake", "as_shop": shop.handle})
    assert refused.status_code == 403
    unknown = make_api(outsider).post("/picklists", {"title": "Fake", "as_shop": "nope"})
    assert unknown.status_code == 422 and list(unknown.json()["error"]["fields"]) == ["as_shop"]


def test_bad_input_is_a_422_naming_the_field(ana_api):
    for body, field in [
        ({"title": ""}, "title"),
        ({"title": "x" * 121}, "title"),
        ({"title": "ok", "visibility": "secret"}, "visibility"),
        ({"title": "a\x00b"}, "title"),
        ({"title": "ok", "description": "d" * 2001}, "description"),
    ]:
        response = ana_api.post("/picklists", body)
        assert response.status_code == 422, (body, response.content)
        assert field in response.json()["error"]["fields"], (body, response.json())
    made = _make(ana_api)
    product = ProductFactory()
    note = ana_api.post(
        f"/picklists/{made['id']}/items", {"product_id": product.pk, "note": "n" * 501}
    )
    assert note.status_code == 422 and "note" in note.json()["error"]["fields"]


def test_items_move_and_go(ana_api):
    made = _make(ana_api)
    products = [ProductFactory() for _ in range(3)]
    ids = [
        ana_api.post(f"/picklists/{made['id']}/items", {"product_id": p.pk}).json()["id"]
        for p in products
    ]
    moved = ana_api.patch(f"/picklists/{made['id']}/items/{ids[2]}", {"position": 0})
    assert moved.status_code == 200 and moved.json()["position"] == 0
    order = [i["id"] for i in ana_api.get(f"/picklists/{made['id']}/items").json()["items"]]
    assert order == [ids[2], ids[0], ids[1]]
    assert ana_api.delete(f"/picklists/{made['id']}/items/{ids[0]}").status_code == 204
    assert ana_api.get(f"/picklists/{made['id']}").json()["item_count"] == 2
    assert ana_api.delete(f"/picklists/{made['id']}").status_code == 204
    assert ana_api.get(f"/picklists/{made['id']}").status_code == 404


def test_following_is_idempotent(ana_api, make_api):
    made = _make(ana_api)
    bob = make_api(UserFactory())
    assert bob.post(f"/picklists/{made['id']}/follow").json() == {
        "following": True,
        "follower_count": 1,
    }
    assert bob.post(f"/picklists/{made['id']}/follow").json()["follower_count"] == 1
    assert bob.get(f"/picklists/{made['id']}").json()["followed_by_me"] is True
    assert bob.delete(f"/picklists/{made['id']}/follow").json() == {
        "following": False,
        "follower_count": 0,
    }
    assert bob.delete(f"/picklists/{made['id']}/follow").json()["follower_count"] == 0


def test_a_product_lists_the_public_lists_it_is_on(ana_api, make_api):
    product = ProductFactory()
    public = _make(ana_api, title="Public")
    hidden = _make(ana_api, title="Hidden", visibility="unlisted")
    for made in (public, hidden):
        ana_api.post(f"/picklists/{made['id']}/items", {"product_id": product.pk})
    listed = make_api().get(f"/products/{product.pk}/picklists").json()["items"]
    assert [p["id"] for p in listed] == [public["id"]]


def test_an_archived_product_drops_out_of_the_list(ana_api, make_api):
    product = ProductFactory()
    made = _make(ana_api)
    ana_api.post(f"/picklists/{made['id']}/items", {"product_id": product.pk})
    Product.objects.filter(pk=product.pk).update(status=Product.Status.ARCHIVED)
    assert make_api().get(f"/picklists/{made['id']}/items").json()["items"] == []
