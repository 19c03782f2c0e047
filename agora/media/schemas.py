from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from agora.core.schemas import Schema
from agora.core.urls_util import absolute_url
from agora.media.storage_urls import file_url

if TYPE_CHECKING:
    from agora.media.models import MediaAsset


class MediaFields(Schema):
    """The text parts of a multipart upload beside its `file`."""

    angle: str = "other"
    alt: str = ""


class ThumbnailOut(Schema):
    width: int
    url: str


class MediaOut(Schema):
    id: int
    kind: str
    angle: str
    alt: str
    status: str
    content_type: str
    width: int | None
    height: int | None
    url: str
    poster_url: str | None
    thumbnails: list[ThumbnailOut]
    srcset: str
    # The variants it shows ({"color": "Anthracite"}); {} when it shows them all.
    option_values: dict[str, str]


# What `media_out_row` reads, for selectors that fetch media with values() (prefixed with the
# path to the asset, e.g. "media__"), and in that order.
MEDIA_FIELDS = (
    "id",
    "kind",
    "angle",
    "alt",
    "status",
    "content_type",
    "width",
    "height",
    "file",
    "poster",
    "thumbnails",
)
# The same and the variants it shows, for reads of a product's media (`media_out_row` takes
# either: without it, `option_values` is {}).
LINKED_MEDIA_FIELDS = (*MEDIA_FIELDS, "option_values")


def media_out(asset: MediaAsset) -> dict[str, Any]:
    """Absolute URLs for the file, its poster and its thumbnails. While thumbnails are being
    made, status is "processing" and the (already stripped) original stands in for them."""
    return media_out_row(
        (
            asset.pk,
            asset.kind,
            asset.angle,
            asset.alt,
            asset.status,
            asset.content_type,
            asset.width,
            asset.height,
            asset.file.name or "",
            (asset.poster.name or "") if asset.poster else "",
            asset.thumbnails,
            asset.option_values,
        )
    )


def media_out_row(row: Sequence[Any]) -> dict[str, Any]:
    """`media_out` of an asset read as values, `MEDIA_FIELDS` (or `LINKED_MEDIA_FIELDS`) in
    order (file names as stored)."""
    pk, kind, angle, alt, status, content_type, width, height, file, poster, thumbnails = row[:11]
    opts = row[11] if len(row) > 11 else None
    thumbs = sorted(((int(w), path) for w, path in (thumbnails or {}).items()))
    thumbnail_list = [{"width": w, "url": absolute_url(file_url(p))} for w, p in thumbs]
    url = absolute_url(file_url(file))
    srcset = ", ".join(f"{t['url']} {t['width']}w" for t in thumbnail_list)
    if not srcset and width:
        srcset = f"{url} {width}w"
    return {
        "id": pk,
        "kind": kind,
        "angle": angle,
        "alt": alt,
        "status": status,
        "content_type": content_type,
        "width": width,
        "height": height,
        "url": url,
        "poster_url": absolute_url(file_url(poster)) if poster else None,
        "thumbnails": thumbnail_list,
        "srcset": srcset,
        "option_values": _json_dict(opts),
    }


def _json_dict(value: Any) -> dict[str, Any]:
    """A JSON object column as a dict (SQLite nests it as text when read through a JSON
    expression)."""
    if isinstance(value, str):
        value = json.loads(value)
    return value if isinstance(value, dict) else {}
