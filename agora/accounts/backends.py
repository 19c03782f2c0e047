"""Signing in: Django's model backend, with the read every signed-in request makes (the
person's row by the id in their session) prepared once per process (`core.prepared`) instead
of built by the ORM each time."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.db.models import QuerySet

from agora.accounts.models import User
from agora.core.prepared import field_names, instance, prepared


@prepared(pk=int)
def _user_row(*, pk: int) -> QuerySet[User, dict[str, Any]]:
    return User.objects.filter(pk=pk).values(*field_names(User))[:1]


class UserBackend(ModelBackend):
    """The first of `AUTHENTICATION_BACKENDS`: the model backend (passwords, permissions),
    loading the session's person with prepared SQL. `ModelBackend` stays listed after it for
    sessions signed in before it was."""

    def get_user(self, user_id: Any) -> User | None:
        """The active person with this id (from the session), else None: one query."""
        try:
            pk = int(user_id)
        except (TypeError, ValueError):
            return None
        row = _user_row.first(pk=pk)
        if row is None:
            return None
        user = instance(User, row)
        return user if self.user_can_authenticate(user) else None
