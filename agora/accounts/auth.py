"""Bearer-token authentication for the API: the token's SHA-256 is looked up by unique index."""

from __future__ import annotations

from ninja.security import HttpBearer

from agora.accounts import selectors


class BearerToken(HttpBearer):
    def authenticate(self, request, token: str):
        user = selectors.user_for_token(raw_token=token)
        if user is not None:
            request.user = user
        return user


class OptionalBearerToken(BearerToken):
    """For public reads: a valid token identifies the caller; none makes an anonymous caller."""

    def __call__(self, request):
        from django.contrib.auth.models import AnonymousUser

        result = super().__call__(request)
        if result is None:
            if request.headers.get("Authorization"):
                return None  # a bad token is still a 401
            request.user = AnonymousUser()
            return request.user
        return result
