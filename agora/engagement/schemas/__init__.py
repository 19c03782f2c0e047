"""Engagement's API schemas, one module per feature."""

from agora.engagement.schemas.polls import (
    MadeProductOut,
    VoteIn,
    poll_out,
    polls_out,
)

__all__ = [
    "MadeProductOut",
    "VoteIn",
    "poll_out",
    "polls_out",
]
