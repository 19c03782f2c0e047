"""Engagement's pages, one module per feature."""

from agora.engagement.views.polls import (
    poll_make_product,
    poll_results,
    poll_vote,
    polls_html,
)
from agora.engagement.views.referrals import (
    my_rewards,
    program_edit,
)

__all__ = [
    "my_rewards",
    "poll_make_product",
    "poll_results",
    "poll_vote",
    "polls_html",
    "program_edit",
]
