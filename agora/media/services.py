"""Media writes: upload (sniff, strip, store), update, delete, and the thumbnails step."""

from __future__ import annotations

import io
import logging
import uuid
from collections.abc import Callable
from typing import TYPE_CHECKING

from django.core.files.base import ContentFile, File
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils.translation import gettext as _

from agora.core.errors import InvalidInput, PermissionDenied
from agora.media import pipeline
from agora.media.hooks import MediaHolder, holder_of
from agora.media.models import MediaAsset
from agora.media.scheduling import enqueue_thumbnails

if TYPE_CHECKING:
    from agora.core.types import User

logger = logging.getLogger(__name__)

_alt_max_length = MediaAsset._meta.get_field("alt").max_length
assert _alt_max_length is not None  # a CharField has one
ALT_MAX_LENGTH: int = _alt_max_length


def _angle(value: str | None) -> str:
    if value in (None, ""):
        return MediaAsset.Angle.OTHER
    if value not in MediaAsset.Angle.values:
        message = _("Choose one of: %(choices)s.") % {"choices": ", ".join(MediaAsset.Angle.values)}
        raise InvalidInput.field("angle", message)
    return value


def _alt(value: str | None) -> str:
    text = (value or "").strip()
    if len(text) > ALT_MAX_LENGTH:
        raise InvalidInput.field("alt", _("At most %(n)d characters.") % {"n": ALT_MAX_LENGTH})
    return text


OPTION_VALUES_MAX = 10  # options a picture may be linked by; a product has a few


def _option_values(values: dict[str, str], holder: MediaHolder | None) -> dict[str, str]:
    if not values:
        return {}
    if len(values) > OPTION_VALUES_MAX:
        message = _("At most %(n)d options.") % {"n": OPTION_VALUES_MAX}
        raise InvalidInput.field("option_values", message)
    if holder is None or holder.check_option_values is None:
        message = _("Only a product's photos can follow its options.")
        raise InvalidInput.field("option_values", message)
    return holder.check_option_values(values)


def require_editor(*, actor: User, media: MediaAsset) -> None:
    """Media that an app above shows (a product's photos, a shop's logo) is changed by whoever
    that app says (the shop's owner and staff); other media (avatars, post images) only by the
    person who uploaded it. Raises PermissionDenied otherwise."""
    _require_editor(actor, media, holder_of(media))


def _require_editor(actor: User, media: MediaAsset, holder: MediaHolder | None) -> None:
    if holder is not None:
        holder.require_editor(actor)
        return
    if media.uploaded_by_id != actor.pk:
        raise PermissionDenied(_("Only the person who uploaded this can change it."))


def _delete_files(paths: list[str]) -> None:
    for path in paths:
        try:
            default_storage.delete(path)
        except OSError:  # already gone, or the storage is read-only: nothing to undo
            logger.warning("Could not delete media file %s", path)


def _stored_paths(media: MediaAsset) -> list[str]:
    paths = [media.file.name, media.poster.name if media.poster else ""]
    paths += list((media.thumbnails or {}).values())
    return [p for p in paths if p]


def media_upload(
    *,
    uploader: User,
    file: File | None,
    angle: str = "other",
    alt: str = "",
    attach: Callable[[MediaAsset], object] | None = None,
) -> MediaAsset:
    """Store an upload as a MediaAsset; the stored bytes are never the uploaded bytes.

    The type is sniffed from the content; images are decoded and re-encoded without metadata,
    videos are remuxed without metadata by ffmpeg and get a poster. Everything is checked before
    anything is written; the row is created in one transaction and, if it fails, the files just
    written are removed, so a refused upload leaves no row and no file. Thumbnails are made by a
    task enqueued on commit (status "processing" until then); videos are "ready" at once.
    `attach(media)`, given by an app above that shows the upload (a product's photos), runs in
    the same transaction right after the row is saved: if it raises, nothing is kept either.
    """
    angle = _angle(angle)
    alt = _alt(alt)
    if file is None:
        raise InvalidInput.field("file", _("A file is required."))

    kind, mime = pipeline.sniff(file)
    pipeline.check_size(file.size, kind=kind)
    clean = (
        pipeline.clean_video(file, mime=mime)
        if kind == "video"
        else pipeline.clean_image(file, mime=mime)
    )

    written: list[str] = []
    try:
        with transaction.atomic():
            media = MediaAsset(
                uploaded_by=uploader,
                kind=kind,
                angle=angle,
                alt=alt,
                content_type=clean.content_type,
                width=clean.width,
                height=clean.height,
                size_bytes=len(clean.data),
                status=(
                    MediaAsset.Status.READY if kind == "video" else MediaAsset.Status.PROCESSING
                ),
            )
            name = uuid.uuid4().hex
            media.file.save(f"{name}.{clean.extension}", ContentFile(clean.data), save=False)
            written = _stored_paths(media)  # what to remove from storage if the row fails
            if clean.poster is not None:
                media.poster.save(f"{name}.jpg", ContentFile(clean.poster), save=False)
                written = _stored_paths(media)
            media.save()
            if attach is not None:
                attach(media)
            if kind == "image":
                transaction.on_commit(lambda: enqueue_thumbnails(media.pk))
    except BaseException:
        _delete_files(written)
        raise
    return media


