"""Product pages: create, edit (variants, options, personalization) and archive."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from agora.catalog import services
from agora.catalog.schemas import product_changes, product_draft
from agora.core.errors import DomainError, PermissionDenied
from agora.dashboard.editor import ProductEditor
from agora.dashboard.views.common import managed_product, managed_shop, thumbnail_url


def _render(request, shop, editor: ProductEditor, *, status: int = 200):
    product = editor.product
    media = list(product.media.all()) if product is not None else []
    return render(
        request,
        "dashboard/product_form.html",
        {
            "shop": shop,
            "product": product,
            "editor": editor,
            "form": editor.form,
            "variants": editor.variants,
            "personalization": editor.personalization,
            "media_thumbs": [(m, thumbnail_url(m)) for m in media[:6]],
            "media_count": len(media),
        },
        status=status,
    )


def _save(request, shop, editor: ProductEditor, write):
    """Runs the service when the forms parse; on any refusal re-renders with the messages
    next to the inputs (422) and nothing saved: the services write all or nothing."""
    if editor.is_valid():
        try:
            return write(editor.payload()), None
        except PermissionDenied as exc:
            raise DjangoPermissionDenied(exc.message) from exc
        except DomainError as exc:
            editor.add_service_errors(exc)
    return None, _render(request, shop, editor, status=422)


@login_required
@require_http_methods(["GET", "POST"])
def product_new(request, handle: str):
    shop = managed_shop(request, handle)
    if request.method != "POST":
        return _render(request, shop, ProductEditor(shop=shop))
    editor = ProductEditor(shop=shop, data=request.POST)
    product, response = _save(
        request,
        shop,
        editor,
        lambda data: services.product_create(
            actor=request.user, shop=shop, draft=product_draft(data)
        ),
    )
    if response is not None:
        return response
    messages.success(request, _("“%(title)s” was created.") % {"title": product.title})
    return redirect("dashboard:product-edit", handle=shop.handle, product_id=product.pk)


@login_required
@require_http_methods(["GET", "POST"])
def product_edit(request, handle: str, product_id: int):
    shop = managed_shop(request, handle)
    product = managed_product(shop, product_id)
    if request.method != "POST":
        return _render(request, shop, ProductEditor(shop=shop, product=product))
    editor = ProductEditor(shop=shop, product=product, data=request.POST)
    saved, response = _save(
        request,
        shop,
        editor,
        lambda data: services.product_update(
            actor=request.user, product=product, changes=product_changes(data)
        ),
    )
    if response is not None:
        return response
    messages.success(request, _("“%(title)s” was saved.") % {"title": saved.title})
    return redirect("dashboard:product-edit", handle=shop.handle, product_id=saved.pk)


@login_required
@require_POST
def product_archive(request, handle: str, product_id: int):
    shop = managed_shop(request, handle)
    product = managed_product(shop, product_id)
    try:
        services.product_archive(actor=request.user, product=product)
    except PermissionDenied as exc:
        raise DjangoPermissionDenied(exc.message) from exc
    messages.success(
        request,
        _("“%(title)s” was archived. It no longer shows in the shop.") % {"title": product.title},
    )
    return redirect("dashboard:shop", handle=shop.handle)
