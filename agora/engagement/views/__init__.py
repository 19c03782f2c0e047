"""Engagement's pages, one module per feature."""

from agora.engagement.views.badges import (
    author_badges_html,
    badge_page,
    badges_index,
    badges_line,
)
from agora.engagement.views.campaigns import (
    campaign_end,
    campaign_new,
    campaign_page,
    campaign_publish,
    campaign_winners,
)
from agora.engagement.views.loyalty import (
    checkout_offers_html,
    credit_redeem,
    loyalty_settings,
    my_points,
    points_redeem,
    wallet_history,
)
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
from agora.engagement.views.referrals import (
    my_rewards,
    program_edit,
)

__all__ = [
    "author_badges_html",
    "badge_page",
    "badges_index",
    "badges_line",
    "campaign_end",
    "campaign_new",
    "campaign_page",
    "campaign_publish",
    "campaign_winners",
    "checkout_offers_html",
    "credit_redeem",
    "loyalty_settings",
    "my_points",
    "my_rewards",
    "partnership_action",
    "partnerships",
    "partnerships_url",
    "points_redeem",
    "poll_make_product",
    "poll_results",
    "poll_vote",
    "polls_html",
    "program_edit",
    "wallet_history",
]
