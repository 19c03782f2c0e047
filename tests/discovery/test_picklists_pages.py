"""Pick list pages: a list, my lists with the forms, the index, the automatic lists, and the
product page's "In N pick lists" and "Add to a pick list". Plain forms, no JavaScript."""

import pytest

from agora.accounts.models import Expertise
from agora.analytics.models import Event
from agora.catalog.models import Product
from agora.discovery.models import PickList, PickListFollow, PickListItem, ProductTrend
from agora.discovery.services.picklists import picklist_create, picklist_item_add
from tests.factories import (
    CategoryFactory,
    ProductFactory,
    ShopFactory,
    UserFactory,
    product_media,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def ana(db):
    return UserFactory(username="ana")


def _list_with(owner, count, **kwargs):
    picklist = picklist_create(user=owner, title="Favourites", **kwargs)
    for n in range(count):
        product = ProductFactory()
        product_media(product)
        picklist_item_add(user=owner, picklist=picklist, product_id=product.pk, note=f"Note {n}")
    return picklist


def test_a_person_makes_a_list_from_my_lists_and_adds_a_product_from_its_page(ana, signed_in):
    client = signed_in(ana)
    response = client.post(
        "/lists/mine", {"title": "Cosy home", "description": "", "visibility": "public"}
    )
    picklist = PickList.objects.get(title="Cosy home")
    assert response.status_code == 302 and response["Location"] == f"/lists/{picklist.pk}"
    shop = ShopFactory(handle="fernhill")
    ProductFactory(shop=shop, slug="candle", title="Candle")
    page = client.get("/@fernhill/products/candle").content.decode()
    assert "Add to a pick list" in page and "Cosy home" in page
    product = Product.objects.get(slug="candle")
    added = client.post(
        "/lists/add-product",
        {
            "picklist_id": picklist.pk,
            "product_id": product.pk,
            "note": "Smells of autumn",
            "next": "/@fernhill/products/candle",
        },
    )
    assert added.status_code == 302
    item = PickListItem.objects.get(picklist=picklist)
    assert item.note == "Smells of autumn"
    page = client.get("/@fernhill/products/candle").content.decode()
    assert "In 1 pick list" in page and f"/lists/{picklist.pk}" in page
    listed = client.get(f"/lists/{picklist.pk}").content.decode()
    assert "Candle" in listed and "Smells of autumn" in listed


def test_the_form_refuses_a_title_too_long_beside_the_field(ana, signed_in):
    response = signed_in(ana).post("/lists/mine", {"title": "", "visibility": "public"})
    assert response.status_code == 422
    assert PickList.objects.count() == 0


def test_a_visitor_sees_a_public_list_but_no_edit_forms(ana, client):
    picklist = _list_with(ana, 2)
    body = client.get(f"/lists/{picklist.pk}").content.decode()
    assert "Note 0" in body and "Note 1" in body
    assert "Edit the list" not in body and "Remove" not in body
    assert "Sign in to follow" in body


def test_someone_else_cannot_change_a_list_through_the_forms(ana, signed_in):
    picklist = _list_with(ana, 1)
    item = picklist.items.get()
    client = signed_in(UserFactory())
    assert (
        client.post(
            f"/lists/{picklist.pk}/edit", {"title": "Mine", "visibility": "public"}
        ).status_code
        == 403
    )
    assert client.post(f"/lists/{picklist.pk}/delete").status_code == 403
    remove = client.post(f"/lists/{picklist.pk}/items/{item.pk}", {"action": "remove"})
    assert remove.status_code == 403
    assert PickList.objects.get(pk=picklist.pk).title == "Favourites"
    assert PickListItem.objects.filter(pk=item.pk).exists()


def test_an_unlisted_list_opens_only_with_its_link(ana, signed_in, client):
    picklist = _list_with(ana, 1, visibility="unlisted")
    assert client.get(f"/lists/{picklist.pk}").status_code == 404
    assert client.get(f"/lists/{picklist.pk}/wrongkey").status_code == 404
    page = client.get(f"/lists/{picklist.pk}/{picklist.key}")
    assert page.status_code == 200 and b"noindex" in page.content
    assert client.get("/lists").content.decode().count("Favourites") == 0
    product = picklist.items.get().product
    assert b"In 1 pick list" not in client.get(product.get_absolute_url()).content
    owner_view = signed_in(ana).get(product.get_absolute_url()).content
    assert b"In 1 pick list" in owner_view  # the owner's own list counts for them


def test_the_owner_edits_moves_and_removes_items(ana, signed_in):
    picklist = _list_with(ana, 3)
    client = signed_in(ana)
    first, second, third = picklist.items.order_by("position")
    client.post(f"/lists/{picklist.pk}/items/{third.pk}", {"action": "up"})
    assert list(picklist.items.order_by("position").values_list("pk", flat=True)) == [
        first.pk,
        third.pk,
        second.pk,
    ]
    client.post(f"/lists/{picklist.pk}/items/{first.pk}", {"action": "save", "note": "Best"})
    client.post(f"/lists/{picklist.pk}/items/{second.pk}", {"action": "remove"})
    assert dict(picklist.items.values_list("pk", "note"))[first.pk] == "Best"
    assert PickList.objects.get(pk=picklist.pk).item_count == 2
    response = client.post(
        f"/lists/{picklist.pk}/edit",
        {"title": "Renamed", "description": "Now", "visibility": "unlisted"},
    )
    assert response.status_code == 302
    assert PickList.objects.get(pk=picklist.pk).visibility == "unlisted"


def test_follow_and_unfollow_from_the_page(ana, signed_in):
    picklist = _list_with(ana, 1)
    bob = UserFactory()
    client = signed_in(bob)
    client.post(f"/lists/{picklist.pk}/follow")
    assert PickListFollow.objects.filter(picklist=picklist, user=bob).exists()
    assert b"Following" in client.get(f"/lists/{picklist.pk}").content
    client.post(f"/lists/{picklist.pk}/follow", {"action": "unfollow"})
    assert PickList.objects.get(pk=picklist.pk).follower_count == 0
    assert b"Lists you follow" not in client.get("/lists/mine").content


def test_an_experts_lists_carry_the_expert_mark(client):
    yusuf = UserFactory(username="yusuf")
    Expertise.objects.create(user=yusuf, category=CategoryFactory(name="Coffee"))
    picklist = _list_with(yusuf, 1)
    assert "Expert · Coffee" in client.get(f"/lists/{picklist.pk}").content.decode()
    assert ">Expert<" in client.get("/lists").content.decode()


@pytest.mark.parametrize("count", [5, 50])
def test_a_list_page_costs_the_same_queries_at_5_and_50_items(
    ana, client, count, django_assert_num_queries
):
    picklist = _list_with(ana, count)
    # the list, its owner's expertise, its items, their products with shops and categories,
    # variants, personalization fields, media, the "Popular" marks; plus the session-less
    # page's own (none)
    with django_assert_num_queries(8):
        response = client.get(f"/lists/{picklist.pk}")
    assert response.status_code == 200
    assert response.content.decode().count('class="picklist-item"') == count


@pytest.mark.parametrize("count", [5, 50])
def test_the_index_costs_the_same_queries_at_5_and_50_lists(
    ana, client, count, django_assert_num_queries
):
    for n in range(count):
        picklist_create(user=UserFactory(), title=f"List {n}")
    CategoryFactory()
    with django_assert_num_queries(4):
        response = client.get("/lists")
    assert response.status_code == 200


def test_automatic_lists_rank_popular_shared_and_new(client):
    category = CategoryFactory(slug="coffee", name="Coffee")
    hot, shared, _quiet = (
        ProductFactory(category=category, title=t) for t in ("Hot", "Shared", "Quiet")
    )
    ProductTrend.objects.create(product=hot, heat=10_000, accounts=3, category=category)
    from django.utils import timezone

    for n in range(3):
        Event.objects.create(
            kind="share_click",
            visitor=f"v{n}",
            object_type="product",
            object_id=shared.pk,
            created_at=timezone.now(),
        )
    popular = client.get("/lists/auto/coffee/popular").content.decode()
    assert "Hot" in popular and "Quiet" not in popular
    most_shared = client.get("/lists/auto/coffee/shared").content.decode()
    assert "Shared" in most_shared and "Quiet" not in most_shared
    new = client.get("/lists/auto/coffee/new").content.decode()
    assert "Hot" in new and "Quiet" not in new
    assert client.get("/lists/auto/coffee/nope").status_code == 404
    assert client.get("/lists/auto/nope/popular").status_code == 404
    index = client.get("/lists").content.decode()
    assert "/lists/auto/coffee/popular" in index
