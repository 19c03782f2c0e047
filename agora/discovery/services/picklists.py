"""Writes of pick lists: make, change and delete a list, add, annotate, move and remove its
products, follow and unfollow it.

Only a list's editors change it (the person who owns it; for a shop's list, the shop's owner
and staff): anyone else who may see it gets a 403 (`PermissionDenied`). Only products anyone
may see (active, of an active shop) can be added. Race safety without locks:

- an item is one row per (list, product) by a unique index, and the list's `item_count` moves
  by one conditional UPDATE (`item_count < MAX_ITEMS`) in the same transaction, so 100 items
  is a hard ceiling and the count stays exact;
- a follow is one row per (list, person) by a unique index; only the request whose INSERT wins
  moves `follower_count` (F()), so 20 simultaneous follows leave one follow and a count of 1.
"""

from __future__ import annotations

import secrets
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from agora.catalog.selectors import visible_products
from agora.core.errors import Conflict, FieldErrors, InvalidInput, NotFound, PermissionDenied
from agora.core.schemas import has_control_characters
from agora.discovery.models.picklists import (
    DESCRIPTION_MAX_LENGTH,
    KEY_LENGTH,
    MAX_ITEMS,
    NOTE_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    PickList,
    PickListFollow,
    PickListItem,
)
from agora.discovery.selectors.picklists import can_edit
from agora.shops.selectors import shop_by_handle, shop_role
from agora.social.services.actors import actor_for_user

if TYPE_CHECKING:
    from agora.accounts.models import Handle, User

VISIBILITIES = tuple(PickList.Visibility.values)


def _owner(*, user: User, as_shop: str | None) -> Handle:
    """Yourself, or a shop you own or staff (`as_shop`, its handle)."""
    if not as_shop:
        return actor_for_user(user=user)
    shop = shop_by_handle(str(as_shop)[:40])
    if shop is None:
        raise InvalidInput.field("as_shop", _("No such shop."))
    if shop_role(shop=shop, user=user) is None:
        raise PermissionDenied(_("Only the shop's owner and staff can make lists as the shop."))
    if shop.actor is None:
        raise InvalidInput.field("as_shop", _("No such shop."))
    return shop.actor


def _text(
    errs: FieldErrors, name: str, value: str | None, *, limit: int, multiline: bool = False
) -> str:
    text = (value or "").strip()
    if has_control_characters(text, multiline=multiline):
        errs.add(name, _("Control characters are not allowed."))
    elif len(text) > limit:
        errs.add(name, _("At most %(n)s characters.") % {"n": limit})
    return text


def _title(errs: FieldErrors, value: str | None) -> str:
    title = _text(errs, "title", value, limit=TITLE_MAX_LENGTH)
    if not title and "title" not in errs.fields:
        errs.add("title", _("Give the list a title."))
    return title


def _visibility(errs: FieldErrors, value: str | None) -> str:
    if value not in VISIBILITIES:
        errs.add(
            "visibility", _("Choose one of: %(values)s.") % {"values": ", ".join(VISIBILITIES)}
        )
        return PickList.Visibility.PUBLIC
    return value


def _editor(picklist: PickList, user: User) -> None:
    if not can_edit(picklist=picklist, user=user):
        raise PermissionDenied(_("Only the list's owner can change it."))


def picklist_create(
    *,
    user: User,
    title: str,
    description: str = "",
    visibility: str = PickList.Visibility.PUBLIC,
    as_shop: str | None = None,
) -> PickList:
    """A new, empty list by `user`, or by the shop `as_shop` they own or staff (403 for
    anyone else, 422 `as_shop` for no such shop). 422 naming `title` (1 to 120 characters),
    `description` (up to 2,000) or `visibility` (`public` or `unlisted`)."""
    errs = FieldErrors()
    clean_title = _title(errs, title)
    clean_description = _text(
        errs, "description", description, limit=DESCRIPTION_MAX_LENGTH, multiline=True
    )
    clean_visibility = _visibility(errs, visibility)
    errs.raise_if_any()
    owner = _owner(user=user, as_shop=as_shop)
    return PickList.objects.create(
        owner=owner,
        created_by=user,
        title=clean_title,
        description=clean_description,
        visibility=clean_visibility,
        key=secrets.token_urlsafe(12)[:KEY_LENGTH],
    )


def picklist_update(
    *,
    user: User,
    picklist: PickList,
    title: str | None = None,
    description: str | None = None,
    visibility: str | None = None,
) -> PickList:
    """Changes the given fields of the list (None leaves a field as it is); its editors only
    (403). The same 422s as `picklist_create`."""
    _editor(picklist, user)
    errs = FieldErrors()
    changes: dict[str, str] = {}
    if title is not None:
        changes["title"] = _title(errs, title)
    if description is not None:
        changes["description"] = _text(
            errs, "description", description, limit=DESCRIPTION_MAX_LENGTH, multiline=True
        )
    if visibility is not None:
        changes["visibility"] = _visibility(errs, visibility)
    errs.raise_if_any()
    if changes:
        for name, value in changes.items():
            setattr(picklist, name, value)
        picklist.save(update_fields=[*changes, "updated_at"])
    return picklist


