"""Polls as a viewer sees them, read as rows for a page of posts: one query for all the page's
polls (values_list, SQL compiled once), no model instances. The JSON API (`PollOut`) and the
poll fragments of the pages both read them here.

Votes are counted on read; the viewer's vote and early-access code come with them. Results show
to whoever voted and to everyone once the poll is closed; a poll with "after close" results
shows them to nobody before. A poll is closed from `closes_at` on, checked against the clock
now, whether or not the closing task has run; the winner is the stored one once the task ran,
else the most voted (earliest of those tied).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.db.models import Exists, OuterRef, QuerySet, Subquery
from django.urls import reverse
from django.utils import timezone

from agora.accounts.models import Handle
from agora.catalog.cards import CoverImage
from agora.catalog.models import Product
from agora.core.prepared import prepared
from agora.core.urls_util import absolute_url
from agora.engagement.models import EarlyAccess, Poll, PollOption, PollVote
from agora.engagement.selectors.polls import first_most_voted, proposed_values, vote_count
from agora.media.models import MediaAsset
from agora.media.schemas import MEDIA_FIELDS, media_out_row

if TYPE_CHECKING:
    from agora.accounts.models import User

_OPTION = ("id", "poll_id", "position", "label", "variant_id", "proposed")
_POLL = (
    "poll__post_id",
    "poll__closes_at",
    "poll__closed_at",
    "poll__results_visibility",
    "poll__winner_id",
    "poll__early_access_percent",
    "poll__post__author__kind",
)
# The product the option became, else its variant's product.
_PRODUCT = (
    "product_id",
    "product__slug",
    "product__status",
    "product__shop__handle",
    "product__shop__is_active",
    "product__title",
)
_VARIANT_PRODUCT = tuple(f"variant__{f}" for f in _PRODUCT)
_IMAGE = tuple(f"image__{f}" for f in MEDIA_FIELDS)
# Where each group starts in a row.
_AT_POLL = len(_OPTION)
_AT_MADE = _AT_POLL + len(_POLL)
_AT_VARIANT = _AT_MADE + len(_PRODUCT)
_AT_IMAGE = _AT_VARIANT + len(_PRODUCT)
_AT_FACTS = _AT_IMAGE + len(_IMAGE)


@prepared(post_ids=list[int], voter=int)
def _option_rows(
    *, shape: bool, post_ids: list[int], voter: int = 0
) -> QuerySet[PollOption, tuple[Any, ...]]:
    """The page's poll options with their poll, image, product and votes; with `shape` (a
    signed-in viewer) whether the viewer chose each and their early-access code for it."""
    annotations: list[Any] = [vote_count()]
    if shape:
        mine = PollVote.objects.filter(
            poll=OuterRef("poll_id"), voter_id=voter, option=OuterRef("pk")
        )
        code = EarlyAccess.objects.filter(option=OuterRef("pk"), voter_id=voter).values(
            "coupon__code"
        )[:1]
        annotations += [Exists(mine), Subquery(code)]
    return (
        PollOption.objects.filter(poll__post_id__in=post_ids)
        .order_by("poll_id", "position", "pk")
        .values_list(*_OPTION, *_POLL, *_PRODUCT, *_VARIANT_PRODUCT, *_IMAGE, *annotations)
    )


@dataclass(frozen=True)
class OptionProduct:
    """The product an option became (or its variant's product)."""

    id: int
    slug: str
    status: str
    shop: str  # the shop's handle
    shop_open: bool
    title: str

    @property
    def on_sale(self) -> bool:
        return self.status == Product.Status.ACTIVE and self.shop_open

    @property
    def url(self) -> str:
        return reverse("catalog:product", args=[self.shop, self.slug])


def _product(columns: tuple) -> OptionProduct | None:
    return OptionProduct(*columns) if columns[0] is not None else None


@dataclass
class OptionRow:
    """One option as the viewer sees it (`votes` and `percent` matter only when the poll's
    results are visible to them)."""

    id: int
    position: int
    label: str
    variant_id: int | None
    proposed: dict[str, Any] | None
    made_id: int | None  # the product the option itself became (not its variant's)
    product: OptionProduct | None  # that product, else its variant's product
    image_row: tuple | None  # its picture's MEDIA_FIELDS, unless processing failed
    votes: int
    mine: bool
    early_code: str | None  # the viewer's early-access coupon for its product
    percent: int = 0  # of all votes, rounded; 0 without votes
    winner: bool = False

    @property
    def image(self) -> CoverImage | None:
        """The picture as the media tags read it."""
        row = self.image_row
        if row is None:
            return None
        pk, _kind, _angle, alt, _status, _type, width, height, file, _poster, thumbs = row
        return CoverImage(pk, file or "", alt, width, height, thumbs or {})

    @property
    def on_sale(self) -> OptionProduct | None:
        """The option's product while it is on sale in an open shop, else None."""
        product = self.product
        return product if product is not None and product.on_sale else None


@dataclass
class PollRow:
    """A poll as the viewer sees it, at `now`."""

    id: int
    post_id: int
    closes_at: datetime
    closed_at: datetime | None
    results_visibility: str
    stored_winner_id: int | None
    early_access_percent: int | None
    by_shop: bool  # posted by a shop (whose team may make the winner a product)
    now: datetime
    options: list[OptionRow]
    my_vote: int | None = None  # the option id the viewer chose
    total: int = 0
    winner: OptionRow | None = None

    @property
    def pk(self) -> int:
        return self.id

    @property
    def closed(self) -> bool:
        return self.closed_at is not None or self.closes_at <= self.now

    @property
    def open(self) -> bool:
        return not self.closed

    @property
    def results_visible(self) -> bool:
        if self.closed:
            return True
        return self.results_visibility == Poll.Results.AFTER_VOTE and self.my_vote is not None

    @property
    def live(self) -> bool:
        """Results that can still move and that the viewer sees: the page refreshes them."""
        return self.open and self.results_visible

    @property
    def early_code(self) -> str | None:
        """The viewer's early-access code, once the option they voted for is on sale."""
        return next((o.early_code for o in self.options if o.early_code), None)

    @property
    def with_images(self) -> bool:
        return any(o.image_row is not None for o in self.options)


def _rows(post_ids: list[int], viewer: User | None) -> list[tuple]:
    if viewer is None:
        return _option_rows(shape=False, post_ids=post_ids)
    return _option_rows(shape=True, post_ids=post_ids, voter=viewer.pk)


def _poll(row: tuple, now: datetime) -> PollRow:
    post_id, closes_at, closed_at, results, winner_id, early_percent, author_kind = row[
        _AT_POLL:_AT_MADE
    ]
    return PollRow(
        id=row[1],
        post_id=post_id,
        closes_at=closes_at,
        closed_at=closed_at,
        results_visibility=results,
        stored_winner_id=winner_id,
        early_access_percent=early_percent,
        by_shop=author_kind == Handle.Kind.SHOP,
        now=now,
        options=[],
    )


def _option(row: tuple) -> OptionRow:
    option_id, _poll_id, position, label, variant_id, proposed = row[:_AT_POLL]
    made = row[_AT_MADE:_AT_VARIANT]
    image = row[_AT_IMAGE:_AT_FACTS]
    votes, *facts = row[_AT_FACTS:]
    mine, early_code = facts or (False, None)
    return OptionRow(
        id=option_id,
        position=position,
        label=label,
        variant_id=variant_id,
        proposed=proposed,
        made_id=made[0],
        product=_product(made) or _product(row[_AT_VARIANT:_AT_IMAGE]),
        image_row=image if image[0] is not None and image[4] != MediaAsset.Status.FAILED else None,
        votes=int(votes),
        mine=bool(mine),
        early_code=early_code,
    )


def _counted(poll: PollRow) -> PollRow:
    """Fills in the total, each option's share and, once closed, the winner."""
    poll.total = sum(o.votes for o in poll.options)
    for option in poll.options:
        option.percent = round(option.votes * 100 / poll.total) if poll.total else 0
    if poll.closed:
        if poll.closed_at is not None:
            stored = poll.stored_winner_id
            poll.winner = next((o for o in poll.options if o.id == stored), None)
        else:
            poll.winner = first_most_voted([(o, o.votes) for o in poll.options])
        if poll.winner is not None:
            poll.winner.winner = True
    return poll


def polls_of_posts(*, post_ids: list[int], viewer: Any = None) -> dict[int, PollRow]:
    """{post id: PollRow} for posts the caller already knows the viewer may see: one query
    for all of them (none without posts)."""
    if not post_ids:
        return {}
    me = viewer if getattr(viewer, "is_authenticated", False) else None
    now = timezone.now()
    polls: dict[int, PollRow] = {}
    for row in _rows(post_ids, me):
        poll = polls.get(row[1])
        if poll is None:
            poll = polls[row[1]] = _poll(row, now)
        option = _option(row)
        poll.options.append(option)
        if option.mine:
            poll.my_vote = option.id
    return {poll.post_id: _counted(poll) for poll in polls.values()}


def _option_json(option: OptionRow, *, visible: bool) -> dict[str, Any]:
    proposed = option.proposed
    product = option.product
    on_sale = option.on_sale
    return {
        "id": option.id,
        "position": option.position,
        "label": option.label,
        "image": media_out_row(option.image_row) if option.image_row is not None else None,
        "variant_id": option.variant_id,
        "proposed": {**proposed, "options": proposed_values(proposed)} if proposed else None,
        "product_id": product.id if product is not None else None,
        "product_url": absolute_url(on_sale.url) if on_sale is not None else None,
        "votes": option.votes if visible else None,
    }


def poll_json(poll: PollRow) -> dict[str, Any]:
    """A `PollOut`: votes, the total and the winner only for a viewer who may see results."""
    visible = poll.results_visible
    winner = poll.winner
    return {
        "id": poll.id,
        "post_id": poll.post_id,
        "options": [_option_json(o, visible=visible) for o in poll.options],
        "closes_at": poll.closes_at,
        "closed": poll.closed,
        "results_visibility": poll.results_visibility,
        "results_visible": visible,
        "total_votes": poll.total if visible else None,
        "my_vote": poll.my_vote,
        "winner_id": winner.id if visible and winner is not None else None,
        "early_access_percent": poll.early_access_percent,
        "early_access_code": poll.early_code,
    }


def polls_json(*, post_ids: list[int], viewer: Any = None) -> dict[int, dict[str, Any]]:
    """{post id: PollOut} for posts the caller already knows the viewer may see: one query."""
    polls = polls_of_posts(post_ids=post_ids, viewer=viewer)
    return {post_id: poll_json(poll) for post_id, poll in polls.items()}
