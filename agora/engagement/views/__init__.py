"""Engagement's pages, one module per feature."""

from agora.engagement.views.partnerships import (
    partnership_action,
    partnerships,
    partnerships_url,
)
from agora.engagement.views.polls import (
    poll_make_product,
    poll_results,
    poll_vote,
    polls_html,
)

__all__ = [
    "partnership_action",
    "partnerships",
    "partnerships_url",
    "poll_make_product",
    "poll_results",
    "poll_vote",
    "polls_html",
]
