from functools import partial
from typing import Any

from django.http import HttpRequest
from ninja import File, Form, Query, Router, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate

from agora.accounts import selectors as account_selectors
from agora.accounts import services as account_services
from agora.accounts.schemas import ExpertiseIn, UserOut
from agora.catalog import selectors, services
from agora.catalog.models import Product
from agora.catalog.product_json import products_json
from agora.catalog.product_rows import product_rows
from agora.catalog.schemas import (
    ProductChanges,
    ProductDraft,
    ProductOut,
    product_out,
)
from agora.core.api import errors
from agora.core.auth import OptionalBearerToken, api_user
from agora.core.errors import InvalidInput, NotFound
from agora.core.pagination import CursorPagination, Listing, paginate_unvalidated
from agora.core.schemas import Id, Schema
from agora.core.viewer import viewer
from agora.media.schemas import MediaFields, MediaOut, media_out
from agora.shops.models import Shop
from agora.shops.selectors import shop_by_handle

router = Router(tags=["catalog"])


class ProductFilters(Schema):
    shop: str | None = None
    status: str | None = None


def _shop_or_404(handle: str) -> Shop:
    shop = shop_by_handle(handle)
    if shop is None:
        raise NotFound("No such shop.")
    return shop


def _product_for_manager(product_id: int) -> Product:
    """The product just written, with its details, whatever its status."""
    product = selectors.product_for_manager(product_id=product_id)
    if product is None:  # deleted meanwhile
        raise NotFound("No such product.")
    return product


def _product_for_change(request: HttpRequest, product_id: int) -> Product:
    """404 if the caller can't see it; the service answers 403 if they see it but may not edit."""
    product = selectors.product_for_viewer(product_id=product_id, viewer=api_user(request))
    if product is None:
        raise NotFound("No such product.")
    return product


@router.post(
    "/shops/{handle}/products", response={201: ProductOut, **errors(400, 401, 403, 404, 409, 422)}
)
def product_create(
    request: HttpRequest, handle: str, payload: ProductDraft
) -> Status[dict[str, Any]]:
    shop = _shop_or_404(handle)
    product = services.product_create(actor=api_user(request), shop=shop, draft=payload)
    return Status(201, product_out(_product_for_manager(product.pk)))


@router.get(
    "/products", auth=OptionalBearerToken(), response={200: list[ProductOut], **errors(401, 404)}
)
@paginate_unvalidated(CursorPagination)
def product_list(request: HttpRequest, filters: Query[ProductFilters]) -> Listing:
    # Read as rows, each product's JSON cached (catalog.product_json) and written without
    # validation: tests check the real answers against the published ProductOut.
    shop = _shop_or_404(filters.shop) if filters.shop else None
    rows = partial(
        product_rows,
        viewer=viewer(request),
        shop_id=shop.pk if shop is not None else None,
        status=filters.status,
    )
    return Listing(rows, out=lambda page: products_json(page.items))


@router.get(
    "/products/{product_id}",
    auth=OptionalBearerToken(),
    response={200: ProductOut, **errors(401, 404)},
)
def product_detail(request: HttpRequest, product_id: Id) -> dict[str, Any]:
    product = selectors.product_for_viewer(product_id=product_id, viewer=viewer(request))
    if product is None:
        raise NotFound("No such product.")
    return product_out(product)


@router.patch(
    "/products/{product_id}", response={200: ProductOut, **errors(400, 401, 403, 404, 409, 422)}
)
def product_update(request: HttpRequest, product_id: Id, payload: ProductChanges) -> dict[str, Any]:
    product = _product_for_change(request, product_id)
    services.product_update(actor=api_user(request), product=product, changes=payload)
    return product_out(_product_for_manager(product_id))


@router.delete("/products/{product_id}", response={200: ProductOut, **errors(401, 403, 404)})
def product_delete(request: HttpRequest, product_id: Id) -> dict[str, Any]:
    product = _product_for_change(request, product_id)
    services.product_archive(actor=api_user(request), product=product)
    return product_out(_product_for_manager(product_id))


# --- a product's photos and videos ----------------------------------------------------------
# Listed under media in the API docs, with the operation ids they had when media served them.
def _product_for_media_or_404(request: HttpRequest, product_id: int) -> Product:
    product = selectors.product_for_media(product_id=product_id, viewer=viewer(request))
    if product is None:
        raise NotFound("No such product.")
    return product


@router.post(
    "/products/{product_id}/media",
    response={201: MediaOut, **errors(400, 401, 403, 404, 413, 422)},
    tags=["media"],
    operation_id="agora_media_api_product_media_upload",
)
def product_media_upload(
    request: HttpRequest,
    product_id: Id,
    file: File[UploadedFile],
    fields: Form[MediaFields],
) -> Status[dict[str, Any]]:
    """Add a photo or video to a product (multipart: file, angle, alt). It goes last."""
    product = _product_for_media_or_404(request, product_id)
    media = services.product_media_add(
        actor=api_user(request), product=product, file=file, angle=fields.angle, alt=fields.alt
    )
    return Status(201, media_out(media))


@router.get(
    "/products/{product_id}/media",
    auth=OptionalBearerToken(),
    response={200: list[MediaOut], **errors(401, 404)},
    tags=["media"],
    operation_id="agora_media_api_product_media_list",
)
@paginate(CursorPagination)
def product_media_list(request: HttpRequest, product_id: Id) -> Listing:
    product = _product_for_media_or_404(request, product_id)
    return Listing(partial(selectors.product_media_page, product=product), each=media_out)


# `GET /categories` (the tree with product counts) is served by discovery's browse API.


# Expertise is granted per category, so it is granted here, a layer above accounts.
@router.post("/people/{handle}/expertise", response={200: UserOut, **errors(401, 403, 404, 422)})
def person_expertise(request: HttpRequest, handle: str, payload: ExpertiseIn) -> dict[str, Any]:
    user = account_selectors.person_by_handle(handle.lstrip("@"))
    category = selectors.category_by_id(payload.category_id)
    if user is None:
        raise NotFound("No such person.")
    if category is None:
        raise InvalidInput.field("category_id", "Unknown category.")
    account_services.expertise_grant(actor=api_user(request), user=user, category_id=category.pk)
    user.refresh_from_db()
    return UserOut.from_user(user)
