"""Media endpoints: product photos and videos, generic uploads for posts and avatars."""

from __future__ import annotations

from ninja import File, Form, Query, Router, Status
from ninja.files import UploadedFile

from agora.core.api import errors
from agora.core.auth import OptionalBearerToken
from agora.core.errors import NotFound
from agora.core.pagination import PageParams
from agora.core.schemas import Count, Id, Schema
from agora.core.viewer import viewer
from agora.media import selectors, services
from agora.media.schemas import MediaOut, media_out

router = Router(tags=["media"])


class MediaPage(Schema):
    items: list[MediaOut]
    next_cursor: str | None


class MediaPatch(Schema):
    alt: str | None = None
    angle: str | None = None
    position: Count | None = None


class MediaFields(Schema):
    """The text parts of a multipart upload beside its `file`."""

    angle: str = "other"
    alt: str = ""


def _product_or_404(request, product_id: int):
    product = selectors.product_for_media(product_id=product_id, viewer=viewer(request))
    if product is None:
        raise NotFound("No such product.")
    return product


def _media_or_404(request, media_id: int):
    media = selectors.media_for_viewer(media_id=media_id, viewer=viewer(request))
    if media is None:
        raise NotFound("No such media.")
    return media


@router.post(
    "/products/{product_id}/media",
    response={201: MediaOut, **errors(400, 401, 403, 404, 413, 422)},
)
def product_media_upload(
    request,
    product_id: Id,
    file: File[UploadedFile],
    fields: Form[MediaFields],
):
    """Add a photo or video to a product (multipart: file, angle, alt). It goes last."""
    product = _product_or_404(request, product_id)
    media = services.media_upload(
        uploader=request.auth, file=file, angle=fields.angle, alt=fields.alt, product=product
    )
    return Status(201, media_out(media))


@router.get(
    "/products/{product_id}/media",
    auth=OptionalBearerToken(),
    response={200: MediaPage, **errors(401, 404)},
)
def product_media_list(request, product_id: Id, params: Query[PageParams]):
    product = _product_or_404(request, product_id)
    page = selectors.product_media_page(product=product, cursor=params.cursor, limit=params.limit)
    return {"items": [media_out(m) for m in page.items], "next_cursor": page.next_cursor}


@router.post("/media", response={201: MediaOut, **errors(400, 401, 413, 422)})
def media_upload(
    request,
    file: File[UploadedFile],
    fields: Form[MediaFields],
):
    """Upload an image or video for a post, a poll or an avatar; use the returned id."""
    media = services.media_upload(
        uploader=request.auth, file=file, angle=fields.angle, alt=fields.alt
    )
    return Status(201, media_out(media))


@router.get(
    "/media/{media_id}",
    auth=OptionalBearerToken(),
    response={200: MediaOut, **errors(401, 404)},
)
def media_detail(request, media_id: Id):
    return media_out(_media_or_404(request, media_id))


@router.patch("/media/{media_id}", response={200: MediaOut, **errors(400, 401, 403, 404, 422)})
def media_update(request, media_id: Id, payload: MediaPatch):
    media = _media_or_404(request, media_id)
    changes = payload.dict(exclude_unset=True)
    media = services.media_update(
        actor=request.auth,
        media=media,
        alt=changes.get("alt"),
        angle=changes.get("angle"),
        position=changes.get("position"),
    )
    return media_out(media)


@router.delete("/media/{media_id}", response={204: None, **errors(401, 403, 404)})
def media_delete(request, media_id: Id):
    services.media_delete(actor=request.auth, media=_media_or_404(request, media_id))
    return Status(204, None)
