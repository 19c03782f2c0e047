"""Media endpoints: generic uploads (posts, polls, avatars) and one asset's detail, alt text,
angle, place and deletion. Product photos are uploaded and listed through catalog
(`/products/{product_id}/media`)."""

from __future__ import annotations

from typing import Annotated, Any

from django.http import HttpRequest
from ninja import File, Form, Router, Status
from ninja.files import UploadedFile
from pydantic import StringConstraints

from agora.core.api import errors
from agora.core.auth import OptionalBearerToken, api_user
from agora.core.errors import NotFound
from agora.core.schemas import Count, Id, Schema
from agora.core.viewer import viewer
from agora.media import selectors, services
from agora.media.models import MediaAsset
from agora.media.schemas import MediaFields, MediaOut, media_out

router = Router(tags=["media"])

OptionName = Annotated[str, StringConstraints(min_length=1, max_length=40)]
OptionValue = Annotated[str, StringConstraints(min_length=1, max_length=60)]


class MediaPatch(Schema):
    alt: str | None = None
    angle: str | None = None
    position: Count | None = None
    # Option name → value (`{}`: every variant); bounded here, checked against the product.
    option_values: dict[OptionName, OptionValue] | None = None


def _media_or_404(request: HttpRequest, media_id: int) -> MediaAsset:
    media = selectors.media_for_viewer(media_id=media_id, viewer=viewer(request))
    if media is None:
        raise NotFound("No such media.")
    return media


@router.post("/media", response={201: MediaOut, **errors(400, 401, 413, 422)})
def media_upload(
    request: HttpRequest,
    file: File[UploadedFile],
    fields: Form[MediaFields],
) -> Status[dict[str, Any]]:
    """Upload an image or video for a post, a poll or an avatar; use the returned id."""
    media = services.media_upload(
        uploader=api_user(request), file=file, angle=fields.angle, alt=fields.alt
    )
    return Status(201, media_out(media))


@router.get(
    "/media/{media_id}",
    auth=OptionalBearerToken(),
    response={200: MediaOut, **errors(401, 404)},
)
def media_detail(request: HttpRequest, media_id: Id) -> dict[str, Any]:
    return media_out(_media_or_404(request, media_id))


@router.patch("/media/{media_id}", response={200: MediaOut, **errors(400, 401, 403, 404, 422)})
def media_update(request: HttpRequest, media_id: Id, payload: MediaPatch) -> dict[str, Any]:
    """Change alt text, angle or place; for a product's photo, `option_values` links it to the
    variants with those option values (`{"color": "Anthracite"}`; `{}`: every variant), each
    one of the product's options and values (422 naming `option_values.<name>` otherwise)."""
    media = _media_or_404(request, media_id)
    changes = payload.dict(exclude_unset=True)
    media = services.media_update(
        actor=api_user(request),
        media=media,
        alt=changes.get("alt"),
        angle=changes.get("angle"),
        position=changes.get("position"),
        option_values=changes.get("option_values"),
    )
    return media_out(media)


@router.delete("/media/{media_id}", response={204: None, **errors(401, 403, 404)})
def media_delete(request: HttpRequest, media_id: Id) -> Status[None]:
    services.media_delete(actor=api_user(request), media=_media_or_404(request, media_id))
    return Status(204, None)
