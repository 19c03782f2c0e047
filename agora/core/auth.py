"""Bearer-token authentication for the API: the token's SHA-256 is looked up by unique index.

It sits in core so every app's router can use it (media's too, below accounts); the token store
is accounts', which fills `token_lookup` in its `AppConfig.ready()`."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from ninja.security import HttpBearer

from agora.core.hooks import Slot

token_lookup = Slot(
    "core.auth.token_lookup",
    "The API token (with its `user`) for a raw bearer token, or None. Filled by accounts.",
)


class BearerToken(HttpBearer):
    def authenticate(self, request, token: str):
        api_token = token_lookup(raw_token=token)
        if api_token is None:
            return None
        request.user = api_token.user
        request.api_token = api_token  # e.g. the one token a password change keeps
        return api_token.user


class OptionalBearerToken(BearerToken):
    """For public reads: a valid token identifies the caller; none makes an anonymous caller."""

    def __call__(self, request):
        result = super().__call__(request)
        if result is None:
            if request.headers.get("Authorization"):
                return None  # a bad token is still a 401
            request.user = AnonymousUser()
            return request.user
        return result
