"""Badges: who deserves each one now (the rules), and who holds them (for names and pages).

The rules, each computed in one or a few grouped queries over the whole site:

- **Top fan of <shop>**: the most engagement with the shop's posts in the last 30 days, one
  point each for a like, a comment, a repost, a share link made and a poll vote on them (the
  shop's own team never counts). One holder per shop, like Foursquare's mayor: a challenger
  takes the badge only with strictly more points than the holder has now (ties keep the
  holder; among new challengers the earliest account wins). At least one point is needed.
- **First purchase**: has paid for an order (paid, shipped, delivered or refunded later); kept.
- **Trendsetter**: voted for the winning option of a closed poll; kept.
- **Verified buyer at <shop>**: has an order at the shop that is paid and not refunded in
  full; lost when the last such order is refunded.
- **Creator**: at least CREATOR_MIN_POSTS public posts of their own that tag a product and
  each drew at least CREATOR_MIN_ENGAGEMENT likes, comments, reposts and shares together.
- **Expert**: in the last 90 days, at least EXPERT_MIN_ANSWERED comments (visible, on posts or
  products) that someone else replied to: people come back to what they say. (Comments carry
  no likes here, so replies from others stand for them.)

Badges are lost when the rule stops holding (except the two kept ones).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Exists, F, OuterRef, QuerySet
from django.utils.translation import gettext as _

from agora.commerce.models import Order
from agora.commerce.selectors.orders import PAID_STATUSES
from agora.core.prepared import prepared
from agora.engagement.models import Award, PollVote
from agora.shops.models import ShopMember
from agora.social.models import Comment, Like, Post, Repost, ShareLink

if TYPE_CHECKING:
    from agora.shops.models import Shop

TOP_FAN_WINDOW = timedelta(days=30)
TOP_FAN_MIN_SCORE = 1
CREATOR_MIN_POSTS = 3
CREATOR_MIN_ENGAGEMENT = 3
EXPERT_WINDOW = timedelta(days=90)
EXPERT_MIN_ANSWERED = 5
# Badges a person keeps once earned.
KEPT = frozenset({Award.Kind.FIRST_PURCHASE, Award.Kind.TRENDSETTER})
# The order badges show in next to a name.
ORDER = [
    Award.Kind.TOP_FAN,
    Award.Kind.EXPERT,
    Award.Kind.CREATOR,
    Award.Kind.TRENDSETTER,
    Award.Kind.VERIFIED_BUYER,
    Award.Kind.FIRST_PURCHASE,
]

# {(kind, shop id or None): {holder id: score}}
type Deserved = dict[tuple[str, int | None], dict[int, int]]


# --- the rules ---------------------------------------------------------------------------
def top_fan_scores(*, now: datetime) -> dict[int, dict[int, int]]:
    """{shop id: {person id: points}} over the last 30 days (five grouped queries)."""
    since = now - TOP_FAN_WINDOW
    scores: dict[int, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    sources: list[tuple[Any, str, str]] = [
        (Like.objects.filter(created_at__gte=since), "post__author__shop", "user"),
        (
            Comment.objects.filter(created_at__gte=since, post__isnull=False, is_hidden=False),
            "post__author__shop",
            "author",
        ),
        (Repost.objects.filter(created_at__gte=since), "post__author__shop", "user"),
        (
            ShareLink.objects.filter(created_at__gte=since, post__isnull=False),
            "post__author__shop",
            "sharer",
        ),
        (PollVote.objects.filter(created_at__gte=since), "poll__post__author__shop", "voter"),
    ]
    for qs, shop_key, person_key in sources:
        rows = (
            qs.filter(**{f"{shop_key}__isnull": False})
            .order_by()
            .values_list(shop_key, person_key)
            .annotate(n=Count("pk"))
        )
        for shop_id, person_id, n in rows:
            scores[shop_id][person_id] += n
    team = ShopMember.objects.filter(shop_id__in=list(scores)).values_list("shop_id", "user_id")
    for shop_id, user_id in team:
        scores[shop_id].pop(user_id, None)
    return {shop: dict(people) for shop, people in scores.items()}


def top_fan_winner(scores: dict[int, int], *, holder: int | None) -> int | None:
    """The top fan among {person id: points}: the holder keeps it unless someone has strictly
    more; otherwise the most points, the lowest id (earliest account) among ties."""
    best = max(scores.values(), default=0)
    if best < TOP_FAN_MIN_SCORE:
        return None
    if holder is not None and scores.get(holder, 0) >= best:
        return holder
    return min(pk for pk, n in scores.items() if n == best)


def _paid_buyers(statuses: tuple[str, ...]) -> Any:
    return Order.objects.filter(status__in=statuses, buyer__isnull=False).order_by()


def deserved(*, now: datetime, top_fans: Mapping[int, int]) -> Deserved:
    """Who deserves which badge now. `top_fans`: the current top fan of each shop (the mayor
    rule needs them)."""
    result: Deserved = defaultdict(dict)
    for shop_id, scores in top_fan_scores(now=now).items():
        winner = top_fan_winner(scores, holder=top_fans.get(shop_id))
        if winner is not None:
            result[(Award.Kind.TOP_FAN, shop_id)][winner] = scores[winner]
    for buyer in _paid_buyers(PAID_STATUSES).values_list("buyer_id", flat=True).distinct():
        result[(Award.Kind.FIRST_PURCHASE, None)][buyer] = 0
    standing = tuple(s for s in PAID_STATUSES if s != Order.Status.REFUNDED)
    for buyer, shop_id in _paid_buyers(standing).values_list("buyer_id", "shop_id").distinct():
        result[(Award.Kind.VERIFIED_BUYER, shop_id)][buyer] = 0
    trend = (
        PollVote.objects.filter(poll__closed_at__isnull=False, option_id=F("poll__winner_id"))
        .order_by()
        .values_list("voter_id", flat=True)
        .distinct()
    )
    for voter in trend:
        result[(Award.Kind.TRENDSETTER, None)][voter] = 0
    creators = (
        Post.objects.filter(
            visibility=Post.Visibility.PUBLIC,
            is_hidden=False,
            author__user__isnull=False,
            product_tags__isnull=False,
        )
        .annotate(
            engagement=F("like_count") + F("comment_count") + F("repost_count") + F("share_count")
        )
        .filter(engagement__gte=CREATOR_MIN_ENGAGEMENT)
        .order_by()
        .values("created_by")
        .annotate(n=Count("pk", distinct=True))
        .filter(n__gte=CREATOR_MIN_POSTS)
        .values_list("created_by", "n")
    )
    for person, n in creators:
        result[(Award.Kind.CREATOR, None)][person] = n
    answered = Exists(
        Comment.objects.filter(parent=OuterRef("pk"), is_hidden=False).exclude(
            author=OuterRef("author")
        )
    )
    experts = (
        Comment.objects.filter(created_at__gte=now - EXPERT_WINDOW, is_hidden=False)
        .filter(answered)
        .order_by()
        .values("author")
        .annotate(n=Count("pk"))
        .filter(n__gte=EXPERT_MIN_ANSWERED)
        .values_list("author", "n")
    )
    for person, n in experts:
        result[(Award.Kind.EXPERT, None)][person] = n
    return result


def current_awards() -> list[Award]:
    """Every badge held now, with holder and shop (and their handles)."""
    return list(
        Award.objects.filter(until__isnull=True)
        .select_related("holder__actor", "shop__actor")
        .order_by("pk")
    )


# --- showing badges --------------------------------------------------------------------------
# A badge as names show it: (kind, the shop's name or ""). A person's badges as a sorted tuple
# of these say everything their line shows, so the line's HTML can be kept per tuple.
type BadgeKey = tuple[str, str]


def badge_label(kind: str, shop_name: str) -> str:
    """The badge's label in the active language."""
    if kind == Award.Kind.TOP_FAN:
        return _("Top fan of %(shop)s") % {"shop": shop_name}
    if kind == Award.Kind.VERIFIED_BUYER:
        return _("Verified buyer at %(shop)s") % {"shop": shop_name}
    return str(Award.Kind(kind).label)


