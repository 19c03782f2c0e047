"""The rollup and the live tail add up, never twice: across midnight, with late refunds, with
two runs at once; unique viewers are distinct per day; the tail walks the primary key."""

import re
import threading
from datetime import datetime, timedelta

import pytest
from django.db import connection
from django.utils import timezone

from agora.analytics.models import Event
from agora.insights.fold import events_after, events_after_query
from agora.insights.models import DailyCount, DailyVisitor, RollupMark
from agora.insights.rollup import rollup_run, visitors_prune
from agora.insights.selectors import period_parse, post_report, shop_report
from agora.insights.selectors.reports import last_event_query
from tests.factories import UserFactory
from tests.insights.factories_events import EventFactory, at, paid_order, refund, visitor

pytestmark = pytest.mark.django_db


def _likes(shop, post, moment: datetime, n: int) -> None:
    for _ in range(n):
        EventFactory(
            kind="like", object_type="post", object_id=post.pk, shop_id=shop.pk, created_at=moment
        )


def _two_days():
    today = timezone.now().date()
    yesterday = today - timedelta(days=1)
    return (
        yesterday,
        today,
        period_parse(start=yesterday.isoformat(), end=today.isoformat(), granularity="day"),
    )


def _series(report, key):
    return [p.value for p in report.figure(key).series]


def test_rows_and_tail_never_double_count_across_midnight(shop, post):
    yesterday, today, period = _two_days()
    last_minute = at(yesterday, 23, 59)
    midnight = at(today, 0, 0)
    # given likes on both sides of midnight, rolled up
    _likes(shop, post, last_minute, 2)
    _likes(shop, post, midnight, 1)
    assert rollup_run(settle=timedelta(0)) == Event.objects.count()  # with the post's own
    # and more after the rollup, one of them a late event of yesterday
    _likes(shop, post, last_minute, 1)
    _likes(shop, post, midnight, 2)

    # when the report is read (rows + tail), then after the next rollup (rows only)
    live = shop_report(shop_id=shop.pk, period=period)
    assert rollup_run(settle=timedelta(0)) == 3
    rolled = shop_report(shop_id=shop.pk, period=period)

    # then each day holds its own likes exactly once
    assert _series(live, "likes") == _series(rolled, "likes") == [3, 3]
    assert live.figure("likes").value == rolled.figure("likes").value == 6
    assert sum(DailyCount.objects.filter(scope="shop").values_list("likes", flat=True)) == 6


def test_a_refund_after_the_rollup_corrects_the_day_the_order_was_paid(
    make_api, seller, shop, post, variant
):
    yesterday, _today, period = _two_days()
    # given an order paid yesterday, rolled up
    order = paid_order(
        make_api, buyer=UserFactory(), items=[(variant, 3)], post=post, paid_at=at(yesterday, 22)
    )
    rollup_run(settle=timedelta(0))
    before = shop_report(shop_id=shop.pk, period=period).money[0]
    assert [p.value for p in before.series] == [order.total_amount, 0]

    # when a unit is refunded today
    refund(order, actor=seller, lines=[{"id": order.lines.get().pk, "quantity": 1}])

    # then yesterday's net is corrected, live and after the rollup; today has no money
    for _round in range(2):
        (eur,) = shop_report(shop_id=shop.pk, period=period).money
        assert [p.value for p in eur.series] == [order.total_amount - 1000, 0]
        assert (eur.gross, eur.refunded) == (order.total_amount, 1000)
        post_money = post_report(post_id=post.pk, period=period).money[0]
        assert [p.value for p in post_money.series] == [2000, 0]
        rollup_run(settle=timedelta(0))


def test_unique_viewers_are_distinct_per_day(shop, post):
    yesterday, today, period = _two_days()
    # given visitor a viewing 3 times yesterday and twice today (a new daily hash), b once today
    for moment, name, times in (
        (at(yesterday, 9), "a", 3),
        (at(today, 0, 0), "a", 2),
        (at(today, 0, 0), "b", 1),
    ):
        for _ in range(times):
            EventFactory(
                kind="view",
                object_type="post",
                object_id=post.pk,
                shop_id=shop.pk,
                visitor_hash=visitor(name, moment.date()),
                created_at=moment,
            )
            # rolled up between views: the tail's visitor is matched against the stored ones
            rollup_run(settle=timedelta(0)) if name == "a" and times == 2 else None

    # when read, then 1 viewer yesterday and 2 today, 3 over the period, 6 views
    for _round in range(2):
        r = shop_report(shop_id=shop.pk, period=period)
        assert _series(r, "viewers") == [1, 2]
        assert (r.figure("viewers").value, r.figure("views").value) == (3, 6)
        assert post_report(post_id=post.pk, period=period).figure("viewers").value == 3
        rollup_run(settle=timedelta(0))


def test_visitor_rows_of_old_days_are_pruned_and_their_counts_stay(shop, post):
    old = timezone.now() - timedelta(days=5)
    EventFactory(
        kind="view", object_type="post", object_id=post.pk, shop_id=shop.pk, created_at=old
    )
    rollup_run(settle=timedelta(0))
    assert not DailyVisitor.objects.exists()
    assert visitors_prune() == 0
    start = (old.date()).isoformat()
    r = shop_report(shop_id=shop.pk, period=period_parse(start=start, end=start, granularity=None))
    assert r.figure("viewers").value == 1


