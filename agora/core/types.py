"""How the layers below accounts name a person in their annotations.

`User` is the AUTH_USER_MODEL (`accounts.User`): django-stubs' mypy plugin expands the `_User`
alias of its stubs to the configured user model, so core, analytics and media type the person
precisely without importing accounts (the layers forbid it). `AnyUser` is what a page's
`request.user` holds: a `User` or the `AnonymousUser`.

The aliases exist for the type checker only: import them under `TYPE_CHECKING`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from django.contrib.auth.models import _AnyUser as AnyUser
    from django.contrib.auth.models import _User as User

__all__ = ["AnyUser", "User"]
