"""A verified creator proposes a paid partnership; the shop's team answers; either side ends it."""

from datetime import timedelta

import pytest
from django.utils import timezone

from agora.engagement.models import Partnership
from agora.social.models import Notification
from tests.engagement.partners import days, partner, propose
from tests.factories import ShopFactory, UserFactory

pytestmark = pytest.mark.django_db


def body(**extra):
    data = {
        "commission_percent": 12.5,
        "starts_at": days(0).isoformat(),
        "ends_at": days(30).isoformat(),
        "message": "I post about ceramics every week.",
    }
    data.update(extra)
    return data


def kinds(user):
    return sorted(Notification.objects.filter(recipient=user).values_list("kind", flat=True))


def test_a_creator_proposes_and_the_shop_accepts(creator, creator_api, owner, owner_api, shop):
    proposed = creator_api.post("/shops/atelier/partnerships", body())

    assert proposed.status_code == 201, proposed.content
    p = proposed.json()
    assert (p["status"], p["role"], p["current"]) == ("proposed", "creator", False)
    assert (p["commission_percent"], p["commission_basis_points"]) == (12.5, 1250)
    assert p["shop"]["handle"] == "atelier" and p["creator"]["handle"] == "lea"
    assert kinds(owner) == ["partnership_proposed"]

    # the shop sees it in its list and accepts
    listed = owner_api.get("/partnerships").json()["items"]
    assert [(i["id"], i["role"]) for i in listed] == [(p["id"], "shop")]
    accepted = owner_api.post(f"/partnerships/{p['id']}/accept")

    assert accepted.status_code == 200, accepted.content
    assert (accepted.json()["status"], accepted.json()["current"]) == ("accepted", True)
    assert kinds(creator) == ["partnership_accepted"]
    figures = accepted.json()["figures"]
    assert figures["orders"] == 0 and figures["commission"]["pending"]["amount"] == 0


def test_only_the_shop_team_answers_and_strangers_do_not_see_it(
    creator, creator_api, owner, shop, make_api
):
    p = propose(creator, shop)
    stranger = make_api(UserFactory())
    other_shop_owner = UserFactory()
    ShopFactory(owner=other_shop_owner)

    assert creator_api.post(f"/partnerships/{p.pk}/accept").status_code == 403
    assert stranger.post(f"/partnerships/{p.pk}/accept").status_code == 404
    assert stranger.post(f"/partnerships/{p.pk}/decline").status_code == 404
    assert make_api(other_shop_owner).post(f"/partnerships/{p.pk}/accept").status_code == 404
    assert stranger.get(f"/partnerships/{p.pk}").status_code == 404
    assert stranger.get("/partnerships").json()["items"] == []
    p.refresh_from_db()
    assert p.status == "proposed"


def test_the_shop_declines_and_a_declined_answer_cannot_be_changed(creator, owner, owner_api, shop):
    p = propose(creator, shop)

    declined = owner_api.post(f"/partnerships/{p.pk}/decline")
    again = owner_api.post(f"/partnerships/{p.pk}/accept")

    assert declined.status_code == 200 and declined.json()["status"] == "declined"
    assert again.status_code == 409 and again.json()["error"]["code"] == "illegal_transition"
    assert kinds(creator) == ["partnership_declined"]


def test_one_live_partnership_per_creator_and_shop(creator, creator_api, owner, shop):
    assert creator_api.post("/shops/atelier/partnerships", body()).status_code == 201

    second = creator_api.post("/shops/atelier/partnerships", body())

    assert second.status_code == 409
    assert second.json()["error"]["code"] == "partnership_exists"
    # withdrawn, a new proposal may follow
    first = Partnership.objects.get()
    assert creator_api.post(f"/partnerships/{first.pk}/withdraw").status_code == 200
    assert creator_api.post("/shops/atelier/partnerships", body()).status_code == 201
    assert kinds(owner) == [
        "partnership_proposed",
        "partnership_proposed",
        "partnership_withdrawn",
    ]


def test_an_accepted_partnership_past_its_period_makes_room_for_a_new_one(
    creator, creator_api, owner, shop
):
    old = partner(creator, shop, owner)
    Partnership.objects.filter(pk=old.pk).update(live_until=timezone.now() - timedelta(seconds=1))

    assert creator_api.post("/shops/atelier/partnerships", body()).status_code == 201
    old.refresh_from_db()
    assert old.status == "ended"


def test_either_side_ends_an_accepted_partnership(creator, creator_api, owner, owner_api, shop):
    p = partner(creator, shop, owner)

    ended = creator_api.post(f"/partnerships/{p.pk}/end")

    assert ended.status_code == 200
    assert (ended.json()["status"], ended.json()["current"]) == ("ended", False)
    assert "partnership_ended" in kinds(owner)
    assert owner_api.post(f"/partnerships/{p.pk}/end").status_code == 409


def test_only_verified_creators_propose(make_api, shop):
    response = make_api(UserFactory()).post("/shops/atelier/partnerships", body())

    assert response.status_code == 403
    assert response.json()["error"]["code"] == "not_a_creator"


def test_a_shop_member_cannot_partner_with_their_own_shop(owner, owner_api, shop):
    owner.is_creator = True
    owner.save(update_fields=["is_creator"])

    response = owner_api.post("/shops/atelier/partnerships", body())

    assert response.status_code == 409 and response.json()["error"]["code"] == "own_shop"


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("commission_percent", 0),
        ("commission_percent", 50.01),
        ("commission_percent", 12.345),
        ("ends_at", "2020-01-01T00:00:00+00:00"),
        ("starts_at", "2030-01-01T00:00:00"),  # no UTC offset
        ("return_window_days", 91),
        ("message", "x" * 501),
        ("message", "null\x00byte"),
    ],
)
def test_a_proposal_out_of_bounds_is_refused(creator_api, shop, field, value):
    response = creator_api.post("/shops/atelier/partnerships", body(**{field: value}))

    assert response.status_code == 422, response.content
    assert not Partnership.objects.exists()


def test_an_unknown_shop_is_not_found(creator_api, shop):
    assert creator_api.post("/shops/nobody/partnerships", body()).status_code == 404


def test_an_expired_proposal_cannot_be_accepted(creator, owner_api, shop):
    p = propose(creator, shop)
    Partnership.objects.filter(pk=p.pk).update(
        starts_at=days(-10), ends_at=timezone.now() - timedelta(seconds=1)
    )

    response = owner_api.post(f"/partnerships/{p.pk}/accept")

    assert response.status_code == 409
    assert response.json()["error"]["code"] == "partnership_expired"


def test_the_list_costs_the_same_queries_for_few_and_many(
    owner, owner_api, shop, django_assert_num_queries
):
    def listing():
        return owner_api.get("/partnerships?limit=50")

    for _ in range(2):
        propose(UserFactory(is_creator=True), shop)
    listing()  # warm up (token, content types)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        assert len(listing().json()["items"]) == 2
    for _ in range(8):
        partner(UserFactory(is_creator=True), shop, owner)
    with django_assert_num_queries(len(few.captured_queries)):
        assert len(listing().json()["items"]) == 10