@dataclass
class BadgeView:
    kind: str
    shop: Shop | None
    since: datetime

    @property
    def label(self) -> str:
        return badge_label(self.kind, self.shop.name if self.shop is not None else "")


def _views(rows: list[Award]) -> list[BadgeView]:
    rank: dict[str, int] = {str(kind): i for i, kind in enumerate(ORDER)}
    views = [BadgeView(kind=a.kind, shop=a.shop, since=a.since) for a in rows]
    return sorted(views, key=lambda v: (rank.get(v.kind, 99), v.label))


def badges_of_people(*, user_ids: list[int]) -> dict[int, list[BadgeView]]:
    """{person id: their badges now, most notable first}: one query."""
    if not user_ids:
        return {}
    found: dict[int, list[Award]] = defaultdict(list)
    for award in Award.objects.filter(until__isnull=True, holder_id__in=user_ids).select_related(
        "shop"
    ):
        found[award.holder_id].append(award)
    return {pk: _views(rows) for pk, rows in found.items()}


@prepared(actor_ids=list[int])
def _actor_badge_rows(*, actor_ids: list[int]) -> QuerySet[Award, tuple[Any, ...]]:
    """(handle id, kind, shop name) of each badge held now by these handles' people."""
    return (
        Award.objects.filter(until__isnull=True, holder__actor_id__in=actor_ids)
        .order_by()
        .values_list("holder__actor_id", "kind", "shop__name")
    )


def badge_keys_of_actors(*, actor_ids: list[int]) -> dict[int, tuple[BadgeKey, ...]]:
    """{handle id: their badges now as sorted (kind, shop name or "") pairs} for people's
    handles (shops hold none; handles without badges are left out): one query, its SQL
    compiled once, no model instances."""
    found: dict[int, list[BadgeKey]] = defaultdict(list)
    for actor_id, kind, shop_name in _actor_badge_rows(actor_ids=actor_ids):
        found[actor_id].append((kind, shop_name or ""))
    return {pk: tuple(sorted(keys)) for pk, keys in found.items()}


def badge_holders(*, kind: str, limit: int = 100) -> list[Award]:
    """The people holding this badge now (newest holding first), with shop and handle."""
    return list(
        Award.objects.filter(kind=kind, until__isnull=True, holder__is_active=True)
        .select_related("holder", "holder__avatar", "shop")
        .order_by("-since", "-pk")[:limit]
    )


def badge_history(*, kind: str, limit: int = 50) -> list[Award]:
    """Holdings of this badge that ended, most recent end first."""
    return list(
        Award.objects.filter(kind=kind, until__isnull=False, holder__is_active=True)
        .select_related("holder", "shop")
        .order_by("-until", "-pk")[:limit]
    )


def top_fan_of(*, shop: Shop) -> Award | None:
    """The shop's top fan now, if any."""
    return (
        Award.objects.filter(kind=Award.Kind.TOP_FAN, shop=shop, until__isnull=True)
        .select_related("holder")
        .first()
    )
