"""Signing up, in and out; settings: profile, password, API tokens."""

import hashlib
import re

import pytest

from agora.accounts.models import ApiToken, Handle, User
from agora.accounts.selectors import user_for_token
from tests.factories import PASSWORD, ShopFactory, UserFactory

pytestmark = pytest.mark.django_db


def html(response) -> str:
    return response.content.decode()


SIGNUP = {
    "username": "ana",
    "display_name": "Ana Lima",
    "email": "ana@example.org",
    "password": "a-long-and-unusual-pass",
}


# --- Sign up ---------------------------------------------------------------------------------


def test_signup_creates_the_person_and_signs_them_in(client):
    response = client.post("/signup", SIGNUP)

    assert response.status_code == 302
    assert response["Location"] == "/"
    person = User.objects.get(username="ana")
    assert person.display_name == "Ana Lima"
    assert Handle.objects.filter(name="ana", kind="person").exists()
    page = html(client.get("/"))
    assert 'href="/@ana"' in page
    assert "Log out" in page


def test_signup_with_a_taken_handle_shows_the_error_at_the_field_and_creates_nothing(client):
    ShopFactory(handle="Roastery")
    people = User.objects.count()

    response = client.post("/signup", {**SIGNUP, "username": "roastery"})

    assert response.status_code == 400
    page = html(response)
    error = re.search(r'<ul class="errorlist" id="id_username_error"><li>(.*?)</li>', page)
    assert error is not None
    assert error.group(1) == "This handle is already taken."
    assert 'aria-invalid="true"' in page
    assert 'aria-describedby="id_username_helptext id_username_error"' in page
    assert User.objects.count() == people
    assert not User.objects.filter(email="ana@example.org").exists()


def test_signup_with_a_weak_password_shows_the_error_at_the_password(client):
    response = client.post("/signup", {**SIGNUP, "password": "123"})

    page = html(response)
    assert response.status_code == 400
    assert 'id="id_password_error"' in page
    assert not User.objects.filter(username="ana").exists()


def test_signup_keeps_the_interface_language(client):
    client.post("/signup?lang=fr", SIGNUP)

    assert User.objects.get(username="ana").language == "fr"


# --- Sign in and out ------------------------------------------------------------------------


def test_login_and_logout(client):
    person = UserFactory(username="ana")

    response = client.post("/login", {"username": "ANA", "password": PASSWORD})

    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == person.pk
    response = client.post("/logout")
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_login_with_a_wrong_password_says_so(client):
    UserFactory(username="ana")

    response = client.post("/login", {"username": "ana", "password": "wrong"})

    assert response.status_code == 200
    assert "Wrong handle or password." in html(response)
    assert "_auth_user_id" not in client.session


def test_login_follows_a_same_site_next_only(client):
    UserFactory(username="ana")

    response = client.post(
        "/login?next=/settings", {"username": "ana", "password": PASSWORD, "next": "/settings"}
    )
    assert response["Location"] == "/settings"

    client.post("/logout")
    response = client.post(
        "/login", {"username": "ana", "password": PASSWORD, "next": "https://evil.example/"}
    )
    assert response["Location"] == "/feed"


def test_login_sets_the_profile_language(client):
    UserFactory(username="ana", language="de")

    response = client.post("/login", {"username": "ana", "password": PASSWORD})

    assert client.session["agora_language"] == "de"
    assert response.cookies["agora_language"].value == "de"


def test_logout_needs_post(client, signed_in, user):
    signed_in(user)

    assert client.get("/logout").status_code == 405
    assert "_auth_user_id" in client.session


def test_repeated_login_attempts_on_one_account_are_limited(client, settings):
    settings.AGORA_RATES = {**settings.AGORA_RATES, "login_account": "3/m"}
    UserFactory(username="ana")

    statuses = [
        client.post("/login", {"username": "ana", "password": "wrong"}).status_code
        for _ in range(4)
    ]

    assert statuses == [200, 200, 200, 429]
    response = client.post("/login", {"username": "ana", "password": PASSWORD})
    assert response.status_code == 429
    assert "Retry-After" in response
    assert "Too many attempts" in html(response)
    assert "_auth_user_id" not in client.session


def test_settings_need_a_signed_in_person(client):
    response = client.get("/settings")

    assert response.status_code == 302
    assert response["Location"] == "/login?next=/settings"


# --- Settings --------------------------------------------------------------------------------


def test_profile_update_is_saved_and_shown(client, signed_in, user):
    signed_in(user)

    response = client.post(
        "/settings", {"display_name": "Ana L.", "bio": "Roasts at home.", "language": "fr"}
    )

    assert response.status_code == 302
    user.refresh_from_db()
    assert (user.display_name, user.bio, user.language) == ("Ana L.", "Roasts at home.", "fr")
    assert response.cookies["agora_language"].value == "fr"
    assert "Roasts at home." in html(client.get(f"/@{user.username}"))


def test_profile_with_a_too_long_bio_is_refused_at_the_field(client, signed_in, user):
    signed_in(user)

    response = client.post("/settings", {"display_name": "", "bio": "x" * 501, "language": ""})

    assert response.status_code == 400
    assert 'id="id_bio_error"' in html(response)
    user.refresh_from_db()
    assert user.bio == ""


NEW_PASSWORD = "another-long-passphrase"


