"""Signing in through the form stores the prepared-read backend, whose pages then see the
person (the backend's own reads are in test_session_reads)."""

import pytest
from django.contrib.auth import BACKEND_SESSION_KEY
from django.test import Client

from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def test_signing_in_through_the_form_stores_the_prepared_backend():
    cleo = UserFactory()
    client = Client()
    response = client.post("/login", {"username": cleo.username, "password": PASSWORD})
    assert response.status_code == 302
    assert client.session[BACKEND_SESSION_KEY] == "agora.accounts.backends.UserBackend"
    assert f"@{cleo.username}" in client.get("/feed").content.decode()
