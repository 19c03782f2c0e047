"""Real files for media tests, made with Pillow, zlib and ffmpeg: no fakes of our own code."""

from __future__ import annotations

import io
import json
import shutil
import struct
import subprocess
import zlib
from pathlib import Path
from urllib.parse import urlsplit

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageCms

CAMERA = "SecretCam 9000"


def image_bytes(fmt: str = "PNG", size=(64, 48), color="teal", **save) -> bytes:
    buffer = io.BytesIO()
    mode = "RGBA" if fmt in {"PNG", "WEBP"} else "RGB"
    image = Image.new(mode, size, color)
    if fmt == "GIF":
        image = image.convert("P")
    image.save(buffer, fmt, **save)
    return buffer.getvalue()


def noisy_jpeg(size=(400, 300)) -> bytes:
    buffer = io.BytesIO()
    Image.effect_noise(size, 80).convert("RGB").save(buffer, "JPEG", quality=95)
    return buffer.getvalue()


def jpeg_with_gps(size=(1600, 1200), orientation: int = 1) -> bytes:
    """A JPEG as a phone writes it: camera make, GPS position, orientation, an ICC profile."""
    exif = Image.Exif()
    exif[0x010F] = CAMERA  # Make
    exif[0x0112] = orientation
    exif[0x8825] = {  # GPSInfo IFD
        1: "N",
        2: (52.0, 22.0, 33.5),
        3: "E",
        4: (4.0, 53.0, 12.25),
    }
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    buffer = io.BytesIO()
    Image.new("RGB", size, "orange").save(buffer, "JPEG", exif=exif, icc_profile=icc, quality=90)
    data = buffer.getvalue()
    assert Image.open(io.BytesIO(data)).getexif().get_ifd(0x8825)  # the test means something
    return data


def png_header_claiming(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims a huge canvas: decoding it would be a decompression bomb."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 1024))
        + chunk(b"IEND", b"")
    )


def has_ffmpeg() -> bool:
    return bool(shutil.which("ffmpeg") and shutil.which("ffprobe"))


def make_video(path: Path, *, container: str = "mp4", title: str = "secret") -> bytes:
    codec = ["-c:v", "libvpx", "-b:v", "200k"] if container == "webm" else ["-pix_fmt", "yuv420p"]
    subprocess.run(
        [
            *("ffmpeg", "-v", "error", "-y", "-f", "lavfi"),
            *("-i", "testsrc=duration=1:size=320x240:rate=10", *codec),
            *("-metadata", f"title={title}", str(path)),
        ],
        check=True,
    )
    return path.read_bytes()


def ffprobe_tags(path: Path) -> dict:
    result = subprocess.run(
        [
            "ffprobe",
            "-v",
            "error",
            "-show_entries",
            "format_tags:stream_tags",
            "-of",
            "json",
            str(path),
        ],
        check=True,
        capture_output=True,
    )
    info = json.loads(result.stdout)
    tags = dict(info.get("format", {}).get("tags", {}))
    for stream in info.get("streams", []):
        tags.update(stream.get("tags", {}))
    return tags


def uploaded(data: bytes, name: str = "photo.jpg", content_type: str = "image/jpeg"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def upload(api, path: str, data: bytes, *, name="photo.jpg", content_type="image/jpeg", **fields):
    """POST a multipart form the way a browser does, with the caller's bearer token."""
    url = path if path.startswith("/api/") else f"/api/v1{path}"
    form = {"file": uploaded(data, name, content_type), **fields}
    return api.client.post(url, form, **api._headers())


def served(client, url: str):
    """GET an absolute media URL through the site, returning (response, body bytes)."""
    response = client.get(urlsplit(url).path)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return response, body


def stored_files(media_root) -> list[Path]:
    root = Path(media_root)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def png(color: str = "teal") -> bytes:
    """A small PNG photo (40×30) of one colour."""
    return image_bytes("PNG", size=(40, 30), color=color)
