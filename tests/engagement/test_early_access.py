"""Early access: a shop promises the winner's voters a discount; when the product goes on
sale each of them gets a personal coupon for it, shown on the poll, usable once, by them only."""

import pytest

from agora.commerce.models import Coupon
from agora.engagement.models import EarlyAccess, PollOption
from agora.engagement.services import early_access_grant
from tests.commerce.conftest import add, checkout, checkout_body
from tests.engagement.conftest import close_now, poll_body
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PROPOSED = {"title": "Linen shirt, sage", "price": {"amount": 6000, "currency": "EUR"}}


@pytest.fixture
def launched(owner_api, shop, voters):
    """A poll promising 15 % early access: Ana and Ben voted for the winning sage shirt,
    Chloe for ink; the shop made the winner a product and put it on sale with stock."""
    body = poll_body(labels=(), early_access_percent=15)
    body["options"] = [{"label": "Sage", "proposed": PROPOSED}, {"label": "Ink"}]
    poll = owner_api.post("/posts", {"text": "Next shirt?", "as_shop": "atelier", "poll": body})
    assert poll.status_code == 201, poll.content
    poll = poll.json()["poll"]
    assert poll["early_access_percent"] == 15
    for (_person, api), position in zip(voters, (0, 0, 1), strict=True):
        option_id = poll["options"][position]["id"]
        assert api.post(f"/polls/{poll['id']}/vote", {"option_id": option_id}).status_code == 200
    close_now(poll["id"])
    product_id = owner_api.post(f"/polls/{poll['id']}/make-product").json()["product_id"]
    variant = PollOption.objects.get(pk=poll["options"][0]["id"]).product.variants.get()
    variant.stock = 5
    variant.save(update_fields=["stock"])
    launched = owner_api.patch(f"/products/{product_id}", {"status": "active"})
    assert launched.status_code == 200, launched.content
    return {"poll": poll, "variant": variant}


def test_the_winners_voters_get_a_personal_code_on_the_poll_and_the_others_none(launched, voters):
    (ana, ana_api), (_ben, ben_api), (_chloe, chloe_api) = voters
    url = f"/polls/{launched['poll']['id']}"

    ana_code = ana_api.get(url).json()["early_access_code"]
    ben_code = ben_api.get(url).json()["early_access_code"]

    assert ana_code and ben_code and ana_code != ben_code
    assert chloe_api.get(url).json()["early_access_code"] is None
    coupon = Coupon.objects.get(code=ana_code)
    assert (coupon.owner, coupon.kind, coupon.value, coupon.usage_limit) == (
        ana,
        "percent",
        15,
        1,
    )
    assert list(coupon.products.all()) == [launched["variant"].product]
    assert coupon.ends_at is not None


def test_the_code_takes_15_percent_off_once_and_only_for_its_voter(launched, voters):
    (_ana, ana_api), (_ben, ben_api), _chloe = voters
    code = ana_api.get(f"/polls/{launched['poll']['id']}").json()["early_access_code"]
    variant = launched["variant"]

    add(ben_api, variant)
    borrowed = checkout(ben_api, checkout_body(coupon_code=code), key="ben-1")
    assert borrowed.status_code == 409, borrowed.content
    assert borrowed.json()["error"]["code"] == "coupon_unavailable"

    add(ana_api, variant)
    paid = checkout(ana_api, checkout_body(coupon_code=code), key="ana-1")
    assert paid.status_code == 201, paid.content
    [order] = paid.json()["orders"]
    assert order["discount"]["amount"] == 900  # 15 % of 60.00

    add(ana_api, variant)
    again = checkout(ana_api, checkout_body(coupon_code=code), key="ana-2")
    assert again.status_code == 409


def test_granting_twice_gives_each_voter_one_code(launched):
    winner = PollOption.objects.get(pk=launched["poll"]["options"][0]["id"])

    assert early_access_grant(option=winner) == 0

    assert EarlyAccess.objects.filter(option=winner).count() == 2
    assert Coupon.objects.filter(code__startswith="EARLY-").count() == 2


def test_only_a_shop_offers_early_access_and_within_bounds(make_api, owner_api, shop):
    person = make_api(UserFactory())
    mine = person.post("/posts", {"text": "?", "poll": poll_body(early_access_percent=10)})
    assert mine.status_code == 422
    assert "poll.early_access_percent" in mine.json()["error"]["fields"]
    too_much = owner_api.post(
        "/posts", {"text": "?", "as_shop": "atelier", "poll": poll_body(early_access_percent=51)}
    )
    assert too_much.status_code == 422


def test_the_post_page_shows_the_voter_their_code_and_the_promise_before_the_close(
    launched, voters, client, owner_api
):
    (ana, ana_api), _ben, _chloe = voters
    code = ana_api.get(f"/polls/{launched['poll']['id']}").json()["early_access_code"]
    post = PollOption.objects.get(pk=launched["poll"]["options"][0]["id"]).poll.post
    client.force_login(ana)

    page = client.get(post.get_absolute_url())

    assert page.status_code == 200
    assert code in page.content.decode()
    fresh = owner_api.post(
        "/posts",
        {"text": "Next?", "as_shop": "atelier", "poll": poll_body(early_access_percent=20)},
    ).json()
    promise = client.get(f"/posts/{fresh['id']}")
    assert "get 20% off when it goes on sale" in promise.content.decode()
