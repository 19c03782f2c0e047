"""/me/partnerships: the creator's dashboard and the shop's answers, without JavaScript."""

from urllib.parse import urlsplit

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from agora.engagement.models import Partnership
from agora.social.models import Notification
from tests.engagement.partners import buy_from_post, creator_post, days, partner, propose
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
URL = "/me/partnerships"


def test_the_shop_accepts_a_proposal_with_a_plain_form(client, creator, owner, shop):
    proposal = propose(creator, shop, message="Ceramics every week")
    client.force_login(owner)

    page = client.get(URL).content.decode()
    assert "Léa Martin" in page and "Ceramics every week" in page
    assert f"/partnerships/{proposal.pk}/accept" in page
    assert f"/partnerships/{proposal.pk}/decline" in page

    response = client.post(f"/partnerships/{proposal.pk}/accept", follow=True)

    assert response.redirect_chain[-1][0] == URL
    assert "The partnership is accepted." in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.status == "accepted"


def test_the_creator_sees_clicks_orders_revenue_and_commission(
    client, make_api, creator, creator_api, owner, shop, mug
):
    partnership = partner(creator, shop, owner, percent="10")
    post = creator_post(creator, mug)
    shared = make_api(UserFactory()).post(f"/posts/{post.pk}/share", {"channel": "link"})
    client.get(urlsplit(shared.json()["url"]).path)  # an anonymous visitor opens the link
    buy_from_post(make_api, UserFactory(), post, mug, quantity=2)
    client.force_login(creator)

    page = client.get(URL).content.decode()
    figures = creator_api.get(f"/partnerships/{partnership.pk}").json()["figures"]

    assert (figures["clicks"], figures["orders"]) == (1, 1)

    assert "Atelier Nord" in page
    assert "€40.00" in page  # revenue
    assert "€4.00" in page  # pending commission
    assert "End the partnership" in page
    assert "/accept" not in page  # answering is the shop's


def test_answers_by_anyone_else_are_refused(client, creator, owner, shop):
    proposal = propose(creator, shop)

    client.force_login(UserFactory())
    assert client.post(f"/partnerships/{proposal.pk}/accept").status_code == 404
    client.force_login(creator)
    response = client.post(f"/partnerships/{proposal.pk}/accept", follow=True)
    assert "Only the shop" in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.status == "proposed"


def test_a_creator_proposes_from_the_page(client, creator, owner, shop):
    client.force_login(creator)
    start, end = days(0).date().isoformat(), days(30).date().isoformat()

    response = client.post(
        URL,
        {
            "shop": "@atelier",
            "commission_percent": "7.5",
            "starts_on": start,
            "ends_on": end,
            "message": "Hello",
        },
        follow=True,
    )

    assert "Your proposal is sent to @atelier." in response.content.decode()
    p = Partnership.objects.get()
    assert (p.commission_bp, p.status, p.message) == (750, "proposed", "Hello")
    assert Notification.objects.filter(recipient=owner, kind="partnership_proposed").exists()


def test_a_wrong_proposal_shows_its_errors(client, creator, shop):
    client.force_login(creator)

    response = client.post(
        URL, {"shop": "nobody", "commission_percent": "80", "starts_on": "x", "ends_on": ""}
    )

    assert response.status_code == 422
    page = response.content.decode()
    assert "No shop has this handle." in page and "Choose a date." in page
    assert not Partnership.objects.exists()


def test_people_who_are_not_creators_cannot_propose(client, shop):
    client.force_login(UserFactory())

    page = client.get(URL).content.decode()

    assert "Propose a partnership" not in page
    assert client.post(URL, {"shop": "atelier"}).status_code == 403


def test_the_notification_leads_to_the_page(client, creator, owner, shop):
    propose(creator, shop)
    client.force_login(owner)

    page = client.get("/notifications").content.decode()

    assert "Léa Martin proposed a paid partnership" in page
    assert f'href="{URL}"' in page


def test_the_page_costs_the_same_queries_for_few_and_many(client, owner, shop):
    for _ in range(2):
        partner(UserFactory(is_creator=True), shop, owner)
    client.force_login(owner)
    client.get(URL)
    with CaptureQueriesContext(connection) as few:
        assert client.get(URL).status_code == 200
    for _ in range(8):
        propose(UserFactory(is_creator=True), shop)
    with CaptureQueriesContext(connection) as many:
        assert client.get(URL).status_code == 200

    assert len(many.captured_queries) == len(few.captured_queries)
