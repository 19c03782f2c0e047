"""Followers of a thread hear of replies (never the replier); members hear of new threads;
reports reach the moderators and hiding through a report hides."""

import pytest

from agora.community.models import ThreadFollow
from agora.moderation.models import Report
from agora.moderation.services import report_resolve
from agora.social.models import Notification
from tests.community.factories_forums import CommunityFactory, MembershipFactory, ThreadFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_followers_are_notified_of_replies_but_not_the_replier(make_api):
    community = CommunityFactory(slug="tea")
    author, replier, other, outsider = (UserFactory() for _ in range(4))
    thread = make_api(author).post("/communities/tea/threads", {"title": "Oolong?"}).json()
    make_api(other).post(f"/threads/{thread['id']}/follow")

    reply = make_api(replier).post(f"/threads/{thread['id']}/replies", {"text": "Yes!"}).json()

    notified = Notification.objects.filter(kind=Notification.Kind.THREAD_REPLY)
    assert set(notified.values_list("recipient_id", flat=True)) == {author.pk, other.pk}
    first = notified.first()
    assert first.subject == "Oolong?"
    assert first.url == f"/communities/tea/{thread['id']}"
    assert reply["id"]
    assert not notified.filter(recipient=outsider).exists()
    # the replier now follows and hears of the next reply; the next replier does not
    assert ThreadFollow.objects.filter(thread_id=thread["id"], person=replier).exists()
    make_api(author).post(f"/threads/{thread['id']}/replies", {"text": "Thanks"})
    latest = Notification.objects.filter(kind=Notification.Kind.THREAD_REPLY).order_by("-id")
    assert set(latest.values_list("recipient_id", flat=True)[:2]) == {replier.pk, other.pk}
    assert community.member_count == 0


def test_replies_in_one_thread_group_as_one_line(make_api, client):
    CommunityFactory(slug="tea")
    author, ana, ben = UserFactory(), UserFactory(), UserFactory()
    thread = make_api(author).post("/communities/tea/threads", {"title": "Oolong?"}).json()
    for replier in (ana, ben, ana):
        make_api(replier).post(f"/threads/{thread['id']}/replies", {"text": "Yes!"})

    # Every reply is news (three rows), and they read as one line naming two people.
    assert Notification.objects.filter(recipient=author, kind="thread_reply").count() == 3
    groups = make_api(author).get("/notifications/grouped").json()["items"]
    line = [g for g in groups if g["kind"] == "thread_reply"]
    assert len(line) == 1
    assert line[0]["count"] == 2
    assert line[0]["url"] == f"/communities/tea/{thread['id']}"
    assert "Oolong?" in line[0]["text"]


def test_unfollowing_stops_notifications(make_api):
    CommunityFactory(slug="tea")
    author, replier = UserFactory(), UserFactory()
    thread = make_api(author).post("/communities/tea/threads", {"title": "Oolong?"}).json()
    make_api(author).delete(f"/threads/{thread['id']}/follow")
    make_api(replier).post(f"/threads/{thread['id']}/replies", {"text": "Yes!"})
    assert not Notification.objects.filter(recipient=author).exists()


def test_members_hear_of_new_threads(make_api):
    community = CommunityFactory(slug="tea")
    member = MembershipFactory(community=community).person
    author = UserFactory()
    make_api(author).post("/communities/tea/threads", {"title": "Matcha grades"})
    new = Notification.objects.get(kind=Notification.Kind.THREAD_NEW)
    assert new.recipient == member
    assert new.subject == "Matcha grades"


def test_threads_and_replies_are_reported_and_hidden_through_reports(make_api, signed_in):
    CommunityFactory(slug="tea")
    author = UserFactory()
    thread = make_api(author).post("/communities/tea/threads", {"title": "Spam here"}).json()
    reply = make_api(author).post(f"/threads/{thread['id']}/replies", {"text": "spam"}).json()
    reporter = UserFactory()
    client = signed_in(reporter)
    for kind, pk in (("thread", thread["id"]), ("reply", reply["id"])):
        response = client.post(f"/moderation/report/{kind}/{pk}", {"reason": "spam"})
        assert response.status_code == 302
    moderator = UserFactory(is_staff=True)
    for report in Report.objects.order_by("pk"):
        report_resolve(moderator=moderator, report=report, action="hide")
    assert make_api().get(f"/threads/{thread['id']}").status_code == 404


def test_moderators_see_reported_threads_and_replies_in_their_queue(make_api, client):
    CommunityFactory(slug="tea")
    author = UserFactory()
    thread = make_api(author).post("/communities/tea/threads", {"title": "Buy followers"}).json()
    reply = make_api(author).post(f"/threads/{thread['id']}/replies", {"text": "cheap!"}).json()
    reporter = make_api(UserFactory())
    for kind, pk in (("thread", thread["id"]), ("reply", reply["id"])):
        response = reporter.post(
            "/reports", {"target_type": kind, "target_id": pk, "reason": "spam"}
        )
        assert response.status_code in (200, 201), response.content
    client.force_login(UserFactory(is_staff=True))
    html = client.get("/moderation/").content.decode()
    assert "Buy followers" in html
    assert "cheap!" in html


def test_reporting_a_hidden_thread_is_404(make_api):
    community = CommunityFactory(slug="tea")
    thread = ThreadFactory(community=community, is_hidden=True)
    response = make_api(UserFactory()).post(
        "/reports", {"target_type": "thread", "target_id": thread.pk, "reason": "spam"}
    )
    assert response.status_code == 404
