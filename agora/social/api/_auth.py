"""The caller of a social API operation that requires a bearer token, typed."""

from django.http import HttpRequest

from agora.accounts.models import User
from agora.core.errors import Unauthorized


def caller(request: HttpRequest) -> User:
    """The person whose bearer token authenticated the operation (django-ninja's
    `BearerToken` sets `request.auth` before the view runs)."""
    user = getattr(request, "auth", None)
    if not isinstance(user, User):
        raise Unauthorized("A valid bearer token is required.")
    return user
