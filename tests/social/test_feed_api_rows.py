"""The API feed is read as rows and written without django-ninja's validation: what it answers
still matches the published FeedItemOut exactly, every post's viewer-independent JSON comes from
the cache, and nothing cached is ever stale or another viewer's."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db.models import F
from django.utils import timezone

from agora.catalog.models import Product, Variant
from agora.engagement.models import Poll
from agora.media.models import MediaAsset
from agora.media.services import media_upload
from agora.social.services.follows import follow_create
from tests.engagement.conftest import png, poll_body
from tests.engagement.partners import partner
from tests.factories import (
    CategoryFactory,
    MediaAssetFactory,
    ProductFactory,
    ShopFactory,
    UserFactory,
    product_media,
)
from tests.openapi_check import openapi_errors

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(make_api, settings):
    """Ana follows Atelier Nord (a shop with a linen shirt that has photos and a video), Léa (a
    verified creator in a live partnership with the shop) and Ben (who reposts the shop)."""
    settings.RATELIMIT_ENABLE = False
    owner = UserFactory(username="maya")
    shop = ShopFactory(handle="atelier", name="Atelier Nord", owner=owner, currency="EUR")
    apparel = CategoryFactory(name="Apparel", slug="apparel")
    shirts = CategoryFactory(name="Shirts", slug="shirts", parent=apparel)
    linen = CategoryFactory(name="Linen", slug="linen", parent=shirts)
    shirt = ProductFactory(
        shop=shop,
        title="Chemise en lin",
        price_amount=4900,
        category=linen,
        variants=[{"options": {"size": "M"}, "stock": 3}, {"options": {"size": "L"}, "stock": 0}],
    )
    product_media(shirt, angle="front", alt="Front")
    product_media(shirt, angle="detail", kind="video", position=1)
    bare = ProductFactory(shop=shop, title="Mug", price_amount=1500)  # no picture
    lea = UserFactory(
        username="lea",
        display_name="Léa Martin",
        is_creator=True,
        avatar=MediaAssetFactory(file="uploads/test/lea.png"),
    )
    partner(lea, shop, owner)
    ben = UserFactory(username="ben")
    ana = UserFactory(username="ana")
    for target in ("atelier", "lea", "ben"):
        follow_create(user=ana, handle=target)
    return {
        "owner": owner,
        "owner_api": make_api(owner),
        "shop": shop,
        "shirt": shirt,
        "bare": bare,
        "lea": lea,
        "lea_api": make_api(lea),
        "ben": ben,
        "ben_api": make_api(ben),
        "ana": ana,
        "ana_api": make_api(ana),
    }


def _shop_post(world, **body):
    response = world["owner_api"].post("/posts", {"as_shop": "atelier", **body})
    assert response.status_code == 201, response.content
    return response.json()


@pytest.fixture
def everything(world, make_api):
    """A post of each kind in Ana's feed: with photos and product tags, with a poll (an image
    option, a variant option, a proposed product) Ana voted on, a repost, a creator's paid
    post, a followers-only post with comment-to-buy, and one Ana liked."""
    photo = media_upload(uploader=world["owner"], file=png("look.png"), alt="The look")
    tagged = _shop_post(
        world,
        text="New in! #linen ☀️",
        product_ids=[world["shirt"].pk, world["bare"].pk],
        media_ids=[photo.pk],
    )
    swatch = media_upload(uploader=world["owner"], file=png("swatch.png"), alt="Swatch")
    poll = poll_body(labels=())
    poll["options"] = [
        {"label": "Terracotta", "image_media_id": swatch.pk},
        {"label": "Sage", "variant_id": world["shirt"].variants.first().pk},
        {
            "label": "Ink",
            "proposed": {
                "title": "Shirt, ink",
                "options": {"color": "Ink"},
                "price": {"amount": 5900, "currency": "EUR"},
            },
        },
    ]
    polled = _shop_post(world, text="Which colour next?", poll=poll)
    voted = world["ana_api"].post(
        f"/polls/{polled['poll']['id']}/vote", {"option_id": polled["poll"]["options"][1]["id"]}
    )
    assert voted.status_code == 200, voted.content
    elsewhere = make_api(UserFactory(username="otto"))  # someone Ana doesn't follow
    reposted = elsewhere.post("/posts", {"text": "Back in stock"}).json()
    assert world["ben_api"].post(f"/posts/{reposted['id']}/repost").status_code == 200
    paid = world["lea_api"].post(
        "/posts", {"text": "Ma chemise préférée", "product_ids": [world["shirt"].pk]}
    )
    assert paid.status_code == 201, paid.content
    _shop_post(
        world,
        text="Only for you: SOLD + size",
        visibility="followers",
        product_ids=[world["shirt"].pk],
        comment_to_buy=True,
    )
    assert world["ana_api"].post(f"/posts/{tagged['id']}/like").status_code == 200
    return {"tagged": tagged, "polled": polled, "reposted": reposted}


def test_every_kind_of_feed_item_matches_the_published_schema(client, world, everything):
    document = client.get("/api/v1/openapi.json").json()

    response = world["ana_api"].get("/feed")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert openapi_errors(document, "get", "/api/v1/feed", response) == []
    posts = [item["post"] for item in response.json()["items"]]
    # The page really has each kind the schema allows for.
    assert any(p["media"] for p in posts)
    assert any(p["products"] and p["products"][0]["image"] for p in posts)
    assert any(p["products"] and p["products"][-1]["image"] is None for p in posts)
    assert any(p["poll"] and p["poll"]["options"][0]["image"] for p in posts)
    assert any(p["disclosure"] for p in posts)
    assert any(p["comment_to_buy"] for p in posts)
    assert any(p["liked_by_me"] for p in posts)
    assert any(i["reposted_by"] for i in response.json()["items"])


def test_the_feed_answers_what_the_post_endpoint_answers(world, everything):
    """The feed's post JSON (rows, cache) is the post endpoint's (model instances, schemas)."""
    items = world["ana_api"].get("/feed").json()["items"]

    for item in items:
        post = item["post"]
        assert post == world["ana_api"].get(f"/posts/{post['id']}").json()


def test_the_repost_names_the_reposter(world, everything):
    items = world["ana_api"].get("/feed").json()["items"]

    [repost] = [i for i in items if i["reposted_by"]]
    assert repost["post"]["id"] == everything["reposted"]["id"]
    assert repost["post"]["author"]["handle"] == "otto"
    assert repost["reposted_by"]["handle"] == "ben"
    assert repost["reposted_by"]["kind"] == "person"


def test_non_ascii_text_is_written_as_utf8(world, everything):
    response = world["ana_api"].get("/feed")

    assert "Ma chemise préférée".encode() in response.content
    assert "☀️".encode() in response.content


def test_datetimes_keep_their_iso_8601_spelling(world, everything):
    post = world["ana_api"].get("/feed").json()["items"][0]["post"]

    assert post["created_at"].endswith("Z")
    assert len(post["created_at"]) == len("2026-01-01T12:00:00.123Z")


# --- the cache ---------------------------------------------------------------------------------
def _post_json_keys() -> list[str]:
    return cache.stored_keys(":agora:post-json:")  # the shared store's own keys


def _tagged(world, everything, **extra):
    """The shop's post with photos and two product tags, as Ana's feed shows it."""
    items = world["ana_api"].get("/feed", **extra).json()["items"]
    return next(i["post"] for i in items if i["post"]["id"] == everything["tagged"]["id"])


def test_each_post_is_built_once_then_read_from_the_cache(world, everything):
    first = world["ana_api"].get("/feed").json()
    keys = sorted(_post_json_keys())
    assert len(keys) == len(first["items"])

    second = world["ana_api"].get("/feed").json()

    assert sorted(_post_json_keys()) == keys
    assert second == first


def test_a_new_price_shows_at_once(world, everything):
    assert _tagged(world, everything)["products"][0]["price"]["formatted"] == "€49.00"

    Product.objects.filter(pk=world["shirt"].pk).update(price_amount=5900)

    assert _tagged(world, everything)["products"][0]["price"] == {
        "amount": 5900,
        "currency": "EUR",
        "formatted": "€59.00",
    }


def test_stock_shows_live_even_through_f_updates(world, everything):
    assert _tagged(world, everything)["products"][0]["available"] == 3

    Variant.objects.filter(product=world["shirt"]).update(reserved=F("stock"))

    card = _tagged(world, everything)["products"][0]
    assert (card["available"], card["in_stock"]) == (0, False)


def test_a_new_name_and_new_thumbnails_show_at_once(world, everything):
    world["shop"].name = "Atelier du Nord"
    world["shop"].save()
    MediaAsset.objects.filter(pk__in=[m["id"] for m in everything["tagged"]["media"]]).update(
        status="processing", thumbnails={}
    )

    post = _tagged(world, everything)

    assert post["author"]["name"] == "Atelier du Nord"
    assert post["media"][0]["status"] == "processing"
    assert post["media"][0]["thumbnails"] == []


def test_a_product_taken_off_sale_leaves_the_cards(world, everything):
    Product.objects.filter(pk=world["bare"].pk).update(status="archived")

    assert [p["title"] for p in _tagged(world, everything)["products"]] == ["Chemise en lin"]


def test_each_viewer_sees_their_own_likes_and_votes_on_shared_posts(world, everything, make_api):
    chloe = UserFactory(username="chloe")
    follow_create(user=chloe, handle="atelier")
    chloe_api = make_api(chloe)
    ana_posts = {i["post"]["id"]: i["post"] for i in world["ana_api"].get("/feed").json()["items"]}

    chloe_posts = {i["post"]["id"]: i["post"] for i in chloe_api.get("/feed").json()["items"]}

    tagged, polled = everything["tagged"]["id"], everything["polled"]["id"]
    assert ana_posts[tagged]["liked_by_me"] is True
    assert chloe_posts[tagged]["liked_by_me"] is False
    assert ana_posts[polled]["poll"]["my_vote"] is not None
    assert ana_posts[polled]["poll"]["results_visible"] is True
    assert chloe_posts[polled]["poll"]["my_vote"] is None
    assert chloe_posts[polled]["poll"]["options"][0]["votes"] is None


def test_counts_show_live(world, everything):
    assert _tagged(world, everything)["like_count"] == 1

    assert world["ben_api"].post(f"/posts/{everything['tagged']['id']}/like").status_code == 200

    assert _tagged(world, everything)["like_count"] == 2


def test_prices_are_formatted_in_the_callers_language(world, everything):
    english = _tagged(world, everything)["products"][0]["price"]["formatted"]
    french_card = _tagged(world, everything, HTTP_ACCEPT_LANGUAGE="fr")["products"][0]

    assert english == "€49.00"
    assert french_card["price"]["formatted"] == "49,00\xa0€"


def test_a_closed_poll_shows_its_results_to_everyone(world, everything, make_api):
    Poll.objects.filter(pk=everything["polled"]["poll"]["id"]).update(
        closes_at=timezone.now() - timedelta(seconds=1)
    )
    chloe = UserFactory()
    follow_create(user=chloe, handle="atelier")

    items = make_api(chloe).get("/feed").json()["items"]

    poll = next(i["post"]["poll"] for i in items if i["post"]["poll"])
    assert poll["closed"] is True and poll["results_visible"] is True
    assert poll["total_votes"] == 1
    assert poll["winner_id"] == everything["polled"]["poll"]["options"][1]["id"]


# --- queries -------------------------------------------------------------------------------------
@pytest.mark.parametrize("count", [3, 30])
def test_a_feed_page_takes_three_queries_whatever_its_size(world, count, django_assert_num_queries):
    photo = media_upload(uploader=world["owner"], file=png("p.png"))
    for i in range(count):
        _shop_post(
            world,
            text=f"#drop {i}",
            product_ids=[world["shirt"].pk, world["bare"].pk],
            media_ids=[photo.pk] if i == 0 else [],
        )
    world["ana_api"].get("/feed")  # the cache is warm or cold: the same queries

    # The timeline rows (posts, authors, reposters, likes and reposts by me), the media (posts'
    # and tagged products'), the product tags; the token comes from the cache once used.
    with django_assert_num_queries(3):
        response = world["ana_api"].get("/feed", {"limit": count})

    assert len(response.json()["items"]) == count


def test_polls_and_disclosures_take_one_query_each_for_the_page(
    world, everything, django_assert_num_queries
):
    with django_assert_num_queries(5):  # 3, the page's polls, the creators' partnerships
        response = world["ana_api"].get("/feed")

    assert response.status_code == 200
