"""Holds end: removed from the cart (released), past their deadline (expired), or checked out
(converted). Each gives its unit back once, or turns it into the order's reservation."""

from datetime import timedelta

import pytest
from django.utils import timezone

from agora.commerce.models import Hold, Order
from agora.commerce.services.cart import cart_for, cart_line_add
from agora.commerce.services.holds import hold_create, hold_expire_due, hold_release
from agora.commerce.tasks import expire_holds
from tests.commerce.conftest import checkout, checkout_body
from tests.commerce.holds.conftest import cart_lines_of
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def held(sold_post, ana, ana_api, variant):
    """Ana's hold on a blue M through the post; returns the variant."""
    response = ana_api.post(f"/posts/{sold_post.pk}/comments", {"text": "SOLD blue M"})
    assert response.status_code == 201
    return variant("blue", "M")


def _later(minutes=16):
    return timezone.now() + timedelta(minutes=minutes)


def test_an_expired_hold_gives_its_unit_back_and_leaves_the_cart(held, ana):
    # when the deadline has passed and the tidy-up runs
    assert hold_expire_due(now=_later()) == 1
    # then the unit is on sale again and Ana's cart is empty
    held.refresh_from_db()
    assert (held.reserved, held.available) == (0, 3)
    assert Hold.objects.get(user=ana).status == "expired"
    assert cart_lines_of(ana) == []
    # and running it again changes nothing
    assert hold_expire_due(now=_later()) == 0
    held.refresh_from_db()
    assert held.reserved == 0


def test_a_hold_before_its_deadline_is_left_alone(held, ana):
    assert hold_expire_due(now=_later(minutes=14)) == 0
    held.refresh_from_db()
    assert held.reserved == 1
    assert len(cart_lines_of(ana)) == 1


def test_the_task_body_expires_due_holds(held, ana):
    Hold.objects.filter(user=ana).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert expire_holds.call() == 1
    held.refresh_from_db()
    assert held.reserved == 0


def test_the_held_units_leave_a_line_that_also_had_others(held, ana):
    # given Ana also put a second blue M in her cart herself (2 in the line, 1 held)
    cart_line_add(cart=cart_for(user=ana), variant=held, quantity=1)
    held.refresh_from_db()
    assert held.reserved == 1  # plain cart lines reserve nothing until checkout
    # when the hold expires, the line keeps the unit she added herself
    hold_expire_due(now=_later())
    [line] = cart_lines_of(ana)
    assert (line.quantity, line.hold_id) == (1, None)


def test_removing_the_line_releases_the_hold(held, ana, ana_api):
    [line] = cart_lines_of(ana)
    response = ana_api.delete(f"/cart/lines/{line.pk}")
    assert response.status_code == 200
    held.refresh_from_db()
    assert held.reserved == 0
    assert Hold.objects.get(user=ana).status == "released"
    # releasing again is harmless, and an expiry afterwards finds nothing
    assert hold_release(hold=Hold.objects.get(user=ana)) is False
    assert hold_expire_due(now=_later()) == 0
    held.refresh_from_db()
    assert held.reserved == 0


def test_checkout_converts_the_hold_without_reserving_twice(held, ana, ana_api):
    response = checkout(ana_api)
    assert response.status_code == 201, response.content
    held.refresh_from_db()
    assert (held.stock, held.reserved) == (3, 1)  # the held unit became the order's
    hold = Hold.objects.get(user=ana)
    assert hold.status == "converted"
    assert Order.objects.get(buyer=ana).lines.get().hold_id == hold.pk
    # and a later expiry run leaves the order's reservation alone
    assert hold_expire_due(now=_later()) == 0
    held.refresh_from_db()
    assert held.reserved == 1


def test_checkout_after_the_deadline_does_not_use_the_hold(held, ana, ana_api):
    # given the hold's deadline passed (the tidy-up hasn't run yet) and someone bought the
    # other two blue M meanwhile
    Hold.objects.filter(user=ana).update(expires_at=timezone.now() - timedelta(seconds=1))
    other = UserFactory()
    hold_create(user=other, variant=held)
    hold_create(user=other, variant=held)
    held.refresh_from_db()
    assert held.available == 0
    # when Ana checks out, the expired hold is refused: its unit went back on sale first, and
    # her line competes for stock like any other
    response = checkout(ana_api, checkout_body(), key="late")
    assert Hold.objects.get(user=ana).status == "expired"
    assert response.status_code == 201
    held.refresh_from_db()
    assert (held.reserved, held.available) == (3, 0)
    # and with nothing left on sale, a late hold finds no stock
    Hold.objects.filter(user=other).update(expires_at=timezone.now() - timedelta(seconds=1))
    third = UserFactory()
    assert hold_create(user=third, variant=held) is None


def test_checkout_after_the_deadline_with_the_unit_gone_is_out_of_stock(held, ana, ana_api):
    # given Ana's hold expired and was tidied up, and three others then held every blue M
    Hold.objects.filter(user=ana).update(expires_at=timezone.now() - timedelta(seconds=1))
    cart_line_add(cart=cart_for(user=ana), variant=held, quantity=1)  # she adds it again
    hold_expire_due()
    for _ in range(3):
        assert hold_create(user=UserFactory(), variant=held) is not None
    # when she checks out: 409 out_of_stock and nothing changed
    response = checkout(ana_api, checkout_body(), key="late")
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "out_of_stock"
    assert not Order.objects.filter(buyer=ana).exists()
    held.refresh_from_db()
    assert held.reserved == 3
