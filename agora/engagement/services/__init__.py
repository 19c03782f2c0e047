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
    "POLL_MAX_DURATION",
    "POLL_MIN_DURATION",
    "PROPOSED_MAX_OPTIONS",
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
    "wallet_for",
    "wallet_post",
]
