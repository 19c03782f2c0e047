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

__all__ = [
    "OptionView",
    "PollView",
    "first_most_voted",
    "option_voter_ids",
    "poll_for_action",
    "poll_for_viewer",
    "polls_due",
    "polls_of_posts",
    "proposed_values",
]
