"""Discovery API: pick lists (make, read, change, delete; their items; follow) and the public
lists a product is on.

An unlisted list answers only its editors, its followers and callers who bring its link's
`key` (`?key=`); to anyone else it does not exist (404). Someone who may see a list but not
edit it gets 403 on every change.
"""

from collections.abc import Callable
from datetime import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Status
from ninja.pagination import paginate
from pydantic import Field

from agora.catalog.schemas import ProductOut, product_out
from agora.catalog.selectors import product_for_viewer
from agora.core.api import errors
from agora.core.auth import OptionalBearerToken, api_user
from agora.core.errors import NotFound
from agora.core.pagination import (
    CursorPagination,
    Listing,
    Page,
    clamp_limit,
    decode_cursor,
    encode_cursor,
)
from agora.core.schemas import Id, LongText, Schema
from agora.core.urls_util import absolute_url
from agora.core.viewer import viewer
from agora.discovery.models.picklists import (
    DESCRIPTION_MAX_LENGTH,
    MAX_ITEMS,
    NOTE_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    PickList,
    PickListItem,
)
from agora.discovery.selectors import picklists as selectors
from agora.discovery.services import picklists as services

router = Router()
KEY_DESCRIPTION = "The key of an unlisted list's link (the last part of its `url`)."


class PickListIn(Schema):
    title: str = Field(max_length=TITLE_MAX_LENGTH)
    description: LongText = Field("", max_length=DESCRIPTION_MAX_LENGTH)
    visibility: str = Field("public", max_length=10, description="`public` or `unlisted`.")
    as_shop: str | None = Field(
        None, max_length=40, description="Make it as this shop (one you own or staff)."
    )


class PickListChanges(Schema):
    title: str | None = Field(None, max_length=TITLE_MAX_LENGTH)
    description: LongText | None = Field(None, max_length=DESCRIPTION_MAX_LENGTH)
    visibility: str | None = Field(None, max_length=10, description="`public` or `unlisted`.")


class ItemIn(Schema):
    product_id: Id
    note: LongText = Field("", max_length=NOTE_MAX_LENGTH)


class ItemChanges(Schema):
    note: LongText | None = Field(None, max_length=NOTE_MAX_LENGTH)
    position: int | None = Field(None, ge=0, le=MAX_ITEMS, description="0 is first.")


class OwnerOut(Schema):
    handle: str
    name: str
    kind: str  # person | shop
    url: str
    expert: bool  # a verified expert (in `expertise`)
    expertise: list[str]


class PickListOut(Schema):
    id: int
    url: str
    title: str
    description: str
    visibility: str
    owner: OwnerOut
    item_count: int
    follower_count: int
    followed_by_me: bool
    editable: bool  # the caller may change it
    created_at: datetime
    updated_at: datetime


class ItemOut(Schema):
    id: int
    position: int
    note: str
    added_at: datetime
    product: ProductOut


class PickListFollowOut(Schema):
    following: bool
    follower_count: int


def _owner_out(picklist: PickList, expertise: list[str]) -> dict[str, Any]:
    owner = picklist.owner
    name, url = selectors.owner_name_and_url(picklist)
    return {
        "handle": owner.name,
        "name": name,
        "kind": owner.kind,
        "url": absolute_url(url),
        "expert": bool(expertise),
        "expertise": expertise,
    }


def picklist_out(picklist: PickList, *, expertise: list[str]) -> dict[str, Any]:
    """A list in its one shape (rows from the selectors: owner loaded, viewer facts
    annotated). Its `url` carries the key of an unlisted list: only those who may see the
    list are ever shown it."""
    return {
        "id": picklist.pk,
        "url": absolute_url(picklist.get_absolute_url()),
        "title": picklist.title,
        "description": picklist.description,
        "visibility": picklist.visibility,
        "owner": _owner_out(picklist, expertise),
        "item_count": picklist.item_count,
        "follower_count": picklist.follower_count,
        "followed_by_me": bool(getattr(picklist, "followed", False)),
        "editable": bool(getattr(picklist, "editable", False)),
        "created_at": picklist.created_at,
        "updated_at": picklist.updated_at,
    }


def item_out(item: PickListItem) -> dict[str, Any]:
    """An item with its product in the product's one shape."""
    return {
        "id": item.pk,
        "position": item.position,
        "note": item.note,
        "added_at": item.created_at,
        "product": product_out(item.product),
    }


