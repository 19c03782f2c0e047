"""What the site header shows about the signed-in person on every page: their unread
notifications (the stored count, and the unread rows the notifications page shows, where
"Ana and 10 others liked your post" is one row) and whether they run a shop (the Dashboard
link), read in one query.

Counting the unread rows (grouping the latest notifications) is most of that query's cost, and
it changes with the stored count: the last count of rows is kept in the cache beside the
stored count it was made for, and the query only counts again when the stored count has
moved since (a new notification, some read, one hidden). A change that leaves the stored count
where it was (one notification gone as another arrives) shows within `ROWS_SECONDS`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.cache import cache
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


ROWS_SECONDS = 60
_KNOWN = -1  # the rows column when the stored count is the one the kept count was made for
_NOTHING_KEPT = -2  # `known` without a kept count: no stored count equals it


def _facts_query(user: User, *, known: int = _NOTHING_KEPT) -> QuerySet[User, tuple[Any, ...]]:
    """The person's row with their stored unread count, whether they own or staff an active
    shop (the shops app's own definition) and the unread rows of their notifications page (a
    bounded read of their latest notifications on the (recipient, -id) index): 0 when the
    stored count says nothing is unread, `_KNOWN` when it equals `known` (the count the
    caller's kept rows were made for)."""
    unread = NotificationCounter.objects.filter(user_id=OuterRef("pk")).values("unread")[:1]
    managed = Exists(shops_managed_by(user).order_by())
    return (
        User.objects.filter(pk=user.pk)
        .annotate(unread=Subquery(unread), manages=managed)
        .annotate(
            rows=Case(
                When(Q(unread__isnull=True) | Q(unread__lte=0), then=Value(0)),
                When(Q(unread=known), then=Value(_KNOWN)),
                default=unread_rows(OuterRef("pk")),
            )
        )
        .values_list("unread", "manages", "rows")[:1]
    )


@prepared(user_id=int, known=int)
def _facts(*, user_id: int, known: int) -> QuerySet[User, tuple[Any, ...]]:
    """The header's query, compiled once per process (`core.prepared`): building it through
    the ORM costs far more than running it, on every page."""
    return _facts_query(User(pk=user_id), known=known)


def _rows_key(user_id: int) -> str:
    return f"agora:nav-rows:1:{user_id}"


def nav_facts(user: User | AnonymousUser | None) -> NavFacts:
    """The header's facts about `user`: one query (the person's row with their stored unread
    count, whether they own or staff an active shop, and their unread rows unless the kept
    count still stands) and one cache read; none for a visitor."""
    if user is None or not user.is_authenticated or user.pk is None:
        return NOBODY
    kept = cache.get(_rows_key(user.pk))  # (stored count, unread rows) or None
    row = _facts.first(user_id=user.pk, known=kept[0] if kept else _NOTHING_KEPT)
    if row is None:
        return NOBODY
    unread, manages, rows = row[0] or 0, bool(row[1]), row[2] or 0
    if rows == _KNOWN and kept:
        rows = kept[1]
    elif unread > 0:
        cache.set(_rows_key(user.pk), (unread, rows), ROWS_SECONDS)
    return NavFacts(unread=unread, manages_shops=manages, unread_rows=rows)
