"""Visitor hashes: one per person and day, unlinkable across days, no address kept; the day's
salt made once (race-safe), kept per process, and deleted once the day is over."""

from __future__ import annotations

import hashlib
import re
from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from agora.analytics import tasks, visitors
from agora.analytics.models import Event, VisitorSalt
from agora.analytics.services import event_append, event_record, visitor_hash, visitor_salts_prune
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

HEX32 = re.compile(r"^[0-9a-f]{32}$")
UA = "Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0"


@pytest.fixture
def fresh_salts():
    """No salt known to this process: the next hash reads or makes the day's row."""
    visitors.visitor_salts_forget()
    yield
    visitors.visitor_salts_forget()


def test_a_person_keeps_one_hash_within_a_day_and_people_differ():
    ana = visitor_hash(user_id=7)

    assert HEX32.match(ana)
    assert visitor_hash(user_id=7) == ana
    assert visitor_hash(user_id=8) != ana
    assert visitor_hash(visitor="k3yK3yK3yK3yK3yK3y") != ana
    assert visitor_hash(visitor="k3yK3yK3yK3yK3yK3y") == visitor_hash(visitor="k3yK3yK3yK3yK3yK3y")
    assert visitor_hash(ip="203.0.113.9", user_agent=UA) != visitor_hash(
        ip="203.0.113.10", user_agent=UA
    )
    assert visitor_hash(ip="203.0.113.9", user_agent=UA) != visitor_hash(
        ip="203.0.113.9", user_agent="curl/8"
    )


def test_the_identity_prefers_the_account_then_the_cookie_then_the_address():
    assert visitor_hash(user_id=7, visitor="vid", ip="203.0.113.9") == visitor_hash(user_id=7)
    assert visitor_hash(visitor="vid", ip="203.0.113.9") == visitor_hash(visitor="vid")
    assert visitor_hash() == ""  # nobody known: no hash rather than one shared by everyone


def test_the_same_person_gets_another_hash_every_day(fresh_salts):
    days = [date(2026, 3, 1) + timedelta(days=i) for i in range(3)]

    hashes = [visitor_hash(user_id=7, day=d) for d in days]

    assert len(set(hashes)) == 3
    assert hashes[1] == visitor_hash(user_id=7, day=days[1])
    assert set(VisitorSalt.objects.values_list("day", flat=True)) == set(days)
    assert len(set(VisitorSalt.objects.values_list("salt", flat=True))) == 3


def test_the_hash_never_contains_the_address_or_the_id():
    for ip in ("203.0.113.9", "2001:db8::1"):
        hashed = visitor_hash(ip=ip, user_agent=UA)
        assert HEX32.match(hashed)
        assert ip not in hashed and ip.replace(".", "") not in hashed
    unsalted = hashlib.blake2b(b"u:7", digest_size=16).hexdigest()
    assert visitor_hash(user_id=7) != unsalted  # salted: can't be recomputed from the id


