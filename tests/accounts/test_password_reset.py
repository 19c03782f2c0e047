import re

import pytest
from django.conf import settings
from django.core import mail

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_reset_link_arrives_by_email_and_sets_a_new_password(
    client, django_capture_on_commit_callbacks
):
    user = UserFactory(username="forgetful", email="f@example.org")
    with django_capture_on_commit_callbacks(execute=True):  # the e-mail task, on commit
        response = client.post("/password-reset", {"email": "f@example.org"}, HTTP_HOST="localhost")
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    link = re.search(r"(https?://\S+/password-reset/\S+)", body).group(1)
    assert link.startswith(settings.AGORA_BASE_URL + "/")
    assert "localhost" not in body
    path = link.removeprefix(settings.AGORA_BASE_URL)
    form_page = client.get(path, follow=True)
    assert form_page.status_code == 200
    set_url = form_page.redirect_chain[-1][0] if form_page.redirect_chain else path
    done = client.post(
        set_url, {"new_password1": "brand-new-secret-42", "new_password2": "brand-new-secret-42"}
    )
    assert done.status_code == 302
    user.refresh_from_db()
    assert user.check_password("brand-new-secret-42")
    again = client.get(path, follow=True)
    assert b"no longer works" in again.content


def test_unknown_address_reveals_nothing(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/password-reset", {"email": "nobody@example.org"})
    assert response.status_code == 302
    assert mail.outbox == []


def _shape(queries) -> list[str]:
    """The SQL of each query with its literal values taken out."""
    return [re.sub(r"'[^']*'|\"s\d+_x\d+\"|\b\d+\b", "?", q["sql"]) for q in queries]


def test_known_and_unknown_addresses_get_the_same_answer_after_the_same_work(
    client, settings, django_capture_on_commit_callbacks
):
    """Issue 11 #12: no lookup in the request, one e-mail task enqueued either way."""
    from django.db import connection
    from django.tasks import task_backends
    from django.test.utils import CaptureQueriesContext

    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    UserFactory(username="known", email="known@example.org")
    answers = {}
    # Each from its own address, so both are the first request the rate limit counts.
    for ip, email in (("10.0.0.1", "known@example.org"), ("10.0.0.2", "nobody@example.org")):
        task_backends["default"].clear()
        with (
            CaptureQueriesContext(connection) as queries,
            django_capture_on_commit_callbacks(execute=True),
        ):
            response = client.post("/password-reset", {"email": email}, REMOTE_ADDR=ip)
        [job] = task_backends["default"].results
        assert (job.task.name, job.args) == ("send_password_reset", [email, "en"])
        answers[email] = (
            response.status_code,
            response["Location"],
            response.content,
            sorted(response.cookies),
            _shape(queries.captured_queries),
        )
    assert answers["known@example.org"] == answers["nobody@example.org"]
    assert answers["known@example.org"][:2] == (302, "/password-reset/sent")
    assert mail.outbox == []  # the task sends the e-mail, never the request


def test_the_task_mails_a_known_address_and_nothing_for_an_unknown_one():
    from agora.accounts.tasks import send_password_reset

    UserFactory(username="known", email="known@example.org", language="fr")
    assert send_password_reset.enqueue("nobody@example.org", "en").return_value == 0
    assert mail.outbox == []
    assert send_password_reset.enqueue("KNOWN@example.org", "en").return_value == 1
    [message] = mail.outbox
    assert message.to == ["known@example.org"]
    assert settings.AGORA_BASE_URL + "/password-reset/" in message.body
    assert "Bonjour" in message.body or "réinitialiser" in message.body  # her own language


def test_a_password_reset_revokes_every_api_token(client, django_capture_on_commit_callbacks):
    from agora.accounts.models import ApiToken
    from agora.accounts.services import token_create

    user = UserFactory(username="forgetful", email="f@example.org")
    token_create(user=user, name="one")
    token_create(user=user, name="two")
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/password-reset", {"email": "f@example.org"})
    link = re.search(r"https?://\S+(/password-reset/\S+)", mail.outbox[0].body).group(1)
    form_page = client.get(link, follow=True)
    set_url = form_page.redirect_chain[-1][0]
    done = client.post(
        set_url, {"new_password1": "brand-new-secret-42", "new_password2": "brand-new-secret-42"}
    )
    assert done.status_code == 302
    assert not ApiToken.objects.filter(user=user, revoked_at__isnull=True).exists()


def test_login_page_links_to_password_reset(client):
    assert b'href="/password-reset"' in client.get("/login").content
