"""Public pages behind a handle: `/@handle` is a shop page or a person's profile, and the list
of shops. Handles are case-insensitive."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from agora.accounts.models import Handle
from agora.accounts.selectors import expertise_for, handle_kind, person_by_handle
from agora.core.pagination import paginate
from agora.shops import hooks
from agora.shops.selectors import can_manage, shop_by_handle, shops_list, shops_managed_by

PRODUCTS_PER_PAGE = 24
SHOPS_PER_PAGE = 30


@require_GET
def shop_list(request):
    page = paginate(shops_list(), cursor=request.GET.get("cursor"), limit=SHOPS_PER_PAGE)
    return render(request, "shops/shop_list.html", {"shops": page.items, "page": page})


@require_GET
def handle_page(request, handle: str):
    kind = handle_kind(handle)
    if kind == Handle.Kind.SHOP:
        return _shop_page(request, handle)
    if kind == Handle.Kind.PERSON:
        return _person_page(request, handle)
    raise Http404


def _shop_page(request, handle: str):
    shop = shop_by_handle(handle)
    if shop is None:
        raise Http404
    manager = can_manage(shop=shop, user=request.user)
    viewer = request.user if manager else None
    page = paginate(
        hooks.shop_page_products(viewer=viewer, shop=shop),
        cursor=request.GET.get("cursor"),
        limit=PRODUCTS_PER_PAGE,
    )
    context = {"shop": shop, "products": page.items, "page": page, "can_manage": manager}
    return render(request, "shops/shop_detail.html", context)


def _person_page(request, handle: str):
    person = person_by_handle(handle)
    if person is None:
        raise Http404
    context = {
        "person": person,
        "expertise": expertise_for(person),
        "shops": list(shops_managed_by(person)),
    }
    return render(request, "accounts/person_detail.html", context)
