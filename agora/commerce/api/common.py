"""Who is calling: a bearer token's person, else the browser session (anonymous carts)."""

from __future__ import annotations


def caller(request):
    """The signed-in person, or None for an anonymous caller."""
    user = getattr(request, "auth", None)
    return user if getattr(user, "is_authenticated", False) else None


def session_key(request, *, create: bool) -> str:
    """The session key of an anonymous caller ("" for a person, or when none and not creating)."""
    if caller(request) is not None:
        return ""
    session = request.session
    if not session.session_key and create:
        session.save()
    return session.session_key or ""
