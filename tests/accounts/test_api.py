import pytest

from agora.accounts.models import ApiToken, Handle, User
from agora.accounts.selectors import token_hash
from tests.factories import PASSWORD, ShopFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_register_returns_a_token_and_the_person(api):
    response = api.post(
        "/auth/register",
        {"username": "Ana_B", "email": "ana@example.org", "password": "a-long-secret-77"},
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["user"]["handle"] == "Ana_B"
    assert body["user"]["url"].endswith("/@Ana_B")
    assert len(body["token"]) >= 40
    me = api.__class__(body["token"]).get("/me")
    assert me.status_code == 200
    assert me.json()["email"] == "ana@example.org"


def test_token_is_stored_only_as_its_sha256(api):
    body = api.post(
        "/auth/register",
        {"username": "hashme", "email": "h@example.org", "password": "a-long-secret-77"},
    ).json()
    stored = ApiToken.objects.get()
    assert stored.key_hash == token_hash(body["token"])
    assert body["token"] not in {stored.key_hash, stored.prefix}


def test_handle_taken_by_a_shop_is_refused_case_insensitively(api):
    ShopFactory(handle="Roastery")
    response = api.post(
        "/auth/register",
        {"username": "roastery", "email": "r@example.org", "password": "a-long-secret-77"},
    )
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "handle_taken"
    assert "username" in response.json()["error"]["fields"]
    assert not User.objects.filter(username__iexact="roastery").exists()


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"username": "a b", "email": "x@example.org", "password": "a-long-secret-77"}, "username"),
        ({"username": "okname", "email": "not-an-email", "password": "a-long-secret-77"}, "email"),
        ({"username": "okname", "email": "x@example.org", "password": "123"}, "password"),
        (
            {"username": "admin", "email": "x@example.org", "password": "a-long-secret-77"},
            "username",
        ),
        ({"email": "x@example.org", "password": "a-long-secret-77"}, "username"),
    ],
)
def test_bad_registration_names_the_field_and_creates_nothing(api, payload, field):
    response = api.post("/auth/register", payload)
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "invalid"
    assert field in error["fields"]
    assert User.objects.count() == 0
    assert Handle.objects.count() == 0


def test_malformed_json_body_is_a_400_with_the_error_body(api):
    response = api.post("/auth/register", "{not json")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "bad_request"


def test_token_endpoint_exchanges_credentials(api):
    UserFactory(username="marta")
    response = api.post("/auth/token", {"username": "marta", "password": PASSWORD})
    assert response.status_code == 200
    assert api.__class__(response.json()["token"]).get("/me").json()["handle"] == "marta"


def test_wrong_password_is_401(api):
    UserFactory(username="marta")
    response = api.post("/auth/token", {"username": "marta", "password": "nope"})
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "invalid_credentials"


def test_missing_or_bad_token_is_401(api):
    assert api.get("/me").status_code == 401
    response = api.__class__("not-a-real-token").get("/me")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "unauthorized"


def test_revoked_token_stops_working(make_api, user):
    client = make_api(user)
    tokens = client.get("/auth/tokens").json()
    assert len(tokens) == 1
    assert client.delete(f"/auth/tokens/{tokens[0]['id']}").status_code == 200
    assert client.get("/me").status_code == 401


def test_cannot_revoke_another_persons_token(make_api, user):
    other = UserFactory()
    other_client = make_api(other)
    other_token_id = ApiToken.objects.get(user=other).pk
    response = make_api(user).delete(f"/auth/tokens/{other_token_id}")
    assert response.status_code == 404
    assert other_client.get("/me").status_code == 200


def test_password_change_requires_the_current_password(user_api, user):
    wrong = user_api.post(
        "/auth/password", {"old_password": "wrong", "new_password": "another-secret-88"}
    )
    assert wrong.status_code == 422
    assert "old_password" in wrong.json()["error"]["fields"]
    ok = user_api.post(
        "/auth/password", {"old_password": PASSWORD, "new_password": "another-secret-88"}
    )
    assert ok.status_code == 204
    user.refresh_from_db()
    assert user.check_password("another-secret-88")


def test_profile_update_ignores_read_only_fields(user_api, user):
    response = user_api.patch(
        "/me", {"display_name": "Ana", "bio": "Hi", "is_creator": True, "id": 999, "is_staff": True}
    )
    assert response.status_code == 200
    user.refresh_from_db()
    assert (user.display_name, user.bio, user.is_creator, user.is_staff) == (
        "Ana",
        "Hi",
        False,
        False,
    )


def test_public_profile_by_handle(api):
    UserFactory(username="Chloe", bio="Creator")
    response = api.get("/people/chloe")
    assert response.status_code == 200
    assert response.json()["handle"] == "Chloe"
    assert api.get("/people/nobody").status_code == 404


