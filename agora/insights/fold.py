"""The pure fold: engagement events (and what they point at) into additive daily deltas.

Used twice with the same code, so the two can never disagree: the rollup adds the deltas of
the events up to its watermark to the daily rows, and the selectors fold the events after the
watermark (the live tail) in memory at read time. `fold` reads nothing; `lookups_read` reads
what a batch of events points at (posts, products, order lines, refunds) in one query each.

Mapping (scope, key): an event counts for its shop (the event's shop, else the post's or
product's), its post or product, and the person who wrote the post (when a person did);
follows of a person count for that person. An order counts when paid, on the day it was paid:
the shop gets the order total; each line's post, product, creator and sharer get the line
total ("attributed"). A refund is taken off the same day and keys, line by line.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import NamedTuple

from django.db.models import QuerySet

from agora.analytics.models import Event
from agora.catalog.models import Product
from agora.commerce.models import OrderLine, Refund
from agora.insights.report import FUNNEL_KEYS
from agora.social.models import Post

# The columns read from Event, in this order (EventRow's fields).
EVENT_COLUMNS = (
    "pk",
    "kind",
    "object_type",
    "object_id",
    "shop_id",
    "visitor_hash",
    "via",
    "amount",
    "currency",
    "created_at",
)

# Event kind -> the DailyCount column it adds one to.
KIND_FIELDS = {
    "view": "views",
    "like": "likes",
    "unlike": "unlikes",
    "comment": "comments",
    "repost": "reposts",
    "share": "shares",
    "share_click": "share_clicks",
    "vote": "votes",
    "follow": "follows",
    "unfollow": "unfollows",
    "cart_add": "cart_adds",
    "checkout": "checkouts",
}
FOLDED_KINDS = (*KIND_FIELDS, "order_paid", "refund")

ScopeKey = tuple[str, int]
DayKey = tuple[str, int, date]
MoneyKey = tuple[str, int, date, str, int]  # scope, key, day, currency, selling shop
SourceKey = tuple[str, int, date, str]
VisitorKey = tuple[str, int, date, str, str]  # scope, key, day, step, visitor hash


class EventRow(NamedTuple):
    pk: int
    kind: str
    object_type: str
    object_id: int
    shop_id: int | None
    visitor_hash: str
    via: str
    amount: int | None
    currency: str
    created_at: datetime


class Line(NamedTuple):
    """An order line as the fold needs it."""

    id: int
    post_id: int | None
    product_id: int
    creator_id: int | None
    sharer_id: int | None
    total: int


@dataclass(frozen=True)
class OrderInfo:
    shop_id: int
    currency: str
    total: int
    paid_day: date | None
    lines: tuple[Line, ...]


@dataclass(frozen=True)
class RefundInfo:
    order_id: int
    amount: int
    currency: str
    lines: tuple[tuple[int, int], ...]  # (order line id, amount)


@dataclass
class Lookups:
    """What a batch of events points at."""

    posts: dict[int, tuple[int, int]] = field(default_factory=dict)  # post -> (shop, person)
    products: dict[int, int] = field(default_factory=dict)  # product -> shop
    orders: dict[int, OrderInfo] = field(default_factory=dict)
    refunds: dict[int, RefundInfo] = field(default_factory=dict)


@dataclass
class Deltas:
    """What a batch of events adds: counts per column, money (orders, gross, refunded),
    views per source, the visitors seen per step (made distinct against the stored ones by
    whoever applies them), and who owns each post or product row (shop, person)."""

    counts: dict[DayKey, dict[str, int]] = field(default_factory=lambda: defaultdict(dict))
    money: dict[MoneyKey, list[int]] = field(default_factory=dict)
    sources: dict[SourceKey, int] = field(default_factory=lambda: defaultdict(int))
    visitors: set[VisitorKey] = field(default_factory=set)
    owners: dict[ScopeKey, tuple[int, int]] = field(default_factory=dict)

    def add(self, key: DayKey, column: str, n: int = 1) -> None:
        row = self.counts[key]
        row[column] = row.get(column, 0) + n

    def add_money(self, key: MoneyKey, *, orders: int = 0, gross: int = 0, refunded: int = 0):
        row = self.money.setdefault(key, [0, 0, 0])
        row[0] += orders
        row[1] += gross
        row[2] += refunded


def visitor_digest(scope: str, key: int, step: str, visitor_hash: str) -> int:
    """The signed 64-bit digest a DailyVisitor row stores for (scope, key, step, visitor)."""
    raw = hashlib.blake2b(f"{scope}:{key}:{step}:{visitor_hash}".encode(), digest_size=8).digest()
    return int.from_bytes(raw, "big", signed=True)


def utc_day(moment: datetime) -> date:
    return moment.astimezone(UTC).date()


def _owner(scope: str, key: int, lookups: Lookups) -> tuple[int, int]:
    if scope == "post":
        return lookups.posts.get(key, (0, 0))
    if scope == "product":
        return (lookups.products.get(key, 0), 0)
    return (0, 0)


def _targets(e: EventRow, lookups: Lookups) -> list[ScopeKey]:
    """The (scope, key) pairs a non-money event counts for."""
    out: list[ScopeKey] = []
    shop = e.shop_id or 0
    if e.object_type == "post":
        post_shop, person = lookups.posts.get(e.object_id, (0, 0))
        shop = shop or post_shop
        out.append(("post", e.object_id))
        if person:
            out.append(("person", person))
    elif e.object_type == "product":
        shop = shop or lookups.products.get(e.object_id, 0)
        out.append(("product", e.object_id))
    elif e.object_type == "person" and e.kind in ("follow", "unfollow"):
        out.append(("person", e.object_id))
    if shop:
        out.insert(0, ("shop", shop))
    return out


def _line_keys(line: Line) -> list[ScopeKey]:
    keys: list[ScopeKey] = [("product", line.product_id)]
    if line.post_id:
        keys.append(("post", line.post_id))
    for person in {line.creator_id, line.sharer_id} - {None}:
        keys.append(("person", int(person)))  # type: ignore[arg-type]
    return keys


def _reached(out: Deltas, where: tuple[str, int, date], step: str, visitor_hash: str) -> None:
    """A visitor at a funnel step has reached every step before it too (someone who buys
    straight from a post never opened the product page, yet got past it): each step counts
    the visitors who got at least that far, so no step has more than the one before."""
    scope, key, day = where
    for earlier in FUNNEL_KEYS[: FUNNEL_KEYS.index(step) + 1]:
        out.visitors.add((scope, key, day, earlier, visitor_hash))


def _fold_paid(e: EventRow, lookups: Lookups, out: Deltas) -> None:
    info = lookups.orders.get(e.object_id)
    if info is None:  # the order is gone: what the event itself says
        if e.shop_id and e.amount is not None:
            day = utc_day(e.created_at)
            out.add(("shop", e.shop_id, day), "orders")
            out.add_money(("shop", e.shop_id, day, e.currency, e.shop_id), orders=1, gross=e.amount)
        return
    day = info.paid_day or utc_day(e.created_at)
    shop = info.shop_id
    gross: dict[ScopeKey, int] = defaultdict(int)
    gross[("shop", shop)] += info.total
    for line in info.lines:
        for target in _line_keys(line):
            gross[target] += line.total
    for (scope, key), amount in gross.items():
        out.add((scope, key, day), "orders")
        out.add_money((scope, key, day, info.currency, shop), orders=1, gross=amount)
        if e.visitor_hash:
            _reached(out, (scope, key, day), "paid", e.visitor_hash)
        out.owners.setdefault((scope, key), _owner(scope, key, lookups))


def _fold_refund(e: EventRow, lookups: Lookups, out: Deltas) -> None:
    info = lookups.refunds.get(e.object_id)
    order = lookups.orders.get(info.order_id) if info else None
    if info is None or order is None:
        if e.shop_id and e.amount is not None:
            day = utc_day(e.created_at)
            out.add_money(("shop", e.shop_id, day, e.currency, e.shop_id), refunded=e.amount)
        return
    day = order.paid_day or utc_day(e.created_at)
    shop = order.shop_id
    out.add_money(("shop", shop, day, info.currency, shop), refunded=info.amount)
    lines = {line.id: line for line in order.lines}
    for line_id, amount in info.lines:
        line = lines.get(line_id)
        if line is None or not amount:
            continue
        for scope, key in _line_keys(line):
            out.add_money((scope, key, day, info.currency, shop), refunded=amount)
            out.owners.setdefault((scope, key), _owner(scope, key, lookups))


def fold(events: Iterable[EventRow], lookups: Lookups) -> Deltas:
    """The deltas of `events` (pure: reads only `lookups`)."""
    out = Deltas()
    for e in events:
        if e.kind == "order_paid":
            _fold_paid(e, lookups, out)
            continue
        if e.kind == "refund":
            _fold_refund(e, lookups, out)
            continue
        column = KIND_FIELDS.get(e.kind)
        if column is None:
            continue
        day = utc_day(e.created_at)
        step = {
            "cart_add": "cart_add",
            "checkout": "checkout",
        }.get(e.kind)
        if e.kind == "view" and e.object_type in ("post", "product"):
            step = f"{e.object_type}_view"
        for scope, key in _targets(e, lookups):
            out.add((scope, key, day), column)
            out.owners.setdefault((scope, key), _owner(scope, key, lookups))
            if e.kind == "view":
                out.sources[(scope, key, day, e.via or "direct")] += 1
                if e.visitor_hash:
                    out.visitors.add((scope, key, day, "viewers", e.visitor_hash))
            if step and e.visitor_hash:
                _reached(out, (scope, key, day), step, e.visitor_hash)
    return out


# --- reading what the events point at ------------------------------------------------------


def events_after(mark: int, *, limit: int) -> list[EventRow]:
    """The events after `mark`, walking the primary key (no other condition, so no database
    picks another index and sorts), at most `limit`; the kinds nobody folds are kept too (the
    fold skips them) so the last row's id is where the next read starts."""
    return [EventRow(*row) for row in events_after_query(mark, limit=limit)]


