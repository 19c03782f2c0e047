"""Who is calling: a bearer token's person, else the browser session (anonymous carts)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from agora.core.viewer import viewer

if TYPE_CHECKING:
    from django.http import HttpRequest


def session_key(request: HttpRequest, *, create: bool) -> str:
    """The session key of an anonymous caller ("" for a person, or when none and not creating)."""
    if viewer(request) is not None:
        return ""
    session = request.session
    if not session.session_key and create:
        session.save()
    return session.session_key or ""
