"""Engagement's API schemas, one module per feature."""

from agora.engagement.schemas.campaigns import (
    CampaignIn,
    CampaignOut,
    EntryOut,
    WinnersIn,
    WinnersOut,
    campaign_out,
    entries_out,
)
from agora.engagement.schemas.partnerships import (
    PartnershipIn,
    PartnershipOut,
    partnership_out,
)
from agora.engagement.schemas.polls import (
    MadeProductOut,
    VoteIn,
    polls_out,
)
from agora.engagement.schemas.referrals import (
    ReferralProgramIn,
    ReferralProgramOut,
    RewardAmountOut,
    RewardOut,
    program_out,
    reward_out,
)

__all__ = [
    "CampaignIn",
    "CampaignOut",
    "EntryOut",
    "MadeProductOut",
    "PartnershipIn",
    "PartnershipOut",
    "ReferralProgramIn",
    "ReferralProgramOut",
    "RewardAmountOut",
    "RewardOut",
    "VoteIn",
    "WinnersIn",
    "WinnersOut",
    "campaign_out",
    "entries_out",
    "partnership_out",
    "polls_out",
    "program_out",
    "reward_out",
]
