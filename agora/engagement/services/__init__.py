"""Engagement's writes, one module per feature."""

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
    "POLL_MAX_DURATION",
    "POLL_MIN_DURATION",
    "PROPOSED_MAX_OPTIONS",
    "WelcomeOffer",
    "address_key",
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
    "wallet_for",
    "wallet_post",
]
