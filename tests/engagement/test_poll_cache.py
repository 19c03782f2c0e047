"""The poll on a card is rendered once per what it shows and kept in the cache: a vote, the
close (by the clock or by the task), a change of who sees the results show at once, and no
viewer ever gets someone else's choice, early-access code or CSRF token."""

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from agora.engagement.models import EarlyAccess, Poll, PollOption
from agora.engagement.services import poll_close, poll_vote
from agora.social.services.follows import follow_create
from tests.engagement.conftest import close_now
from tests.engagement.test_early_access import launched  # noqa: F401 (fixture)
from tests.engagement.test_pages import _option, _section, ana, poll  # noqa: F401 (fixtures)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def _poll_on_feed(client, poll) -> str:  # noqa: F811 (the fixture's name)
    return _section(client.get("/feed").content.decode(), poll)


@pytest.fixture
def ben(shop):
    person = UserFactory(username="ben")
    follow_create(user=person, handle="atelier")
    return person


def test_a_vote_shows_at_once_on_the_cached_card(client, ana, poll):  # noqa: F811
    client.force_login(ana)
    before = _poll_on_feed(client, poll)
    assert 'type="radio"' in before and "Your vote" not in before

    poll_vote(user=ana, poll=poll, option_id=_option(poll, 1))
    mine = _poll_on_feed(client, poll)
    assert "Your vote" in mine and "100%" in mine and "1 vote" in mine

    poll_vote(user=UserFactory(), poll=poll, option_id=_option(poll, 2))
    theirs = _poll_on_feed(client, poll)
    assert theirs.count("50%") == 2 and "2 votes" in theirs


def test_the_close_shows_at_once_by_the_clock_and_by_the_task(client, ana, poll):  # noqa: F811
    poll_vote(user=ana, poll=poll, option_id=_option(poll, 0))
    client.force_login(ana)
    open_card = _poll_on_feed(client, poll)
    assert "Closes in" in open_card and 'hx-trigger="every 15s"' in open_card

    close_now(poll.pk)  # the clock passes the deadline: the task has not run
    by_clock = _poll_on_feed(client, poll)
    assert "Closed" in by_clock and "Winner" in by_clock
    assert "Closes in" not in by_clock and "hx-trigger" not in by_clock
    assert "Change your vote" not in by_clock

    assert poll_close(poll=Poll.objects.get(pk=poll.pk)) is True
    assert _poll_on_feed(client, poll) == by_clock


def test_the_time_left_follows_the_deadline(client, ana, poll):  # noqa: F811
    client.force_login(ana)
    assert "Closes in 23\xa0hours" in _poll_on_feed(client, poll)

    Poll.objects.filter(pk=poll.pk).update(closes_at=timezone.now() + timedelta(hours=3))

    assert "Closes in 2\xa0hours" in _poll_on_feed(client, poll)


def test_a_change_of_who_sees_the_results_shows_at_once(client, ana, poll):  # noqa: F811
    poll_vote(user=ana, poll=poll, option_id=_option(poll, 0))
    client.force_login(ana)
    assert "100%" in _poll_on_feed(client, poll)

    Poll.objects.filter(pk=poll.pk).update(results_visibility=Poll.Results.AFTER_CLOSE)
    hidden = _poll_on_feed(client, poll)
    assert "%" not in hidden and "Results when the poll closes" in hidden
    assert "Your vote" in hidden and "hx-trigger" not in hidden

    Poll.objects.filter(pk=poll.pk).update(results_visibility=Poll.Results.AFTER_VOTE)
    assert "100%" in _poll_on_feed(client, poll)


def test_another_viewer_never_sees_someones_choice_or_token(ana, ben, poll):  # noqa: F811
    ana_client, ben_client = Client(), Client(enforce_csrf_checks=True)
    ana_client.force_login(ana)
    ben_client.force_login(ben)
    poll_vote(user=ana, poll=poll, option_id=_option(poll, 0))
    ana_card = _poll_on_feed(ana_client, poll)
    (ana_token,) = set(TOKEN.findall(ana_card))

    ben_card = _poll_on_feed(ben_client, poll)  # Ben has not voted
    assert "Your vote" not in ben_card and " mine" not in ben_card and "checked" not in ben_card
    assert "%" not in ben_card and ana_token not in ben_card

    (ben_token,) = set(TOKEN.findall(ben_card))  # his own, which the server accepts
    vote = {"option": _option(poll, 0), "next": "/feed", "csrfmiddlewaretoken": ben_token}
    assert ben_client.post(f"/polls/{poll.pk}/vote", vote).status_code == 302

    # Both chose the same option: Ana's card, cached, is the one Ben gets, with his own token.
    ana_token = TOKEN.findall(_poll_on_feed(ana_client, poll))[0]
    ben_card = _poll_on_feed(ben_client, poll)
    assert "Your vote" in ben_card and ana_token not in ben_card
    (ben_token,) = set(TOKEN.findall(ben_card))
    vote = {"option": _option(poll, 1), "next": "/feed", "csrfmiddlewaretoken": ben_token}
    assert ben_client.post(f"/polls/{poll.pk}/vote", vote).status_code == 302
    visitor = _section(Client().get(poll.post.get_absolute_url()).content.decode(), poll)
    assert "Your vote" not in visitor and "csrfmiddlewaretoken" not in visitor
    assert "Sign in to vote" in visitor


def test_each_voter_sees_only_their_own_early_access_code(launched, voters):  # noqa: F811
    people = [person for person, _api in voters]
    post = PollOption.objects.get(pk=launched["poll"]["options"][0]["id"]).poll.post
    codes = dict(EarlyAccess.objects.values_list("voter__username", "coupon__code"))
    pages = {}
    for person in people:
        client = Client()
        client.force_login(person)
        pages[person.username] = client.get(post.get_absolute_url()).content.decode()

    assert codes["ana"] in pages["ana"] and codes["ben"] not in pages["ana"]
    assert codes["ben"] in pages["ben"] and codes["ana"] not in pages["ben"]
    assert codes["ana"] not in pages["chloe"] and codes["ben"] not in pages["chloe"]
    assert "Thanks for voting" not in pages["chloe"]


def _renders_the_poll(response) -> bool:
    return any(str(t.origin.name).endswith("engagement/poll.html") for t in response.templates)


def test_a_page_renders_a_poll_once_then_serves_it_from_the_cache(client, ana, poll):  # noqa: F811
    client.force_login(ana)
    first = client.get("/feed")
    again = client.get("/feed")

    assert _renders_the_poll(first) and not _renders_the_poll(again)
    strip = lambda html: TOKEN.sub("", html)  # noqa: E731
    assert strip(_section(again.content.decode(), poll)) == strip(
        _section(first.content.decode(), poll)
    )
