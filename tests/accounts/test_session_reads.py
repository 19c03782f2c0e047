"""Sessions and the signed-in person, read with prepared SQL on every request
(`core.sessions`, `accounts.backends`): the same answers Django's own store and backend give."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.models import Session
from django.utils import timezone

from agora.accounts.backends import UserBackend
from agora.core.sessions import SessionStore
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_a_session_is_read_back_until_it_expires():
    store = SessionStore()
    store["answer"] = 42
    store.create()
    assert SessionStore(store.session_key)["answer"] == 42

    Session.objects.filter(pk=store.session_key).update(
        expire_date=timezone.now() - timedelta(seconds=1)
    )
    expired = SessionStore(store.session_key)
    assert "answer" not in expired
    assert expired.session_key is None  # a new one is made when written, as Django does


def test_an_unknown_session_key_reads_as_empty():
    assert dict(SessionStore("nosuchsessionkey00000000").items()) == {}


def test_the_backend_loads_the_person_as_the_orm_does():
    ana = UserFactory(username="ana")
    user = UserBackend().get_user(str(ana.pk))
    assert user is not None and user.pk == ana.pk and user.username == "ana"
    assert user.get_session_auth_hash() == ana.get_session_auth_hash()
    assert user.date_joined == ana.date_joined and user.is_active
    user.display_name = "Ana L."
    user.save()  # a full instance: saving it is an ordinary update
    ana.refresh_from_db()
    assert ana.display_name == "Ana L."


def test_the_backend_refuses_unknown_inactive_and_malformed_ids():
    gone = UserFactory(is_active=False)
    backend = UserBackend()
    assert backend.get_user(str(gone.pk)) is None
    assert backend.get_user("999999") is None
    assert backend.get_user("not-a-number") is None


def test_pages_see_who_signed_in_and_a_password_change_signs_other_sessions_out(client):
    ana = UserFactory(username="ana")
    client.force_login(ana)
    assert client.session[BACKEND_SESSION_KEY] == "agora.accounts.backends.UserBackend"
    assert client.get("/feed").status_code == 200

    ana.set_password("a whole new secret")
    ana.save()
    response = client.get("/feed")
    assert response.status_code == 302  # the session's hash no longer matches


def test_sessions_signed_in_through_djangos_backend_still_work(client):
    ana = UserFactory(username="ana")
    client.force_login(ana, backend="django.contrib.auth.backends.ModelBackend")
    session = client.session
    assert session[BACKEND_SESSION_KEY] == "django.contrib.auth.backends.ModelBackend"
    assert session[SESSION_KEY] == str(ana.pk) and session[HASH_SESSION_KEY]
    assert client.get("/feed").status_code == 200
