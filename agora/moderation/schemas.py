"""Moderation API shapes: reports, moderator results, blocks."""

from __future__ import annotations

from datetime import datetime

from pydantic import Field

from agora.core.schemas import Id, LongText, Schema
from agora.social.schemas import ActorOut


class ReportIn(Schema):
    target_type: str = Field(max_length=20)
    target_id: Id
    reason: LongText = Field(max_length=20000)  # the service enforces 1..1000 with a clear message


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
    reason: str
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