def _one(request: HttpRequest, picklist_id: int, key: str | None = None) -> PickList:
    found = selectors.picklist_for_viewer(picklist_id=picklist_id, viewer=viewer(request), key=key)
    if found is None:
        raise NotFound("No such list.")
    return found


def _detail(request: HttpRequest, picklist_id: int, key: str | None = None) -> dict[str, Any]:
    found = _one(request, picklist_id, key)
    expertise = selectors.expertise_by_actor([found.owner_id])
    return picklist_out(found, expertise=expertise.get(found.owner_id, []))


def _lists_out(page: Page) -> list[dict[str, Any]]:
    assert isinstance(page, selectors.ListPage)
    return [picklist_out(p, expertise=page.expertise.get(p.owner_id, [])) for p in page.items]


@router.post("/picklists", response={201: PickListOut, **errors(400, 401, 403, 422)})
def picklist_create(request: HttpRequest, payload: PickListIn) -> Status[dict[str, Any]]:
    """Makes a list as yourself, or as a shop you own or staff (`as_shop`): a title (1 to
    120 characters), a description and `visibility`, `public` (listed, counted on product
    pages) or `unlisted` (only people with its link, which `url` carries)."""
    created = services.picklist_create(user=api_user(request), **payload.dict())
    return Status(201, _detail(request, created.pk))


@router.get(
    "/picklists",
    auth=OptionalBearerToken(),
    response={200: list[PickListOut], **errors(401, 422)},
)
@paginate(CursorPagination)
def picklist_list(request: HttpRequest, mine: bool = False) -> Listing:
    """Public lists, newest first; with `mine=true` the caller's own lists and their shops'
    (unlisted ones included)."""
    me = viewer(request)

    def page(*, cursor: str | None, limit: int) -> Page:
        return selectors.picklists_for_api(viewer=me, cursor=cursor, limit=limit, mine=mine)

    return Listing(page, out=_lists_out)


@router.get(
    "/picklists/{picklist_id}",
    auth=OptionalBearerToken(),
    response={200: PickListOut, **errors(401, 404, 422)},
)
def picklist_detail(
    request: HttpRequest,
    picklist_id: Id,
    key: str | None = Query(None, max_length=64, description=KEY_DESCRIPTION),
) -> dict[str, Any]:
    """A list the caller may see (an unlisted one with its link's `key`, or to its editors and
    followers). Its products: `GET /picklists/{id}/items`."""
    return _detail(request, picklist_id, key)


@router.patch(
    "/picklists/{picklist_id}",
    response={200: PickListOut, **errors(400, 401, 403, 404, 422)},
)
def picklist_update(
    request: HttpRequest, picklist_id: Id, payload: PickListChanges
) -> dict[str, Any]:
    """Changes the title, description or visibility; the list's owner only (a shop's list:
    its owner and staff), 403 for anyone else who may see it."""
    found = _one(request, picklist_id)
    services.picklist_update(
        user=api_user(request), picklist=found, **payload.dict(exclude_unset=True)
    )
    return _detail(request, picklist_id)


@router.delete("/picklists/{picklist_id}", response={204: None, **errors(401, 403, 404)})
def picklist_delete(request: HttpRequest, picklist_id: Id) -> Status[None]:
    """Deletes the list; its owner only."""
    services.picklist_delete(user=api_user(request), picklist=_one(request, picklist_id))
    return Status(204, None)


@router.get(
    "/picklists/{picklist_id}/items",
    auth=OptionalBearerToken(),
    response={200: list[ItemOut], **errors(401, 404, 422)},
)
@paginate(CursorPagination)
def picklist_items(
    request: HttpRequest,
    picklist_id: Id,
    key: str | None = Query(None, max_length=64, description=KEY_DESCRIPTION),
) -> Listing:
    """The list's products in its order, each with the curator's note (products the caller
    may not see are left out)."""
    found = _one(request, picklist_id, key)
    me = viewer(request)

    def page(*, cursor: str | None, limit: int) -> Page:
        size = clamp_limit(limit)
        start = max(0, decode_cursor(cursor) or 0)
        rows = selectors.picklist_items(picklist=found, viewer=me)
        more = len(rows) > start + size
        return Page(
            items=rows[start : start + size],
            next_cursor=encode_cursor(start + size) if more else None,
        )

    return Listing(page, each=item_out)


