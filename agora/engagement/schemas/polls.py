"""The poll's JSON: the shape social declares for a post's poll (`social.schemas.PollOut`),
filled from a `PollView`."""

from __future__ import annotations

from typing import Any

from agora.core.schemas import Id, Schema
from agora.core.urls_util import absolute_url
from agora.engagement.selectors import OptionView, PollView, proposed_values
from agora.engagement.selectors.poll_rows import polls_json
from agora.media.schemas import media_out


class VoteIn(Schema):
    option_id: Id


class MadeProductOut(Schema):
    product_id: int
    created: bool  # false: the winner was an existing variant, its product is reported
    status: str
    url: str


def _option_out(option: OptionView, *, visible: bool) -> dict[str, Any]:
    row = option.option
    image = option.image
    product = option.product
    on_sale = option.on_sale
    return {
        "id": row.pk,
        "position": row.position,
        "label": row.label,
        "image": media_out(image) if image is not None else None,
        "variant_id": row.variant_id,
        "proposed": (
            {**row.proposed, "options": proposed_values(row.proposed)} if row.proposed else None
        ),
        "product_id": product.pk if product is not None else None,
        "product_url": absolute_url(on_sale.get_absolute_url()) if on_sale is not None else None,
        "votes": option.votes if visible else None,
    }


def poll_out(view: PollView) -> dict[str, Any]:
    """A `PollOut`: votes, the total and the winner only for a viewer who may see results."""
    visible = view.results_visible
    return {
        "id": view.poll.pk,
        "post_id": view.poll.post_id,
        "options": [_option_out(o, visible=visible) for o in view.options],
        "closes_at": view.poll.closes_at,
        "closed": view.closed,
        "results_visibility": view.poll.results_visibility,
        "results_visible": visible,
        "total_votes": view.total if visible else None,
        "my_vote": view.my_vote,
        "winner_id": view.winner.option.pk if visible and view.winner is not None else None,
        "early_access_percent": view.poll.early_access_percent,
        "early_access_code": view.early_code,
    }


def polls_out(*, post_ids: list[int], viewer: Any = None) -> dict[int, dict[str, Any]]:
    """Social's `post_polls` slot: {post id: PollOut} for a page's posts, one query (read as
    rows: the same answer as `poll_out` of each post's `PollView`)."""
    return polls_json(post_ids=post_ids, viewer=viewer)
