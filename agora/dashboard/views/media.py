"""A product's pictures and videos: upload, alt text and angle, the variants each one shows,
order, delete."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from agora.catalog.selectors import product_media, product_media_item
from agora.catalog.services import product_media_add
from agora.core.errors import DomainError, PermissionDenied
from agora.dashboard.forms import MediaEditForm, MediaUploadForm
from agora.dashboard.views.common import add_errors, managed_product, managed_shop, thumbnail_url
from agora.media import services


def _managed_media(request, handle: str, product_id: int, media_id: int):
    shop = managed_shop(request, handle)
    product = managed_product(shop, product_id)
    media = product_media_item(product=product, media_id=media_id)
    if media is None:
        raise Http404
    return shop, product, media


def _render(request, shop, product, *, upload_form=None, edit_forms=None, status=200):
    edit_forms = edit_forms or {}
    items = [
        {
            "media": media,
            "thumb": thumbnail_url(media, min_width=480),
            "form": edit_forms.get(media.pk)
            or MediaEditForm(
                initial={"angle": media.angle, "alt": media.alt},
                prefix=f"m{media.pk}",
                product_options=product.options,
                option_values=media.option_values,
            ),
        }
        for media in product_media(product)
    ]
    return render(
        request,
        "dashboard/product_media.html",
        {
            "shop": shop,
            "product": product,
            "items": items,
            "upload_form": upload_form or MediaUploadForm(),
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def media_list(request, handle: str, product_id: int):
    shop = managed_shop(request, handle)
    product = managed_product(shop, product_id)
    if request.method != "POST":
        return _render(request, shop, product)
    form = MediaUploadForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            product_media_add(
                actor=request.user,
                product=product,
                file=form.cleaned_data["file"],
                angle=form.cleaned_data["angle"],
                alt=form.cleaned_data["alt"],
            )
        except PermissionDenied as exc:
            raise DjangoPermissionDenied(exc.message) from exc
        except DomainError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("The file was uploaded."))
            return redirect("dashboard:product-media", handle=shop.handle, product_id=product.pk)
    return _render(request, shop, product, upload_form=form, status=422)


@login_required
@require_POST
def media_edit(request, handle: str, media_id: int, product_id: int):
    shop, product, media = _managed_media(request, handle, product_id, media_id)
    form = MediaEditForm(
        request.POST,
        prefix=f"m{media.pk}",
        product_options=product.options,
        option_values=media.option_values,
    )
    if form.is_valid():
        first = request.POST.get("make_first") == "1"
        try:
            services.media_update(
                actor=request.user,
                media=media,
                alt=form.cleaned_data["alt"],
                angle=form.cleaned_data["angle"],
                position=0 if first else None,
                option_values=form.option_values() if product.options else None,
            )
        except PermissionDenied as exc:
            raise DjangoPermissionDenied(exc.message) from exc
        except DomainError as exc:
            add_errors(form, exc)
        else:
            messages.success(
                request, _("Moved to the front.") if first else _("The changes were saved.")
            )
            return redirect("dashboard:product-media", handle=shop.handle, product_id=product.pk)
    return _render(request, shop, product, edit_forms={media.pk: form}, status=422)


@login_required
@require_POST
def media_delete(request, handle: str, media_id: int, product_id: int):
    shop, product, media = _managed_media(request, handle, product_id, media_id)
    try:
        services.media_delete(actor=request.user, media=media)
    except PermissionDenied as exc:
        raise DjangoPermissionDenied(exc.message) from exc
    messages.success(request, _("The file was deleted."))
    return redirect("dashboard:product-media", handle=shop.handle, product_id=product.pk)
