"""Shops: creation (the creator becomes owner), staff management, settings."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from django.utils.translation import gettext as _

from agora.accounts.models import Handle
from agora.accounts.selectors import person_by_handle
from agora.accounts.services import handle_claim
from agora.core.countries import clean_country_codes
from agora.core.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from agora.core.money import SUPPORTED_CURRENCIES
from agora.core.validators import require_visible_text
from agora.media.hooks import MediaHolder
from agora.shops import hooks
from agora.shops.models import Shop, ShopMember
from agora.shops.selectors import shop_role, shop_with_logo

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from agora.accounts.models import User
    from agora.media.models import MediaAsset


def _validate_currency(currency: str) -> str:
    currency = (currency or "").upper()
    if currency not in SUPPORTED_CURRENCIES:
        raise InvalidInput.field("currency", _("Unsupported currency."))
    return currency


def shop_create(
    *,
    owner: User,
    handle: str,
    name: str,
    currency: str,
    description: str = "",
    language: str = "en",
) -> Shop:
    """Creates the shop, claims its handle in the shared namespace and makes `owner` its
    owner, all in one transaction."""
    name = (name or "").strip()
    if not name:
        raise InvalidInput.field("name", _("A shop needs a name."))
    if len(name) > 120:
        raise InvalidInput.field("name", _("At most 120 characters."))
    require_visible_text(name, field="name")
    if len(description or "") > 5000:
        raise InvalidInput.field("description", _("At most 5000 characters."))
    currency = _validate_currency(currency)
    if language not in Shop.Language.values:
        raise InvalidInput.field("language", _("Choose English, French or German."))
    with transaction.atomic():
        claimed = handle_claim(name=handle, kind=Handle.Kind.SHOP)
        shop = Shop.objects.create(
            handle=claimed.name,
            actor=claimed,
            name=name,
            currency=currency,
            description=description or "",
            language=language,
        )
        ShopMember.objects.create(shop=shop, user=owner, role=ShopMember.Role.OWNER)
        hooks.shop_changed(shop=shop)
    return shop


def shop_update(
    *,
    actor: User,
    shop: Shop,
    name: str | None = None,
    description: str | None = None,
    language: str | None = None,
    currency: str | None = None,
    shipping_countries: list[str] | None = None,
) -> Shop:
    """Owner or staff only (403). Validates and saves only the fields given (None leaves a
    field alone); the currency is locked (409 `currency_locked`) once the shop has products;
    `shipping_countries` are 1 to 249 ISO 3166-1 alpha-2 codes."""
    require_manager(actor=actor, shop=shop)
    fields: list[str] = []
    if name is not None:
        name = name.strip()
        if not name or len(name) > 120:
            raise InvalidInput.field("name", _("Use 1 to 120 characters."))
        shop.name = require_visible_text(name, field="name")
        fields.append("name")
    if description is not None:
        if len(description) > 5000:
            raise InvalidInput.field("description", _("At most 5000 characters."))
        shop.description = description
        fields.append("description")
    if language is not None:
        if language not in Shop.Language.values:
            raise InvalidInput.field("language", _("Choose English, French or German."))
        shop.language = language
        fields.append("language")
    if currency is not None and currency.upper() != shop.currency:
        if shop.products.exists():
            raise Conflict(
                _("The currency cannot change once the shop has products."),
                code="currency_locked",
                fields={"currency": [_("Locked.")]},
            )
        shop.currency = _validate_currency(currency)
        fields.append("currency")
    if shipping_countries is not None:
        try:
            codes = clean_country_codes(shipping_countries)
        except ValueError as exc:
            raise InvalidInput.field(
                "shipping_countries", _("%(code)s is not a country code.") % {"code": str(exc)[:8]}
            ) from None
        if not codes:
            raise InvalidInput.field("shipping_countries", _("Choose at least one country."))
        shop.shipping_countries = codes
        fields.append("shipping_countries")
    if fields:
        with transaction.atomic():
            shop.save(update_fields=fields)
            hooks.shop_changed(shop=shop)
    return shop


def require_manager(*, actor: User | AnonymousUser, shop: Shop) -> str:
    """The actor's role in the shop; 403 unless they are its owner or staff."""
    role = shop_role(shop=shop, user=actor)
    if role is None:
        raise PermissionDenied(_("Only the shop's owner and staff can do this."))
    return role


def require_owner(*, actor: User | AnonymousUser, shop: Shop) -> None:
    """Passes only for the shop's owner; 403 for staff, non-members and anonymous users."""
    if shop_role(shop=shop, user=actor) != ShopMember.Role.OWNER:
        raise PermissionDenied(_("Only the shop's owner can do this."))


def logo_holder(*, media: MediaAsset) -> MediaHolder | None:
    """Shops' answer to media's `media_holder` hook (registered in `shops/apps.py`): a shop's
    logo is seen by everyone while the shop is active, and changed and deleted by its owner
    and staff only. None for media that is no shop's logo."""
    shop = shop_with_logo(media)
    if shop is None:
        return None
    return MediaHolder(
        visible_to=lambda viewer: shop.is_active,
        require_editor=lambda actor: require_manager(actor=actor, shop=shop),
    )


def member_add(*, actor: User, shop: Shop, handle: str) -> ShopMember:
    """The owner adds a person as staff (idempotent)."""
    require_owner(actor=actor, shop=shop)
    user = person_by_handle(handle.lstrip("@"))
    if user is None:
        raise InvalidInput.field("handle", _("No person with this handle."))
    member, _created = ShopMember.objects.get_or_create(
        shop=shop, user=user, defaults={"role": ShopMember.Role.STAFF}
    )
    return member


def member_remove(*, actor: User, shop: Shop, handle: str) -> None:
    """Owner only (403). Removes a member by handle; 404 for a non-member, 409
    `owner_required` for the owner."""
    require_owner(actor=actor, shop=shop)
    user = person_by_handle(handle.lstrip("@"))
    member = ShopMember.objects.filter(shop=shop, user=user).first() if user else None
    if member is None:
        raise NotFound(_("This person is not a member of the shop."))
    if member.role == ShopMember.Role.OWNER:
        raise Conflict(_("The owner cannot be removed."), code="owner_required")
    member.delete()
