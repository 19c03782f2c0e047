from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from pydantic import Field

from agora.core.schemas import Id, LongText, Schema
from agora.core.urls_util import absolute_url

if TYPE_CHECKING:
    from agora.accounts.models import User


class RegisterIn(Schema):
    username: str = Field(max_length=30)
    email: str = Field(max_length=254)
    password: str = Field(max_length=128)
    display_name: str = Field("", max_length=80)
    language: str = ""


class TokenIn(Schema):
    username: str = Field(max_length=254)
    password: str = Field(max_length=128)
    name: str = Field("API", max_length=80)


class TokenOut(Schema):
    token: str


class UserOut(Schema):
    id: int
    handle: str
    display_name: str
    bio: str
    url: str
    avatar_url: str | None
    is_creator: bool
    is_expert: bool

    @staticmethod
    def from_user(user: User) -> dict[str, Any]:
        return {
            "id": user.pk,
            "handle": user.username,
            "display_name": user.display_name or user.username,
            "bio": user.bio,
            "url": absolute_url(user.get_absolute_url()),
            "avatar_url": absolute_url(user.avatar.file.url) if user.avatar is not None else None,
            "is_creator": user.is_creator,
            "is_expert": user.is_expert,
        }


class MeOut(UserOut):
    email: str
    language: str
    is_moderator: bool

    @staticmethod
    def from_user(user: User) -> dict[str, Any]:
        return {
            **UserOut.from_user(user),
            "email": user.email,
            "language": user.language,
            "is_moderator": user.is_staff,
        }


class RegisterOut(Schema):
    token: str
    user: MeOut


class MeIn(Schema):
    display_name: str | None = Field(None, max_length=80)
    bio: LongText | None = Field(None, max_length=500)
    language: str | None = None
    avatar_id: Id | None = None


class PasswordIn(Schema):
    old_password: str = Field(max_length=128)
    new_password: str = Field(max_length=128)


class ApiTokenOut(Schema):
    id: int
    name: str
    prefix: str
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None


class VerifyIn(Schema):
    creator: bool = True


class ExpertiseIn(Schema):
    category_id: Id
