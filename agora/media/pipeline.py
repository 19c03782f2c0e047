"""Byte-level media work, no database: sniff the real type, re-encode images without metadata,
strip video containers with ffmpeg, make posters and thumbnails.

Nothing here trusts the file name or the client's content type: the type comes from the bytes,
and no byte of an upload is stored without passing through Pillow or ffmpeg first.
"""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import tempfile
import warnings
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _
from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

from agora.core.errors import DomainError, InvalidInput
from agora.core.sniff import sniff_mime

IMAGE_TYPES = {  # sniffed MIME type -> Pillow format it must also open as
    "image/jpeg": "JPEG",
    "image/png": "PNG",
    "image/apng": "PNG",
    "image/webp": "WEBP",
    "image/gif": "GIF",
}
VIDEO_TYPES = {"video/mp4": "mp4", "video/webm": "webm"}  # sniffed MIME type -> ffmpeg format
# What the stored copy becomes: JPEG stays JPEG, PNG stays PNG, WebP stays WebP, GIF's first
# frame becomes a PNG.
_OUTPUT = {
    "JPEG": ("JPEG", "jpg", "image/jpeg"),
    "PNG": ("PNG", "png", "image/png"),
    "WEBP": ("WEBP", "webp", "image/webp"),
    "GIF": ("PNG", "png", "image/png"),
}
JPEG_QUALITY = 88
THUMBNAIL_QUALITY = 80
FFMPEG_TIMEOUT = 120  # seconds; a video that takes longer to copy is refused
_DECODE_ERRORS = (OSError, SyntaxError, ValueError, EOFError, UnidentifiedImageError)


class MediaTooLarge(DomainError):
    status = 413
    code = "too_large"


def refuse(message: str, *, code: str = "invalid") -> InvalidInput:
    return InvalidInput(message, code=code, fields={"file": [message]})


@dataclass(frozen=True)
class CleanFile:
    """Bytes safe to store: re-encoded (images) or remuxed (videos), with no metadata."""

    data: bytes
    extension: str
    content_type: str
    width: int | None
    height: int | None
    poster: bytes | None = None  # JPEG, videos only


# --- sniffing ---------------------------------------------------------------------------
def sniff(upload) -> tuple[str, str]:
    """("image" | "video", MIME type) from the first bytes of `upload`, or a 422 on "file"."""
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    if not head:
        raise refuse(_("The file is empty."))
    mime = sniff_mime(head)
    if mime in IMAGE_TYPES:
        return "image", mime
    if mime in VIDEO_TYPES:
        return "video", mime
    raise refuse(
        _("Unsupported file type. Upload a JPEG, PNG, WebP or GIF image, or an MP4 or WebM video."),
        code="unsupported_type",
    )


def check_size(size: int, *, kind: str) -> None:
    limit = settings.AGORA_MAX_VIDEO_BYTES if kind == "video" else settings.AGORA_MAX_IMAGE_BYTES
    if size > limit:
        message = _("The file is too large: the limit is %(mib).1f MiB.") % {
            "mib": limit / (1024 * 1024)
        }
        raise MediaTooLarge(message, fields={"file": [message]})


# --- images -----------------------------------------------------------------------------
def open_checked(source, *, expected_format: str | None = None) -> Image.Image:
    """Open an image and check its pixel count from the header, before anything is decoded."""
    limit = settings.AGORA_MAX_IMAGE_PIXELS
    message = _("The image has too many pixels (the limit is %(mp)s megapixels).") % {
        "mp": f"{limit / 1_000_000:g}"
    }
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(source)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise refuse(message, code="too_many_pixels") from None
    except _DECODE_ERRORS:
        raise refuse(_("The image could not be read; it may be corrupt."), code="corrupt") from None
    if expected_format and image.format != expected_format:
        raise refuse(_("The file's content does not match its type."), code="corrupt")
    width, height = image.size
    if width < 1 or height < 1 or width * height > limit:
        raise refuse(message, code="too_many_pixels")
    return image


def _to_srgb(image: Image.Image) -> Image.Image:
    """Colours from an embedded ICC profile are converted to sRGB, since the profile is dropped."""
    icc = image.info.get("icc_profile")
    if not icc or image.mode not in {"RGB", "RGBA"}:
        return image
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        converted = ImageCms.profileToProfile(
            image, source, ImageCms.createProfile("sRGB"), outputMode=image.mode
        )
    except (ImageCms.PyCMSError, OSError, ValueError):
        return image
    return converted or image


def _normalise_mode(image: Image.Image, target_format: str) -> Image.Image:
    if target_format == "JPEG":
        return image if image.mode in {"RGB", "L"} else image.convert("RGB")
    if image.mode in {"RGB", "RGBA", "L", "LA"}:
        return image
    has_alpha = "transparency" in image.info or image.mode.endswith("A") or image.mode == "PA"
    return image.convert("RGBA" if has_alpha else "RGB")


def _encode(image: Image.Image, target_format: str, **options) -> bytes:
    image.info = {}  # nothing from the source (EXIF, GPS, XMP, ICC, comments) reaches the output
    buffer = io.BytesIO()
    image.save(buffer, target_format, **options)
    return buffer.getvalue()


