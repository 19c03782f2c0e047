from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet, Subquery
from django.db.models.functions import Lower

from agora.shops.models import Shop, ShopMember

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from agora.accounts.models import User
    from agora.media.models import MediaAsset


def shop_by_handle(handle: str) -> Shop | None:
    """The active shop with this handle (case-insensitive, @ optional, logo loaded), or None:
    one lookup on the LOWER(handle) index (no ORDER BY: at most one shop matches)."""
    found = (
        Shop.objects.alias(lhandle=Lower("handle"))
        .filter(lhandle=handle.lstrip("@").lower(), is_active=True)
        .select_related("logo")
        .order_by()[:1]
    )
    return next(iter(found), None)


def shop_role(*, shop: Shop, user: User | AnonymousUser | None) -> str | None:
    """The user's role in the shop (owner or staff), or None for anonymous and non-members."""
    if user is None or not user.is_authenticated:
        return None
    return ShopMember.objects.filter(shop=shop, user=user).values_list("role", flat=True).first()


def member_role(*, shop: Any, user_id: int) -> Subquery:
    """The role of person `user_id` in `shop` (an `OuterRef` to a shop id) as a subquery to
    annotate another read with: "owner", "staff", or None for anyone else (0: a visitor)."""
    members = ShopMember.objects.filter(shop_id=shop, user_id=user_id).order_by("pk")
    return Subquery(members.values("role")[:1])


def can_manage(*, shop: Shop, user: User | AnonymousUser | None) -> bool:
    """Owner or staff of the shop. Never derived from is_staff."""
    return shop_role(shop=shop, user=user) is not None


def shops_managed_by(user: User | AnonymousUser | None) -> QuerySet[Shop]:
    """Active shops the user owns or staffs, by name; none for an anonymous user."""
    if user is None or not user.is_authenticated:
        return Shop.objects.none()
    return Shop.objects.filter(members__user=user, is_active=True).order_by("name")


def members_of(shop: Shop) -> QuerySet[ShopMember]:
    """The shop's members with their users, ordered by role."""
    return ShopMember.objects.filter(shop=shop).select_related("user").order_by("role", "id")


def shops_list() -> QuerySet[Shop]:
    """All active shops with their logo."""
    return Shop.objects.filter(is_active=True).select_related("logo")


def shop_with_logo(media: MediaAsset) -> Shop | None:
    """The shop (active or not) whose logo `media` is, or None."""
    return Shop.objects.filter(logo=media).first()
