"""Shop pages: the shops I run, creating one, a shop's product table, settings and staff."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from agora.catalog.models import Product
from agora.catalog.selectors import product_list
from agora.commerce.selectors.orders import units_sold
from agora.core.errors import DomainError, PermissionDenied
from agora.core.forms import clean_text
from agora.core.pagination import paginate
from agora.dashboard.forms import MemberForm, ShopCreateForm, ShopSettingsForm
from agora.dashboard.views.common import add_errors, managed_shop, thumbnail_url
from agora.shops import services
from agora.shops.selectors import members_of, shops_managed_by

PRODUCTS_PER_PAGE = 50


@login_required
@require_http_methods(["GET", "POST"])
def home(request):
    form = ShopCreateForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            shop = services.shop_create(owner=request.user, **form.cleaned_data)
        except DomainError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Your shop @%(handle)s is open.") % {"handle": shop.handle})
            return redirect("dashboard:shop", handle=shop.handle)
    return render(
        request,
        "dashboard/home.html",
        {"shops": list(shops_managed_by(request.user)), "form": form},
        status=422 if form.errors else 200,
    )


def _product_rows(products) -> list[dict]:
    """Per row: the product, its first picture, and stock summed over the prefetched variants."""
    sold = units_sold(product_ids=[p.pk for p in products])
    rows = []
    for product in products:
        variants = list(product.variants.all())
        media = list(product.media.all())
        rows.append(
            {
                "product": product,
                "thumb": thumbnail_url(media[0]) if media else None,
                "thumb_alt": media[0].alt if media else "",
                "variant_count": len(variants),
                "stock": sum(v.stock for v in variants),
                "reserved": sum(v.reserved for v in variants),
                "available": sum(v.available for v in variants),
                "sold": sold.get(product.pk, 0),
            }
        )
    return rows


def _render_shop(request, shop, *, member_form=None, status=200):
    current = request.GET.get("status", "")
    if current not in Product.Status.values:
        current = ""
    page = paginate(
        product_list(viewer=request.user, shop=shop, status=current or None),
        cursor=request.GET.get("cursor"),
        limit=PRODUCTS_PER_PAGE,
    )
    return render(
        request,
        "dashboard/shop.html",
        {
            "shop": shop,
            "rows": _product_rows(page.items),
            "next_cursor": page.next_cursor,
            "status_filter": current,
            "statuses": Product.Status.choices,
            "members": list(members_of(shop)),
            "member_form": member_form or MemberForm(),
        },
        status=status,
    )


@login_required
def shop_detail(request, handle: str):
    return _render_shop(request, managed_shop(request, handle))


@login_required
@require_http_methods(["GET", "POST"])
def shop_settings(request, handle: str):
    shop = managed_shop(request, handle)
    initial = {
        k: getattr(shop, k)
        for k in ("name", "currency", "language", "description", "shipping_countries")
    }
    form = ShopSettingsForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.shop_update(actor=request.user, shop=shop, **form.cleaned_data)
        except PermissionDenied as exc:
            raise DjangoPermissionDenied(exc.message) from exc
        except DomainError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("The shop's settings were saved."))
            return redirect("dashboard:shop", handle=shop.handle)
    return render(
        request,
        "dashboard/shop_settings.html",
        {"shop": shop, "form": form},
        status=422 if form.errors else 200,
    )


@login_required
@require_POST
def staff_add(request, handle: str):
    shop = managed_shop(request, handle)
    form = MemberForm(request.POST)
    if form.is_valid():
        try:
            member = services.member_add(
                actor=request.user, shop=shop, handle=form.cleaned_data["handle"]
            )
        except PermissionDenied as exc:
            raise DjangoPermissionDenied(exc.message) from exc
        except DomainError as exc:
            add_errors(form, exc)
        else:
            messages.success(
                request,
                _("@%(handle)s can now manage the shop.") % {"handle": member.user.username},
            )
            return redirect("dashboard:shop", handle=shop.handle)
    return _render_shop(request, shop, member_form=form, status=422)


@login_required
@require_POST
def staff_remove(request, handle: str):
    shop = managed_shop(request, handle)
    person = request.POST.get("handle", "")
    try:
        clean_text(person, field="handle")
        services.member_remove(actor=request.user, shop=shop, handle=person)
    except PermissionDenied as exc:
        raise DjangoPermissionDenied(exc.message) from exc
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request, _("@%(handle)s no longer manages the shop.") % {"handle": person.lstrip("@")}
        )
    return redirect("dashboard:shop", handle=shop.handle)
