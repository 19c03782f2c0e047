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
from agora.engagement.services.referrals import (
    WelcomeOffer,
    address_key,
    referral_checkout_offers,
    referral_program_set,
    referral_reward_on_paid,
    referral_welcome_claim,
    referral_welcome_offer,
)

__all__ = [
    "CAMPAIGN_MAX_DURATION",
    "POLL_MAX_DURATION",
    "POLL_MIN_DURATION",
    "PROPOSED_MAX_OPTIONS",
    "TOP_FAN_DAILY_POINTS",
    "WelcomeOffer",
    "address_key",
    "badges_recompute",
    "campaign_advance",
    "campaign_create",
    "campaign_end",
    "campaign_pick_winners",
    "campaign_publish",
    "campaigns_advance_due",
    "earning_confirm",
    "earning_record",
    "earnings_after_refund",
    "earnings_confirm_due",
    "insufficient",
    "poll_close",
    "poll_create",
    "poll_is_closed",
    "poll_make_product",
    "poll_product_went_on_sale",
    "poll_vote",
    "poll_voters_notify",
    "polls_close_due",
    "referral_checkout_offers",
    "referral_program_set",
    "referral_reward_on_paid",
    "referral_welcome_claim",
    "referral_welcome_offer",
    "top_fan_bonus",
    "wallet_for",
    "wallet_post",
]
