"""The address book: the addresses a signed-in person ships to. Reads and writes, kept apart
from the rest of the account services (services.py) so each stays short.

A checkout remembers its address (`address_remember`): the first one becomes the default, a
second order to the same address adds nothing. The person edits, deletes and picks the
default in settings; another person's address is a 404 (`NotFound`)."""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from agora.accounts.models import Address
from agora.core.countries import COUNTRY_CODES
from agora.core.errors import InvalidInput, NotFound

if TYPE_CHECKING:
    from agora.accounts.models import User

MAX_ADDRESSES = 20
FIELDS = ("name", "line1", "line2", "city", "postal_code", "country")
LIMITS = {"name": 120, "line1": 200, "line2": 200, "city": 100, "postal_code": 20}
REQUIRED = {"name", "line1", "city", "postal_code", "country"}


# --- reads ---------------------------------------------------------------------------------
def addresses_for(*, user: User) -> QuerySet[Address]:
    """The person's addresses, the default first, then the newest."""
    return Address.objects.filter(user=user).order_by("-is_default", "-id")[:MAX_ADDRESSES]


def address_of(*, user: User, address_id: int) -> Address:
    """One of the person's addresses; NotFound for anyone else's or none."""
    found = Address.objects.filter(user=user, pk=address_id).first()
    if found is None:
        raise NotFound(_("No such address."))
    return found


# --- writes --------------------------------------------------------------------------------
def _clean(fields: dict) -> dict[str, str]:
    cleaned: dict[str, str] = {}
    problems: dict[str, list[str]] = {}
    for key in FIELDS:
        value = " ".join(str(fields.get(key) or "").split())
        if key == "country":
            value = value.upper()
            if value not in COUNTRY_CODES:
                problems[key] = [_("Choose a country from the list.")]
        elif len(value) > LIMITS[key]:
            problems[key] = [_("At most %(n)d characters.") % {"n": LIMITS[key]}]
        if "\x00" in value:
            problems[key] = [_("Null characters are not allowed.")]
        if key in REQUIRED and not value:
            problems[key] = [_("This field is required.")]
        cleaned[key] = value
    if problems:
        raise InvalidInput(_("Check the address."), fields=problems)
    return cleaned


def _fingerprint(cleaned: dict[str, str]) -> str:
    text = "\x1f".join(cleaned[key].casefold() for key in FIELDS)
    return hashlib.sha256(text.encode()).hexdigest()


def address_remember(*, user: User, address: dict) -> Address | None:
    """Saves the address a checkout shipped to, once: the same address again (letter case and
    spaces aside) returns the saved row. The first address becomes the default. Nothing is
    saved past MAX_ADDRESSES or for an address that does not validate (None)."""
    try:
        cleaned = _clean(address)
    except InvalidInput:
        return None
    fingerprint = _fingerprint(cleaned)
    found = Address.objects.filter(user=user, fingerprint=fingerprint).first()
    if found is not None:
        return found
    if Address.objects.filter(user=user).count() >= MAX_ADDRESSES:
        return None
    is_default = not Address.objects.filter(user=user, is_default=True).exists()
    try:
        with transaction.atomic():
            return Address.objects.create(
                user=user, fingerprint=fingerprint, is_default=is_default, **cleaned
            )
    except IntegrityError:  # the same address, or a first default, saved a moment ago
        return Address.objects.filter(user=user, fingerprint=fingerprint).first()


def address_update(*, user: User, address_id: int, fields: dict, is_default: bool) -> Address:
    """Changes one of the person's addresses (422 naming the field; 409 `address_exists` when
    it becomes a copy of another); `is_default` makes it the default."""
    address = address_of(user=user, address_id=address_id)
    cleaned = _clean(fields)
    fingerprint = _fingerprint(cleaned)
    if Address.objects.filter(user=user, fingerprint=fingerprint).exclude(pk=address.pk).exists():
        raise InvalidInput.field("line1", _("This address is already in your address book."))
    with transaction.atomic():
        if is_default and not address.is_default:
            Address.objects.filter(user=user, is_default=True).update(is_default=False)
            address.is_default = True
        for key, value in cleaned.items():
            setattr(address, key, value)
        address.fingerprint = fingerprint
        address.save()
    return address


def address_delete(*, user: User, address_id: int) -> None:
    """Deletes one of the person's addresses; when it was the default, the newest remaining
    one becomes the default."""
    address = address_of(user=user, address_id=address_id)
    with transaction.atomic():
        address.delete()
        if address.is_default:
            newest = Address.objects.filter(user=user).order_by("-id").first()
            if newest is not None:
                Address.objects.filter(pk=newest.pk).update(is_default=True)