def test_a_backlog_folded_over_several_runs_counts_each_old_visitor_once(shop, post):
    # given the worker down for days: visitor a viewed 3 times four days ago, once three days ago
    four, three = (timezone.now() - timedelta(days=n) for n in (4, 3))
    for moment in (four, four, four, three):
        EventFactory(
            kind="view",
            object_type="post",
            object_id=post.pk,
            shop_id=shop.pk,
            visitor_hash=visitor("a", moment.date()),
            created_at=moment,
        )
    first = Event.objects.filter(kind="view").order_by("pk").first()
    RollupMark.objects.update_or_create(pk=1, defaults={"last_event_id": first.pk - 1})

    # when the catch-up stops in the middle of a day (a run's limit), then goes on
    assert rollup_run(limit=2, size=2, settle=timedelta(0)) == 2
    assert DailyVisitor.objects.filter(day=four.date()).exists()  # still needed
    rollup_run(settle=timedelta(0))

    # then a is one viewer on each day, and the rows of those days are gone once caught up
    start, end = four.date().isoformat(), three.date().isoformat()
    r = shop_report(shop_id=shop.pk, period=period_parse(start=start, end=end, granularity="day"))
    assert _series(r, "viewers") == [1, 1]
    assert (r.figure("viewers").value, r.figure("views").value) == (2, 4)
    assert not DailyVisitor.objects.exists()


def test_recent_events_wait_for_the_next_run():
    EventFactory(kind="like", object_type="post", object_id=1)
    assert rollup_run() == 0  # younger than the settling time
    assert rollup_run(settle=timedelta(0)) == 1
    assert RollupMark.objects.get().last_event_id == Event.objects.get().pk


@pytest.mark.django_db(transaction=True)
def test_two_runs_at_once_fold_each_event_once(shop, post):
    # given 120 likes by distinct visitors
    for i in range(120):
        EventFactory(
            kind="view",
            object_type="post",
            object_id=post.pk,
            shop_id=shop.pk,
            visitor_hash=visitor(i),
            created_at=timezone.now() - timedelta(minutes=1),
        )
    Event.objects.update(created_at=timezone.now() - timedelta(minutes=1))
    folded, errors = [], []
    start = threading.Barrier(2)

    def worker():
        try:
            start.wait()
            folded.append(rollup_run(size=7))
        except Exception as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    folded.append(rollup_run())  # whatever a run that found the mark moved left

    assert not errors
    assert sum(folded) == Event.objects.count()
    row = DailyCount.objects.get(scope="shop", key=shop.pk)
    assert (row.views, row.viewers, row.funnel_post_view) == (120, 120, 120)


def _plan(query) -> str:
    sql, params = query.query.sql_with_params()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute(f"EXPLAIN {sql}", params)
            return " ".join(row[0] for row in cursor.fetchall())
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        return " ".join(str(row[-1]) for row in cursor.fetchall())


@pytest.mark.parametrize(
    "query",
    [
        lambda: events_after_query(0, limit=10),  # the rollup's batches and the live tail
        lambda: events_after_query(10**9, limit=10_000),  # nothing after the mark
        lambda: last_event_query()[:1],  # the data version of the cached reports
    ],
    ids=["tail", "tail-empty", "last-event"],
)
def test_the_event_reads_walk_the_primary_key(post, query):
    EventFactory(kind="like", object_type="post", object_id=post.pk)
    EventFactory(kind="view", object_type="post", object_id=post.pk)
    plan = _plan(query())
    if connection.vendor == "postgresql":
        # the primary key only (a range of it; a sort, if any, of just that range)
        used = set(re.findall(r"Index (?:Only )?Scan (?:Backward )?(?:using|on) (\w+)", plan))
        assert used == {"analytics_event_pkey"}, plan
    else:
        # the table itself in rowid order (a range of it, or backwards from the end)
        assert "TEMP B-TREE" not in plan and "INDEX" not in plan, plan
        assert plan.startswith(("SEARCH analytics_event USING INTEGER PRIMARY KEY", "SCAN")), plan
    assert [e.pk for e in events_after(0, limit=10)] == list(
        Event.objects.order_by("pk").values_list("pk", flat=True)
    )
    assert last_event_query().first() == Event.objects.order_by("pk").last().pk


def test_the_command_and_the_task_fold_the_events(capsys, shop, post):
    from django.core.management import call_command

    from agora.insights.tasks import insights_rollup

    _likes(shop, post, timezone.now() - timedelta(minutes=1), 2)
    call_command("insights_rollup", "--now")
    assert "events folded" in capsys.readouterr().out
    _likes(shop, post, timezone.now() - timedelta(minutes=1), 1)
    result = insights_rollup.enqueue()
    assert result.return_value == {"events": 1}
    assert DailyCount.objects.get(scope="shop", key=shop.pk).likes == 3
