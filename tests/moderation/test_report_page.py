import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from agora.moderation.models import Report
from agora.social.services.posts import post_create
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_a_reader_reports_a_post_from_its_page(client):
    post = post_create(user=UserFactory(), text="buy followers here")
    reader = UserFactory()
    client.force_login(reader)
    page = client.get(f"/posts/{post.pk}")
    assert b"Report this post" in page.content
    response = client.post(
        f"/moderation/report/post/{post.pk}", {"reason": "spam", "next": f"/posts/{post.pk}"}
    )
    assert response.status_code == 302
    assert response["Location"] == f"/posts/{post.pk}"
    report = Report.objects.get()
    assert (report.reporter, report.target_type, report.target_id, report.reason) == (
        reader,
        "post",
        post.pk,
        "spam",
    )


def test_reporting_needs_a_reason_and_an_account(client):
    post = post_create(user=UserFactory(), text="x")
    assert client.post(f"/moderation/report/post/{post.pk}", {"reason": "spam"}).status_code == 302
    assert Report.objects.count() == 0
    client.force_login(UserFactory())
    client.post(f"/moderation/report/post/{post.pk}", {"reason": ""})
    assert Report.objects.count() == 0


def test_report_redirect_stays_on_this_site(client):
    post = post_create(user=UserFactory(), text="x")
    client.force_login(UserFactory())
    response = client.post(
        f"/moderation/report/post/{post.pk}", {"reason": "spam", "next": "https://evil.example/"}
    )
    assert response["Location"] == "/"


def test_the_report_form_offers_each_reason(client):
    post = post_create(user=UserFactory(), text="x")
    client.force_login(UserFactory())

    page = client.get(f"/posts/{post.pk}").content.decode()

    for value in Report.Reason.values:
        assert f'<option value="{value}">' in page
    for label in ("Spam", "Counterfeit or scam", "Harassment", "Intellectual property"):
        assert label in page
    assert 'name="details"' in page


@pytest.mark.parametrize("reason", list(Report.Reason.values))
def test_a_reader_reports_with_each_reason(client, reason):
    post = post_create(user=UserFactory(), text="x")
    client.force_login(UserFactory())

    client.post(
        f"/moderation/report/post/{post.pk}",
        {"reason": reason, "details": "Copied from my shop"},
    )

    report = Report.objects.get()
    assert (report.reason, report.details) == (reason, "Copied from my shop")


def test_other_without_words_is_refused_with_a_message(client):
    post = post_create(user=UserFactory(), text="x")
    client.force_login(UserFactory())

    response = client.post(
        f"/moderation/report/post/{post.pk}",
        {"reason": "other", "details": "  ", "next": f"/posts/{post.pk}"},
        follow=True,
    )

    assert Report.objects.count() == 0
    assert "Say what is wrong." in response.content.decode()


def test_an_unknown_reason_from_the_page_files_nothing(client):
    post = post_create(user=UserFactory(), text="x")
    client.force_login(UserFactory())

    client.post(f"/moderation/report/post/{post.pk}", {"reason": "because"})

    assert Report.objects.count() == 0


@pytest.mark.django_db(transaction=True)
def test_reports_written_before_the_choice_become_other_with_their_words():
    """The migration keeps every older report's words, under "other"."""
    executor = MigrationExecutor(connection)
    leaves = executor.loader.graph.leaf_nodes()
    before = [("moderation", "0002_block_moved_to_social")]
    executor.migrate(before)
    others = [node for node in leaves if node[0] != "moderation"]
    apps = executor.loader.project_state(others + before).apps
    reporter = apps.get_model("accounts", "User").objects.create(username="ana", password="!")
    apps.get_model("moderation", "Report").objects.create(
        reporter=reporter, target_type="post", target_id=1, reason="Fake watches"
    )

    executor = MigrationExecutor(connection)
    executor.migrate(leaves)

    report = Report.objects.get()
    assert (report.reason, report.details) == ("other", "Fake watches")
