"""Polls close at their deadline: the API answers "closed" from then on, and a task scheduled
for the deadline stores the close and the winner (most votes, the earliest option of those
tied)."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.tasks import task_backends
from django.utils import timezone

from agora.core.errors import Conflict
from agora.engagement.models import Poll
from agora.engagement.services import poll_close, poll_vote, polls_close_due
from agora.engagement.tasks import polls_close_due as polls_close_due_task
from agora.social.services.posts import post_create
from tests.engagement.conftest import close_now, poll_body
from tests.factories import UserFactory


def _poll(author, labels=("A", "B", "C"), **poll) -> Poll:
    post = post_create(user=author, text="Vote!", poll=poll_body(labels, **poll))
    return Poll.objects.get(post=post)


def _votes(poll: Poll, *positions: int) -> None:
    options = list(poll.options.order_by("position"))
    for position in positions:
        poll_vote(user=UserFactory(), poll=poll, option_id=options[position].pk)


@pytest.mark.django_db
def test_the_closing_task_stores_the_close_and_the_most_voted_option():
    poll = _poll(UserFactory())
    _votes(poll, 1, 2, 1, 0)
    later = _poll(UserFactory())
    close_now(poll.pk)

    assert polls_close_due_task.call() == 1

    poll.refresh_from_db()
    later.refresh_from_db()
    assert poll.closed_at is not None
    assert poll.winner == poll.options.get(position=1)
    assert later.closed_at is None and later.winner is None  # its deadline is still ahead
    assert polls_close_due() == 0  # idempotent


@pytest.mark.django_db
def test_a_tie_goes_to_the_earliest_option_and_no_votes_to_no_winner():
    tied, empty = _poll(UserFactory()), _poll(UserFactory())
    _votes(tied, 2, 1)
    close_now(tied.pk)
    close_now(empty.pk)

    assert polls_close_due() == 2

    tied.refresh_from_db()
    empty.refresh_from_db()
    assert tied.winner == tied.options.get(position=1)
    assert empty.closed_at is not None and empty.winner is None


@pytest.mark.django_db
def test_closing_before_the_deadline_does_nothing():
    poll = _poll(UserFactory())
    assert poll_close(poll=poll) is False
    poll.refresh_from_db()
    assert poll.closed_at is None


@pytest.mark.django_db
def test_the_api_agrees_with_the_task_about_the_winner(make_api):
    author = UserFactory()
    poll = _poll(author)
    _votes(poll, 0, 2, 2)
    close_now(poll.pk)
    api = make_api(UserFactory())
    before = api.get(f"/polls/{poll.pk}").json()

    polls_close_due()

    after = api.get(f"/polls/{poll.pk}").json()
    assert before["closed"] is after["closed"] is True
    assert before["winner_id"] == after["winner_id"] == poll.options.get(position=2).pk
    assert before == after


@pytest.fixture
def database_tasks(settings):
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }
    assert task_backends["default"].supports_defer


def _work():
    call_command("db_worker", batch=True, no_startup_delay=True, reload=False, verbosity=0)


@pytest.mark.django_db(transaction=True)
def test_a_poll_schedules_its_close_for_its_deadline_and_the_worker_runs_it(database_tasks):
    from django_tasks_db.models import DBTaskResult

    poll = _poll(UserFactory(), minutes=30)
    _votes(poll, 2)
    [job] = DBTaskResult.objects.filter(task_path="agora.engagement.tasks.polls_close_due")
    assert job.run_after == poll.closes_at
    _work()  # not due yet: left for later
    poll.refresh_from_db()
    assert poll.closed_at is None

    close_now(poll.pk)
    DBTaskResult.objects.filter(pk=job.pk).update(run_after=timezone.now() - timedelta(seconds=1))
    _work()

    poll.refresh_from_db()
    assert poll.closed_at is not None
    assert poll.winner == poll.options.get(position=2)


@pytest.mark.django_db
def test_a_vote_that_read_the_poll_before_the_close_is_refused_after_it():
    """The request read the poll while it was open; the close happened before its vote was
    written: the poll's row refuses it, so the stored winner counts every accepted vote."""
    poll = _poll(UserFactory())
    _votes(poll, 0)
    read_while_open = Poll.objects.get(pk=poll.pk)
    close_now(poll.pk)
    polls_close_due()

    with pytest.raises(Conflict) as refused:
        poll_vote(
            user=UserFactory(), poll=read_while_open, option_id=poll.options.get(position=1).pk
        )

    assert refused.value.code == "poll_closed"
    poll.refresh_from_db()
    assert poll.winner == poll.options.get(position=0)
    assert poll.votes.count() == 1