def clean_image(upload, *, mime: str) -> CleanFile:
    """Decode (first frame only), apply EXIF orientation, re-encode without any metadata."""
    source_format = IMAGE_TYPES[mime]
    target_format, extension, content_type = _OUTPUT[source_format]
    upload.seek(0)
    image = open_checked(upload, expected_format=source_format)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image.seek(0)
            image.load()
            image = ImageOps.exif_transpose(image) or image
            image = _normalise_mode(_to_srgb(image), target_format)
            options: dict = {"optimize": True}
            if target_format == "JPEG":
                options |= {"quality": JPEG_QUALITY, "progressive": True}
            elif target_format == "WEBP":
                options = {"quality": JPEG_QUALITY, "method": 4}
            data = _encode(image, target_format, **options)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise refuse(_("The image has too many pixels."), code="too_many_pixels") from None
    except _DECODE_ERRORS:
        raise refuse(_("The image could not be read; it may be corrupt."), code="corrupt") from None
    return CleanFile(data, extension, content_type, image.width, image.height)


def thumbnail_widths(original_width: int) -> list[int]:
    """The configured widths no wider than the original; at least one (never an upscale)."""
    widths = [w for w in sorted(settings.AGORA_THUMBNAIL_WIDTHS) if w <= original_width]
    return widths or [original_width]


def make_thumbnails(source) -> dict[int, bytes]:
    """{width: WebP bytes} for each width from thumbnail_widths, from an already clean image."""
    image = open_checked(source)
    image.load()
    image = image.convert("RGBA" if image.mode in {"RGBA", "LA", "PA", "P"} else "RGB")
    out = {}
    for width in thumbnail_widths(image.width):
        height = max(1, round(image.height * width / image.width))
        resized = image.resize((width, height), Image.Resampling.LANCZOS)
        out[width] = _encode(resized, "WEBP", quality=THUMBNAIL_QUALITY, method=4)
    return out


# --- videos -----------------------------------------------------------------------------
def ffmpeg_available() -> bool:
    return bool(shutil.which("ffmpeg") and shutil.which("ffprobe"))


def _run(args: list[str]) -> subprocess.CompletedProcess:
    try:
        # Fixed argument list, no shell; inputs are local temporary files only.
        return subprocess.run(  # noqa: S603
            args, capture_output=True, timeout=FFMPEG_TIMEOUT, check=False
        )
    except subprocess.TimeoutExpired:
        raise refuse(_("The video took too long to process."), code="corrupt") from None


def _probe(path: Path, container: str) -> dict:
    result = _run(
        [
            shutil.which("ffprobe") or "ffprobe",
            *("-v", "error", "-protocol_whitelist", "file", "-f", container),
            *("-show_entries", "stream=codec_type,width,height:format=duration"),
            *("-of", "json", str(path)),
        ]
    )
    if result.returncode != 0:
        raise refuse(_("The video could not be read; it may be corrupt."), code="corrupt")
    return json.loads(result.stdout or b"{}")


def clean_video(upload, *, mime: str) -> CleanFile:
    """Remux video and audio streams (no re-encode) with all metadata, chapters, data and
    subtitle streams dropped; extract a poster frame near the first second."""
    if not ffmpeg_available():
        raise refuse(_("Video uploads are not available on this server."), code="unsupported_type")
    container = VIDEO_TYPES[mime]
    ffmpeg = shutil.which("ffmpeg") or "ffmpeg"
    with tempfile.TemporaryDirectory(prefix="agora-media-") as tmp:
        source, stripped, poster = (
            Path(tmp, "in"),
            Path(tmp, f"out.{container}"),
            Path(tmp, "p.png"),
        )
        with source.open("wb") as handle:
            upload.seek(0)
            for chunk in upload.chunks() if hasattr(upload, "chunks") else [upload.read()]:
                handle.write(chunk)
        # The demuxer is forced to the sniffed container and only local files may be opened,
        # so a file crafted as a playlist cannot make ffmpeg read anything else.
        common = ["-hide_banner", "-v", "error", "-nostdin", "-protocol_whitelist", "file"]
        remux = _run(
            [
                *(ffmpeg, *common, "-f", container, "-i", str(source)),
                *("-map", "0:V", "-map", "0:a?", "-c", "copy"),
                *("-map_metadata", "-1", "-map_chapters", "-1"),
                *("-fflags", "+bitexact", "-flags:v", "+bitexact", "-flags:a", "+bitexact"),
                *(["-movflags", "+faststart"] if container == "mp4" else []),
                *("-f", container, "-y", str(stripped)),
            ]
        )
        if remux.returncode != 0 or not stripped.exists() or stripped.stat().st_size == 0:
            raise refuse(_("The video could not be read; it may be corrupt."), code="corrupt")
        info = _probe(stripped, container)
        video = next((s for s in info.get("streams", []) if s.get("codec_type") == "video"), None)
        if video is None:
            raise refuse(_("The file contains no video."), code="corrupt")
        try:
            duration = float(info.get("format", {}).get("duration") or 0)
        except ValueError:
            duration = 0.0
        at = min(1.0, duration / 2) if duration > 0 else 0.0
        frame = _run(
            [
                *(ffmpeg, *common, "-ss", f"{at:.3f}", "-f", container, "-i", str(stripped)),
                *("-frames:v", "1", "-map", "0:V:0", "-f", "image2", "-c:v", "png"),
                *("-y", str(poster)),
            ]
        )
        if frame.returncode != 0 or not poster.exists():
            raise refuse(_("No frame could be read from the video."), code="corrupt")
        with poster.open("rb") as handle:
            frame_image = open_checked(handle, expected_format="PNG")
            frame_image.load()
            poster_jpeg = _encode(
                frame_image.convert("RGB"), "JPEG", quality=JPEG_QUALITY, optimize=True
            )
        return CleanFile(
            data=stripped.read_bytes(),
            extension=container,
            content_type=mime,
            width=video.get("width"),
            height=video.get("height"),
            poster=poster_jpeg,
        )
