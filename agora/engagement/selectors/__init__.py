"""Engagement's reads, one module per feature."""

from agora.engagement.selectors.partnerships import (
    commissioned_line_ids,
    disclosures_of_posts,
    endorsements_for_product,
    partnership_for,
    partnerships_of,
    team_shop_ids,
    with_figures,
)
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

__all__ = [
    "OptionView",
    "PollView",
    "commissioned_line_ids",
    "disclosures_of_posts",
    "endorsements_for_product",
    "first_most_voted",
    "option_voter_ids",
    "partnership_for",
    "partnerships_of",
    "poll_for_action",
    "poll_for_viewer",
    "polls_due",
    "polls_of_posts",
    "proposed_values",
    "team_shop_ids",
    "with_figures",
]
