"""Moderation API shapes: reports, moderator results, blocks."""

from __future__ import annotations

from datetime import datetime

from pydantic import Field

from agora.core.schemas import Id, LongText, Schema
from agora.social.schemas import ActorOut


class ReportIn(Schema):
    target_type: str = Field(max_length=20)
    target_id: Id
    reason: str = Field(
        max_length=40,
        description="Why: one of spam, scam (counterfeit or scam), harassment, inappropriate, "
        "intellectual_property, other.",
        json_schema_extra={
            "enum": [
                "spam",
                "scam",
                "harassment",
                "inappropriate",
                "intellectual_property",
                "other",
            ]
        },
    )
    # the service enforces at most 1000 characters, and some text for "other"
    details: LongText = Field(default="", max_length=20000)


class ReportCreatedOut(Schema):
    id: int
    status: str


class ReportTargetOut(Schema):
    """What was reported, as a moderator sees it (hidden and suspended things included)."""

    exists: bool
    summary: str
    url: str | None
    hidden: bool


class ReportOut(Schema):
    id: int
    target_type: str
    target_id: int
    target: ReportTargetOut
    reason: str  # one of ReportIn's reasons
    reason_label: str  # the reason in the caller's language
    details: str
    status: str
    reporter: str
    handled_by: str | None
    handled_at: datetime | None
    created_at: datetime


class ResolveIn(Schema):
    action: str = Field(max_length=20)


class HiddenOut(Schema):
    target_type: str
    target_id: int
    hidden: bool


class AccountStateOut(Schema):
    handle: str
    kind: str
    suspended: bool


class BlockIn(Schema):
    handle: str = Field(max_length=31)


class BlockOut(Schema):
    actor: ActorOut
    created_at: datetime