def test_the_days_salt_is_made_once_then_read_from_memory(
    fresh_salts, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = visitor_hash(user_id=7)
    assert VisitorSalt.objects.filter(day=timezone.now().date()).count() == 1

    with CaptureQueriesContext(connection) as queries:
        again = visitor_hash(user_id=7)

    assert again == first
    assert len(queries) == 0


def test_a_salt_made_by_another_process_is_used_not_replaced(
    fresh_salts, django_capture_on_commit_callbacks
):
    day = date(2026, 3, 1)
    VisitorSalt.objects.create(day=day, salt="ab" * 32)
    ours = visitor_hash(user_id=7, day=day)
    visitors.visitor_salts_forget()

    assert visitor_hash(user_id=7, day=day) == ours
    assert VisitorSalt.objects.get(day=day).salt == "ab" * 32


def test_losing_the_race_to_make_the_salt_reads_the_winners(fresh_salts, monkeypatch):
    day = date(2026, 3, 1)
    winner = "cd" * 32
    VisitorSalt.objects.create(day=day, salt=winner)  # committed by another process...
    real_filter = VisitorSalt.objects.filter
    reads = []

    def filter_before_the_other_commit(*args, **kwargs):
        reads.append(kwargs)
        # ...just after this process looked and found nothing
        return VisitorSalt.objects.none() if len(reads) == 1 else real_filter(*args, **kwargs)

    monkeypatch.setattr(VisitorSalt.objects, "filter", filter_before_the_other_commit)

    hashed = visitor_hash(user_id=7, day=day)

    monkeypatch.undo()
    assert list(VisitorSalt.objects.values_list("salt", flat=True)) == [winner]
    visitors.visitor_salts_forget()
    assert visitor_hash(user_id=7, day=day) == hashed


def test_a_salt_made_in_a_rolled_back_transaction_is_not_kept(fresh_salts):
    day = date(2026, 3, 1)
    with pytest.raises(RuntimeError), transaction.atomic():
        visitor_hash(user_id=7, day=day)
        raise RuntimeError

    assert not VisitorSalt.objects.exists()
    with CaptureQueriesContext(connection) as queries:
        visitor_hash(user_id=7, day=day)
    assert len(queries) > 0  # read again, not taken from memory
    assert VisitorSalt.objects.filter(day=day).count() == 1


def _salts_on(*days: date) -> None:
    for i, day in enumerate(days):
        VisitorSalt.objects.create(day=day, salt=f"{i:02d}" * 32)


def test_salts_older_than_yesterday_are_pruned():
    today = date(2026, 3, 10)
    _salts_on(today, today - timedelta(days=1), today - timedelta(days=2), date(2026, 1, 1))

    assert visitor_salts_prune(day=today) == 2
    assert set(VisitorSalt.objects.values_list("day", flat=True)) == {
        today,
        today - timedelta(days=1),
    }
    assert visitor_salts_prune(day=today) == 0


def test_the_prune_task_and_command_delete_old_salts():
    today = timezone.now().date()
    _salts_on(today, today - timedelta(days=3))

    assert tasks.visitor_salts_prune.enqueue().return_value == 1
    assert list(VisitorSalt.objects.values_list("day", flat=True)) == [today]

    VisitorSalt.objects.create(day=today - timedelta(days=5), salt="ee" * 32)
    call_command("prune_visitor_salts")
    assert list(VisitorSalt.objects.values_list("day", flat=True)) == [today]


def test_a_new_days_salt_enqueues_the_prune(fresh_salts, django_capture_on_commit_callbacks):
    old = timezone.now().date() - timedelta(days=4)
    _salts_on(old)

    with django_capture_on_commit_callbacks(execute=True):
        visitor_hash(user_id=7)

    assert list(VisitorSalt.objects.values_list("day", flat=True)) == [timezone.now().date()]


def test_a_pruned_days_hash_cannot_be_made_again(fresh_salts):
    day = date(2026, 1, 1)
    before = visitor_hash(user_id=7, day=day)

    visitor_salts_prune()

    assert not VisitorSalt.objects.filter(day=day).exists()
    assert visitor_hash(user_id=7, day=day) != before  # a fresh random salt, not the old one


# --- the writers fill it ---------------------------------------------------------------------
def test_events_carry_the_actors_or_the_visitors_hash():
    ana = UserFactory()

    by_actor = event_record(kind="share", object_type="post", object_id=1, actor=ana)
    by_id = event_record(kind="order_paid", object_type="order", object_id=2, actor_id=ana.pk)
    anonymous = event_record(
        kind="share_click", object_type="post", object_id=1, visitor="k3yK3yK3yK3yK3yK3y"
    )
    given = event_record(kind="view", object_type="post", object_id=1, visitor_hash="f" * 32)
    event_append(kind="like", object_type="post", object_id=1, actor_id=ana.pk)

    assert by_actor.visitor_hash == visitor_hash(user_id=ana.pk)
    assert (by_id.actor_id, by_id.visitor_hash) == (ana.pk, visitor_hash(user_id=ana.pk))
    assert anonymous.visitor_hash == visitor_hash(visitor="k3yK3yK3yK3yK3yK3y")
    assert given.visitor_hash == "f" * 32
    like = Event.objects.get(kind="like")
    assert (like.actor_id, like.visitor_hash) == (ana.pk, visitor_hash(user_id=ana.pk))


def test_event_append_stays_one_insert_with_money_fields(django_assert_num_queries):
    with django_assert_num_queries(1):
        event_append(
            kind="refund",
            object_type="refund",
            object_id=3,
            actor_id=None,
            shop_id=4,
            amount=1250,
            currency="EUR",
            via="direct",
        )

    event = Event.objects.get()
    assert (event.amount, event.currency, event.via, event.shop_id) == (1250, "EUR", "direct", 4)
    assert event.visitor_hash == ""  # nobody to hash
