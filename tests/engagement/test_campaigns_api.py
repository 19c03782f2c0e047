"""#ShareAMug: a shop runs a hashtag campaign; people post with the hashtag; the campaign counts
exactly what was posted, liked, shared and bought, ranks the entries, and the shop picks
winners who are notified."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from agora.commerce.models import Order
from agora.engagement.models import Campaign
from agora.engagement.services import campaigns_advance_due
from agora.social.models import Notification, Post, ShareLink
from tests.factories import ProductFactory, UserFactory, VariantFactory, make_checkout


def iso(**delta) -> str:
    return (timezone.now() + timedelta(**delta)).isoformat()


def campaign_body(**extra) -> dict:
    body = {
        "hashtag": "#ShareAMug",
        "title": "Share a mug",
        "description": "Post your mug with #ShareAMug.",
        "prizes": "Three personalised mugs",
        "starts_at": iso(minutes=-5),
        "ends_at": iso(days=7),
    }
    body.update(extra)
    return body


@pytest.fixture(autouse=True)
def _atelier(shop):
    """Every story here happens at the shop @atelier (Atelier Nord, EUR)."""
    return shop


@pytest.fixture
def mug(shop):
    return ProductFactory(shop=shop, title="Name mug", price_amount=1500, variants=[])


@pytest.fixture
def mug_variant(mug):
    return VariantFactory(product=mug, stock=50)


@pytest.fixture
def campaign(owner_api, mug):
    response = owner_api.post("/shops/atelier/campaigns", campaign_body(product_id=mug.pk))
    assert response.status_code == 201, response.content
    return response.json()


@pytest.fixture
def people(make_api):
    names = ("ana", "ben", "chloe", "dora")
    return {name: make_api(UserFactory(username=name)) for name in names}


def post(api, text: str, **extra) -> int:
    response = api.post("/posts", {"text": text, **extra})
    assert response.status_code == 201, response.content
    return response.json()["id"]


def end_now(campaign_id: int) -> None:
    """The end date passes (the clock moves on; the status task has not run)."""
    Campaign.objects.filter(pk=campaign_id).update(
        starts_at=timezone.now() - timedelta(days=8), ends_at=timezone.now()
    )


def test_a_shop_creates_a_running_campaign_with_its_product(campaign, mug):
    assert campaign["status"] == "running"
    assert campaign["hashtag"] == "shareamug"
    assert campaign["product_id"] == mug.pk
    assert campaign["url"].endswith(f"/campaigns/{campaign['id']}")
    assert campaign["totals"]["posts"] == 0
    assert campaign["totals"]["revenue"]["formatted"] == "€0.00"


def test_a_campaign_starting_later_is_scheduled_then_runs_by_the_clock(owner_api):
    body = campaign_body(starts_at=iso(hours=1), ends_at=iso(days=2))
    created = owner_api.post("/shops/atelier/campaigns", body).json()
    assert created["status"] == "scheduled"

    Campaign.objects.filter(pk=created["id"]).update(starts_at=timezone.now() - timedelta(1))
    assert owner_api.get(f"/campaigns/{created['id']}").json()["status"] == "running"
    assert campaigns_advance_due() == 1
    assert Campaign.objects.get(pk=created["id"]).status == "running"
    assert campaigns_advance_due() == 0  # idempotent


def test_a_draft_is_hidden_from_others_until_published(owner_api, people):
    draft = owner_api.post("/shops/atelier/campaigns", campaign_body(publish=False)).json()
    assert draft["status"] == "draft"
    assert people["ana"].get(f"/campaigns/{draft['id']}").status_code == 404

    assert people["ana"].post(f"/campaigns/{draft['id']}/publish").status_code == 404
    published = owner_api.post(f"/campaigns/{draft['id']}/publish")
    assert published.json()["status"] == "running"
    assert people["ana"].get(f"/campaigns/{draft['id']}").status_code == 200
    again = owner_api.post(f"/campaigns/{draft['id']}/publish")
    assert again.status_code == 409
    assert again.json()["error"]["code"] == "invalid_transition"


def test_only_the_shops_team_creates_campaigns(people, shop):
    response = people["ana"].post("/shops/atelier/campaigns", campaign_body())
    assert response.status_code == 403
    assert people["ana"].post("/shops/nobody/campaigns", campaign_body()).status_code == 404
    assert Campaign.objects.count() == 0


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"hashtag": "two words"}, "hashtag"),
        ({"hashtag": ""}, "hashtag"),
        ({"title": "  "}, "title"),
        ({"ends_at": iso(minutes=-10)}, "ends_at"),
        ({"starts_at": iso(days=1), "ends_at": iso(hours=1)}, "ends_at"),
        ({"starts_at": "2026-12-01T10:00:00"}, "starts_at"),
        ({"product_id": 999999}, "product_id"),
        ({"hashtag": "#" + "ﬃ" * 90}, "hashtag"),
        (
            {"starts_at": "9999-12-31T20:00:00-05:00", "ends_at": "9999-12-31T23:00:00-05:00"},
            "starts_at",
        ),
    ],
)
def test_bad_campaigns_are_refused_naming_the_field(owner_api, change, field):
    response = owner_api.post("/shops/atelier/campaigns", campaign_body(**change))
    assert response.status_code == 422, response.content
    assert field in response.json()["error"]["fields"]
    assert Campaign.objects.count() == 0


def test_another_shops_product_is_refused(owner_api):
    other = ProductFactory()
    response = owner_api.post("/shops/atelier/campaigns", campaign_body(product_id=other.pk))
    assert response.status_code == 422
    assert "product_id" in response.json()["error"]["fields"]


def test_totals_equal_what_was_posted_liked_shared_and_bought(
    campaign, people, owner_api, mug_variant, make_api
):
    cid = campaign["id"]
    ana, ben, chloe, dora = (people[n] for n in ("ana", "ben", "chloe", "dora"))
    # Entries: three posts by two people, public, with the hashtag (any case) in the dates.
    a1 = post(ana, "My mug says ANA #ShareAMug")
    a2 = post(ana, "Second one #shareamug")
    b1 = post(ben, "Coffee time #SHAREAMUG #coffee")
    # Not entries: no hashtag, followers only, the shop's own announcement, before the start.
    post(chloe, "Just a mug")
    post(chloe, "Secret #ShareAMug", visibility="followers")
    post(owner_api, "Join #ShareAMug!", as_shop="atelier")
    early = post(dora, "Too early #ShareAMug")
    Post.objects.filter(pk=early).update(created_at=timezone.now() - timedelta(hours=1))

    # Engagement: 3 likes, 1 comment, 1 repost, 2 shares (links) and their clicks.
    for api, pid in ((ben, a1), (chloe, a1), (dora, b1)):
        assert api.post(f"/posts/{pid}/like").status_code == 200
    assert chloe.post(f"/posts/{a1}/comments", {"text": "Lovely"}).status_code == 201
    assert dora.post(f"/posts/{a1}/repost").status_code == 200
    share = chloe.post(f"/posts/{a1}/share", {"channel": "link"}).json()
    ben.post(f"/posts/{a2}/share", {"channel": "link"})
    code = share["url"].rstrip("/").rsplit("/", 1)[-1]
    for _visitor in range(3):
        Client().get(f"/s/{code}")

    # Orders at the shop: through the post (paid), through the share link (paid, then part
    # refunded), a pending one (not counted), and a paid one from no entry (not counted).
    link = ShareLink.objects.get(code=code)
    buyer = UserFactory()
    paid = make_checkout(buyer=buyer, items=[(mug_variant, 2)], post_id=a1).checkout.orders.get()
    via_link = make_checkout(
        buyer=buyer, items=[(mug_variant, 1)], share_link=link
    ).checkout.orders.get()
    pending = make_checkout(buyer=buyer, items=[(mug_variant, 1)], post_id=b1)
    unrelated = make_checkout(buyer=buyer, items=[(mug_variant, 1)]).checkout.orders.get()
    Order.objects.filter(pk__in=[paid.pk, unrelated.pk]).update(status="paid")
    Order.objects.filter(pk=via_link.pk).update(status="partially_refunded")
    via_link.lines.update(refunded_amount=500)
    assert pending.checkout.orders.get().status == "pending_payment"

    totals = ana.get(f"/campaigns/{cid}").json()["totals"]
    assert totals == {
        "posts": 3,
        "participants": 2,
        "likes": 3,
        "comments": 1,
        "reposts": 1,
        "shares": 2,
        "share_clicks": 3,
        "orders": 2,
        "revenue": {"amount": 3000 + 1500 - 500, "currency": "EUR", "formatted": "€40.00"},
    }

    # Entries rank by engagement: a1 (2 likes + comment + repost + share = 5), then b1 (1)
    # and a2 (1 share) tied, newest first.
    entries = ana.get(f"/campaigns/{cid}/entries").json()
    assert [(e["rank"], e["post"]["id"], e["score"]) for e in entries["items"]] == [
        (1, a1, 5),
        (2, b1, 1),
        (3, a2, 1),
    ]
    assert entries["items"][0]["post"]["like_count"] == 2
    assert entries["next_cursor"] is None


def test_entries_page_through_a_cursor_with_ranks(campaign, people):
    ids = [post(people["ana"], f"Mug {i} #ShareAMug") for i in range(5)]
    first = people["ben"].get(f"/campaigns/{campaign['id']}/entries?limit=2").json()
    assert [e["rank"] for e in first["items"]] == [1, 2]
    second = (
        people["ben"]
        .get(f"/campaigns/{campaign['id']}/entries?limit=2&cursor={first['next_cursor']}")
        .json()
    )
    third = (
        people["ben"]
        .get(f"/campaigns/{campaign['id']}/entries?limit=2&cursor={second['next_cursor']}")
        .json()
    )
    seen = [e["post"]["id"] for page in (first, second, third) for e in page["items"]]
    assert seen == list(reversed(ids))
    assert [e["rank"] for e in third["items"]] == [5]
    assert third["next_cursor"] is None


def test_the_shop_picks_winners_after_the_end_and_they_are_notified(campaign, people, owner_api):
    cid = campaign["id"]
    a1 = post(people["ana"], "Mine #ShareAMug")
    b1 = post(people["ben"], "Mine too #ShareAMug")
    not_entry = post(people["chloe"], "No tag")

    early = owner_api.post(f"/campaigns/{cid}/winners", {"post_ids": [a1]})
    assert early.status_code == 409
    assert early.json()["error"]["code"] == "campaign_not_ended"

    end_now(cid)
    assert owner_api.get(f"/campaigns/{cid}").json()["status"] == "ended"
    refused = owner_api.post(f"/campaigns/{cid}/winners", {"post_ids": [a1, not_entry]})
    assert refused.status_code == 422
    assert "post_ids" in refused.json()["error"]["fields"]

    picked = owner_api.post(f"/campaigns/{cid}/winners", {"post_ids": [a1]})
    assert picked.status_code == 200
    assert picked.json() == {"picked": [a1], "winner_post_ids": [a1]}
    again = owner_api.post(f"/campaigns/{cid}/winners", {"post_ids": [a1, b1]}).json()
    assert again == {"picked": [b1], "winner_post_ids": [a1, b1]}

    wins = Notification.objects.filter(kind="campaign_win")
    assert sorted(wins.values_list("recipient__username", flat=True)) == ["ana", "ben"]
    groups = people["ana"].get("/notifications/grouped").json()["items"]
    assert groups[0]["text"] == "Atelier Nord picked your post as a campaign winner"
    entries = people["ana"].get(f"/campaigns/{cid}/entries").json()["items"]
    assert {e["post"]["id"]: e["winner"] for e in entries} == {a1: True, b1: True}


def test_winners_and_ending_are_the_shops_alone(campaign, people):
    cid = campaign["id"]
    a1 = post(people["ana"], "Mine #ShareAMug")
    assert people["ben"].post(f"/campaigns/{cid}/end").status_code == 403
    end_now(cid)
    response = people["ben"].post(f"/campaigns/{cid}/winners", {"post_ids": [a1]})
    assert response.status_code == 403
    assert not Notification.objects.filter(kind="campaign_win").exists()
    assert people["ben"].post("/campaigns/999999/winners", {"post_ids": [a1]}).status_code == 404


def test_ending_early_closes_the_entries_and_is_a_one_way_move(campaign, people, owner_api):
    cid = campaign["id"]
    post(people["ana"], "In time #ShareAMug")
    ended = owner_api.post(f"/campaigns/{cid}/end")
    assert ended.status_code == 200
    assert ended.json()["status"] == "ended"
    post(people["ben"], "Too late #ShareAMug")
    assert owner_api.get(f"/campaigns/{cid}").json()["totals"]["posts"] == 1
    again = owner_api.post(f"/campaigns/{cid}/end")
    assert again.status_code == 409


def test_the_entries_list_costs_the_same_queries_at_3_and_12_entries(
    campaign, people, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert people["ben"].get(f"/campaigns/{campaign['id']}/entries").status_code == 200
        return len(ctx.captured_queries)

    for i in range(3):
        post(people["ana"], f"Mug {i} #ShareAMug")
    count()  # the token's first use of the day is recorded once
    few = count()
    for i in range(9):
        post(people["chloe"], f"Cup {i} #ShareAMug")
    assert count() == few
    # campaign, shop role, entries, media, product tags, winners, likes, reposts (the token
    # comes from the cache)
    assert few == 8
