"""Who is calling: a bearer token's person, else the browser session (anonymous carts)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ninja.errors import AuthenticationError

from agora.accounts.models import User
from agora.core.viewer import viewer

if TYPE_CHECKING:
    from django.http import HttpRequest


def person(request: HttpRequest) -> User | None:
    """The signed-in person calling, or None. `viewer` answers with the abstract user class;
    every person is a `User` (AUTH_USER_MODEL), which the services take."""
    user = viewer(request)
    return user if isinstance(user, User) else None


def signed_in(request: HttpRequest) -> User:
    """The person behind the bearer token of an operation that requires one (its
    authentication has already answered 401 without one; this says so to the type checker)."""
    user = person(request)
    if user is None:
        raise AuthenticationError
    return user


def session_key(request: HttpRequest, *, create: bool) -> str:
    """The session key of an anonymous caller ("" for a person, or when none and not creating)."""
    if viewer(request) is not None:
        return ""
    session = request.session
    if not session.session_key and create:
        session.save()
    return session.session_key or ""
