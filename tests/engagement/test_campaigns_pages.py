"""The campaign page people see, and the shop team's pages to create a campaign and pick
winners: plain forms that work without JavaScript."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from agora.engagement.models import Campaign, CampaignWinner
from agora.engagement.services import campaign_create
from agora.social.models import Notification
from agora.social.services.posts import post_create
from tests.factories import UserFactory


@pytest.fixture
def ana(db):
    return UserFactory(username="ana", display_name="Ana Lima")


@pytest.fixture
def campaign(owner, shop):
    return campaign_create(
        user=owner,
        shop=shop,
        hashtag="ShareAMug",
        title="Share a mug",
        description="Show us your mug.",
        prizes="Three mugs with your name",
        starts_at=timezone.now() - timedelta(minutes=5),
        ends_at=timezone.now() + timedelta(days=3),
    )


def entry(user, text="My mug #ShareAMug"):
    return post_create(user=user, text=text)


def test_people_see_the_campaign_its_totals_and_ranked_entries(client, campaign, ana):
    first = entry(ana, "First #ShareAMug")
    best = entry(UserFactory(username="ben"), "Best #ShareAMug")
    type(best).objects.filter(pk=best.pk).update(like_count=4)

    page = client.get(f"/campaigns/{campaign.pk}").content.decode()

    assert "Share a mug" in page and "#shareamug" in page
    assert "Three mugs with your name" in page
    assert page.index(f'id="entry-{best.pk}"') < page.index(f'id="entry-{first.pk}"')
    assert "<dt>Posts</dt><dd>2</dd>" in page
    assert "<dt>Likes</dt><dd>4</dd>" in page
    assert "<dt>Revenue</dt><dd>€0.00</dd>" in page
    assert 'hx-trigger="every 30s"' in page  # running: the totals refresh themselves


def test_htmx_asks_for_the_totals_alone(client, campaign, ana):
    entry(ana)
    response = client.get(
        f"/campaigns/{campaign.pk}",
        headers={"HX-Request": "true", "HX-Target": f"campaign-{campaign.pk}-totals"},
    )
    body = response.content.decode()
    assert body.lstrip().startswith('<section class="campaign-totals"')
    assert "<dt>Posts</dt><dd>1</dd>" in body
    assert "entry-" not in body


def test_the_shop_page_links_its_campaigns(client, campaign, shop):
    page = client.get("/@atelier").content.decode()
    assert f'href="/campaigns/{campaign.pk}"' in page


def test_the_team_creates_a_campaign_from_the_form(client, owner, shop):
    client.force_login(owner)
    form = client.get("/campaigns/new?shop=atelier")
    assert form.status_code == 200
    start = timezone.localtime() - timedelta(minutes=1)
    end = start + timedelta(days=5)
    response = client.post(
        "/campaigns/new",
        {
            "shop": "atelier",
            "hashtag": "#MugLife",
            "title": "Mug life",
            "description": "",
            "prizes": "A mug",
            "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
            "ends_at": end.strftime("%Y-%m-%dT%H:%M"),
            "product": "",
            "publish": "on",
        },
    )
    campaign = Campaign.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/campaigns/{campaign.pk}"
    assert campaign.hashtag == "muglife" and campaign.status == "running"


def test_the_form_names_a_refused_field(client, owner, shop):
    client.force_login(owner)
    start = timezone.localtime() + timedelta(days=2)
    response = client.post(
        "/campaigns/new",
        {
            "shop": "atelier",
            "hashtag": "not a tag",
            "title": "Mug life",
            "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
            "ends_at": (start + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M"),
        },
    )
    assert response.status_code == 200
    assert "Give one hashtag" in response.content.decode()
    assert not Campaign.objects.exists()


def test_people_without_a_shop_cannot_open_the_form(client, ana):
    client.force_login(ana)
    assert client.get("/campaigns/new").status_code == 403


def test_the_team_picks_winners_on_the_page_after_the_end(client, owner, campaign, ana):
    mine = entry(ana)
    Campaign.objects.filter(pk=campaign.pk).update(ends_at=timezone.now())
    client.force_login(owner)
    page = client.get(f"/campaigns/{campaign.pk}").content.decode()
    assert f'name="post" value="{mine.pk}"' in page

    response = client.post(f"/campaigns/{campaign.pk}/winners", {"post": [str(mine.pk)]})

    assert response.status_code == 302
    assert CampaignWinner.objects.filter(campaign=campaign, post=mine).exists()
    assert Notification.objects.filter(recipient=ana, kind="campaign_win", post=mine).exists()
    assert "Winner" in client.get(f"/campaigns/{campaign.pk}").content.decode()


def test_someone_else_cannot_pick_winners(client, campaign, ana):
    mine = entry(ana)
    Campaign.objects.filter(pk=campaign.pk).update(ends_at=timezone.now())
    client.force_login(ana)
    assert 'name="post"' not in client.get(f"/campaigns/{campaign.pk}").content.decode()
    client.post(f"/campaigns/{campaign.pk}/winners", {"post": [str(mine.pk)]})
    assert not CampaignWinner.objects.exists()


def test_a_draft_is_not_found_by_others(client, owner, shop, ana):
    draft = campaign_create(
        user=owner,
        shop=shop,
        hashtag="Later",
        title="Later",
        starts_at=timezone.now() + timedelta(days=1),
        ends_at=timezone.now() + timedelta(days=2),
        publish=False,
    )
    assert client.get(f"/campaigns/{draft.pk}").status_code == 404
    client.force_login(owner)
    assert client.get(f"/campaigns/{draft.pk}").status_code == 200


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx)


def test_the_campaign_page_costs_the_same_queries_at_3_and_20_entries(client, campaign, ana):
    client.force_login(ana)
    url = f"/campaigns/{campaign.pk}"
    for i in range(3):
        entry(ana, f"Mug {i} #ShareAMug")
    client.get(url)
    few = _queries(client, url)
    for i in range(17):
        entry(UserFactory(), f"Cup {i} #ShareAMug")
    assert _queries(client, url) == few
    assert few <= 16
