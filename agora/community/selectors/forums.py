"""Reads for communities: the lists, a community by slug (a shop's made on first visit), the
thread list (pinned first, then latest activity) and a thread's replies, each page with what
its rows share fetched once: authors, photos, tagged products with their cards' facts,
reaction counts and the viewer's own reactions and follows.

Query budget of a page of threads or replies, whatever its size: the rows (1), photos (1),
product tags (1) and their covers (1), reaction counts (1), the viewer's reactions (1) and
follows (1, threads only)."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Q, QuerySet

from agora.community.models import (
    REACTION_EMOJI,
    Community,
    Membership,
    Reaction,
    Reply,
    Thread,
    ThreadFollow,
    ThreadMedia,
    ThreadProduct,
)
from agora.core.pagination import Page, clamp_limit, decode_keys, encode_cursor, paginate
from agora.moderation.selectors import is_moderator
from agora.shops.models import Shop
from agora.social.selectors.posts import attach_covers, available_of

if TYPE_CHECKING:
    from agora.accounts.models import User
    from agora.social.selectors.posts import Viewer

THREAD_CURSOR = "f1"
_SLUG = re.compile(r"[a-z0-9_-]{1,40}")
COMMUNITY_CURSOR = "m1"


def _person(viewer: Viewer) -> User | None:
    return viewer if viewer is not None and viewer.is_authenticated else None


# --- communities --------------------------------------------------------------------------------
def visible_communities() -> QuerySet[Community]:
    """Topic communities and those of active shops."""
    return Community.objects.filter(Q(shop__isnull=True) | Q(shop__is_active=True))


def community_by_slug(*, slug: str) -> Community | None:
    """The visible community at `slug`; a shop's community is made on its first visit when the
    shop predates communities."""
    slug = (slug or "").lower()
    if not _SLUG.fullmatch(slug):
        return None  # no community has such an address (and no NUL reaches the database)
    found = visible_communities().select_related("shop").filter(slug=slug).first()
    if found is not None:
        return found
    shop = Shop.objects.filter(handle__iexact=slug, is_active=True).first()
    if shop is None or Community.objects.filter(shop=shop).exists():
        return None
    from agora.community.services.forums import shop_community_ensure  # noqa: PLC0415

    community = shop_community_ensure(shop=shop)
    return community if community.slug == slug else None


def communities_page(*, cursor: str | None, limit: int | str | None) -> Page:
    """Visible communities, most members first (keyset on member count and id)."""
    size = clamp_limit(limit)
    qs = visible_communities().select_related("shop").order_by("-member_count", "-id")
    keys = decode_keys(cursor, kind=COMMUNITY_CURSOR, size=2)
    if keys is not None:
        count, pk = keys
        qs = qs.filter(Q(member_count__lt=count) | Q(member_count=count, id__lt=pk))
    rows = list(qs[: size + 1])
    more = len(rows) > size
    rows = rows[:size]
    last = rows[-1] if rows else None
    next_cursor = (
        encode_cursor(last.member_count, last.pk, kind=COMMUNITY_CURSOR) if more and last else None
    )
    return Page(items=rows, next_cursor=next_cursor)


def communities_joined(*, user: User, limit: int = 100) -> list[Community]:
    """The communities the person joined, latest first."""
    ids = Membership.objects.filter(person=user).order_by("-id").values("community_id")[:limit]
    return list(
        visible_communities().select_related("shop").filter(pk__in=ids).order_by("-member_count")
    )


def member_of(*, user: Viewer, community_ids: Sequence[int]) -> set[int]:
    """Which of these communities the viewer joined (one query; none for visitors)."""
    person = _person(user)
    if person is None or not community_ids:
        return set()
    return set(
        Membership.objects.filter(person=person, community_id__in=community_ids).values_list(
            "community_id", flat=True
        )
    )


# --- threads ------------------------------------------------------------------------------------
def visible_threads(viewer: Viewer) -> QuerySet[Thread]:
    """Threads of visible communities; hidden ones only for moderators."""
    qs = Thread.objects.filter(Q(community__shop__isnull=True) | Q(community__shop__is_active=True))
    if not is_moderator(viewer):
        qs = qs.filter(is_hidden=False)
    return qs.select_related("community", "community__shop", "author", "author__avatar")


def thread_for_viewer(*, thread_id: int, viewer: Viewer) -> Thread | None:
    """The thread if the viewer may see it (else None → 404)."""
    return visible_threads(viewer).filter(pk=thread_id).first()


def reply_for_viewer(*, reply_id: int, viewer: Viewer) -> Reply | None:
    """The reply if the viewer may see it and its thread (else None → 404)."""
    qs = Reply.objects.select_related(
        "thread",
        "thread__community",
        "author",
        "author__avatar",
        "quote",
        "quote__author",
        "quote__author__avatar",
    ).filter(pk=reply_id, thread__in=visible_threads(viewer).values("pk"))
    if not is_moderator(viewer):
        qs = qs.filter(is_hidden=False)
    return qs.first()


@dataclass
class ThreadPage(Page):
    """A page of threads or replies and what the viewer has among them."""

    media: dict[int, list[Any]] = field(default_factory=dict)
    products: dict[int, list[Any]] = field(default_factory=dict)
    reactions: dict[int, dict[str, int]] = field(default_factory=dict)
    mine: dict[int, set[str]] = field(default_factory=dict)
    following: set[int] = field(default_factory=set)


def _reaction_facts(
    viewer: Viewer, *, on: str, ids: list[int]
) -> tuple[dict[int, dict[str, int]], dict[int, set[str]]]:
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    mine: dict[int, set[str]] = defaultdict(set)
    if not ids:
        return counts, mine
    rows = (
        Reaction.objects.filter(**{f"{on}_id__in": ids})
        .values_list(f"{on}_id", "kind")
        .annotate(n=Count("id"))
        .order_by()
    )
    for target_id, kind, n in rows:
        counts[target_id][kind] = n
    person = _person(viewer)
    if person is not None:
        for target_id, kind in Reaction.objects.filter(
            person=person, **{f"{on}_id__in": ids}
        ).values_list(f"{on}_id", "kind"):
            mine[target_id].add(kind)
    return counts, mine


def reaction_counts(counts: dict[str, int]) -> dict[str, int]:
    """Every kind with its count (0 when none), in the shown order."""
    return {kind: counts.get(kind, 0) for kind in REACTION_EMOJI}


def _attach_threads(page: ThreadPage, viewer: Viewer) -> ThreadPage:
    ids = [t.pk for t in page.items]
    if not ids:
        return page
    for tm in ThreadMedia.objects.filter(thread_id__in=ids).select_related("media"):
        page.media.setdefault(tm.thread_id, []).append(tm.media)
    tags = list(
        ThreadProduct.objects.filter(thread_id__in=ids)
        .select_related("product", "product__shop")
        .defer("product__description", "product__options")
        .annotate(product_available=available_of("product_id"))
        .order_by("position", "id")
    )
    for tag in tags:
        tag.product.available = tag.product_available  # type: ignore[attr-defined]
    attach_covers([tag.product for tag in tags])  # type: ignore[misc]
    for tag in tags:
        if tag.product.status == "active":
            page.products.setdefault(tag.thread_id, []).append(tag.product)
    page.reactions, page.mine = _reaction_facts(viewer, on="thread", ids=ids)
    person = _person(viewer)
    if person is not None:
        page.following = set(
            ThreadFollow.objects.filter(person=person, thread_id__in=ids).values_list(
                "thread_id", flat=True
            )
        )
    return page


def _thread_keys(thread: Thread) -> tuple[int, int, int]:
    return int(thread.is_pinned), thread.activity, thread.pk


def threads_page(
    *, community: Community, viewer: Viewer, cursor: str | None, limit: int | str | None
) -> ThreadPage:
    """The community's threads: pinned first, then latest activity, then newest."""
    size = clamp_limit(limit)
    qs = (
        visible_threads(viewer)
        .filter(community=community)
        .order_by("-is_pinned", "-activity", "-id")
    )
    keys = decode_keys(cursor, kind=THREAD_CURSOR, size=3)
    if keys is not None:
        pinned, activity, pk = keys
        qs = qs.filter(
            Q(is_pinned__lt=bool(pinned))
            | Q(is_pinned=bool(pinned), activity__lt=activity)
            | Q(is_pinned=bool(pinned), activity=activity, id__lt=pk)
        )
    rows = list(qs[: size + 1])
    more = len(rows) > size
    rows = rows[:size]
    next_cursor = (
        encode_cursor(*_thread_keys(rows[-1]), kind=THREAD_CURSOR) if more and rows else None
    )
    return _attach_threads(ThreadPage(items=rows, next_cursor=next_cursor), viewer)


