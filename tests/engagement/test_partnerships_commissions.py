"""Sales a partnered creator's posts bring earn a commission: only while the partnership runs,
only on the lines bought from their posts, never on their own purchases; refunds take it back."""

from datetime import timedelta

import pytest
from django.utils import timezone

from agora.commerce.services.refunds import order_refund
from agora.engagement.models import Earning, Partnership
from agora.engagement.selectors import commissioned_line_ids
from agora.engagement.services import (
    commission_amount,
    earnings_confirm_due,
    partnership_decline,
    partnership_end,
)
from tests.engagement.partners import (
    buy_from_post,
    creator_post,
    partner,
    propose,
)
from tests.factories import ProductFactory, UserFactory

pytestmark = pytest.mark.django_db


def commissions():
    return list(Earning.objects.filter(kind="commission").order_by("pk"))


def test_a_sale_from_the_creators_post_earns_a_pending_commission(
    make_api, creator, owner, shop, mug
):
    partnership = partner(creator, shop, owner, percent="12.5")
    post = creator_post(creator, mug)
    buyer = UserFactory()

    order = buy_from_post(make_api, buyer, post, mug, quantity=2)

    [earning] = commissions()
    assert earning.beneficiary == creator and earning.order == order
    assert (earning.status, earning.unit, earning.currency) == ("pending", "money", "EUR")
    assert earning.basis_amount == 4000  # two 20.00 mugs; shipping earns nothing
    assert earning.amount == 500  # 12.5 % of 40.00
    assert earning.reference == f"commission:{order.number}:{creator.pk}"
    assert earning.post == post
    assert earning.confirm_after == order.paid_at + timedelta(days=partnership.return_window_days)
    # confirmed once the return window has passed
    assert earnings_confirm_due(now=timezone.now() + timedelta(days=15)) == 1
    earning.refresh_from_db()
    assert earning.status == "confirmed"


def test_no_commission_before_acceptance_or_after_a_decline(make_api, creator, owner, shop, mug):
    proposal = propose(creator, shop)
    post = creator_post(creator, mug)

    buy_from_post(make_api, UserFactory(), post, mug)
    partnership_decline(user=owner, partnership=proposal)
    buy_from_post(make_api, UserFactory(), post, mug)

    assert commissions() == []


def test_no_commission_outside_the_partnership_period(make_api, creator, owner, shop, mug):
    partnership = partner(creator, shop, owner)
    post = creator_post(creator, mug)
    # the period has not started yet
    Partnership.objects.filter(pk=partnership.pk).update(
        live_from=timezone.now() + timedelta(days=1)
    )
    buy_from_post(make_api, UserFactory(), post, mug)
    # the period is over
    Partnership.objects.filter(pk=partnership.pk).update(
        live_from=timezone.now() - timedelta(days=10),
        live_until=timezone.now() - timedelta(seconds=1),
    )
    buy_from_post(make_api, UserFactory(), post, mug)

    assert commissions() == []


def test_no_commission_once_either_side_ended_it(make_api, creator, owner, shop, mug):
    partnership = partner(creator, shop, owner)
    post = creator_post(creator, mug)
    buy_from_post(make_api, UserFactory(), post, mug)

    partnership_end(user=owner, partnership=partnership)
    buy_from_post(make_api, UserFactory(), post, mug)

    assert len(commissions()) == 1


def test_only_attributed_lines_earn(make_api, creator, owner, shop, mug):
    partner(creator, shop, owner, percent="10")
    teapot = ProductFactory(
        shop=shop, price_amount=5000, options=[], variants=[{"options": {}, "stock": 5}]
    )
    post = creator_post(creator, mug)
    buyer = UserFactory()
    api = make_api(buyer)
    # the teapot goes in the cart straight from the shop, not from the post
    teapot_variant = teapot.variants.first()
    assert api.post(
        "/cart/lines", {"variant_id": teapot_variant.pk, "quantity": 1}
    ).status_code in (
        200,
        201,
    )

    order = buy_from_post(make_api, buyer, post, mug)

    [earning] = commissions()
    mug_line = order.lines.get(product=mug)
    assert earning.line_ids == [mug_line.pk]
    assert (earning.basis_amount, earning.amount) == (2000, 200)


