from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Annotated, Any

from pydantic import Field

from agora.core.schemas import LongText, Schema
from agora.core.urls_util import absolute_url

if TYPE_CHECKING:
    from agora.shops.models import Shop


class ShopIn(Schema):
    handle: str = Field(max_length=30)
    name: str = Field(max_length=120)
    currency: str = Field(max_length=3)
    description: LongText = Field("", max_length=5000)
    language: str = "en"


class ShopPatch(Schema):
    name: str | None = Field(None, max_length=120)
    description: LongText | None = Field(None, max_length=5000)
    language: str | None = None
    currency: str | None = None
    shipping_countries: list[Annotated[str, Field(max_length=2)]] | None = Field(
        None, max_length=249, description="ISO 3166-1 alpha-2 codes the checkout offers."
    )


class ShopOut(Schema):
    id: int
    handle: str
    name: str
    description: str
    currency: str
    language: str
    shipping_countries: list[str]
    url: str
    created_at: datetime

    @staticmethod
    def from_shop(shop: Shop) -> dict[str, Any]:
        return {
            "id": shop.pk,
            "handle": shop.handle,
            "name": shop.name,
            "description": shop.description,
            "currency": shop.currency,
            "language": shop.language,
            "shipping_countries": shop.shipping_countries,
            "url": absolute_url(shop.get_absolute_url()),
            "created_at": shop.created_at,
        }


class MemberIn(Schema):
    handle: str = Field(max_length=31)


class MemberOut(Schema):
    handle: str
    role: str