def thread_page(*, thread: Thread, viewer: Viewer) -> ThreadPage:
    """One thread with its photos, products, reactions and the viewer's follow."""
    return _attach_threads(ThreadPage(items=[thread], next_cursor=None), viewer)


def product_threads_page(
    *, product_id: int, viewer: Viewer, cursor: str | None, limit: int | str | None
) -> ThreadPage:
    """Visible threads tagging the product, newest first."""
    qs = visible_threads(viewer).filter(
        pk__in=ThreadProduct.objects.filter(product_id=product_id).values("thread_id")
    )
    page = paginate(qs, cursor=cursor, limit=limit)
    return _attach_threads(ThreadPage(items=page.items, next_cursor=page.next_cursor), viewer)


def product_thread_count(*, product_id: int) -> int:
    """How many visible threads tag the product (one query)."""
    return (
        ThreadProduct.objects.filter(
            product_id=product_id,
            thread__is_hidden=False,
        )
        .filter(
            Q(thread__community__shop__isnull=True) | Q(thread__community__shop__is_active=True)
        )
        .count()
    )


def replies_page(
    *, thread: Thread, viewer: Viewer, cursor: str | None, limit: int | str | None
) -> ThreadPage:
    """The thread's replies, oldest first, each with its author and the reply it quotes
    (that reply's own text only: quotes are one level deep)."""
    qs = Reply.objects.filter(thread=thread).select_related(
        "author", "author__avatar", "quote", "quote__author", "quote__author__avatar"
    )
    if not is_moderator(viewer):
        qs = qs.filter(is_hidden=False)
    page = paginate(qs, cursor=cursor, limit=limit, newest_first=False)
    result = ThreadPage(items=page.items, next_cursor=page.next_cursor)
    result.reactions, result.mine = _reaction_facts(
        viewer, on="reply", ids=[r.pk for r in page.items]
    )
    return result


def reply_page(*, reply: Reply, viewer: Viewer) -> ThreadPage:
    """One reply with its reaction counts and the viewer's reactions."""
    page = ThreadPage(items=[reply], next_cursor=None)
    page.reactions, page.mine = _reaction_facts(viewer, on="reply", ids=[reply.pk])
    return page


def is_following(*, user: Viewer, thread: Thread) -> bool:
    """Whether the viewer follows the thread."""
    person = _person(user)
    return person is not None and ThreadFollow.objects.filter(thread=thread, person=person).exists()
