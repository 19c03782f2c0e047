""" "From the community" on product pages: order, the shop's curation, who may curate."""

import pytest
from django.core.files.base import ContentFile

from agora.media.models import MediaAsset
from agora.shops.models import ShopMember
from agora.social.models import CommunityPlacement
from agora.social.selectors.community import community_for
from agora.social.services.posts import post_create
from tests.factories import ProductFactory, ShopFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def owner():
    return UserFactory(username="owner")


@pytest.fixture
def boutique(owner):
    return ShopFactory(handle="boutique", owner=owner)


@pytest.fixture
def dress(boutique):
    return ProductFactory(shop=boutique, title="Linen dress")


def _photo(user):
    return MediaAsset.objects.create(
        uploaded_by=user,
        kind="image",
        file=ContentFile(b"not really a jpeg", name="photo.jpg"),
        content_type="image/jpeg",
        status="ready",
    )


def _ugc(product, *, photo=False, text="Love it", visibility="public"):
    buyer = UserFactory()
    media = [_photo(buyer).pk] if photo else []
    return post_create(
        user=buyer, text=text, product_ids=[product.pk], media_ids=media, visibility=visibility
    )


def _ids(api, product, **params):
    return [
        i["post"]["id"]
        for i in api.get(f"/products/{product.pk}/community", params).json()["items"]
    ]


def test_featured_first_then_photos_then_newest(make_api, owner, dress):
    old_text = _ugc(dress)
    old_photo = _ugc(dress, photo=True)
    featured = _ugc(dress)
    new_text = _ugc(dress)
    new_photo = _ugc(dress, photo=True)
    _ugc(ProductFactory())  # tags another product
    make_api(owner).post(f"/products/{dress.pk}/community/{featured.pk}", {"state": "featured"})

    assert _ids(make_api(None), dress) == [
        featured.pk,
        new_photo.pk,
        old_photo.pk,
        new_text.pk,
        old_text.pk,
    ]


def test_items_carry_the_post_shape_and_the_state(make_api, owner, dress):
    post = _ugc(dress, photo=True)
    make_api(owner).post(f"/products/{dress.pk}/community/{post.pk}", {"state": "featured"})

    [item] = make_api(UserFactory()).get(f"/products/{dress.pk}/community").json()["items"]

    assert item["state"] == "featured"
    assert item["post"]["id"] == post.pk
    assert item["post"]["products"][0]["title"] == "Linen dress"
    assert len(item["post"]["media"]) == 1
    assert item["post"]["liked_by_me"] is False


def test_hidden_posts_show_only_to_the_shops_managers(make_api, owner, boutique, dress):
    kept = _ugc(dress)
    hidden = _ugc(dress)
    staff = UserFactory()
    ShopMember.objects.create(shop=boutique, user=staff, role=ShopMember.Role.STAFF)

    response = make_api(owner).post(
        f"/products/{dress.pk}/community/{hidden.pk}", {"state": "hidden"}
    )

    assert response.json() == {"post_id": hidden.pk, "state": "hidden"}
    assert _ids(make_api(None), dress) == [kept.pk]
    assert _ids(make_api(UserFactory()), dress) == [kept.pk]
    staff_items = make_api(staff).get(f"/products/{dress.pk}/community").json()["items"]
    assert [(i["post"]["id"], i["state"]) for i in staff_items] == [
        (hidden.pk, "hidden"),
        (kept.pk, "none"),
    ]


def test_state_none_puts_a_post_back(make_api, owner, dress):
    post = _ugc(dress)
    api = make_api(owner)
    api.post(f"/products/{dress.pk}/community/{post.pk}", {"state": "hidden"})

    api.post(f"/products/{dress.pk}/community/{post.pk}", {"state": "none"})

    assert _ids(make_api(None), dress) == [post.pk]
    assert not CommunityPlacement.objects.exists()


def test_shop_staff_may_feature(make_api, boutique, dress):
    staff = UserFactory()
    ShopMember.objects.create(shop=boutique, user=staff, role=ShopMember.Role.STAFF)
    post = _ugc(dress)

    response = make_api(staff).post(
        f"/products/{dress.pk}/community/{post.pk}", {"state": "featured"}
    )

    assert response.status_code == 200
    assert CommunityPlacement.objects.get().state == "featured"


