"""The shop makes the winner real: one action turns the winning option into a draft product
(or links the product of its variant), and when that product goes on sale, everyone who voted
for it is told."""

import pytest

from agora.catalog.models import Product
from agora.engagement.models import PollOption
from agora.moderation.services import block_create
from agora.social.models import Notification
from tests.engagement.conftest import close_now, poll_body
from tests.factories import ProductFactory, ShopFactory, UserFactory

pytestmark = pytest.mark.django_db

PROPOSED = {
    "title": "Linen shirt, sage",
    "options": {"color": "Sage", "size": "M"},
    "price": {"amount": 5900, "currency": "EUR"},
}


def _vote(voters, poll, *positions):
    for (_person, api), position in zip(voters, positions, strict=False):
        option = poll["options"][position]["id"]
        assert api.post(f"/polls/{poll['id']}/vote", {"option_id": option}).status_code == 200


@pytest.fixture
def closed_poll(post_poll, voters):
    """Ana and Ben voted for the proposed sage shirt, Chloe for terracotta; the poll closed."""
    poll = post_poll(
        labels=(),
        options=[
            {"label": "Terracotta"},
            {"label": "Sage", "proposed": PROPOSED},
            {"label": "Ink"},
        ],
    )["poll"]
    _vote(voters, poll, 1, 1, 0)
    close_now(poll["id"])
    return poll


def test_the_winner_becomes_a_draft_product_in_one_action(owner_api, shop, closed_poll):
    response = owner_api.post(f"/polls/{closed_poll['id']}/make-product")

    assert response.status_code == 201, response.content
    body = response.json()
    product = Product.objects.get(pk=body["product_id"])
    assert body["created"] is True and body["status"] == "draft"
    assert (product.shop, product.title, product.status) == (shop, "Linen shirt, sage", "draft")
    assert (product.price_amount, product.currency) == (5900, "EUR")
    assert product.options == [
        {"name": "color", "values": ["Sage"]},
        {"name": "size", "values": ["M"]},
    ]
    [variant] = product.variants.all()
    assert variant.options == {"color": "Sage", "size": "M"} and variant.stock == 0
    winner = PollOption.objects.get(pk=closed_poll["options"][1]["id"])
    assert winner.product == product
    poll = owner_api.get(f"/polls/{closed_poll['id']}").json()
    assert poll["options"][1]["product_id"] == product.pk
    assert poll["options"][1]["product_url"] is None  # a draft is not on sale


def test_the_winner_is_made_once(owner_api, shop, closed_poll):
    assert owner_api.post(f"/polls/{closed_poll['id']}/make-product").status_code == 201
    again = owner_api.post(f"/polls/{closed_poll['id']}/make-product")
    assert again.status_code == 409 and again.json()["error"]["code"] == "already_made"
    assert Product.objects.filter(shop=shop).count() == 1


def test_only_the_shop_team_makes_products_and_only_from_a_closed_poll_with_votes(
    post_poll, owner_api, make_api, voters, shop
):
    poll = post_poll()["poll"]
    url = f"/polls/{poll['id']}/make-product"
    still_open = owner_api.post(url)
    assert still_open.status_code == 409 and still_open.json()["error"]["code"] == "poll_open"
    close_now(poll["id"])
    nobody = owner_api.post(url)
    assert nobody.status_code == 409 and nobody.json()["error"]["code"] == "no_winner"
    assert voters[0][1].post(url).status_code == 403
    assert make_api().post(url).status_code == 401
    assert owner_api.post("/polls/999999/make-product").status_code == 404
    assert Product.objects.count() == 0


def test_a_persons_poll_makes_no_product(make_api):
    api = make_api(UserFactory())
    poll = api.post("/posts", {"text": "Which?", "poll": poll_body(("A", "B"))}).json()["poll"]
    api.post(f"/polls/{poll['id']}/vote", {"option_id": poll["options"][0]["id"]})
    close_now(poll["id"])
    assert api.post(f"/polls/{poll['id']}/make-product").status_code == 403
    assert Product.objects.count() == 0


