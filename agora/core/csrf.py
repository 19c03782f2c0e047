"""CSRF secrets and masks drawn in one read of the system's random source.

Django draws the 32 characters of a new CSRF secret, and of the fresh mask each `get_token`
puts on it, one `secrets.choice` at a time: 32 reads of the random source, about 40 µs a
string, twice for a visitor's first page (the secret, then its mask). `new_csrf_string` draws
the same string from one `secrets.token_bytes` read: each byte below 248 (four times the 62
allowed characters) picks a character by its remainder, so every character stays equally likely,
and the rare byte at or above 248 is drawn again. `install()` (CoreConfig.ready) puts it in
place of `django.middleware.csrf._get_new_csrf_string`, which `get_token`, `rotate_token` and
the masking call by name: the token's format, its masking and its checking stay Django's.
"""

from __future__ import annotations

import secrets

from django.middleware import csrf as django_csrf

CHARS = django_csrf.CSRF_ALLOWED_CHARS
LENGTH = django_csrf.CSRF_SECRET_LENGTH
_BELOW = 256 - 256 % len(CHARS)  # 248: bytes below it map evenly onto the characters
_BY_BYTE = [CHARS[b % len(CHARS)] for b in range(_BELOW)]


def new_csrf_string() -> str:
    """`LENGTH` characters from CSRF_ALLOWED_CHARS, each equally likely."""
    picked: list[str] = []
    while len(picked) < LENGTH:
        # A few spare bytes: one draw nearly always suffices (a byte is refused 8 times in 256).
        picked += [_BY_BYTE[b] for b in secrets.token_bytes(LENGTH + 8) if b < _BELOW]
    return "".join(picked[:LENGTH])


def install() -> None:
    """Draws Django's CSRF secrets and masks with `new_csrf_string`, when its CSRF module
    still calls `_get_new_csrf_string` for them (otherwise Django's own stays)."""
    current = getattr(django_csrf, "_get_new_csrf_string", None)
    if current is not None and current is not new_csrf_string:
        django_csrf._get_new_csrf_string = new_csrf_string