def test_only_moderators_verify_creators(make_api, user):
    target = UserFactory(username="creator1")
    assert make_api(user).post("/people/creator1/verify", {"creator": True}).status_code == 403
    target.refresh_from_db()
    assert not target.is_creator
    moderator = UserFactory(is_staff=True)
    response = make_api(moderator).post("/people/creator1/verify", {"creator": True})
    assert response.status_code == 200
    assert response.json()["is_creator"] is True


def test_login_is_rate_limited_per_account(api, settings):
    settings.AGORA_RATES = {**settings.AGORA_RATES, "login_account": "3/m", "login_ip": "100/m"}
    UserFactory(username="target")
    statuses = [
        api.post("/auth/token", {"username": "target", "password": "bad"}).status_code
        for _ in range(5)
    ]
    assert statuses[:3] == [401, 401, 401]
    assert statuses[3] == 429
    last = api.post("/auth/token", {"username": "target", "password": PASSWORD})
    assert last.status_code == 429
    assert int(last["Retry-After"]) >= 1
    assert last.json()["error"]["code"] == "rate_limited"


def test_rate_limits_can_be_switched_off(api, settings):
    settings.RATELIMIT_ENABLE = False
    settings.AGORA_RATES = {**settings.AGORA_RATES, "login_account": "1/m"}
    UserFactory(username="target")
    statuses = {
        api.post("/auth/token", {"username": "target", "password": "bad"}).status_code
        for _ in range(4)
    }
    assert statuses == {401}


def test_moderators_grant_expertise_per_category(make_api, user):
    from tests.factories import CategoryFactory

    coffee = CategoryFactory(name="Coffee")
    UserFactory(username="barista")
    assert (
        make_api(user).post("/people/barista/expertise", {"category_id": coffee.pk}).status_code
        == 403
    )
    moderator = make_api(UserFactory(is_staff=True))
    response = moderator.post("/people/barista/expertise", {"category_id": coffee.pk})
    assert response.status_code == 200
    assert response.json()["is_expert"] is True
    assert moderator.post("/people/barista/expertise", {"category_id": 999999}).status_code == 422


# --- Issue 11 #9: a password change revokes the other tokens -------------------------------


def test_password_change_revokes_every_token_but_the_one_making_it(make_api, user):
    caller = make_api(user)
    other_script = make_api(user)
    wrong = caller.post("/auth/password", {"old_password": "wrong", "new_password": "x-long-88"})
    assert wrong.status_code == 422
    assert other_script.get("/me").status_code == 200  # a refused change revokes nothing
    other_person = make_api(UserFactory())

    response = caller.post(
        "/auth/password", {"old_password": PASSWORD, "new_password": "another-secret-88"}
    )

    assert response.status_code == 204
    assert caller.get("/me").status_code == 200
    assert other_script.get("/me").status_code == 401
    assert other_person.get("/me").status_code == 200
    assert ApiToken.objects.filter(user=user, revoked_at__isnull=True).count() == 1


# --- Issue 11 #11: names that pretend to be someone else's ---------------------------------

BIDI_AND_INVISIBLE = [
    "\u202a", "\u202b", "\u202c", "\u202d", "\u202e",
    "\u2066", "\u2067", "\u2068", "\u2069",
    "\u200b", "\u200c", "\u200d", "\u200e", "\u200f", "\u2060", "\ufeff", "\u061c",
]  # fmt: skip


@pytest.mark.parametrize("char", BIDI_AND_INVISIBLE, ids=lambda c: f"U+{ord(c):04X}")
def test_display_name_with_a_bidi_or_invisible_character_is_refused(user_api, user, char):
    before = user.display_name
    response = user_api.patch("/me", {"display_name": f"ana{char}lima"})
    assert response.status_code == 422
    fields = response.json()["error"]["fields"]
    assert list(fields) == ["display_name"]
    assert f"U+{ord(char):04X}" in fields["display_name"][0]
    user.refresh_from_db()
    assert user.display_name == before


def test_registration_refuses_a_bidi_display_name_and_creates_nothing(api):
    response = api.post(
        "/auth/register",
        {
            "username": "mallory",
            "email": "m@example.org",
            "password": "a-long-and-unusual-pass",
            "display_name": "\u202eanA",
        },
    )
    assert response.status_code == 422
    assert list(response.json()["error"]["fields"]) == ["display_name"]
    assert not User.objects.filter(username="mallory").exists()
    assert not Handle.objects.filter(name="mallory").exists()


def test_ordinary_names_in_any_script_are_still_welcome(user_api):
    for name in ("Zoë Ångström", "محمد", "שרה", "李小龍", "Ana 🌸"):
        response = user_api.patch("/me", {"display_name": name})
        assert response.status_code == 200, name
        assert response.json()["display_name"] == name