def events_after_query(mark: int, *, limit: int) -> QuerySet:
    """The query `events_after` runs (its plan is tested on both databases)."""
    return Event.objects.filter(pk__gt=mark).order_by("pk").values_list(*EVENT_COLUMNS)[:limit]


def lookups_read(events: Sequence[EventRow]) -> Lookups:
    """Reads what `events` point at: refunds, then the order lines of the paid and refunded
    orders, then posts and products (at most four queries, none when nothing is needed)."""
    out = Lookups()
    refund_ids = {e.object_id for e in events if e.kind == "refund"}
    order_ids = {e.object_id for e in events if e.kind == "order_paid"}
    post_ids = {e.object_id for e in events if e.object_type == "post"}
    product_ids = {e.object_id for e in events if e.object_type == "product"}
    if refund_ids:
        for pk, order_id, amount, currency, lines in Refund.objects.filter(
            pk__in=refund_ids
        ).values_list("pk", "order_id", "amount", "currency", "lines"):
            parts = tuple(
                (int(ln.get("id", 0)), int(ln.get("amount", 0)))
                for ln in (lines or [])
                if isinstance(ln, dict)
            )
            out.refunds[pk] = RefundInfo(order_id, amount, currency, parts)
            order_ids.add(order_id)
    if order_ids:
        by_order: dict[int, list] = defaultdict(list)
        heads: dict[int, tuple] = {}
        for row in OrderLine.objects.filter(order_id__in=order_ids).values_list(
            "order_id",
            "order__shop_id",
            "order__currency",
            "order__total_amount",
            "order__paid_at",
            "pk",
            "post_id",
            "product_id",
            "creator_id",
            "sharer_id",
            "total_amount",
        ):
            heads[row[0]] = row[1:5]
            by_order[row[0]].append(Line(*row[5:]))
            if row[6]:
                post_ids.add(row[6])
        for order_id, (shop_id, currency, total, paid_at) in heads.items():
            out.orders[order_id] = OrderInfo(
                shop_id,
                currency,
                total,
                utc_day(paid_at) if paid_at else None,
                tuple(by_order[order_id]),
            )
    if post_ids:
        for pk, shop_id, person_id in Post.objects.filter(pk__in=post_ids).values_list(
            "pk", "author__shop__id", "author__user__id"
        ):
            out.posts[pk] = (shop_id or 0, person_id or 0)
    if product_ids:
        out.products = dict(Product.objects.filter(pk__in=product_ids).values_list("pk", "shop_id"))
    return out
