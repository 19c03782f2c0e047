"""Pricing is pure integer arithmetic: half-up rounding, discounts that reconcile to the cent."""

import pytest

from agora.commerce.services import pricing


def test_percent_discount_rounds_half_up_to_the_minor_unit():
    # 15% of 1.50 = 0.225 → 0.23; 15% of 1.30 = 0.195 → 0.20
    assert pricing.coupon_discount(kind="percent", value=15, eligible_subtotal=150) == 23
    assert pricing.coupon_discount(kind="percent", value=15, eligible_subtotal=130) == 20


def test_fixed_discount_never_exceeds_the_eligible_subtotal():
    assert pricing.coupon_discount(kind="fixed", value=5000, eligible_subtotal=1999) == 1999
    assert pricing.coupon_discount(kind="fixed", value=500, eligible_subtotal=0) == 0


def test_discount_spread_sums_exactly_with_the_remainder_on_the_largest_line():
    shares = pricing.spread_discount(discount=100, amounts=[333, 333, 334])
    assert sum(shares) == 100
    assert shares == [33, 33, 34]


def test_discount_spread_never_gives_a_line_more_than_its_amount():
    shares = pricing.spread_discount(discount=2, amounts=[1, 1, 1])
    assert sum(shares) == 2 and all(s <= 1 for s in shares)


@pytest.mark.parametrize(
    "amounts,discount",
    [([1999, 1, 7], 13), ([5, 5, 5, 5, 5, 5, 5], 6), ([100000, 3], 99999), ([10], 10)],
)
def test_discount_spread_reconciles_for_any_split(amounts, discount):
    shares = pricing.spread_discount(discount=discount, amounts=amounts)
    assert sum(shares) == discount
    assert all(0 <= s <= a for s, a in zip(shares, amounts, strict=True))


def test_shipping_is_free_at_the_threshold_on_the_discounted_subtotal():
    assert pricing.shipping_amount(flat=500, free_from=5000, discounted_subtotal=5000) == 0
    assert pricing.shipping_amount(flat=500, free_from=5000, discounted_subtotal=4999) == 500
    assert pricing.shipping_amount(flat=500, free_from=None, discounted_subtotal=10**9) == 500


def test_order_price_adds_up_with_a_coupon_on_eligible_lines_only():
    price = pricing.order_price(
        lines=[
            pricing.LineIn(unit_amount=1999, quantity=3),
            pricing.LineIn(unit_amount=750, quantity=1, eligible=False),
            pricing.LineIn(unit_amount=333, quantity=2),
        ],
        coupon_kind="percent",
        coupon_value=10,
        shipping_flat=490,
        free_shipping_from=10000,
    )
    assert price.subtotal == 5997 + 750 + 666
    assert price.discount == 666  # 10% of 6663 = 666.3
    assert sum(line.discount for line in price.lines) == price.discount
    assert price.lines[1].discount == 0
    assert price.shipping == 490
    assert price.total == price.subtotal - price.discount + price.shipping