def test_a_label_only_winner_becomes_a_draft_to_price(owner_api, shop, post_poll, voters):
    poll = post_poll()["poll"]
    _vote(voters, poll, 2)
    close_now(poll["id"])
    body = owner_api.post(f"/polls/{poll['id']}/make-product").json()
    product = Product.objects.get(pk=body["product_id"])
    assert (product.title, product.status, product.price_amount) == ("Ink", "draft", 0)


def test_a_winner_linked_to_a_variant_reports_its_product(owner_api, shop, post_poll, voters):
    existing = ProductFactory(shop=shop, status="draft")
    variant = existing.variants.first()
    poll = post_poll(
        labels=(), options=[{"label": "Old"}, {"label": "This one", "variant_id": variant.pk}]
    )["poll"]
    _vote(voters, poll, 1)
    close_now(poll["id"])

    response = owner_api.post(f"/polls/{poll['id']}/make-product")

    assert response.status_code == 200, response.content
    assert response.json()["product_id"] == existing.pk and response.json()["created"] is False
    assert Product.objects.filter(shop=shop).count() == 1


def _on_sale_notifications():
    return Notification.objects.filter(kind=Notification.Kind.POLL_ON_SALE)


def test_its_voters_are_told_when_the_made_product_goes_on_sale(
    owner_api, shop, closed_poll, voters
):
    (ana, ana_api), (ben, _), _chloe = voters
    product_id = owner_api.post(f"/polls/{closed_poll['id']}/make-product").json()["product_id"]
    assert not _on_sale_notifications().exists()  # a draft is not on sale

    edited = owner_api.patch(f"/products/{product_id}", {"title": "The sage shirt"})
    assert edited.status_code == 200 and not _on_sale_notifications().exists()
    launched = owner_api.patch(f"/products/{product_id}", {"status": "active"})

    assert launched.status_code == 200, launched.content
    notified = _on_sale_notifications()
    assert sorted(n.recipient_id for n in notified) == sorted([ana.pk, ben.pk])  # not Chloe
    assert {n.actor_id for n in notified} == {shop.actor_id}
    assert {n.post_id for n in notified} == {closed_poll["post_id"]}
    [group] = ana_api.get("/notifications/grouped").json()["items"]
    assert group["kind"] == "poll_on_sale"
    assert group["text"] == "Atelier Nord put what you voted for on sale"
    poll = ana_api.get(f"/polls/{closed_poll['id']}").json()
    assert poll["options"][1]["product_url"].endswith("/@atelier/products/the-sage-shirt")

    # Off sale and back on: nobody hears twice.
    owner_api.patch(f"/products/{product_id}", {"status": "archived"})
    owner_api.patch(f"/products/{product_id}", {"status": "active"})
    assert _on_sale_notifications().count() == 2


def test_a_voter_who_blocked_the_shop_is_not_told(owner_api, shop, closed_poll, voters):
    (ana, _), (ben, _), _chloe = voters
    block_create(user=ben, handle="atelier")
    product_id = owner_api.post(f"/polls/{closed_poll['id']}/make-product").json()["product_id"]
    owner_api.patch(f"/products/{product_id}", {"status": "active"})
    assert [n.recipient_id for n in _on_sale_notifications()] == [ana.pk]


def test_a_winner_already_on_sale_tells_its_voters_when_it_is_linked(
    owner_api, shop, post_poll, voters
):
    variant = ProductFactory(shop=shop).variants.first()  # active
    poll = post_poll(
        labels=(), options=[{"label": "Old"}, {"label": "New", "variant_id": variant.pk}]
    )["poll"]
    _vote(voters, poll, 1, 1, 0)
    close_now(poll["id"])
    owner_api.post(f"/polls/{poll['id']}/make-product")
    assert _on_sale_notifications().count() == 2


def test_another_shops_staff_cannot_make_the_product(make_api, closed_poll):
    other_owner = UserFactory()
    ShopFactory(owner=other_owner)
    response = make_api(other_owner).post(f"/polls/{closed_poll['id']}/make-product")
    assert response.status_code == 403
    assert Product.objects.count() == 0
