"""Media endpoints: generic uploads (posts, polls, avatars) and one asset's detail, alt text,
angle, place and deletion. Product photos are uploaded and listed through catalog
(`/products/{product_id}/media`)."""

from __future__ import annotations

from ninja import File, Form, Router, Status
from ninja.files import UploadedFile

from agora.core.api import errors
from agora.core.auth import OptionalBearerToken
from agora.core.errors import NotFound
from agora.core.schemas import Count, Id, Schema
from agora.core.viewer import viewer
from agora.media import selectors, services
from agora.media.schemas import MediaFields, MediaOut, media_out

router = Router(tags=["media"])


class MediaPatch(Schema):
    alt: str | None = None
    angle: str | None = None
    position: Count | None = None


def _media_or_404(request, media_id: int):
    media = selectors.media_for_viewer(media_id=media_id, viewer=viewer(request))
    if media is None:
        raise NotFound("No such media.")
    return media


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
