"""Engagement's API schemas, one module per feature."""

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
    "MadeProductOut",
    "PartnershipIn",
    "PartnershipOut",
    "VoteIn",
    "partnership_out",
    "poll_out",
    "polls_out",
]
