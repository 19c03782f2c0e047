"""The moderator page and the operator's admin screens."""

import pytest
from django.contrib import admin

from agora.moderation.models import AuditLog, Report
from agora.social.models import Block, Post
from tests.factories import PASSWORD, ProductFactory, ShopFactory, UserFactory

pytestmark = pytest.mark.django_db


def _report(make_api, kind, target_id, reason="spam", details=""):
    response = make_api(UserFactory()).post(
        "/reports",
        {"target_type": kind, "target_id": target_id, "reason": reason, "details": details},
    )
    assert response.status_code == 201, response.content
    return response.json()["id"]


def test_the_moderation_page_shows_open_reports_with_their_content(
    client, make_api, publish, moderator
):
    author = UserFactory(username="seller7", display_name="Seller Seven")
    post_id = publish(author, "Genuine <b>Rolex</b> for 20€")
    comment_id = (
        make_api(UserFactory(username="chatty"))
        .post(f"/posts/{post_id}/comments", {"text": "DM me for cheap pills"})
        .json()["id"]
    )
    shop = ShopFactory(handle="knockoffs", name="Knock Offs")
    product = ProductFactory(shop=shop, title="Designer bag")
    _report(make_api, "post", post_id, "scam")
    _report(make_api, "comment", comment_id, "spam", "Spam in comments")
    _report(make_api, "person", author.pk, "harassment")
    _report(make_api, "shop", shop.pk, "intellectual_property", "Fake <i>shop</i>")
    _report(make_api, "product", product.pk, "other", "Fake bag")
    client.force_login(moderator)

    response = client.get("/moderation/")

    assert response.status_code == 200
    html = response.content.decode()
    for text in (
        "Counterfeit or scam",
        "Spam in comments",
        "Harassment",
        "Intellectual property",
        "Fake &lt;i&gt;shop&lt;/i&gt;",
        "Other",
        "Fake bag",
        "Genuine &lt;b&gt;Rolex&lt;/b&gt; for 20€",
        "DM me for cheap pills",
        "@chatty",
        "@seller7",
        "Knock Offs",
        "Designer bag",
        'value="hide"',
        'value="suspend"',
        'value="dismiss"',
    ):
        assert text in html, text
    assert "<b>Rolex</b>" not in html


def test_hide_from_the_page_hides_the_post_and_shows_in_the_audit_list(
    client, make_api, publish, moderator
):
    post_id = publish(UserFactory(), "spam spam")
    report_id = _report(make_api, "post", post_id)
    client.force_login(moderator)

    response = client.post(f"/moderation/reports/{report_id}/resolve", {"action": "hide"})

    assert response.status_code == 302
    assert response["Location"] == "/moderation/"
    assert Post.objects.get(pk=post_id).is_hidden
    page = client.get("/moderation/").content.decode()
    assert "No open reports" in page
    assert f"hid post #{post_id}" in page
    assert f"report #{report_id}" in page


def test_suspend_and_dismiss_from_the_page(client, make_api, publish, moderator):
    author = UserFactory()
    suspend_id = _report(make_api, "post", publish(author))
    dismiss_id = _report(make_api, "person", UserFactory().pk)
    client.force_login(moderator)
    client.post(f"/moderation/reports/{suspend_id}/resolve", {"action": "suspend"})
    client.post(f"/moderation/reports/{dismiss_id}/resolve", {"action": "dismiss"})
    author.refresh_from_db()
    assert not author.is_active
    assert Report.objects.get(pk=dismiss_id).status == "dismissed"


def test_a_refused_action_on_the_page_is_explained_and_changes_nothing(client, make_api, moderator):
    report_id = _report(make_api, "person", UserFactory().pk)
    client.force_login(moderator)
    response = client.post(
        f"/moderation/reports/{report_id}/resolve", {"action": "hide"}, follow=True
    )
    assert "Accounts are suspended, not hidden." in response.content.decode()
    assert Report.objects.get(pk=report_id).status == "open"


def test_people_who_are_not_moderators_get_404(client, make_api, publish):
    report_id = _report(make_api, "post", publish(UserFactory()))
    owner = UserFactory()
    ShopFactory(owner=owner)  # shop owners are not moderators
    for person in (UserFactory(), owner):
        client.force_login(person)
        assert client.get("/moderation/").status_code == 404
        response = client.post(f"/moderation/reports/{report_id}/resolve", {"action": "hide"})
        assert response.status_code == 404
    assert Report.objects.get().status == "open"
    assert AuditLog.objects.count() == 0


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get("/moderation/")
    assert response.status_code == 302
    assert "/login" in response["Location"]


