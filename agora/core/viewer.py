"""Who is looking: the one answer for pages and the API."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from django.http import HttpRequest

    from agora.core.types import User


def viewer(request: HttpRequest) -> User | None:
    """The signed-in person making `request`, or None for an anonymous visitor.

    In the API, authentication sets `request.auth` (a bearer token's person, or an anonymous
    user for a public read without a token) and that is the only identity that counts; a page
    reads the session's `request.user`."""
    user = request.auth if hasattr(request, "auth") else getattr(request, "user", None)
    return user if getattr(user, "is_authenticated", False) else None
