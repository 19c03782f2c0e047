import pytest

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
        f"/moderation/report/post/{post.pk}", {"reason": "Spam", "next": f"/posts/{post.pk}"}
    )
    assert response.status_code == 302
    assert response["Location"] == f"/posts/{post.pk}"
    report = Report.objects.get()
    assert (report.reporter, report.target_type, report.target_id, report.reason) == (
        reader,
        "post",
        post.pk,
        "Spam",
    )


def test_reporting_needs_a_reason_and_an_account(client):
    post = post_create(user=UserFactory(), text="x")
    assert client.post(f"/moderation/report/post/{post.pk}", {"reason": "Spam"}).status_code == 302
    assert Report.objects.count() == 0
    client.force_login(UserFactory())
    client.post(f"/moderation/report/post/{post.pk}", {"reason": ""})
    assert Report.objects.count() == 0


def test_report_redirect_stays_on_this_site(client):
    post = post_create(user=UserFactory(), text="x")
    client.force_login(UserFactory())
    response = client.post(
        f"/moderation/report/post/{post.pk}", {"reason": "Spam", "next": "https://evil.example/"}
    )
    assert response["Location"] == "/"
