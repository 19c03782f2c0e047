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
    poll_out,
    polls_out,
)

__all__ = [
    "CampaignIn",
    "CampaignOut",
    "EntryOut",
    "MadeProductOut",
    "PartnershipIn",
    "PartnershipOut",
    "VoteIn",
    "WinnersIn",
    "WinnersOut",
    "campaign_out",
    "entries_out",
    "partnership_out",
    "poll_out",
    "polls_out",
]
