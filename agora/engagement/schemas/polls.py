"""The poll's JSON: the shape social declares for a post's poll (`social.schemas.PollOut`),
filled from the poll rows (`selectors.poll_rows.poll_json`)."""

from __future__ import annotations

from typing import Any

from agora.core.schemas import Id, Schema
from agora.engagement.selectors.poll_rows import polls_json


class VoteIn(Schema):
    option_id: Id


class MadeProductOut(Schema):
    product_id: int
    created: bool  # false: the winner was an existing variant, its product is reported
    status: str
    url: str


def polls_out(*, post_ids: list[int], viewer: Any = None) -> dict[int, dict[str, Any]]:
    """Social's `post_polls` slot: {post id: PollOut} for a page's posts, one query."""
    return polls_json(post_ids=post_ids, viewer=viewer)
