"""The session store: Django's database sessions, with the read every request makes (the
session's row by its key) prepared once per process (`core.prepared`) instead of built by the
ORM each time. Writes, expiry and clearing are Django's own."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.contrib.sessions.backends.db import SessionStore as DatabaseStore
from django.contrib.sessions.models import Session
from django.db.models import QuerySet
from django.utils import timezone

from agora.core.prepared import prepared


@prepared(session_key=str, now=datetime)
def _session_row(*, session_key: str, now: datetime) -> QuerySet[Session, tuple[Any, ...]]:
    """The session's data and expiry while it has not expired."""
    return Session.objects.filter(session_key=session_key, expire_date__gt=now).values_list(
        "session_data", "expire_date"
    )[:1]


class SessionStore(DatabaseStore):
    """`SESSION_ENGINE = "agora.core.sessions"`: database sessions read with prepared SQL."""

    def _get_session_from_db(self) -> Session | None:
        key = self.session_key
        row = _session_row.first(session_key=key, now=timezone.now()) if key else None
        if key is None or row is None:
            self._session_key = None
            return None
        return Session(session_key=key, session_data=row[0], expire_date=row[1])
