"""Who may read which report: a shop's owner and staff; a post's author and its shop's staff;
a product's shop staff; a person only their own. Anyone else gets NotFound (404), so a report
never tells whether the object exists."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from agora.catalog.models import Product
from agora.core.errors import NotFound
from agora.core.prepared import prepared
from agora.shops.models import Shop, ShopMember
from agora.shops.selectors import handle_key, shop_rows_by_handle
from agora.social.models import Post


def _user_id(viewer: Any) -> int | None:
    if viewer is None or not getattr(viewer, "is_authenticated", False):
        return None
    return int(viewer.pk)


def _bound(pk: Any) -> int:
    try:
        value = int(pk)
    except (TypeError, ValueError):
        raise NotFound(_("Not found.")) from None
    if not 0 < value < 2**63:
        raise NotFound(_("Not found."))
    return value


@prepared(handle=str, user=int)
def _staffed_shop(*, handle: str, user: int) -> QuerySet[Shop, Any]:
    return (
        shop_rows_by_handle(handle).filter(members__user_id=user).values("id", "handle", "name")[:1]
    )


def shop_staffed(*, viewer: Any, handle: str) -> dict[str, Any]:
    """The shop `handle` (`id`, `handle`, `name`) when `viewer` owns or staffs it; else
    NotFound. One prepared read on the LOWER(handle) index and the membership's."""
    user_id = _user_id(viewer)
    key = handle_key(str(handle).replace("\x00", "")[:60])
    row = _staffed_shop.first(handle=key, user=user_id) if user_id else None
    if row is None:
        raise NotFound(_("Not found."))
    return row


def shop_report_for(*, viewer: Any, handle: str) -> int:
    """The id of the shop `handle` when `viewer` owns or staffs it; else NotFound."""
    return int(shop_staffed(viewer=viewer, handle=handle)["id"])


def post_report_for(*, viewer: Any, post_id: Any) -> int:
    """`post_id` when `viewer` wrote it (as a person) or staffs the shop that posted it."""
    user_id = _user_id(viewer)
    pk = _bound(post_id)
    row = (
        Post.objects.filter(pk=pk).values_list("author__user__id", "author__shop__id").first()
        if user_id
        else None
    )
    if row is None:
        raise NotFound(_("Not found."))
    person, shop = row
    if person == user_id:
        return pk
    if shop and user_id and ShopMember.objects.filter(shop_id=shop, user_id=user_id).exists():
        return pk
    raise NotFound(_("Not found."))


def product_report_for(*, viewer: Any, product_id: Any) -> int:
    """`product_id` when `viewer` owns or staffs its shop."""
    user_id = _user_id(viewer)
    pk = _bound(product_id)
    if user_id and Product.objects.filter(pk=pk, shop__members__user_id=user_id).exists():
        return pk
    raise NotFound(_("Not found."))


def person_report_for(*, viewer: Any, user_id: Any = None) -> int:
    """The viewer's own id (a person reads only their own report)."""
    own = _user_id(viewer)
    if own is None or (user_id is not None and _bound(user_id) != own):
        raise NotFound(_("Not found."))
    return own