def _change_password(client):
    return client.post(
        "/settings/password",
        {
            "old_password": PASSWORD,
            "new_password": NEW_PASSWORD,
            "new_password_again": NEW_PASSWORD,
        },
    )


def test_password_change_keeps_the_person_signed_in(client, signed_in, user):
    signed_in(user)

    response = _change_password(client)

    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("another-long-passphrase")
    assert client.get("/settings").status_code == 200


def test_password_change_with_a_wrong_current_password_is_refused(client, signed_in, user):
    signed_in(user)

    response = client.post(
        "/settings/password",
        {
            "old_password": "nope",
            "new_password": "another-long-passphrase",
            "new_password_again": "another-long-passphrase",
        },
    )

    assert response.status_code == 400
    assert "Your current password is not correct." in html(response)
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_new_api_token_is_shown_once_and_stored_only_as_a_hash(client, signed_in, user):
    signed_in(user)

    response = client.post("/settings/tokens", {"name": "Inventory script"})

    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    raw = re.search(r"<code>([A-Za-z0-9_-]{40,})</code>", html(response)).group(1)
    token = ApiToken.objects.get(user=user)
    assert token.name == "Inventory script"
    assert token.key_hash == hashlib.sha256(raw.encode()).hexdigest()
    assert raw not in {token.key_hash, token.prefix, token.name}
    assert user_for_token(raw_token=raw) == user
    page = html(client.get("/settings"))
    assert raw not in page
    assert f"{raw[:8]}…" in page
    assert "Inventory script" in page


def test_htmx_token_creation_returns_only_the_tokens_section(client, signed_in, user):
    signed_in(user)

    response = client.post(
        "/settings/tokens", {"name": "CLI"}, headers={"HX-Request": "true", "HX-Target": "tokens"}
    )

    page = html(response)
    assert page.lstrip().startswith('<section class="panel" id="tokens"')
    assert "<html" not in page


def test_revoked_token_stops_working(client, signed_in, user):
    signed_in(user)
    client.post("/settings/tokens", {"name": "CLI"})
    token = ApiToken.objects.get(user=user)

    response = client.post(f"/settings/tokens/{token.pk}/revoke")

    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert "Revoked" in html(client.get("/settings"))


def test_nobody_can_revoke_someone_elses_token(client, signed_in, user):
    other = UserFactory()
    client.force_login(other)
    client.post("/settings/tokens", {"name": "Theirs"})
    token = ApiToken.objects.get(user=other)
    client.post("/logout")
    signed_in(user)

    client.post(f"/settings/tokens/{token.pk}/revoke")

    token.refresh_from_db()
    assert token.revoked_at is None


def test_header_links_to_the_dashboard_only_for_shop_managers(client, signed_in, user):
    signed_in(user)
    assert 'href="/dashboard/"' not in html(client.get("/"))

    ShopFactory(owner=user)

    assert 'href="/dashboard/"' in html(client.get("/"))


def test_forms_without_a_csrf_token_are_refused(user):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    response = strict.post("/language", {"language": "fr", "next": "/"})

    assert response.status_code == 403
    assert "This form has expired" in html(response)


# --- Issue 11 #9: a password change on the settings page revokes every API token -----------


def test_password_change_on_the_settings_page_revokes_all_tokens_and_keeps_the_session(
    client, signed_in, user
):
    from agora.accounts.services import token_create

    _t, raw_one = token_create(user=user, name="Inventory script")
    _t, raw_two = token_create(user=user, name="Phone app")
    someone_else = UserFactory()
    _t, raw_other = token_create(user=someone_else)
    signed_in(user)

    response = _change_password(client)

    assert response.status_code == 302
    assert user_for_token(raw_token=raw_one) is None
    assert user_for_token(raw_token=raw_two) is None
    assert user_for_token(raw_token=raw_other) == someone_else
    page = html(client.get("/settings"))  # still signed in (update_session_auth_hash)
    assert page.count(">Revoked<") == 2


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("en", "Changing your password revokes all your API tokens"),
        ("fr", "Changer de mot de passe révoque tous vos jetons d'API"),
        ("de", "Wenn Sie Ihr Passwort ändern, werden alle Ihre API-Tokens widerrufen"),
    ],
)
def test_the_settings_page_says_a_new_password_revokes_the_tokens(
    client, signed_in, user, language, words
):
    signed_in(user)
    page = html(client.get(f"/settings?lang={language}"))
    assert words in page.replace("&#x27;", "'")


# --- Issue 11 #11: display names that pretend to be someone else's -------------------------


def test_profile_form_refuses_a_bidi_display_name_at_the_field(client, signed_in, user):
    before = user.display_name
    signed_in(user)

    response = client.post(
        "/settings", {"display_name": "\u202eamil ana", "bio": "", "language": ""}
    )

    assert response.status_code == 400
    page = html(response)
    assert 'id="id_display_name_error"' in page
    assert "U+202E" in page
    user.refresh_from_db()
    assert user.display_name == before


def test_signup_form_refuses_a_zero_width_display_name_at_the_field(client):
    response = client.post("/signup", {**SIGNUP, "display_name": "Ana\u200bLima"})

    assert response.status_code == 400
    page = html(response)
    assert 'id="id_display_name_error"' in page
    assert "U+200B" in page
    assert not User.objects.filter(username="ana").exists()
