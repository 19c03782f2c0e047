"""The session's user is read by SessionUserBackend (SQL compiled once) with ModelBackend's
rules; sessions signed in through ModelBackend before keep working."""

import pytest
from django.contrib.auth import BACKEND_SESSION_KEY, SESSION_KEY, get_user
from django.contrib.auth.backends import ModelBackend
from django.test import Client

from agora.accounts.backends import PATH, SessionUserBackend
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def test_the_backend_builds_the_same_person_as_the_orm():
    ana = UserFactory(display_name="Ana Lima", language="fr", is_creator=True)

    loaded = SessionUserBackend().get_user(str(ana.pk))

    assert loaded == ana
    for field in ana._meta.concrete_fields:
        assert getattr(loaded, field.attname) == getattr(ana, field.attname), field.name
    assert loaded._state.adding is False and loaded._state.db == "default"


@pytest.mark.parametrize("user_id", ["", "abc", "-1", "0", str(2**70), None])
def test_a_malformed_or_unknown_id_is_nobody(user_id):
    assert SessionUserBackend().get_user(user_id) is None


def test_an_inactive_person_is_nobody_and_is_signed_out(client):
    ben = UserFactory()
    client.force_login(ben)
    assert client.session[BACKEND_SESSION_KEY] == PATH
    ben.is_active = False
    ben.save(update_fields=["is_active"])

    assert SessionUserBackend().get_user(ben.pk) is None
    response = client.get("/feed")
    assert response.status_code == 302 and "/login" in response["Location"]


def test_signing_in_through_the_form_stores_this_backend():
    cleo = UserFactory()
    client = Client()
    response = client.post("/login", {"username": cleo.username, "password": PASSWORD})
    assert response.status_code == 302
    assert client.session[BACKEND_SESSION_KEY] == PATH
    assert client.get("/feed").status_code == 200


def test_a_session_from_model_backend_still_signs_in(client, rf):
    dina = UserFactory()
    client.force_login(dina, backend="django.contrib.auth.backends.ModelBackend")
    session = client.session
    assert session[BACKEND_SESSION_KEY] == "django.contrib.auth.backends.ModelBackend"
    request = rf.get("/feed")
    request.session = session
    assert get_user(request) == dina
    assert int(session[SESSION_KEY]) == dina.pk
    assert isinstance(ModelBackend().get_user(dina.pk), type(dina))
    assert client.get("/feed").status_code == 200