def picklist_delete(*, user: User, picklist: PickList) -> None:
    """Deletes the list with its items and follows; its editors only (403)."""
    _editor(picklist, user)
    picklist.delete()


def picklist_item_add(
    *, user: User, picklist: PickList, product_id: int, note: str = ""
) -> PickListItem:
    """Adds a product at the end of the list with a note (up to 500 characters); its editors
    only (403). 422 `product_id` for a product nobody may see (a draft, an archived product, a
    closed shop's) or none; 409 `already_in_list`; 409 `list_full` at 100 items. Atomic: the
    item and the list's count move together."""
    _editor(picklist, user)
    errs = FieldErrors()
    clean_note = _text(errs, "note", note, limit=NOTE_MAX_LENGTH, multiline=True)
    errs.raise_if_any()
    if not visible_products(None).filter(pk=product_id).exists():
        raise InvalidInput.field("product_id", _("No such product, or it is not on sale."))
    with transaction.atomic():
        room = PickList.objects.filter(pk=picklist.pk, item_count__lt=MAX_ITEMS).update(
            item_count=F("item_count") + 1
        )
        if not room:
            if not PickList.objects.filter(pk=picklist.pk).exists():
                raise NotFound(_("No such list."))
            raise Conflict(
                _("A list holds at most %(n)s products.") % {"n": MAX_ITEMS}, code="list_full"
            )
        last = PickListItem.objects.filter(picklist=picklist).aggregate(p=Max("position"))["p"]
        try:
            with transaction.atomic():
                item = PickListItem.objects.create(
                    picklist=picklist,
                    product_id=product_id,
                    note=clean_note,
                    position=0 if last is None else last + 1,
                    added_by=user,
                )
        except IntegrityError:
            raise Conflict(
                _("This product is on the list already."), code="already_in_list"
            ) from None
    picklist.refresh_from_db(fields=["item_count", "updated_at"])
    return item


def _renumber(picklist: PickList, item: PickListItem, position: int) -> None:
    items = list(PickListItem.objects.filter(picklist=picklist).order_by("position", "id"))
    others = [i for i in items if i.pk != item.pk]
    position = max(0, min(position, len(others)))
    others.insert(position, item)
    moved = []
    for index, row in enumerate(others):
        if row.position != index:
            row.position = index
            moved.append(row)
    PickListItem.objects.bulk_update(moved, ["position"])
    item.position = position


def picklist_item_update(
    *,
    user: User,
    picklist: PickList,
    item: PickListItem,
    note: str | None = None,
    position: int | None = None,
) -> PickListItem:
    """Changes an item's note and/or moves it to `position` (0 is first; beyond the end is
    last: the other items shift, positions stay 0..n-1); its editors only (403). Atomic."""
    _editor(picklist, user)
    errs = FieldErrors()
    clean_note = (
        None if note is None else _text(errs, "note", note, limit=NOTE_MAX_LENGTH, multiline=True)
    )
    if position is not None and position < 0:
        errs.add("position", _("Give a position of 0 or more."))
    errs.raise_if_any()
    with transaction.atomic():
        if clean_note is not None:
            item.note = clean_note
            item.save(update_fields=["note"])
        if position is not None:
            _renumber(picklist, item, position)
        PickList.objects.filter(pk=picklist.pk).update(updated_at=timezone.now())
    return item


def picklist_item_remove(*, user: User, picklist: PickList, item: PickListItem) -> None:
    """Takes the item off the list; its editors only (403). Atomic: the count moves with the
    row only when this call deleted it."""
    _editor(picklist, user)
    with transaction.atomic():
        deleted, _rows = PickListItem.objects.filter(pk=item.pk, picklist=picklist).delete()
        if deleted:
            PickList.objects.filter(pk=picklist.pk, item_count__gt=0).update(
                item_count=F("item_count") - 1
            )


def picklist_follow(*, user: User, picklist: PickList) -> tuple[int, bool]:
    """Follows the list (the caller checked that they may see it). Idempotent: returns
    (follower count, True); of simultaneous calls only the one whose row is stored counts."""
    with transaction.atomic():
        try:
            with transaction.atomic():
                PickListFollow.objects.create(picklist=picklist, user=user)
        except IntegrityError:
            pass
        else:
            PickList.objects.filter(pk=picklist.pk).update(follower_count=F("follower_count") + 1)
    return _followers(picklist), True


def picklist_unfollow(*, user: User, picklist: PickList) -> tuple[int, bool]:
    """Stops following the list (a no-op when not following). Returns (follower count,
    False); the count never drops below 0."""
    with transaction.atomic():
        deleted, _rows = PickListFollow.objects.filter(picklist=picklist, user=user).delete()
        if deleted:
            PickList.objects.filter(pk=picklist.pk, follower_count__gt=0).update(
                follower_count=F("follower_count") - 1
            )
    return _followers(picklist), False


def _followers(picklist: PickList) -> int:
    count = PickList.objects.filter(pk=picklist.pk).values_list("follower_count", flat=True)
    picklist.follower_count = count.first() or 0
    return picklist.follower_count
