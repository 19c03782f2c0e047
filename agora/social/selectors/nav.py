"""What the site header shows about the signed-in person on every page: their unread
notifications (the stored count) and whether they run a shop (the Dashboard link), read in
one query."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from django.db import connection
from django.db.models import Exists, OuterRef, QuerySet, Subquery

from agora.accounts.models import User
from agora.shops.selectors import shops_managed_by
from agora.social.models import NotificationCounter
from agora.social.selectors.notifications import unread_badge

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

_SOMEONE = -7_340_033  # stands for the person's id in the query compiled once (never an id)


@dataclass(frozen=True)
class NavFacts:
    unread: int = 0  # exact
    manages_shops: bool = False

    @property
    def unread_badge(self) -> str:
        """ "3", "99+" above 99, "" for none."""
        return unread_badge(self.unread)


NOBODY = NavFacts()


def _facts_query(user: User) -> QuerySet[User, tuple[Any, ...]]:
    """The person's row with their stored unread count and whether they own or staff an
    active shop (the shops app's own definition)."""
    unread = NotificationCounter.objects.filter(user_id=OuterRef("pk")).values("unread")[:1]
    managed = Exists(shops_managed_by(user).order_by())
    return (
        User.objects.filter(pk=user.pk)
        .annotate(unread=Subquery(unread), manages=managed)
        .values_list("unread", "manages")[:1]
    )


@lru_cache(maxsize=4)
def _compiled(vendor: str) -> tuple[str, tuple[Any, ...]]:
    """The header's query compiled once per process: building it through the ORM costs far
    more than running it, on every page."""
    sql, params = _facts_query(User(pk=_SOMEONE)).query.sql_with_params()
    return sql, tuple(params)


def nav_facts(user: User | AnonymousUser | None) -> NavFacts:
    """The header's facts about `user`: one query (the person's row with their stored unread
    count and whether they own or staff an active shop); none for a visitor."""
    if user is None or not user.is_authenticated or user.pk is None:
        return NOBODY
    sql, params = _compiled(connection.vendor)
    with connection.cursor() as cursor:
        cursor.execute(sql, [user.pk if p == _SOMEONE else p for p in params])
        row = cursor.fetchone()
    if row is None:
        return NOBODY
    return NavFacts(unread=row[0] or 0, manages_shops=bool(row[1]))
