"""The stored unread count (the header badge, the API's unread count) equals what counting the
notifications that show gives, after every kind of change: new notifications, reads, hides,
deletions, suspensions, and notifications arriving simultaneously."""

import re
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
import requests
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from agora.accounts.services import token_create
from agora.moderation.services import account_suspend, account_unsuspend
from agora.social.models import Notification, NotificationCounter
from agora.social.selectors.notifications import unread_count, unread_count_computed
from agora.social.services.comments import comment_create, comment_delete, comment_hidden_set
from agora.social.services.follows import follow_create
from agora.social.services.like_notifications import like_notifications_write
from agora.social.services.notification_counts import unread_rebuild
from agora.social.services.notifications import notifications_mark_read, notify, notify_people
from agora.social.services.posts import post_create, post_delete, post_hidden_set
from agora.social.services.reactions import like_set as _like_set
from tests.factories import ShopFactory, UserFactory


def like_set(*, user, post):
    """A like, then the background task that tells the author (as its chain does)."""
    _like_set(user=user, post=post)
    like_notifications_write(settle=timedelta(0))


def _counts(user) -> tuple[int, int]:
    """(stored, counted): they must always agree."""
    return unread_count(user), unread_count_computed(user)


@pytest.fixture
def ana(db):
    return UserFactory(username="ana")


@pytest.fixture
def ana_post(ana):
    return post_create(user=ana, text="My new lamp")


@pytest.mark.django_db
def test_each_kind_of_notification_counts_once(ana, ana_post):
    ben, cleo = UserFactory(), UserFactory()

    like_set(user=ben, post=ana_post)
    comment = comment_create(user=ben, text="Nice", post=ana_post)
    comment_create(user=cleo, text="Agreed", post=ana_post, parent_id=comment.pk)  # ana: comment
    follow_create(user=cleo, handle="ana")
    post_create(user=cleo, text="Look @ana")
    notify_people(user_ids=[ana.pk], kind=Notification.Kind.POLL_ON_SALE, actor=cleo.actor)

    assert _counts(ana) == (6, 6)
    assert _counts(ben) == (1, 1)  # cleo's reply to his comment


@pytest.mark.django_db
def test_a_team_notification_counts_for_each_member(ana):
    shop = ShopFactory(owner=ana)
    staff = UserFactory()
    shop.members.create(user=staff, role="staff")

    follow_create(user=UserFactory(), handle=shop.handle)

    assert _counts(ana) == (1, 1)
    assert _counts(staff) == (1, 1)


@pytest.mark.django_db
def test_marking_one_some_or_all_read_lowers_the_count(ana, ana_post):
    for _ in range(4):
        like_set(user=UserFactory(), post=ana_post)
    ids = list(Notification.objects.filter(recipient=ana).values_list("pk", flat=True))

    notifications_mark_read(user=ana, ids=ids[:1])
    assert _counts(ana) == (3, 3)
    notifications_mark_read(user=ana, ids=ids[:2])  # the first is read already
    assert _counts(ana) == (2, 2)
    notifications_mark_read(user=ana, ids=[*ids[2:3], 999_999])  # an unknown id changes nothing
    assert _counts(ana) == (1, 1)
    notifications_mark_read(user=ana)
    assert _counts(ana) == (0, 0)
    notifications_mark_read(user=ana)
    assert _counts(ana) == (0, 0)


@pytest.mark.django_db
def test_reading_a_hidden_notification_does_not_lower_the_count_twice(ana, ana_post):
    like_set(user=UserFactory(), post=ana_post)
    other = post_create(user=ana, text="Second")
    like_set(user=UserFactory(), post=other)
    post_hidden_set(post=other)
    assert _counts(ana) == (1, 1)

    notifications_mark_read(user=ana, ids=list(Notification.objects.values_list("pk", flat=True)))

    assert _counts(ana) == (0, 0)
    post_hidden_set(post=other, hidden=False)
    assert _counts(ana) == (0, 0)  # it was read while hidden