def test_a_sale_of_another_creators_post_or_another_shop_earns_nothing(
    make_api, creator, owner, shop, mug
):
    partner(creator, shop, owner)
    other_creator = UserFactory(is_creator=True)
    other_post = creator_post(other_creator, mug)
    someone_elses_mug = ProductFactory(
        price_amount=1000, options=[], variants=[{"options": {}, "stock": 5}]
    )
    unrelated_post = creator_post(creator, someone_elses_mug)

    buy_from_post(make_api, UserFactory(), other_post, mug)
    buy_from_post(make_api, UserFactory(), unrelated_post, someone_elses_mug)

    assert commissions() == []


def test_the_creators_own_purchase_earns_nothing(make_api, creator, owner, shop, mug):
    partner(creator, shop, owner)
    post = creator_post(creator, mug)
    friend = UserFactory()

    buy_from_post(make_api, creator, post, mug)
    # someone else's account, but the creator's e-mail
    buy_from_post(make_api, friend, post, mug, email=creator.email.upper())

    assert commissions() == []


def test_a_refund_reverses_the_commission_and_a_partial_one_lowers_it(
    make_api, creator, owner, shop, mug
):
    partner(creator, shop, owner, percent="10")
    post = creator_post(creator, mug)
    order = buy_from_post(make_api, UserFactory(), post, mug, quantity=2)
    [earning] = commissions()
    assert earning.amount == 400
    line = order.lines.get()

    refunded = make_api(owner).post(
        f"/orders/{order.pk}/refund", {"lines": [{"id": line.pk, "quantity": 1}]}
    )
    assert refunded.status_code == 200, refunded.content
    earning.refresh_from_db()
    assert (earning.status, earning.amount) == ("pending", 200)

    order_refund(order=order, actor=owner)
    earning.refresh_from_db()
    assert (earning.status, earning.amount) == ("reversed", 0)
    assert earnings_confirm_due(now=timezone.now() + timedelta(days=30)) == 0


def test_the_dashboard_figures_follow_the_sales(make_api, creator, creator_api, owner, shop, mug):
    partnership = partner(creator, shop, owner, percent="10")
    post = creator_post(creator, mug)
    first = buy_from_post(make_api, UserFactory(), post, mug)
    buy_from_post(make_api, UserFactory(), post, mug, quantity=3)
    order_refund(order=first, actor=owner)

    figures = creator_api.get(f"/partnerships/{partnership.pk}").json()["figures"]

    assert figures["orders"] == 2
    assert figures["revenue"]["amount"] == 6000  # 2 × 20.00 refunded, 3 × 20.00 kept
    assert figures["commission"]["pending"]["amount"] == 600
    assert figures["commission"]["reversed"]["amount"] == 200


@pytest.mark.parametrize(
    ("basis", "bp", "expected"),
    [(1000, 1250, 125), (999, 1250, 125), (995, 1000, 100), (994, 1000, 99), (1, 1, 0)],
)
def test_commissions_round_half_up_to_the_minor_unit(basis, bp, expected):
    assert commission_amount(basis=basis, commission_bp=bp) == expected


def test_the_referral_program_can_tell_which_lines_earn_a_commission(
    make_api, creator, owner, shop, mug
):
    """CONTRACT: on one line a creator's commission excludes a referral reward."""
    partner(creator, shop, owner)
    paid = buy_from_post(make_api, UserFactory(), creator_post(creator, mug), mug)
    other = buy_from_post(
        make_api, UserFactory(), creator_post(UserFactory(is_creator=True), mug), mug
    )

    assert commissioned_line_ids(order=paid, lines=paid.lines.all()) == {paid.lines.get().pk}
    assert commissioned_line_ids(order=other, lines=other.lines.all()) == set()