def media_thumbnails_make(*, media_id: int) -> MediaAsset | None:
    """Write WebP thumbnails (configured widths, never wider than the original, at least one)
    and mark the image ready. Idempotent: a ready image is left alone, and a rerun overwrites
    the same thumbnail paths. If the media was deleted meanwhile, what was written is removed."""
    media = MediaAsset.objects.filter(pk=media_id, kind=MediaAsset.Kind.IMAGE).first()
    if media is None or (media.status == MediaAsset.Status.READY and media.thumbnails):
        return media
    try:
        if not media.file.name:
            raise FileNotFoundError(f"Media {media_id} has no file.")
        with default_storage.open(media.file.name, "rb") as handle:
            thumbs = pipeline.make_thumbnails(io.BytesIO(handle.read()))
    except (OSError, InvalidInput):
        logger.exception("Thumbnails failed for media %s", media_id)
        MediaAsset.objects.filter(pk=media_id).update(status=MediaAsset.Status.FAILED)
        return None
    paths: dict[str, str] = {}
    for width, data in thumbs.items():
        path = f"thumbs/{media_id}/{width}.webp"
        if default_storage.exists(path):
            default_storage.delete(path)
        paths[str(width)] = default_storage.save(path, ContentFile(data))
    updated = MediaAsset.objects.filter(pk=media_id).update(
        status=MediaAsset.Status.READY, thumbnails=paths
    )
    if not updated:
        _delete_files(list(paths.values()))
        return None
    media.status, media.thumbnails = MediaAsset.Status.READY, paths
    return media


def media_update(
    *,
    actor: User,
    media: MediaAsset,
    alt: str | None = None,
    angle: str | None = None,
    position: int | None = None,
    option_values: dict[str, str] | None = None,
) -> MediaAsset:
    """Change alt text and angle; `position` moves the media to that place (0 is first) among
    the media of what shows it (a product's photos), renumbering the others; media that nothing
    orders ignore it. `option_values` links it to the variants with those option values (`{}`:
    to all of them), as what shows it allows (a product's own options and values; 422 naming
    the field otherwise). One transaction."""
    holder = holder_of(media)
    _require_editor(actor, media, holder)
    fields: list[str] = []
    if option_values is not None:
        media.option_values = _option_values(option_values, holder)
        fields.append("option_values")
    if alt is not None:
        media.alt = _alt(alt)
        fields.append("alt")
    if angle is not None:
        media.angle = _angle(angle)
        fields.append("angle")
    if position is not None and (isinstance(position, bool) or position < 0):
        raise InvalidInput.field("position", _("Must be zero or more."))
    with transaction.atomic():
        if fields:
            media.save(update_fields=fields)
        if position is not None and holder is not None and holder.place is not None:
            holder.place(position)
    return media


def media_delete(*, actor: User, media: MediaAsset) -> None:
    """Delete the row; its file, poster and thumbnails leave storage after the commit."""
    require_editor(actor=actor, media=media)
    paths = _stored_paths(media)
    with transaction.atomic():
        media.delete()
        transaction.on_commit(lambda: _delete_files(paths))
