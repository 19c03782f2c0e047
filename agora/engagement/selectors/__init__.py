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
from agora.engagement.selectors.campaigns import (  # noqa: E402
    CampaignTotals,
    EntryPage,
    campaign_by_id,
    campaign_entries_page,
    campaign_visible,
    campaign_phase,
    campaign_totals,
    campaign_winner_ids,
    campaigns_due,
    campaigns_of_shop,
    entries_of,
)

__all__ += [
    "CampaignTotals",
    "EntryPage",
    "campaign_by_id",
    "campaign_entries_page",
    "campaign_visible",
    "campaign_phase",
    "campaign_totals",
    "campaign_winner_ids",
    "campaigns_due",
    "campaigns_of_shop",
    "entries_of",
]
from agora.engagement.selectors.badges import (  # noqa: E402
    BadgeView,
    badge_history,
    badge_holders,
    badges_of_actors,
    badges_of_people,
    current_awards,
    deserved,
    top_fan_of,
    top_fan_scores,
)

__all__ += [
    "BadgeView",
    "badge_history",
    "badge_holders",
    "badges_of_actors",
    "badges_of_people",
    "current_awards",
    "deserved",
    "top_fan_of",
    "top_fan_scores",
]
