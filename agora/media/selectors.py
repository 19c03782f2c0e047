"""Media reads. Media that an app above shows (a product's photos, a shop's logo) is seen by
whoever that app lets see it (`media/hooks.py`); personal uploads (avatars, post images) are
seen through the API by their uploader only."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from django.db.models.functions import JSONObject

from agora.core.prepared import instance
from agora.media.hooks import holder_of
from agora.media.models import MediaAsset

if TYPE_CHECKING:
    from agora.core.types import AnyUser, User


def image_owned_by(*, user: User, media_id: int) -> MediaAsset | None:
    """The image with this id if `user` uploaded it, or None (other kinds or owners)."""
    return MediaAsset.objects.filter(
        pk=media_id, uploaded_by=user, kind=MediaAsset.Kind.IMAGE
    ).first()


def media_for_viewer(*, media_id: int, viewer: AnyUser | None = None) -> MediaAsset | None:
    """The media if the viewer uploaded it or the app that shows it lets them see it (a
    visible product, an active shop's logo); None for media the viewer may not see (→ 404)."""
    media = MediaAsset.objects.filter(pk=media_id).first()
    if media is None:
        return None
    person = viewer if viewer is not None and viewer.is_authenticated else None
    if person is not None and media.uploaded_by_id == person.pk:
        return media
    holder = holder_of(media)
    if holder is not None and holder.visible_to(person):
        return media
    return None


# What pages show of an asset (`{% responsive_image %}`, `{% media_url %}`, a gallery's angle
# tabs): the columns a prepared read of assets selects and a cached fragment's key digests.
SHOWN_FIELDS = (
    "id",
    "kind",
    "angle",
    "alt",
    "file",
    "poster",
    "content_type",
    "width",
    "height",
    "status",
    "thumbnails",
    "option_values",
)


def shown_json(prefix: str = "") -> JSONObject:
    """What pages show of an asset as one JSON object (its `SHOWN_FIELDS`), for a subquery
    that picks one asset per row of another read (`prefix`: the path to the asset)."""
    return JSONObject(**{name: f"{prefix}{name}" for name in SHOWN_FIELDS})


def asset_of_json(data: dict[str, Any]) -> MediaAsset:
    """The asset of a `shown_json` object (read back by the ORM), its other columns deferred.
    SQLite nests the thumbnails as text: they are decoded here."""
    for name in ("thumbnails", "option_values"):
        if isinstance(data.get(name), str):
            data = {**data, name: json.loads(data[name])}
    return instance(MediaAsset, data, names=SHOWN_FIELDS)
