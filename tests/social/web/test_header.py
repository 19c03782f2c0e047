"""The site header on every page: one query for a signed-in person (their unread count and
whether they run a shop), none for a visitor; the badge and the Dashboard link it shows."""

import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.sessions.backends.signed_cookies import SessionStore
from django.core.cache import cache
from django.db import connection
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from agora.social.models import Notification
from agora.social.selectors import nav
from agora.social.services.notifications import notifications_mark_read, notify
from tests.factories import ShopFactory, UserFactory

pytestmark = pytest.mark.django_db


def _render_header(user) -> str:
    request = RequestFactory().get("/bench/bare")
    request.user = user
    request.session = SessionStore()
    return render_to_string("_partials/header.html", request=request)


def test_the_header_costs_one_query_for_a_shop_owner_with_notifications(
    django_assert_num_queries,
):
    ana = UserFactory()
    ShopFactory(owner=ana)
    notify(recipients_of=ana.actor, kind=Notification.Kind.FOLLOW, actor=UserFactory().actor)

    with django_assert_num_queries(1):
        html = _render_header(ana)

    assert 'nav-count">1<span class="visually-hidden"> unread' in html
    assert 'href="/dashboard/"' in html


def test_the_header_costs_one_query_for_a_person_without_either(django_assert_num_queries):
    ben = UserFactory()

    with django_assert_num_queries(1):
        html = _render_header(ben)

    assert "nav-count" not in html
    assert 'href="/dashboard/"' not in html


def test_the_header_costs_nothing_for_a_visitor(django_assert_num_queries):
    with django_assert_num_queries(0):
        html = _render_header(AnonymousUser())

    assert "Sign in" in html


def test_a_signed_in_page_reads_the_header_facts_in_one_query(client, signed_in):
    """The page's header reads the person's counter, unread rows and shops in one query; the
    bare view (the yardstick) reads the session only."""
    ana = UserFactory()
    ShopFactory(owner=ana)
    signed_in(ana)
    with CaptureQueriesContext(connection) as bare:
        client.get("/bench/bare")
    with CaptureQueriesContext(connection) as shops_page:
        response = client.get("/shops")

    assert 'href="/dashboard/"' in response.content.decode()
    header = [
        q["sql"] for q in shops_page.captured_queries if "social_notificationcounter" in q["sql"]
    ]
    assert len(header) == 1
    assert "shops_shopmember" in header[0]  # the Dashboard link's EXISTS, in the same query
    # The unread rows (groups) are read in that same query, when the stored count says so.
    others = [q["sql"] for q in shops_page.captured_queries if q["sql"] not in header]
    assert not any('social_notification"' in sql for sql in others)
    assert len(bare.captured_queries) == 1  # the session


# --- the unread rows, counted again only when the stored count moves ------------------------
def _badge(html: str) -> str | None:
    found = re.search(r'nav-count">([^<]+)<', html)
    return found.group(1) if found else None


def _follow(person) -> None:
    notify(recipients_of=person.actor, kind=Notification.Kind.FOLLOW, actor=UserFactory().actor)


def test_the_unread_rows_are_counted_again_only_when_the_stored_count_moves():
    ana = UserFactory()
    _follow(ana)
    _follow(ana)
    assert _badge(_render_header(ana)) == "1"  # "B and C followed you": one row
    assert cache.get(nav._rows_key(ana.pk)) == (2, 1)

    # While the stored count stands, the kept count of rows is what shows (planted here, so
    # that a recount would show).
    cache.set(nav._rows_key(ana.pk), (2, 5))
    assert _badge(_render_header(ana)) == "5"

    _follow(ana)  # the stored count moves: the rows are counted again
    assert _badge(_render_header(ana)) == "1"
    assert cache.get(nav._rows_key(ana.pk)) == (3, 1)

    notifications_mark_read(user=ana)
    assert _badge(_render_header(ana)) is None
    _follow(ana)
    assert _badge(_render_header(ana)) == "1"


def test_a_kept_count_made_for_another_stored_count_is_not_shown(django_assert_num_queries):
    ana = UserFactory()
    _follow(ana)
    cache.set(nav._rows_key(ana.pk), (7, 4))  # made when seven were unread

    with django_assert_num_queries(1):
        assert _badge(_render_header(ana)) == "1"
    assert cache.get(nav._rows_key(ana.pk)) == (1, 1)
