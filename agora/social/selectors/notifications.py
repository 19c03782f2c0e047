"""A person's notifications: a page with everything prefetched, groups, the unread count.

Notifications about hidden posts or comments, or from suspended accounts, disappear. A
share-click notification whose actor is the recipient's own handle came from an anonymous
visitor (the sharer never gets notified of their own clicks): it shows no actor ("someone").
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.db.models import CharField, Count, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Cast, Coalesce, Concat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext_lazy

from agora.accounts.selectors import viewer_stand_in
from agora.core.pagination import Page, clamp_limit, paginate
from agora.core.prepared import prepared
from agora.social.models import Notification, NotificationCounter
from agora.social.selectors.feed_rows import ACTOR_COLUMNS, AUTHOR_COLUMNS, actor_of
from agora.social.selectors.posts import (
    AUTHOR_RELATED,
    ViewerFacts,
    post_prefetches,
    viewer_facts,
    visible_posts,
)

if TYPE_CHECKING:
    from agora.accounts.models import User
    from agora.social.selectors.feed_rows import ActorRow

ACTOR_RELATED = ("actor", "actor__user", "actor__user__avatar", "actor__shop", "actor__shop__logo")
GROUP_WINDOW = 200  # groups are built from this many latest notifications
GROUP_ACTORS = 3


# What shows: not about a hidden post or comment, not from a suspended person or shop. The
# stored unread counts (services.notification_counts) count with this same filter.
SHOWN = (
    (Q(post__isnull=True) | Q(post__is_hidden=False))
    & (Q(comment__isnull=True) | Q(comment__is_hidden=False))
    & (Q(actor__user__is_active=True) | Q(actor__shop__is_active=True))
)
UNREAD_CAP = 99  # the header shows "99+" above this


def _visible(user: User) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient=user).filter(SHOWN)


def is_anonymous(notification: Notification, user: User) -> bool:
    """True for a share-click notification from an anonymous visitor (its actor is the
    recipient's own handle): it shows no actor."""
    return _anonymous(notification.kind, notification.actor_id, user)


def _anonymous(kind: str, actor_id: int | None, user: User) -> bool:
    return kind == Notification.Kind.SHARE_CLICK and actor_id == user.actor_id


@dataclass
class NotificationPage(Page):
    items: list[Notification]
    facts: ViewerFacts


def notifications_page(
    *, user: User, cursor: str | None = None, limit: int | str | None = None
) -> NotificationPage:
    """Newest first. A constant number of queries whatever the page size: the rows (with
    actor, comment, target and post author), post media and products (4), likes and reposts
    by the recipient (2)."""
    qs = (
        _visible(user)
        .select_related(
            *ACTOR_RELATED,
            "comment",
            "target",
            "target__shop",
            *(f"post__{r}" for r in AUTHOR_RELATED),
        )
        .prefetch_related(*post_prefetches("post__"))
    )
    page = paginate(qs, cursor=cursor, limit=limit)
    post_ids = sorted({n.post_id for n in page.items if n.post_id})
    return NotificationPage(
        items=page.items,
        next_cursor=page.next_cursor,
        facts=viewer_facts(viewer=user, post_ids=post_ids),
    )


def unread_count(user: User) -> int:
    """The user's unread notifications, those that disappeared (hidden, suspended) excluded:
    exact, read from the stored count (one query; none for a user without an id)."""
    if user.pk is None:
        return 0
    row = NotificationCounter.objects.filter(user_id=user.pk).values_list("unread", flat=True)
    return row.first() or 0


def unread_count_computed(user: User) -> int:
    """The same number counted from the notifications (a join over every unread one): what
    the stored count must equal; for tests and repairs, never for a page."""
    return _visible(user).filter(read_at__isnull=True).count()


def unread_rows(recipient: OuterRef) -> Coalesce:
    """How many rows of the notifications page are unread, as a subquery on `recipient` (an
    outer user id): the groups ("Ana and 10 others liked your post" is one) with an unread
    notification among the latest GROUP_WINDOW that show, the window `notification_groups`
    builds its rows from. Reads at most GROUP_WINDOW rows on the (recipient, -id) index."""
    window = (
        Notification.objects.filter(recipient=OuterRef(recipient))
        .filter(SHOWN)
        .order_by("-id")
        .values("pk")[:GROUP_WINDOW]
    )
    text = CharField()
    key = Concat(  # the group key of notification_groups, as one value
        "kind",
        Value("|"),
        Coalesce(Cast("post_id", text), Value("")),
        Value("|"),
        Coalesce(Cast("target_id", text), Value("")),
        Value("|"),
        "url",
        output_field=text,
    )
    groups = (
        Notification.objects.filter(recipient=recipient, read_at__isnull=True, pk__in=window)
        .order_by()
        .values("recipient")
        .annotate(n=Count(key, distinct=True))
        .values("n")
    )
    return Coalesce(Subquery(groups), Value(0))


def unread_badge(n: int) -> str:
    """The header badge's text: the count, "99+" above 99, "" for none."""
    if n <= 0:
        return ""
    return f"{UNREAD_CAP}+" if n > UNREAD_CAP else str(n)


# --- groups ("Ana and 3 others liked your post") ---------------------------------------------
@dataclass
class NotificationGroup:
    key: tuple
    kind: str
    post_id: int | None
    target: ActorRow | None  # the followed person or shop (follows)
    actors: list[ActorRow]  # the latest distinct actors, at most GROUP_ACTORS
    count: int  # distinct people (each anonymous visitor counts as one)
    latest_at: datetime
    read: bool
    ids: list[int]
    text: str = ""
    url: str = ""  # set for kinds about an upper app's object (a review, a thread)
    subject: str = ""


def actor_name(actor: ActorRow | None) -> str:
    """How a notification names its actor: the shop's name, the person's display name or
    username (`ActorRow.name`), "Someone" for no actor."""
    return str(_("Someone")) if actor is None else actor.name


K = Notification.Kind
# Whole sentences per kind (verbs agree with the number in French and German).
ONE = {
    K.LIKE: gettext_lazy("%(name)s liked your post"),
    K.COMMENT: gettext_lazy("%(name)s commented on your post"),
    K.REPLY: gettext_lazy("%(name)s replied to your comment"),
    K.REPOST: gettext_lazy("%(name)s reposted your post"),
    K.FOLLOW: gettext_lazy("%(name)s followed you"),
    "follow_shop": gettext_lazy("%(name)s followed %(shop)s"),
    K.MENTION: gettext_lazy("%(name)s mentioned you in a post"),
    K.SHARE_CLICK: gettext_lazy("%(name)s opened your shared link"),
    K.POLL_ON_SALE: gettext_lazy("%(name)s put what you voted for on sale"),
    K.CAMPAIGN_WIN: gettext_lazy("%(name)s picked your post as a campaign winner"),
    K.BADGE_EARNED: gettext_lazy("You earned a new badge"),
    "badge_earned_shop": gettext_lazy("You earned a badge at %(shop)s"),
    K.BADGE_LOST: gettext_lazy("You lost a badge"),
    "badge_lost_shop": gettext_lazy("You lost a badge at %(shop)s"),
    K.PARTNERSHIP_PROPOSED: gettext_lazy("%(name)s proposed a paid partnership"),
    K.PARTNERSHIP_ACCEPTED: gettext_lazy("%(name)s accepted your partnership proposal"),
    K.PARTNERSHIP_DECLINED: gettext_lazy("%(name)s declined your partnership proposal"),
    K.PARTNERSHIP_WITHDRAWN: gettext_lazy("%(name)s withdrew their partnership proposal"),
    K.PARTNERSHIP_ENDED: gettext_lazy("%(name)s ended your paid partnership"),
    K.REVIEW_REQUEST: gettext_lazy("How is %(subject)s? %(name)s would like your review"),
    K.REVIEW_REPLY: gettext_lazy("%(name)s replied to your review of %(subject)s"),
    K.QUESTION_ASKED: gettext_lazy("%(name)s asked a question about %(subject)s"),
    K.QUESTION_ANSWERED: gettext_lazy("%(name)s answered your question about %(subject)s"),
    K.THREAD_NEW: gettext_lazy("%(name)s started a thread: %(subject)s"),
    K.THREAD_REPLY: gettext_lazy("%(name)s replied in %(subject)s"),
}
MANY = {
    K.LIKE: ngettext_lazy(
        "%(name)s and %(count)d other liked your post",
        "%(name)s and %(count)d others liked your post",
        "count",
    ),
    K.COMMENT: ngettext_lazy(
        "%(name)s and %(count)d other commented on your post",
        "%(name)s and %(count)d others commented on your post",
        "count",
    ),
    K.REPLY: ngettext_lazy(
        "%(name)s and %(count)d other replied to your comment",
        "%(name)s and %(count)d others replied to your comment",
        "count",
    ),
    K.REPOST: ngettext_lazy(
        "%(name)s and %(count)d other reposted your post",
        "%(name)s and %(count)d others reposted your post",
        "count",
    ),
    K.FOLLOW: ngettext_lazy(
        "%(name)s and %(count)d other followed you",
        "%(name)s and %(count)d others followed you",
        "count",
    ),
    "follow_shop": ngettext_lazy(
        "%(name)s and %(count)d other followed %(shop)s",
        "%(name)s and %(count)d others followed %(shop)s",
        "count",
    ),
    K.MENTION: ngettext_lazy(
        "%(name)s and %(count)d other mentioned you in a post",
        "%(name)s and %(count)d others mentioned you in a post",
        "count",
    ),
    K.SHARE_CLICK: ngettext_lazy(
        "%(name)s and %(count)d other opened your shared link",
        "%(name)s and %(count)d others opened your shared link",
        "count",
    ),
    K.QUESTION_ANSWERED: ngettext_lazy(
        "%(name)s and %(count)d other answered your question about %(subject)s",
        "%(name)s and %(count)d others answered your question about %(subject)s",
        "count",
    ),
    K.THREAD_REPLY: ngettext_lazy(
        "%(name)s and %(count)d other replied in %(subject)s",
        "%(name)s and %(count)d others replied in %(subject)s",
        "count",
    ),
}
ANONYMOUS_MANY = ngettext_lazy(
    "%(count)d person opened your shared link",
    "%(count)d people opened your shared link",
    "count",
)


def group_text(
    *,
    kind: str,
    first: ActorRow | None,
    count: int,
    target: ActorRow | None = None,
    subject: str = "",
) -> str:
    """ "Ana liked your post", "Ana and 1 other liked your post", "Ana and 3 others …";
    for anonymous share clicks "Someone …" or "3 people opened your shared link"."""
    key = kind
    shop = ""
    if kind == K.FOLLOW and target is not None and target.kind == "shop":
        key, shop = "follow_shop", target.name
    if kind in (K.BADGE_EARNED, K.BADGE_LOST):
        # About the recipient's own badge (the actor is the shop, or the recipient): one line.
        count = 1
        if target is not None and target.kind == "shop":
            key, shop = f"{kind}_shop", target.name
    if first is None and count > 1:
        return str(ANONYMOUS_MANY % {"count": count})
    values = {"name": actor_name(first), "count": count - 1, "shop": shop, "subject": subject}
    if count <= 1:
        return str(ONE.get(key, "%(name)s") % values)
    return str(MANY.get(key, "%(name)s") % values)


@prepared(user=int)
def _window(*, user: int) -> QuerySet[Any, tuple[Any, ...]]:
    """The latest GROUP_WINDOW notifications that show, as values: each with its actor (and
    their picture) and its target, the followed actor (`actor_of` reads them)."""
    return (
        Notification.objects.filter(recipient_id=user)
        .filter(SHOWN)
        .order_by("-id")
        .values_list(
            "pk",
            "kind",
            "post_id",
            "target_id",
            "url",
            "subject",
            "actor_id",
            "read_at",
            "created_at",
            *(f"actor__{name}" for name in AUTHOR_COLUMNS),
            *(f"target__{name}" for name in ACTOR_COLUMNS),
        )[:GROUP_WINDOW]
    )


_ACTOR_AT = 9  # where a window row's actor columns start
_TARGET_AT = _ACTOR_AT + len(AUTHOR_COLUMNS)


def notification_groups(*, user: User, limit: int | str | None = None) -> list[NotificationGroup]:
    """Groups by (kind, post, followed actor) among the latest GROUP_WINDOW notifications,
    the most recent group first, their actors and targets as `ActorRow`s. One query whatever
    the size."""
    groups: dict[tuple, NotificationGroup] = {}
    # Per group, its distinct people in order: their row, or None for an anonymous visitor.
    people: dict[tuple, dict[tuple[str, int], tuple | None]] = {}
    for row in _window(user=user.pk):  # newest first
        pk, kind, post_id, target_id, url, subject, actor_id, read_at, created_at = row[:_ACTOR_AT]
        key = (kind, post_id, target_id, url)
        group = groups.get(key)
        if group is None:
            group = groups[key] = NotificationGroup(
                key=key,
                kind=kind,
                post_id=post_id,
                target=actor_of(row[_TARGET_AT:]),
                actors=[],
                count=0,
                latest_at=created_at,
                read=True,
                ids=[],
                url=url,
                subject=subject,
            )
            people[key] = {}
        anonymous = _anonymous(kind, actor_id, user)
        person = ("visitor", pk) if anonymous else ("actor", actor_id)
        if person not in people[key]:
            people[key][person] = None if anonymous else row
        group.ids.append(pk)
        group.read = group.read and read_at is not None
    result = list(groups.values())[: clamp_limit(limit)]
    for group in result:
        seen = list(people[group.key].values())
        group.count = len(seen)
        named = [row for row in seen if row is not None][:GROUP_ACTORS]
        group.actors = [a for a in (actor_of(r[_ACTOR_AT:_TARGET_AT]) for r in named) if a]
        group.text = group_text(
            kind=group.kind,
            first=group.actors[0] if group.actors else None,
            count=group.count,
            target=group.target,
            subject=group.subject,
        )
    return result


@prepared(viewer=int, actor=int, post_ids=list[int])
def _post_texts(
    *, shape: bool, viewer: int, actor: int = 0, post_ids: list[int]
) -> QuerySet[Any, tuple[Any, ...]]:
    looking = viewer_stand_in(user_id=viewer, actor_id=actor if shape else 0)
    return visible_posts(looking).filter(pk__in=post_ids).values_list("pk", "text")


def post_texts(*, user: User, post_ids: Iterable[int]) -> dict[int, str]:
    """{post id: text} of those of the posts the user may see (`visible_posts`): what the
    groups' excerpts quote. One query, none without posts."""
    ids = sorted(set(post_ids))
    if not ids:
        return {}
    actor = user.actor_id or 0
    rows = _post_texts(shape=bool(actor), viewer=user.pk, actor=actor, post_ids=ids)
    return dict(rows)