@pytest.mark.parametrize("state", ["featured", "hidden", "none"])
def test_another_users_token_cannot_curate(make_api, dress, state):
    post = _ugc(dress)
    other_shop_owner = UserFactory()
    ShopFactory(owner=other_shop_owner)

    for outsider in (UserFactory(), other_shop_owner, post.created_by):
        response = make_api(outsider).post(
            f"/products/{dress.pk}/community/{post.pk}", {"state": state}
        )
        assert response.status_code == 403
        assert response.json()["error"]["code"] == "forbidden"
    assert not CommunityPlacement.objects.exists()


def test_site_staff_are_not_shop_staff(make_api, dress):
    post = _ugc(dress)
    admin = UserFactory(is_staff=True, is_superuser=True)

    response = make_api(admin).post(
        f"/products/{dress.pk}/community/{post.pk}", {"state": "hidden"}
    )

    assert response.status_code == 403


def test_a_post_that_does_not_tag_the_product_is_not_found(make_api, owner, dress):
    elsewhere = _ugc(ProductFactory())

    response = make_api(owner).post(
        f"/products/{dress.pk}/community/{elsewhere.pk}", {"state": "featured"}
    )

    assert response.status_code == 404


def test_an_unknown_state_is_refused(make_api, owner, dress):
    post = _ugc(dress)

    response = make_api(owner).post(
        f"/products/{dress.pk}/community/{post.pk}", {"state": "pinned"}
    )

    assert response.status_code == 422
    assert "state" in response.json()["error"]["fields"]


def test_curating_needs_a_token(make_api, dress):
    post = _ugc(dress)

    response = make_api(None).post(
        f"/products/{dress.pk}/community/{post.pk}", {"state": "featured"}
    )

    assert response.status_code == 401


def test_followers_only_and_moderated_posts_stay_out(make_api, dress):
    public = _ugc(dress)
    _ugc(dress, visibility="followers")
    moderated = _ugc(dress)
    moderated.is_hidden = True
    moderated.save()

    assert _ids(make_api(None), dress) == [public.pk]


def test_a_draft_products_community_is_not_found(make_api, dress):
    dress.status = "draft"
    dress.save()

    assert make_api(None).get(f"/products/{dress.pk}/community").status_code == 404


def test_cursors_walk_the_community_order_without_gaps(make_api, owner, dress):
    posts = [_ugc(dress, photo=i % 2 == 0) for i in range(7)]
    make_api(owner).post(f"/products/{dress.pk}/community/{posts[3].pk}", {"state": "featured"})
    api = make_api(None)
    expected = _ids(api, dress, limit=100)

    seen, cursor = [], None
    while True:
        params = {"limit": 2} | ({"cursor": cursor} if cursor else {})
        body = api.get(f"/products/{dress.pk}/community", params).json()
        seen += [i["post"]["id"] for i in body["items"]]
        cursor = body["next_cursor"]
        if not cursor:
            break

    assert seen == expected
    assert len(seen) == 7
    assert seen[0] == posts[3].pk


def test_the_selector_serves_the_product_page_too(owner, dress):
    post = _ugc(dress, photo=True)

    rows = list(community_for(dress, None))

    assert [p.pk for p in rows] == [post.pk]
    assert rows[0].community_state == "none"


@pytest.mark.parametrize("count", [5, 30])
def test_community_page_query_count_is_constant(
    make_api, owner, dress, count, django_assert_num_queries
):
    for i in range(count):
        _ugc(dress, photo=i % 2 == 0)
    api = make_api(UserFactory())
    api.get("/notifications/unread-count")  # the token is touched once, outside the count

    # The product (with whether the viewer manages its shop), the posts (with the viewer's
    # likes and reposts), their media, their product tags.
    with django_assert_num_queries(4):
        response = api.get(f"/products/{dress.pk}/community", {"limit": count})

    assert len(response.json()["items"]) == count
