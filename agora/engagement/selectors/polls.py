"""Polls as a viewer sees them: options with their images and what they became, the votes
counted on read, the viewer's vote, whether results show, the winner.

Everything a page's polls need comes from one query (the options with their poll, image,
variant's product and made product, each option's vote count as a subquery and whether the
viewer chose it), whatever the number of polls or options.

Results show to whoever voted and to everyone once the poll is closed; a poll with "after
close" results shows them to nobody before. A poll is closed from `closes_at` on, checked
against the clock now, whether or not the closing task has run.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any, cast

from django.db.models import Count, Exists, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from agora.accounts.models import Handle
from agora.catalog.models import Product
from agora.engagement.models import EarlyAccess, Poll, PollOption, PollVote
from agora.media.models import MediaAsset
from agora.shops.models import Shop
from agora.social.selectors.posts import visible_posts

if TYPE_CHECKING:
    from agora.accounts.models import User


@dataclass
class OptionView:
    option: PollOption
    votes: int
    percent: int  # of all votes, rounded; 0 without votes
    mine: bool
    winner: bool = False
    early_code: str | None = None  # the viewer's early-access coupon for its product

    @property
    def label(self) -> str:
        return self.option.label

    @property
    def image(self) -> MediaAsset | None:
        """The option's picture, unless its processing failed."""
        image = self.option.image
        return image if image is not None and image.status != MediaAsset.Status.FAILED else None

    @property
    def product(self) -> Product | None:
        """The product the option became, or the product of its variant."""
        if self.option.product is not None:
            return self.option.product
        variant = self.option.variant
        return variant.product if variant is not None else None

    @property
    def on_sale(self) -> Product | None:
        """That product while it is on sale in an active shop, else None."""
        product = self.product
        if product is None or product.status != Product.Status.ACTIVE:
            return None
        return product if product.shop.is_active else None


@dataclass
class PollView:
    poll: Poll
    options: list[OptionView]
    now: datetime
    my_vote: int | None = None  # the option id the viewer chose
    total: int = 0
    winner: OptionView | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def pk(self) -> int:
        return self.poll.pk

    @property
    def closed(self) -> bool:
        return self.poll.closed_at is not None or self.poll.closes_at <= self.now

    @property
    def open(self) -> bool:
        return not self.closed

    @property
    def results_visible(self) -> bool:
        if self.closed:
            return True
        return self.poll.results_visibility == Poll.Results.AFTER_VOTE and self.my_vote is not None

    @property
    def live(self) -> bool:
        """Results that can still move and that the viewer sees: the page refreshes them."""
        return self.open and self.results_visible

    @property
    def shop(self) -> Shop | None:
        """The shop that posted the poll, or None for a person's poll."""
        author = self.poll.post.author
        return author.shop if author.kind == Handle.Kind.SHOP else None

    @property
    def early_code(self) -> str | None:
        """The viewer's early-access code, once the option they voted for is on sale."""
        return next((o.early_code for o in self.options if o.early_code), None)

    @property
    def with_images(self) -> bool:
        return any(o.image is not None for o in self.options)


def proposed_values(proposed: dict[str, Any] | None) -> dict[str, str]:
    """A proposal's option values {name: value} in the order the shop gave them."""
    pairs = (proposed or {}).get("options") or []
    return {str(name): str(value) for name, value in pairs}


def first_most_voted[T](candidates: list[tuple[T, int]]) -> T | None:
    """The candidate with the most votes among (candidate, votes) pairs given in the poll's
    order, the earliest of those tied; None when nobody voted."""
    best: tuple[T, int] | None = None
    for candidate, votes in candidates:
        if votes and (best is None or votes > best[1]):
            best = (candidate, votes)
    return best[0] if best is not None else None


def vote_count() -> Coalesce:
    """An option's number of votes (0 for none), a subquery on the option's row."""
    votes = (
        PollVote.objects.filter(option=OuterRef("pk"))
        .order_by()
        .values("option")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(votes, output_field=IntegerField()), Value(0))


def _options(condition: Q, viewer: User | None) -> list[PollOption]:
    qs = (
        PollOption.objects.filter(condition)
        .select_related(
            "poll",
            "poll__post__author__shop",
            "image",
            "product",
            "product__shop",
            "variant",
            "variant__product",
            "variant__product__shop",
        )
        .annotate(vote_count=vote_count())
        .order_by("poll_id", "position", "pk")
    )
    if viewer is not None:
        mine = PollVote.objects.filter(
            poll=OuterRef("poll_id"), voter=viewer, option=OuterRef("pk")
        )
        code = EarlyAccess.objects.filter(option=OuterRef("pk"), voter=viewer).values(
            "coupon__code"
        )[:1]
        qs = qs.annotate(mine=Exists(mine), early_code=Subquery(code))
    return list(qs)


def _views(rows: list[PollOption], now: datetime) -> dict[int, PollView]:
    """{poll id: PollView} from the option rows of `_options`."""
    views: dict[int, PollView] = {}
    for row in rows:
        view = views.get(row.poll_id)
        if view is None:
            view = views[row.poll_id] = PollView(poll=row.poll, options=[], now=now)
        mine = bool(getattr(row, "mine", False))
        votes = int(cast(Any, row).vote_count)
        early_code = getattr(row, "early_code", None)
        view.options.append(
            OptionView(option=row, votes=votes, percent=0, mine=mine, early_code=early_code)
        )
        if mine:
            view.my_vote = row.pk
    for view in views.values():
        view.total = sum(o.votes for o in view.options)
        for option in view.options:
            option.percent = round(option.votes * 100 / view.total) if view.total else 0
        if view.closed:
            stored = view.poll.winner_id
            view.winner = (
                next((o for o in view.options if o.option.pk == stored), None)
                if view.poll.closed_at is not None
                else first_most_voted([(o, o.votes) for o in view.options])
            )
            if view.winner is not None:
                view.winner.winner = True
    return views


def _signed_in(viewer: Any) -> User | None:
    return viewer if getattr(viewer, "is_authenticated", False) else None


def polls_of_posts(*, post_ids: list[int], viewer: Any = None) -> dict[int, PollView]:
    """{post id: PollView} for posts the caller already knows the viewer may see: one
    query for all of them."""
    if not post_ids:
        return {}
    views = _views(_options(Q(poll__post_id__in=post_ids), _signed_in(viewer)), timezone.now())
    return {view.poll.post_id: view for view in views.values()}


def poll_for_viewer(*, poll_id: int, viewer: Any = None) -> PollView | None:
    """The poll if the viewer may see its post (visibility, blocks, hidden posts), else None
    (→ 404). One query."""
    me = _signed_in(viewer)
    condition = Q(poll_id=poll_id, poll__post__in=visible_posts(me))
    return _views(_options(condition, me), timezone.now()).get(poll_id)


def poll_for_action(*, poll_id: int, viewer: Any = None) -> Poll | None:
    """The poll row with its post, author and shop if the viewer may see the post, else
    None (→ 404): enough to vote or act on it."""
    return (
        Poll.objects.select_related("post", "post__author", "post__author__shop")
        .filter(pk=poll_id, post__in=visible_posts(_signed_in(viewer)))
        .first()
    )


def polls_due(*, now: datetime) -> list[Poll]:
    """Polls past their deadline that nobody has closed yet, oldest deadline first."""
    return list(Poll.objects.filter(closed_at__isnull=True, closes_at__lte=now).order_by("pk"))


def option_voter_ids(*, option_id: int) -> list[int]:
    """The people who voted for this option."""
    return list(PollVote.objects.filter(option_id=option_id).values_list("voter_id", flat=True))