@router.post(
    "/picklists/{picklist_id}/items",
    response={201: ItemOut, **errors(400, 401, 403, 404, 409, 422)},
)
def picklist_item_add(
    request: HttpRequest, picklist_id: Id, payload: ItemIn
) -> Status[dict[str, Any]]:
    """Adds a product (one anyone may see: not a draft) at the end with a note; the list's
    owner only. 409 `already_in_list`, 409 `list_full` at 100 products."""
    me = api_user(request)
    found = _one(request, picklist_id)
    item = services.picklist_item_add(
        user=me, picklist=found, product_id=payload.product_id, note=payload.note
    )
    return Status(201, _item(request, found, item.pk))


def _item(request: HttpRequest, picklist: PickList, item_id: int) -> dict[str, Any]:
    item = selectors.picklist_item(picklist=picklist, item_id=item_id)
    product = (
        product_for_viewer(product_id=item.product_id, viewer=viewer(request)) if item else None
    )
    if item is None or product is None:
        raise NotFound("No such item.")
    item.product = product
    return item_out(item)


def _item_of(request: HttpRequest, picklist_id: int, item_id: int) -> tuple[PickList, Any]:
    found = _one(request, picklist_id)
    item = selectors.picklist_item(picklist=found, item_id=item_id)
    if item is None:
        raise NotFound("No such item.")
    return found, item


@router.patch(
    "/picklists/{picklist_id}/items/{item_id}",
    response={200: ItemOut, **errors(400, 401, 403, 404, 422)},
)
def picklist_item_update(
    request: HttpRequest, picklist_id: Id, item_id: Id, payload: ItemChanges
) -> dict[str, Any]:
    """Changes the item's note and/or moves it to `position` (0 is first); the list's owner
    only."""
    found, item = _item_of(request, picklist_id, item_id)
    services.picklist_item_update(
        user=api_user(request), picklist=found, item=item, **payload.dict(exclude_unset=True)
    )
    return _item(request, found, item.pk)


@router.delete(
    "/picklists/{picklist_id}/items/{item_id}", response={204: None, **errors(401, 403, 404)}
)
def picklist_item_remove(request: HttpRequest, picklist_id: Id, item_id: Id) -> Status[None]:
    """Takes the product off the list; the list's owner only."""
    found, item = _item_of(request, picklist_id, item_id)
    services.picklist_item_remove(user=api_user(request), picklist=found, item=item)
    return Status(204, None)


def _follow(
    action: Callable[..., tuple[int, bool]],
) -> Callable[[HttpRequest, int, str | None], dict[str, Any]]:
    def view(request: HttpRequest, picklist_id: int, key: str | None) -> dict[str, Any]:
        count, following = action(user=api_user(request), picklist=_one(request, picklist_id, key))
        return {"following": following, "follower_count": count}

    return view


@router.post(
    "/picklists/{picklist_id}/follow", response={200: PickListFollowOut, **errors(401, 404, 422)}
)
def picklist_follow(
    request: HttpRequest,
    picklist_id: Id,
    key: str | None = Query(None, max_length=64, description=KEY_DESCRIPTION),
) -> dict[str, Any]:
    """Follows a list the caller may see (idempotent: following twice is following)."""
    return _follow(services.picklist_follow)(request, picklist_id, key)


@router.delete(
    "/picklists/{picklist_id}/follow", response={200: PickListFollowOut, **errors(401, 404, 422)}
)
def picklist_unfollow(
    request: HttpRequest,
    picklist_id: Id,
    key: str | None = Query(None, max_length=64, description=KEY_DESCRIPTION),
) -> dict[str, Any]:
    """Stops following the list (a no-op when not following)."""
    return _follow(services.picklist_unfollow)(request, picklist_id, key)


@router.get(
    "/products/{product_id}/picklists",
    auth=OptionalBearerToken(),
    response={200: list[PickListOut], **errors(401, 404, 422)},
)
@paginate(CursorPagination)
def product_picklists(request: HttpRequest, product_id: Id) -> Listing:
    """The public lists a product is on, newest first."""
    me = viewer(request)
    product = product_for_viewer(product_id=product_id, viewer=me)
    if product is None:
        raise NotFound("No such product.")

    def page(*, cursor: str | None, limit: int) -> Page:
        return selectors.product_picklists_page(
            product=product, viewer=me, cursor=cursor, limit=limit
        )

    return Listing(page, out=_lists_out)