@pytest.mark.django_db
def test_hiding_and_showing_a_post_or_a_comment_moves_the_count(ana, ana_post):
    ben = UserFactory()
    like_set(user=ben, post=ana_post)
    comment = comment_create(user=ben, text="Hm", post=ana_post)
    assert _counts(ana) == (2, 2)

    comment_hidden_set(comment=comment)
    assert _counts(ana) == (1, 1)
    post_hidden_set(post=ana_post)
    assert _counts(ana) == (0, 0)
    post_hidden_set(post=ana_post, hidden=False)
    assert _counts(ana) == (1, 1)
    comment_hidden_set(comment=comment, hidden=False)
    assert _counts(ana) == (2, 2)


@pytest.mark.django_db
def test_deleting_a_post_or_a_comment_takes_its_notifications_off_the_count(ana, ana_post):
    ben = UserFactory()
    comment = comment_create(user=ben, text="First", post=ana_post)
    comment_create(user=ana, text="Thanks", post=ana_post, parent_id=comment.pk)  # ben: reply
    other = post_create(user=ana, text="Other")
    like_set(user=ben, post=other)
    assert _counts(ana) == (2, 2)
    assert _counts(ben) == (1, 1)

    comment_delete(user=ben, comment=comment)  # with ana's reply
    assert _counts(ana) == (1, 1)
    assert _counts(ben) == (0, 0)
    post_delete(user=ana, post=other)
    assert _counts(ana) == (0, 0)


@pytest.mark.django_db
def test_suspending_the_actor_hides_their_notifications_from_the_count(ana, ana_post):
    moderator = UserFactory(is_staff=True)
    ben = UserFactory()
    shop = ShopFactory()
    like_set(user=ben, post=ana_post)
    follow_create(user=ben, handle="ana")
    notify_people(user_ids=[ana.pk], kind=Notification.Kind.CAMPAIGN_WIN, actor=shop.actor)
    assert _counts(ana) == (3, 3)

    account_suspend(moderator=moderator, account=ben)
    assert _counts(ana) == (1, 1)
    account_suspend(moderator=moderator, account=shop)
    assert _counts(ana) == (0, 0)
    # A suspended shop's notification never counted.
    notify(recipients_of=ana.actor, kind=Notification.Kind.FOLLOW, actor=shop.actor)
    assert _counts(ana) == (0, 0)
    account_unsuspend(moderator=moderator, account=ben)
    account_unsuspend(moderator=moderator, account=shop)
    assert _counts(ana) == (4, 4)


def _rows(ana, n: int) -> None:
    """`n` notifications that the notifications page lists as `n` rows (one per thread)."""
    actor = UserFactory().actor
    for i in range(n):
        notify_people(
            user_ids=[ana.pk], kind=Notification.Kind.THREAD_NEW, actor=actor, url=f"/t/{i}"
        )


@pytest.mark.django_db
def test_the_header_caps_the_badge_and_the_api_stays_exact(ana, client, signed_in, make_api):
    _rows(ana, 120)

    html = signed_in(ana).get("/shops").content.decode()

    assert 'nav-count">99+<span class="visually-hidden"> unread' in html
    assert make_api(ana).get("/notifications/unread-count").json() == {"count": 120}


@pytest.mark.django_db
def test_the_badge_shows_the_exact_number_up_to_99(ana, client, signed_in):
    _rows(ana, 99)

    html = signed_in(ana).get("/shops").content.decode()

    assert 'nav-count">99<span class="visually-hidden"> unread' in html


@pytest.mark.django_db
def test_the_badge_counts_the_rows_the_notifications_page_shows(
    ana, ana_post, client, signed_in, make_api
):
    """Eleven people like a post, three follow, one comments: the page shows three unread rows
    ("Ana and 10 others liked your post"...), and so does the badge, while the API's unread
    count stays the number of notifications."""
    for _ in range(11):
        like_set(user=UserFactory(), post=ana_post)
    for _ in range(3):
        notify(recipients_of=ana.actor, kind=Notification.Kind.FOLLOW, actor=UserFactory().actor)
    notify(
        recipients_of=ana.actor,
        kind=Notification.Kind.COMMENT,
        actor=UserFactory().actor,
        post=ana_post,
    )
    # A group whose notifications were all read shows as a read row.
    old = UserFactory().actor
    notify(recipients_of=ana.actor, kind=Notification.Kind.MENTION, actor=old, post=ana_post)
    Notification.objects.filter(kind=Notification.Kind.MENTION).update(read_at=timezone.now())
    unread_rebuild()
    assert make_api(ana).get("/notifications/unread-count").json() == {"count": 15}
    client = signed_in(ana)

    header = client.get("/shops").content.decode().split("</header>")[0]
    listing = client.get("/notifications").content.decode()  # marks them read

    unread = re.findall(r'<li class="notification[^"]*\bunread\b', listing)
    assert len(unread) == 3
    assert 'nav-count">3<span class="visually-hidden"> unread' in header
    assert "and 10 others liked your post" in listing


