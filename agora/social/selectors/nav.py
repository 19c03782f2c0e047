"""What the site header shows about the signed-in person on every page: their unread
notifications (the stored count, and the unread rows the notifications page shows, where
"Ana and 10 others liked your post" is one row) and whether they run a shop (the Dashboard
link), read in one query."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import Case, Exists, OuterRef, Q, QuerySet, Subquery, Value, When

from agora.accounts.models import User
from agora.core.prepared import prepared
from agora.shops.selectors import shops_managed_by
from agora.social.models import NotificationCounter
from agora.social.selectors.notifications import unread_badge, unread_rows

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser


@dataclass(frozen=True)
class NavFacts:
    unread: int = 0  # exact: unread notifications
    manages_shops: bool = False
    unread_rows: int = 0  # unread rows of the notifications page (groups count once)

    @property
    def unread_badge(self) -> str:
        """The badge counts what the notifications page lists: "3", "99+" above 99, "" for
        none."""
        return unread_badge(self.unread_rows)


NOBODY = NavFacts()


def _facts_query(user: User) -> QuerySet[User, tuple[Any, ...]]:
    """The person's row with their stored unread count, whether they own or staff an active
    shop (the shops app's own definition) and, only when the stored count says something is
    unread, the unread rows of their notifications page (a bounded read of their latest
    notifications on the (recipient, -id) index)."""
    unread = NotificationCounter.objects.filter(user_id=OuterRef("pk")).values("unread")[:1]
    managed = Exists(shops_managed_by(user).order_by())
    return (
        User.objects.filter(pk=user.pk)
        .annotate(unread=Subquery(unread), manages=managed)
        .annotate(
            rows=Case(When(Q(unread__gt=0), then=unread_rows(OuterRef("pk"))), default=Value(0))
        )
        .values_list("unread", "manages", "rows")[:1]
    )


@prepared(user_id=int)
def _facts(*, user_id: int) -> QuerySet[User, tuple[Any, ...]]:
    """The header's query, compiled once per process (`core.prepared`): building it through
    the ORM costs far more than running it, on every page."""
    return _facts_query(User(pk=user_id))


def nav_facts(user: User | AnonymousUser | None) -> NavFacts:
    """The header's facts about `user`: one query (the person's row with their stored unread
    count and whether they own or staff an active shop); none for a visitor."""
    if user is None or not user.is_authenticated or user.pk is None:
        return NOBODY
    row = _facts.first(user_id=user.pk)
    if row is None:
        return NOBODY
    return NavFacts(unread=row[0] or 0, manages_shops=bool(row[1]), unread_rows=row[2] or 0)
