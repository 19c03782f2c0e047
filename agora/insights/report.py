"""What a seller's analytics report holds: plain, frozen values that the API serialises, the
pages chart and tabulate, and the CSV export writes. The selectors build them from the daily
aggregates and the not-yet-rolled-up events; nothing here reads the database.

Counts are ints; rates are floats in 0..1 (None when undefined, e.g. no viewers); money is
integer minor units per ISO currency, never mixed across currencies.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Literal

Granularity = Literal["day", "week"]
Scope = Literal["shop", "post", "product", "person"]
Number = int | float | None

# The figures a report carries, in display order (each Figure.key is one of these).
COUNT_KEYS = (
    "views",
    "viewers",  # unique viewers: daily-rotating visitor hashes, distinct per day
    "likes",
    "comments",
    "reposts",
    "shares",
    "share_clicks",
    "votes",
    "follows",
    "unfollows",
    "cart_adds",
    "checkouts",
    "orders",
)
RATE_KEYS = (
    "engagement_rate",  # (likes + comments + reposts + shares + votes) / views
    "conversion_rate",  # orders / viewers
)
FUNNEL_KEYS = ("post_view", "product_view", "cart_add", "checkout", "paid")
# Where views came from: "share:<channel>" for the six share intents, then these.
SOURCE_KEYS = ("post", "search", "feed", "internal", "external", "direct")


@dataclass(frozen=True)
class Period:
    """An inclusive range of whole UTC days, cut into buckets of a day or an ISO week."""

    start: date
    end: date
    granularity: Granularity = "day"

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def previous(self) -> Period:
        """The period of the same length just before this one."""
        end = self.start - timedelta(days=1)
        return Period(end - timedelta(days=self.days - 1), end, self.granularity)

    def buckets(self) -> tuple[date, ...]:
        """The first day of each bucket. Weeks start on Monday; the first week's bucket starts
        at `start` when that is not a Monday."""
        if self.granularity == "day":
            return tuple(self.start + timedelta(days=i) for i in range(self.days))
        first = self.start - timedelta(days=self.start.weekday())
        out, day = [], first
        while day <= self.end:
            out.append(max(day, self.start))
            day += timedelta(days=7)
        return tuple(out)


@dataclass(frozen=True)
class Point:
    start: date  # the bucket's first day
    value: Number


@dataclass(frozen=True)
class Figure:
    key: str  # one of COUNT_KEYS or RATE_KEYS
    value: Number
    previous: Number  # the same figure over Period.previous
    series: tuple[Point, ...] = ()

    @property
    def kind(self) -> Literal["count", "rate"]:
        return "rate" if self.key in RATE_KEYS else "count"

    @property
    def change(self) -> float | None:
        """Relative change from the previous period (None when that was 0 or undefined)."""
        if self.value is None or not self.previous:
            return None
        return (self.value - self.previous) / self.previous


@dataclass(frozen=True)
class Money:
    """Revenue in one currency: gross paid orders, refunds booked back onto the day the order
    was paid, net = gross - refunded."""

    currency: str
    orders: int
    gross: int
    refunded: int
    previous_net: int
    series: tuple[Point, ...] = ()  # net per bucket

    @property
    def net(self) -> int:
        return self.gross - self.refunded

    @property
    def average_order(self) -> int | None:
        return round(self.gross / self.orders) if self.orders else None


@dataclass(frozen=True)
class Ranked:
    """A post or product in a top list."""

    kind: Literal["post", "product"]
    id: int
    title: str
    url: str
    views: int
    engagement: int  # likes + comments + reposts + shares + votes
    share_clicks: int
    orders: int
    revenue: tuple[tuple[str, int], ...] = ()  # (currency, net attributed), largest first


@dataclass(frozen=True)
class FunnelStep:
    key: str  # one of FUNNEL_KEYS
    visitors: int  # unique visitors at this step, summed over the period's days
    rate: float | None  # visitors / the previous step's visitors (None for the first or 0)


@dataclass(frozen=True)
class Source:
    key: str  # "share:<channel>" or one of SOURCE_KEYS
    views: int
    share: float | None  # of all views in the period


@dataclass(frozen=True)
class Report:
    scope: Scope
    key: int  # the shop's, post's, product's or person's (user) id
    period: Period
    figures: tuple[Figure, ...]  # COUNT_KEYS then RATE_KEYS, in that order
    money: tuple[Money, ...]  # one per currency, largest net first
    funnel: tuple[FunnelStep, ...]
    sources: tuple[Source, ...]  # most views first
    top_posts_by_engagement: tuple[Ranked, ...] = ()
    top_posts_by_revenue: tuple[Ranked, ...] = ()
    top_products_by_engagement: tuple[Ranked, ...] = ()
    top_products_by_revenue: tuple[Ranked, ...] = ()
    extra: dict[str, object] = field(default_factory=dict)

    def figure(self, key: str) -> Figure:
        return next(f for f in self.figures if f.key == key)
