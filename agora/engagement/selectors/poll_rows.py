"""Polls as the JSON API shows them (`PollOut`), read with values() for a page of posts: one
query for all the page's polls, no model instances.

The same answer as `poll_out(view)` over `polls_of_posts` (which pages use for their HTML,
with model instances the templates read): votes counted on read, the viewer's vote and
early-access code, results only for who may see them, the winner once closed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import Exists, OuterRef, QuerySet, Subquery
from django.urls import reverse
from django.utils import timezone

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
)
# The product the option became, else its variant's product: id, slug, status, shop, shop open.
_MADE = ("product_id", "product__slug", "product__status", "product__shop__handle")
_MADE_OPEN = "product__shop__is_active"
_PRODUCT = (*_MADE, _MADE_OPEN)
_VARIANT_PRODUCT = tuple(f"variant__{f}" for f in _PRODUCT)


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
        .values_list(
            *_OPTION,
            *_POLL,
            *_PRODUCT,
            *_VARIANT_PRODUCT,
            *(f"image__{f}" for f in MEDIA_FIELDS),
            *annotations,
        )
    )


def _rows(post_ids: list[int], viewer: User | None) -> list[tuple]:
    if viewer is None:
        return _option_rows(shape=False, post_ids=post_ids)
    return _option_rows(shape=True, post_ids=post_ids, voter=viewer.pk)


def _product_url(made: tuple) -> tuple[int | None, str | None]:
    """(product id, its URL while on sale in an open shop) of an option's product."""
    product_id, slug, status, shop_handle, shop_open = made
    if product_id is None:
        return None, None
    if status != Product.Status.ACTIVE or not shop_open:
        return product_id, None
    return product_id, absolute_url(reverse("catalog:product", args=[shop_handle, slug]))


def polls_json(*, post_ids: list[int], viewer: Any = None) -> dict[int, dict[str, Any]]:
    """{post id: PollOut} for posts the caller already knows the viewer may see: one query."""
    if not post_ids:
        return {}
    me = viewer if getattr(viewer, "is_authenticated", False) else None
    now = timezone.now()
    polls: dict[int, dict[str, Any]] = {}
    states: dict[int, dict[str, Any]] = {}
    o, p, m = len(_OPTION), len(_POLL), len(_PRODUCT)
    for row in _rows(post_ids, me):
        option_id, poll_id, position, label, variant_id, proposed = row[:o]
        post_id, closes_at, closed_at, results, winner_id, early_percent = row[o : o + p]
        made = row[o + p : o + p + m]
        via_variant = row[o + p + m : o + p + 2 * m]
        image = row[o + p + 2 * m : o + p + 2 * m + len(MEDIA_FIELDS)]
        votes, *viewer_facts = row[o + p + 2 * m + len(MEDIA_FIELDS) :]
        mine, early_code = viewer_facts or (False, None)
        poll = polls.get(poll_id)
        if poll is None:
            state = states[poll_id] = {
                "closed": closed_at is not None or closes_at <= now,
                "stored_winner": winner_id if closed_at is not None else None,
                "decided": closed_at is not None,
                "votes": [],
            }
            poll = polls[poll_id] = {
                "id": poll_id,
                "post_id": post_id,
                "options": [],
                "closes_at": closes_at,
                "closed": state["closed"],
                "results_visibility": results,
                "results_visible": False,
                "total_votes": None,
                "my_vote": None,
                "winner_id": None,
                "early_access_percent": early_percent,
                "early_access_code": None,
            }
        product_id, product_url = _product_url(made if made[0] is not None else via_variant)
        shown = image[0] is not None and image[4] != MediaAsset.Status.FAILED
        poll["options"].append(
            {
                "id": option_id,
                "position": position,
                "label": label,
                "image": media_out_row(image) if shown else None,
                "variant_id": variant_id,
                "proposed": (
                    {**proposed, "options": proposed_values(proposed)} if proposed else None
                ),
                "product_id": product_id,
                "product_url": product_url,
                "votes": int(votes),
            }
        )
        states[poll_id]["votes"].append((option_id, int(votes)))
        if mine:
            poll["my_vote"] = option_id
        if early_code and poll["early_access_code"] is None:
            poll["early_access_code"] = early_code
    return {poll["post_id"]: _results(poll, states[poll["id"]]) for poll in polls.values()}


def _results(poll: dict[str, Any], state: dict[str, Any]) -> dict[str, Any]:
    """Fills in what the viewer may see of the results: votes, total, winner."""
    visible = state["closed"] or (
        poll["results_visibility"] == Poll.Results.AFTER_VOTE and poll["my_vote"] is not None
    )
    poll["results_visible"] = visible
    if not visible:
        for option in poll["options"]:
            option["votes"] = None
        return poll
    poll["total_votes"] = sum(votes for _id, votes in state["votes"])
    if state["closed"]:
        if state["decided"]:
            stored = state["stored_winner"]
            poll["winner_id"] = next((i for i, _v in state["votes"] if i == stored), None)
        else:
            poll["winner_id"] = first_most_voted(state["votes"])
    return poll