def test_a_moderator_logs_in_and_opens_the_page(client, moderator):
    assert client.login(username="mod", password=PASSWORD)
    assert client.get("/moderation/").status_code == 200


def test_a_suspended_persons_session_stops_working(client, make_api):
    person = UserFactory()
    client.force_login(person)
    mod = make_api(UserFactory(is_staff=True))
    mod.post(f"/moderation/accounts/{person.username}/suspend")
    response = client.get("/settings")
    assert response.status_code == 302
    assert "/login" in response["Location"]


# --- admin ---------------------------------------------------------------------------------------
def test_the_admin_changelists_load_for_a_superuser(client, make_api, publish):
    operator = UserFactory(is_staff=True, is_superuser=True)
    author = UserFactory()
    post_id = publish(author, "A #tagged post @" + operator.username)
    make_api(UserFactory()).post(f"/posts/{post_id}/comments", {"text": "a comment"})
    make_api(UserFactory()).post(f"/posts/{post_id}/like")
    _report(make_api, "post", post_id)
    make_api(author).post("/blocks", {"handle": operator.username})
    client.force_login(operator)
    labels = [
        "moderation.Report",
        "social.Block",
        "moderation.AuditLog",
        "analytics.Event",
        "social.Post",
        "social.Comment",
        "social.Follow",
        "social.TimelineEntry",
        "social.Like",
        "social.Repost",
        "social.Tag",
        "social.Notification",
        "social.ShareLink",
        "social.ShareClick",
        "social.CommunityPlacement",
        "social.ProductEngagement",
    ]
    registered = {m._meta.label: m for m in admin.site._registry}
    for label in labels:
        assert label in registered, label
        app, model = label.lower().split(".")
        for query in ({}, {"q": "a"}):
            response = client.get(f"/admin/{app}/{model}/", query)
            assert response.status_code == 200, (label, query)
    report = Report.objects.get()
    assert client.get(f"/admin/moderation/report/{report.pk}/change/").status_code == 200
    assert client.get(f"/admin/social/post/{post_id}/change/").status_code == 200


def test_the_audit_log_is_read_only_in_the_admin(client, publish):
    operator = UserFactory(is_staff=True, is_superuser=True)
    post = Post.objects.get(pk=publish(UserFactory()))
    from agora.moderation.services import post_hide

    post_hide(moderator=operator, post=post)
    entry = AuditLog.objects.get()
    client.force_login(operator)
    assert client.get("/admin/moderation/auditlog/add/").status_code == 403
    assert client.post(f"/admin/moderation/auditlog/{entry.pk}/delete/").status_code == 403
    assert AuditLog.objects.count() == 1


def test_the_report_admin_actions_hide_and_dismiss_through_the_audit_log(client, make_api, publish):
    operator = UserFactory(is_staff=True, is_superuser=True)
    hide_id = _report(make_api, "post", publish(UserFactory()))
    dismiss_id = _report(make_api, "person", UserFactory().pk)
    client.force_login(operator)
    changelist = "/admin/moderation/report/"
    client.post(changelist, {"action": "hide_target", "_selected_action": [hide_id]})
    client.post(changelist, {"action": "dismiss", "_selected_action": [dismiss_id]})
    assert Report.objects.get(pk=hide_id).status == "actioned"
    assert Report.objects.get(pk=dismiss_id).status == "dismissed"
    assert Post.objects.get().is_hidden
    assert set(AuditLog.objects.values_list("action", flat=True)) == {
        "post_hide",
        "report_hide",
        "report_dismiss",
    }


def test_the_post_admin_hides_through_the_audit_log(client, publish):
    operator = UserFactory(is_staff=True, is_superuser=True)
    post_id = publish(UserFactory())
    client.force_login(operator)
    client.post("/admin/social/post/", {"action": "hide", "_selected_action": [post_id]})
    assert Post.objects.get().is_hidden
    assert AuditLog.objects.get().action == "post_hide"
    assert Block.objects.count() == 0


def test_the_moderation_page_reads_a_constant_number_of_queries(
    client, make_api, publish, moderator
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def fill(n):
        for _ in range(n):
            author = UserFactory()
            post_id = publish(author, "spam")
            comment = make_api(author).post(f"/posts/{post_id}/comments", {"text": "x"}).json()
            _report(make_api, "post", post_id)
            _report(make_api, "comment", comment["id"])
            _report(make_api, "person", author.pk)
            _report(make_api, "product", ProductFactory(shop=ShopFactory()).pk)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/moderation/").status_code == 200
        return len(ctx.captured_queries)

    client.force_login(moderator)
    fill(1)
    few = count()
    fill(5)
    assert count() == few
