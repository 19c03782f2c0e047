"""Engagement's writes, one module per feature."""

from agora.engagement.services.badges import (
    TOP_FAN_DAILY_POINTS,
    badges_recompute,
    top_fan_bonus,
)
from agora.engagement.services.campaigns import (
    CAMPAIGN_MAX_DURATION,
    campaign_advance,
    campaign_create,
    campaign_end,
    campaign_pick_winners,
    campaign_publish,
    campaigns_advance_due,
)
from agora.engagement.services.earnings import (
    earning_confirm,
    earning_record,
    earnings_after_refund,
    earnings_confirm_due,
)
from agora.engagement.services.ledger import (
    insufficient,
    wallet_for,
    wallet_post,
)
from agora.engagement.services.partnerships import (
    commission_amount,
    partnership_accept,
    partnership_commissions,
    partnership_decline,
    partnership_end,
    partnership_propose,
    partnership_withdraw,
)
from agora.engagement.services.polls import (
    POLL_MAX_DURATION,
    POLL_MIN_DURATION,
    PROPOSED_MAX_OPTIONS,
    poll_close,
    poll_create,
    poll_is_closed,
    poll_make_product,
    poll_product_went_on_sale,
    poll_vote,
    poll_voters_notify,
    polls_close_due,
)

__all__ = [
    "CAMPAIGN_MAX_DURATION",
    "POLL_MAX_DURATION",
    "POLL_MIN_DURATION",
    "PROPOSED_MAX_OPTIONS",
    "TOP_FAN_DAILY_POINTS",
    "badges_recompute",
    "campaign_advance",
    "campaign_create",
    "campaign_end",
    "campaign_pick_winners",
    "campaign_publish",
    "campaigns_advance_due",
    "commission_amount",
    "earning_confirm",
    "earning_record",
    "earnings_after_refund",
    "earnings_confirm_due",
    "insufficient",
    "partnership_accept",
    "partnership_commissions",
    "partnership_decline",
    "partnership_end",
    "partnership_propose",
    "partnership_withdraw",
    "poll_close",
    "poll_create",
    "poll_is_closed",
    "poll_make_product",
    "poll_product_went_on_sale",
    "poll_vote",
    "poll_voters_notify",
    "polls_close_due",
    "top_fan_bonus",
    "wallet_for",
    "wallet_post",
]
