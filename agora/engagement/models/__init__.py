"""Engagement's models, one module per feature."""

from agora.engagement.models.badges import (
    Award,
)
from agora.engagement.models.campaigns import (
    CAMPAIGN_DESCRIPTION_MAX_LENGTH,
    CAMPAIGN_MAX_WINNERS,
    CAMPAIGN_PRIZES_MAX_LENGTH,
    CAMPAIGN_TITLE_MAX_LENGTH,
    Campaign,
    CampaignWinner,
)
from agora.engagement.models.earnings import (
    Earning,
)
from agora.engagement.models.ledger import (
    Wallet,
    WalletEntry,
)
from agora.engagement.models.loyalty import (
    BONUS_MULTIPLIER_MAX,
    POINT_VALUE_MAX,
    POINTS_PER_REVIEW_MAX,
    POINTS_PER_UNIT_MAX,
    BonusRule,
    LoyaltyProgram,
)
from agora.engagement.models.partnerships import (
    Partnership,
)
from agora.engagement.models.polls import (
    EARLY_ACCESS_DAYS,
    EARLY_ACCESS_MAX_PERCENT,
    POLL_LABEL_MAX_LENGTH,
    POLL_MAX_OPTIONS,
    POLL_MIN_OPTIONS,
    EarlyAccess,
    Poll,
    PollOption,
    PollVote,
)
from agora.engagement.models.referrals import (
    MONTHLY_CAP_DEFAULT,
    MONTHLY_CAP_MAX,
    RETURN_WINDOW_MAX_DAYS,
    REWARD_POINTS_MAX,
    ReferralProgram,
    ReferralRefusal,
    ReferralWelcome,
)

__all__ = [
    "BONUS_MULTIPLIER_MAX",
    "CAMPAIGN_DESCRIPTION_MAX_LENGTH",
    "CAMPAIGN_MAX_WINNERS",
    "CAMPAIGN_PRIZES_MAX_LENGTH",
    "CAMPAIGN_TITLE_MAX_LENGTH",
    "EARLY_ACCESS_DAYS",
    "EARLY_ACCESS_MAX_PERCENT",
    "MONTHLY_CAP_DEFAULT",
    "MONTHLY_CAP_MAX",
    "POINTS_PER_REVIEW_MAX",
    "POINTS_PER_UNIT_MAX",
    "POINT_VALUE_MAX",
    "POLL_LABEL_MAX_LENGTH",
    "POLL_MAX_OPTIONS",
    "POLL_MIN_OPTIONS",
    "RETURN_WINDOW_MAX_DAYS",
    "REWARD_POINTS_MAX",
    "Award",
    "BonusRule",
    "Campaign",
    "CampaignWinner",
    "EarlyAccess",
    "Earning",
    "LoyaltyProgram",
    "Partnership",
    "Poll",
    "PollOption",
    "PollVote",
    "ReferralProgram",
    "ReferralRefusal",
    "ReferralWelcome",
    "Wallet",
    "WalletEntry",
]
