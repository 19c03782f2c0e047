"""Engagement's API schemas, one module per feature."""

from agora.engagement.schemas.polls import (
    MadeProductOut,
    VoteIn,
    poll_out,
    polls_out,
)
from agora.engagement.schemas.partnerships import (
    PartnershipIn,
    PartnershipOut,
    partnership_out,
)

__all__ = [
    "MadeProductOut",
    "VoteIn",
    "poll_out",
    "polls_out",
    "PartnershipIn",
    "PartnershipOut",
    "partnership_out",
]
