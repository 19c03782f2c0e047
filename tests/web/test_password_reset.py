import re

import pytest
from django.conf import settings
from django.core import mail

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_reset_link_arrives_by_email_and_sets_a_new_password(client):
    user = UserFactory(username="forgetful", email="f@example.org")
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


def test_unknown_address_reveals_nothing(client):
    response = client.post("/password-reset", {"email": "nobody@example.org"})
    assert response.status_code == 302
    assert mail.outbox == []


def test_login_page_links_to_password_reset(client):
    assert b'href="/password-reset"' in client.get("/login").content
