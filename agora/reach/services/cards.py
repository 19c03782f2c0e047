"""Link cards, write side: the 1200×630 PNG a link preview shows, drawn with Pillow and kept in
Django's storage under a name that carries the version of what it shows
(`cards/<kind>/<id>-<version>.png`), so a changed title, price or photo draws a new one and the
old URL (`?v=`) never serves stale pixels. Drawn on the first request for a version, then
read from storage."""

from __future__ import annotations

import io
import logging
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image, ImageDraw, ImageFont, ImageOps

if TYPE_CHECKING:
    from agora.reach.selectors.cards import CardImage

logger = logging.getLogger(__name__)

WIDTH, HEIGHT = 1200, 630
BACKGROUND = (251, 248, 244)
TEXT = (31, 26, 23)
MUTED = (107, 98, 91)
ACCENT = (194, 65, 12)
ACCENT_SOFT = (255, 241, 230)
PHOTO = 630  # the photo's square on the left
PAD = 56
FONT_DIRS = (
    Path("/usr/share/fonts/truetype/dejavu"),
    Path("/usr/share/fonts/dejavu"),
    Path("/usr/share/fonts/TTF"),
)


@lru_cache(maxsize=16)
def _font(size: int, *, bold: bool = False) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    """DejaVu Sans when the system has it (Debian's fonts-dejavu), else Pillow's own scalable
    default font: nothing is fetched from elsewhere."""
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    for folder in FONT_DIRS:
        path = folder / name
        if path.exists():
            return ImageFont.truetype(str(path), size)
    return ImageFont.load_default(size=size)


def _wrap(
    draw: ImageDraw.ImageDraw,
    text: str,
    font: ImageFont.FreeTypeFont | ImageFont.ImageFont,
    width: int,
    max_lines: int,
) -> list[str]:
    """Words in lines at most `width` pixels wide; the last line ends with … when cut."""
    words = text.split()
    lines: list[str] = []
    current = ""
    for word in words:
        candidate = f"{current} {word}".strip()
        if draw.textlength(candidate, font=font) <= width:
            current = candidate
            continue
        if current:
            lines.append(current)
        current = word
        while draw.textlength(current, font=font) > width and len(current) > 1:
            # A word longer than the line: cut it.
            cut = len(current)
            while cut > 1 and draw.textlength(current[:cut], font=font) > width:
                cut -= 1
            lines.append(current[:cut])
            current = current[cut:]
    if current:
        lines.append(current)
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        last = lines[-1]
        while last and draw.textlength(last + "…", font=font) > width:
            last = last[:-1]
        lines[-1] = last.rstrip() + "…"
    return lines


def _photo(spec: CardImage) -> Image.Image | None:
    """The spec's photo cropped to the left square, or None when there is none or it can't be
    read (a placeholder is drawn instead)."""
    if not spec.photo_name:
        return None
    try:
        with default_storage.open(spec.photo_name, "rb") as handle:
            source = Image.open(handle)
            source.draft("RGB", (PHOTO * 2, PHOTO * 2))
            image = ImageOps.exif_transpose(source).convert("RGB")
            return ImageOps.fit(image, (PHOTO, PHOTO), Image.Resampling.LANCZOS)
    except (OSError, ValueError, Image.DecompressionBombError):
        logger.warning("card photo %s could not be read", spec.photo_name)
        return None


def card_image_draw(spec: CardImage) -> bytes:
    """The card as PNG bytes: the photo (or a lettered placeholder) on the left, the title,
    the highlight (a price, a hashtag) and the byline on the right."""
    canvas = Image.new("RGB", (WIDTH, HEIGHT), BACKGROUND)
    draw = ImageDraw.Draw(canvas)
    photo = _photo(spec)
    if photo is not None:
        canvas.paste(photo, (0, 0))
    else:
        draw.rectangle((0, 0, PHOTO, HEIGHT), fill=ACCENT_SOFT)
        letter = (spec.title.strip()[:1] or "A").upper()
        font = _font(260, bold=True)
        draw.text((PHOTO / 2, HEIGHT / 2), letter, font=font, fill=ACCENT, anchor="mm")
    left = PHOTO + PAD
    width = WIDTH - left - PAD
    y = PAD
    if spec.label:
        font = _font(28, bold=True)
        draw.text((left, y), spec.label.upper(), font=font, fill=ACCENT)
        y += 56
    title_font = _font(50, bold=True)
    for line in _wrap(draw, spec.title, title_font, width, 4):
        draw.text((left, y), line, font=title_font, fill=TEXT)
        y += 62
    if spec.highlight:
        y += 18
        font = _font(46, bold=True)
        for line in _wrap(draw, spec.highlight, font, width, 1):
            draw.text((left, y), line, font=font, fill=ACCENT)
            y += 58
    if spec.byline:
        font = _font(30)
        for line in _wrap(draw, spec.byline, font, width, 2):
            y += 8
            if y > HEIGHT - 120:
                break
            draw.text((left, y), line, font=font, fill=MUTED)
            y += 36
    draw.line((left, HEIGHT - PAD - 48, WIDTH - PAD, HEIGHT - PAD - 48), fill=(232, 223, 213))
    draw.text((left, HEIGHT - PAD - 30), "Agora", font=_font(30, bold=True), fill=ACCENT)
    out = io.BytesIO()
    canvas.save(out, "PNG", optimize=True)
    return out.getvalue()


def card_image_bytes(spec: CardImage) -> bytes:
    """The stored PNG of this version of the card, drawn and stored on first use. Two first
    requests at once may both draw it; one copy is kept."""
    name = spec.storage_name
    try:
        with default_storage.open(name, "rb") as handle:
            data: bytes = handle.read()
            return data
    except FileNotFoundError:
        pass
    data = card_image_draw(spec)
    saved = default_storage.save(name, ContentFile(data))
    if saved != name:  # another request stored it first: keep theirs
        default_storage.delete(saved)
    return data
