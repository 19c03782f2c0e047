"""The refresh is incremental: it reads only the events after its watermark, once each, even
with two workers at the same time."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from agora.analytics.models import Event
from agora.discovery.models import ProductTrend, TrendAccount, TrendWatermark
from agora.discovery.services.trending import trending_rebuild, trending_refresh
from agora.discovery.services.trending.refresh import WINDOW
from agora.social.services.reactions import product_like_set
from tests.discovery.trending_world import liked_by, people, refresh
from tests.factories import ProductFactory

pytestmark = pytest.mark.django_db


def test_a_refresh_reads_only_the_new_events():
    product = ProductFactory()
    liked_by(product, 5)
    assert refresh().events == 5

    assert refresh().events == 0
    liked_by(product, 2)
    again = refresh()

    assert again.events == 2
    assert ProductTrend.objects.get(product=product).accounts == 7
    assert TrendWatermark.objects.get().last_event_id == Event.objects.latest("pk").pk


def _mark_before_the_events() -> None:
    """The watermark where an earlier run left it, just before these events: batch counts then
    do not depend on where the id sequence stands (PostgreSQL's keeps growing across tests, so
    a window boundary of WINDOW ids may fall among them)."""
    first = Event.objects.order_by("pk").values_list("pk", flat=True).first()
    TrendWatermark.objects.update_or_create(pk=1, defaults={"last_event_id": first - 1})


def test_events_are_read_in_batches_and_all_of_them():
    product = ProductFactory()
    liked_by(product, 7)
    _mark_before_the_events()

    result = refresh(batch=3)

    assert (result.events, result.batches) == (7, 3)
    assert ProductTrend.objects.get(product=product).accounts == 7


def test_a_run_stops_after_its_batches_and_the_next_goes_on():
    product = ProductFactory()
    liked_by(product, 7)
    _mark_before_the_events()

    first = refresh(batch=2, max_batches=2)
    second = refresh(batch=2, max_batches=10)

    assert (first.events, second.events) == (4, 3)
    assert ProductTrend.objects.get(product=product).accounts == 7


def test_events_younger_than_the_settling_time_wait_for_the_next_run():
    product = ProductFactory()
    liked_by(product, 3)

    early = trending_refresh(settle=timedelta(seconds=10))
    later = trending_refresh(
        settle=timedelta(seconds=10), now=timezone.now() + timedelta(seconds=11)
    )

    assert (early.events, later.events) == (0, 3)


def test_uncounted_events_move_the_watermark_without_being_read():
    product = ProductFactory()
    for _ in range(4):
        Event.objects.create(
            kind="view", object_type="product", object_id=product.pk, created_at=timezone.now()
        )

    result = refresh()

    assert result.events == 0
    assert TrendWatermark.objects.get().last_event_id == Event.objects.latest("pk").pk


def test_a_gap_wider_than_a_window_in_the_event_ids_is_stepped_over():
    product = ProductFactory()
    liked_by(product, 2)
    refresh()
    far = Event.objects.latest("pk").pk + WINDOW * 3
    Event.objects.create(
        pk=far, kind="view", object_type="product", object_id=product.pk, created_at=timezone.now()
    )
    liked_by(product, 3)

    result = refresh()

    assert result.events == 3
    assert ProductTrend.objects.get(product=product).accounts == 5
    assert TrendWatermark.objects.get().last_event_id == Event.objects.latest("pk").pk


def test_rebuild_counts_the_whole_history_again():
    product = ProductFactory()
    liked_by(product, 4)
    refresh()
    heat = ProductTrend.objects.get(product=product).heat

    result = trending_rebuild(settle=timedelta(0))

    assert result.events == 4
    row = ProductTrend.objects.get(product=product)
    assert (row.accounts, row.heat) == (4, heat)


def test_the_command_refreshes_now(capsys):
    product = ProductFactory()
    liked_by(product, 3)
    Event.objects.update(created_at=timezone.now() - timedelta(minutes=1))

    call_command("refresh_trending")

    assert "3 events read" in capsys.readouterr().out
    assert ProductTrend.objects.get(product=product).popular


@pytest.mark.django_db(transaction=True)
def test_two_workers_at_once_count_each_event_once():
    products = [ProductFactory() for _ in range(3)]
    fans = people(12)
    for product in products:
        for fan in fans:
            product_like_set(user=fan, product=product)
    results, errors = [], []
    start = threading.Barrier(2)

    def worker():
        try:
            start.wait()
            results.append(refresh(batch=5))
        except Exception as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    refresh()  # whatever a busy worker left

    assert not errors
    assert sum(r.events for r in results) <= 36
    assert TrendAccount.objects.count() == 36
    assert {ProductTrend.objects.get(product=p).accounts for p in products} == {12}
