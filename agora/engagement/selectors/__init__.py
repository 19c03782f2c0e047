"""Engagement's reads, one module per feature."""

from agora.engagement.selectors.polls import (
    OptionView,
    PollView,
    first_most_voted,
    option_voter_ids,
    poll_for_action,
    poll_for_viewer,
    polls_due,
    polls_of_posts,
    proposed_values,
)
from agora.engagement.selectors.referrals import (
    Amount,
    LinkStats,
    ShopTotals,
    as_json_amount,
    referral_program_of,
    reward_amount,
    rewards_of,
    sharer_links_page,
    sharer_totals,
)

__all__ = [
    "Amount",
    "LinkStats",
    "OptionView",
    "PollView",
    "ShopTotals",
    "as_json_amount",
    "first_most_voted",
    "option_voter_ids",
    "poll_for_action",
    "poll_for_viewer",
    "polls_due",
    "polls_of_posts",
    "proposed_values",
    "referral_program_of",
    "reward_amount",
    "rewards_of",
    "sharer_links_page",
    "sharer_totals",
]