@pytest.mark.django_db
def test_recount_repairs_counts_written_around_the_services(ana, ana_post):
    like_set(user=UserFactory(), post=ana_post)
    Notification.objects.create(recipient=ana, kind="like", actor=UserFactory().actor)
    NotificationCounter.objects.filter(user=ana).update(unread=40)

    call_command("social_recount", stdout=None)

    assert _counts(ana) == (2, 2)


# --- simultaneous writers: real threads, real server, committed transactions ---------------
@pytest.mark.django_db(transaction=True)
def test_simultaneous_comments_and_reads_keep_the_count_exact(live_server, settings):
    settings.RATELIMIT_ENABLE = False
    ana = UserFactory()
    post = post_create(user=ana, text="Popular")
    tokens = [token_create(user=UserFactory())[1] for _ in range(16)]
    _token, ana_token = token_create(user=ana)

    def like(token):  # a comment notifies at once (likes wait for their background task)
        return requests.post(
            f"{live_server.url}/api/v1/posts/{post.pk}/comments",
            json={"text": "Lovely"},
            headers={"Authorization": f"Bearer {token}"},
            timeout=60,
        ).status_code

    def read(_):
        return requests.post(
            f"{live_server.url}/api/v1/notifications/read",
            json={},
            headers={"Authorization": f"Bearer {ana_token}"},
            timeout=60,
        ).status_code

    with ThreadPoolExecutor(max_workers=8) as pool:
        likes = pool.map(like, tokens[:8])
        reads = pool.map(read, range(4))
        more = pool.map(like, tokens[8:])
        assert set(likes) | set(more) == {201}
        assert set(reads) == {200}

    assert Notification.objects.filter(recipient=ana).count() == 16
    stored, counted = _counts(ana)
    assert stored == counted


@pytest.mark.django_db(transaction=True)
def test_simultaneous_notifications_of_one_person_all_count(live_server, settings):
    settings.RATELIMIT_ENABLE = False
    ana = UserFactory()
    post = post_create(user=ana, text="Popular")
    tokens = [token_create(user=UserFactory())[1] for _ in range(20)]

    def like(token):  # a comment notifies at once (likes wait for their background task)
        return requests.post(
            f"{live_server.url}/api/v1/posts/{post.pk}/comments",
            json={"text": "Lovely"},
            headers={"Authorization": f"Bearer {token}"},
            timeout=60,
        ).status_code

    with ThreadPoolExecutor(max_workers=10) as pool:
        assert set(pool.map(like, tokens)) == {201}

    assert _counts(ana) == (20, 20)


@pytest.mark.django_db(transaction=True)
def test_simultaneous_notify_calls_in_threads_all_count():
    """notify() itself, called from threads (as a background task would), on one person."""
    ana = UserFactory()
    actors = [UserFactory().actor for _ in range(12)]

    def send(actor):
        try:
            return notify(recipients_of=ana.actor, kind=Notification.Kind.FOLLOW, actor=actor)
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=6) as pool:
        assert list(pool.map(send, actors)) == [1] * 12

    assert _counts(ana) == (12, 12)


@pytest.mark.django_db
def test_the_notifications_page_marks_read_once_then_only_reads(ana, ana_post, signed_in):
    from django.test.utils import CaptureQueriesContext

    like_set(user=UserFactory(), post=ana_post)
    client = signed_in(ana)
    first = client.get("/notifications").content.decode()
    assert _counts(ana) == (0, 0)
    assert 'class="badge accent nav-count"' not in first  # the header drops to zero at once

    with CaptureQueriesContext(connection) as again:
        client.get("/notifications")

    writes = [q["sql"] for q in again.captured_queries if q["sql"].startswith(("UPDATE", "INSERT"))]
    assert writes == []
