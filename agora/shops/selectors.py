"""Shop reads. The hot ones (a shop by its handle, the shops on the home page) are prepared
reads (`core.prepared`: their SQL is written once per process) of plain rows, turned into
Shop instances with their logo by `shop_from_row`: no ORM query building per request."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet, Subquery
from django.db.models.functions import Lower

from agora.core.prepared import field_names, instance, prepared
from agora.media.models import MediaAsset
from agora.shops.models import Shop, ShopMember

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from agora.accounts.models import User

# A shop's columns and its logo's, as `values()` names (`shop_from_row` reads them back).
SHOP_FIELDS = (*field_names(Shop), *field_names(MediaAsset, "logo__"))


def shop_from_row(row: dict[str, Any]) -> Shop:
    """The Shop of a row holding `SHOP_FIELDS`, with its logo loaded (None without one)."""
    shop = instance(Shop, row)
    shop.logo = instance(MediaAsset, row, "logo__") if row["logo_id"] is not None else None
    return shop


def shop_rows_by_handle(handle: str) -> QuerySet[Shop]:
    """The active shop with this handle (lowercase, without @), as a queryset to annotate and
    read as `values(*SHOP_FIELDS, ...)[:1]` (a prepared read): one lookup on the LOWER(handle)
    index, no ORDER BY (at most one shop matches)."""
    return (
        Shop.objects.alias(lhandle=Lower("handle"))
        .filter(lhandle=handle, is_active=True)
        .order_by()
    )


def handle_key(handle: str) -> str:
    """A handle as shop lookups compare it: without @, lowercase."""
    return handle.lstrip("@").lower()


@prepared(handle=str)
def _shop_row(*, handle: str) -> QuerySet[Shop]:
    return shop_rows_by_handle(handle).values(*SHOP_FIELDS)[:1]


def shop_by_handle(handle: str) -> Shop | None:
    """The active shop with this handle (case-insensitive, @ optional, logo loaded), or None:
    one prepared lookup on the LOWER(handle) index."""
    row = _shop_row.first(handle=handle_key(handle))
    return shop_from_row(row) if row is not None else None


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


# What a shop card shows (`shops.cards`), as `values()` names.
CARD_FIELDS = (
    "id",
    "handle",
    "name",
    "description",
    "logo_id",
    *(f"logo__{name}" for name in ("file", "alt", "width", "height", "thumbnails")),
)


@prepared()
def _first_shop_rows(*, limit: int) -> QuerySet[Shop]:
    return Shop.objects.filter(is_active=True).order_by("name", "pk").values(*CARD_FIELDS)[:limit]


def first_shop_cards(*, limit: int) -> list[dict[str, Any]]:
    """The first `limit` active shops by name as card rows (`CARD_FIELDS`, for
    `shops.cards.shop_cards_html`): one prepared query."""
    return _first_shop_rows(limit=limit)


@prepared(user_id=int)
def _managed_shop_rows(*, user_id: int) -> QuerySet[Shop]:
    return (
        Shop.objects.filter(members__user_id=user_id, is_active=True)
        .order_by("name", "pk")
        .values(*CARD_FIELDS)
    )


def managed_shop_cards(user_id: int) -> list[dict[str, Any]]:
    """The active shops person `user_id` owns or staffs, by name, as card rows
    (`CARD_FIELDS`): one prepared query."""
    return _managed_shop_rows(user_id=user_id)


def shop_of_card(row: dict[str, Any]) -> Shop:
    """The Shop of a card row, with its logo, holding only the card's columns (the others
    deferred)."""
    names = [name for name in CARD_FIELDS if not name.startswith("logo__")]
    shop = instance(Shop, row, names=names)
    logo_names = ["id", "file", "alt", "width", "height", "thumbnails"]
    logo_row = {**row, "logo__id": row["logo_id"]}
    shop.logo = (
        instance(MediaAsset, logo_row, "logo__", names=logo_names) if row["logo_id"] else None
    )
    return shop


def shop_with_logo(media: MediaAsset) -> Shop | None:
    """The shop (active or not) whose logo `media` is, or None."""
    return Shop.objects.filter(logo=media).first()
