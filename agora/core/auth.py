"""Bearer-token authentication for the API: the token's SHA-256 is looked up by unique index.

It sits in core so every app's router can use it (media's too, below accounts); the token store
is accounts', which fills `token_lookup` in its `AppConfig.ready()`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib.auth.models import AnonymousUser
from ninja.security import HttpBearer

from agora.core.errors import Unauthorized
from agora.core.hooks import Slot

if TYPE_CHECKING:
    from django.http import HttpRequest

    from agora.core.types import User

token_lookup = Slot(
    "core.auth.token_lookup",
    "The API token (with its `user`) for a raw bearer token, or None. Filled by accounts.",
)


class BearerToken(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        api_token = token_lookup(raw_token=token)
        if api_token is None:
            return None
        request.user = api_token.user
        # e.g. the one token a password change keeps. HttpRequest declares no such attribute:
        # it is ours, read back by accounts' API.
        request.api_token = api_token  # type: ignore[attr-defined]
        return api_token.user


class OptionalBearerToken(BearerToken):
    """For public reads: a valid token identifies the caller; none makes an anonymous caller."""

    def __call__(self, request: HttpRequest) -> Any:
        result = super().__call__(request)
        if result is None:
            if request.headers.get("Authorization"):
                return None  # a bad token is still a 401
            request.user = AnonymousUser()
            return request.user
        return result


def api_user(request: HttpRequest) -> User:
    """The person whose bearer token authenticated `request` (`request.auth`), in an API
    operation behind `BearerToken`, the API's default; 401 if there is none."""
    user = getattr(request, "auth", None)
    if user is None or not user.is_authenticated:
        raise Unauthorized("A valid bearer token is required.")
    return user
