"""API tokens are read from the cache (no query per request), yet a revoked token, a suspended
person's token or the tokens a password change revokes are refused at once, and changes to
the account show on the next request. The last use is written at most every few minutes."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from agora.accounts import token_cache
from agora.accounts.models import ApiToken
from agora.accounts.selectors import token_for, token_hash
from agora.accounts.services import token_create
from agora.moderation.services import account_suspend, account_unsuspend
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def _token_queries(api, path="/me") -> tuple[int, list[str]]:
    with CaptureQueriesContext(connection) as captured:
        status = api.get(path).status_code
    return status, [q["sql"] for q in captured if "accounts_apitoken" in q["sql"]]


def test_a_token_is_read_once_then_from_the_cache(make_api):
    api = make_api(UserFactory())

    status, first = _token_queries(api)
    assert status == 200
    assert len(first) == 2  # read, and its first use written
    for _ in range(3):
        assert _token_queries(api) == (200, [])


def test_a_revoked_token_is_refused_at_once(make_api):
    user = UserFactory()
    api = make_api(user)
    assert api.get("/me").status_code == 200  # cached now
    token_id = ApiToken.objects.get(user=user).pk

    assert api.delete(f"/auth/tokens/{token_id}").status_code == 200

    assert api.get("/me").status_code == 401
    assert api.get("/me").status_code == 401


def test_a_password_change_refuses_the_other_tokens_at_once(make_api):
    user = UserFactory()
    phone, laptop = make_api(user), make_api(user)
    assert phone.get("/me").status_code == laptop.get("/me").status_code == 200

    response = laptop.post(
        "/auth/password", {"old_password": PASSWORD, "new_password": "another-horse-staple-7"}
    )

    assert response.status_code == 204
    assert phone.get("/me").status_code == 401
    assert laptop.get("/me").status_code == 200  # the token that made the change stays


def test_a_suspended_person_is_refused_at_once_and_back_when_unsuspended(make_api):
    user = UserFactory()
    api = make_api(user)
    moderator = UserFactory(is_staff=True)
    assert api.get("/me").status_code == 200

    account_suspend(moderator=moderator, account=user)
    assert api.get("/me").status_code == 401

    account_unsuspend(moderator=moderator, account=user)
    assert api.get("/me").status_code == 200


def test_profile_changes_show_on_the_next_request(make_api):
    api = make_api(UserFactory(display_name="Before"))
    assert api.get("/me").json()["display_name"] == "Before"

    api.patch("/me", {"display_name": "After"})

    assert api.get("/me").json()["display_name"] == "After"


def test_a_token_deleted_in_the_admin_is_refused_at_once(make_api):
    user = UserFactory()
    api = make_api(user)
    assert api.get("/me").status_code == 200
    operator = Client()
    operator.force_login(UserFactory(is_staff=True, is_superuser=True))
    token = ApiToken.objects.get(user=user)

    response = operator.post(
        f"/admin/accounts/apitoken/{token.pk}/delete/", {"post": "yes"}, follow=True
    )

    assert response.status_code == 200
    assert not ApiToken.objects.filter(pk=token.pk).exists()
    assert api.get("/me").status_code == 401


def test_a_row_read_just_before_a_revocation_is_not_cached_back():
    """A request that read the token, then lost the race to a revocation, cannot put the old
    row back into the cache: the revocation's marker stays for the cache's lifetime."""
    user = UserFactory()
    _token, raw = token_create(user=user)
    stale = ApiToken.objects.select_related("user").get(user=user)

    ApiToken.objects.filter(pk=stale.pk).update(revoked_at="2026-01-01T00:00:00Z")
    token_cache.forget([stale.key_hash])
    token_cache.remember(stale)  # the slow reader finishes

    assert token_cache.cached(token_hash(raw)) == token_cache.STALE
    assert token_for(raw_token=raw) is None


def test_the_last_use_is_written_at_most_every_few_minutes(make_api):
    api = make_api(UserFactory())
    with CaptureQueriesContext(connection) as captured:
        for _ in range(5):
            api.get("/me")
    writes = [q for q in captured if q["sql"].startswith("UPDATE") and "apitoken" in q["sql"]]
    assert len(writes) == 1
    assert ApiToken.objects.get().last_used_at is not None


def test_requests_within_the_interval_write_nothing_to_the_cache(make_api, monkeypatch):
    from django.core.cache import cache

    api = make_api(UserFactory())
    api.get("/me")  # the token read and cached, its first use written
    writes: list[str] = []
    for name in ("add", "set", "set_many"):
        real = getattr(cache, name)

        def counted(*args, _real=real, _name=name, **kwargs):
            writes.append(_name)
            return _real(*args, **kwargs)

        monkeypatch.setattr(cache, name, counted)

    for _ in range(3):
        assert api.get("/me").status_code == 200

    assert writes == []
