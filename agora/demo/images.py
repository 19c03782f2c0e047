"""Product photos for the demo, drawn with Pillow: no downloads, no stock photos.

A photo is a soft gradient in a tint of the product's colour, a silhouette of the product
(see shapes.py) lit from the left, optional stripes, and a caption card with brand and title.
The angle changes the picture: "back" drops front-only details, "detail" zooms in on the
fabric or label. Everything is deterministic, so a re-run draws the same bytes.
"""

from __future__ import annotations

import io
import textwrap
from functools import lru_cache

from PIL import Image, ImageDraw, ImageFilter, ImageFont

from agora.demo.shapes import SHAPES

FRAME, FRAME_TOP = 0.8, 70  # the design space is drawn at 80 %, 70 units from the top
SUPERSAMPLE = 2  # silhouettes are drawn at twice the size and scaled down for smooth edges
WHITE = (255, 255, 255)
INK = (34, 34, 40)
FLAME = (255, 170, 60)
LABEL = (250, 246, 236)
ANGLE_LABELS = {
    "en": {"front": "FRONT", "back": "BACK", "detail": "DETAIL"},
    "fr": {"front": "FACE", "back": "DOS", "detail": "DÉTAIL"},
    "de": {"front": "VORNE", "back": "HINTEN", "detail": "DETAIL"},
}


def hex_rgb(value: str) -> tuple[int, int, int]:
    value = value.lstrip("#")
    return (int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16))


def mix(a, b, t: float) -> tuple[int, int, int]:
    """`t` of the way from colour a to colour b."""
    return tuple(round(x + (y - x) * t) for x, y in zip(a, b, strict=True))


@lru_cache(maxsize=32)
def font(size: int, bold: bool = True) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    names = ["DejaVuSans-Bold.ttf", "LiberationSans-Bold.ttf"] if bold else []
    names += ["DejaVuSans.ttf", "LiberationSans-Regular.ttf"]
    for name in names:
        try:
            return ImageFont.truetype(name, size)
        except OSError:
            continue
    return ImageFont.load_default(size=size)  # Pillow's bundled font: works on a bare machine


class Pen:
    """Collects a shape's drawing operations in design units (0..1000) and renders them in
    three layers: body (product colour), details (a darker shade), accents (labels, flames)."""

    def __init__(self, size: int, *, zoom: float = 1.0, focus=(500, 500)):
        self.scale = size * SUPERSAMPLE / 1000
        self.zoom, self.focus = zoom, focus
        self.bodies: list = []
        self.details: list = []
        self.accents: list = []

    def _xy(self, x, y):
        # Zoom around the focus, then fit the 1000-unit design into the space the caption
        # card leaves free at the bottom.
        fx, fy = self.focus
        x, y = (x - fx) * self.zoom + 500, (y - fy) * self.zoom + 500
        return (500 + (x - 500) * FRAME) * self.scale, (FRAME_TOP + y * FRAME) * self.scale

    def _box(self, box):
        (x0, y0), (x1, y1) = self._xy(box[0], box[1]), self._xy(box[2], box[3])
        return (x0, y0, x1, y1)

    def _w(self, width):
        return max(1, round(width * self.zoom * self.scale))

    def body(self, points):
        self.bodies.append(("polygon", [self._xy(*p) for p in points], {}))

    def ring(self, box, width):
        self.bodies.append(("ellipse", self._box(box), {"outline": 255, "width": self._w(width)}))

    def detail(self, points):
        self.details.append(("polygon", [self._xy(*p) for p in points], {}))

    def detail_ellipse(self, box):
        self.details.append(("ellipse", self._box(box), {}))

    def line(self, points, width):
        self.details.append(
            ("line", [self._xy(*p) for p in points], {"width": self._w(width), "joint": "curve"})
        )

    def dot(self, x, y, r):
        self.details.append(("ellipse", self._box((x - r, y - r, x + r, y + r)), {}))

    def label(self, box):
        self.accents.append(("label", self._box(box), LABEL))

    def flame(self, box):
        self.accents.append(("ellipse", self._box(box), FLAME))

    @staticmethod
    def _draw(draw: ImageDraw.ImageDraw, ops, fill) -> None:
        for kind, geometry, extra in ops:
            if kind == "ellipse" and "outline" in extra:
                draw.ellipse(geometry, outline=fill, width=extra["width"])
            elif kind == "line":
                draw.line(geometry, fill=fill, **extra)
            else:
                getattr(draw, kind)(geometry, fill=fill)

    def masks(self, size: int) -> tuple[Image.Image, Image.Image]:
        big = size * SUPERSAMPLE
        body, detail = Image.new("L", (big, big)), Image.new("L", (big, big))
        self._draw(ImageDraw.Draw(body), self.bodies, 255)
        self._draw(ImageDraw.Draw(detail), self.details, 255)
        # A box filter over each 2 × 2 block: smooth edges, and many times cheaper than Lanczos.
        return body.reduce(SUPERSAMPLE), detail.reduce(SUPERSAMPLE)


@lru_cache(maxsize=8)
def _ramp(size: int, horizontal: bool) -> Image.Image:
    """A 0..255 ramp, top to bottom (or right to left); only ever read, so it is cached."""
    ramp = Image.linear_gradient("L").resize((size, size))
    return ramp.transpose(Image.Transpose.ROTATE_90) if horizontal else ramp


def _gradient(size: int, top, bottom, *, horizontal: bool = False) -> Image.Image:
    ramp = _ramp(size, horizontal)
    return Image.composite(
        Image.new("RGB", (size, size), bottom), Image.new("RGB", (size, size), top), ramp
    )


def _shadow(size: int, color) -> tuple[Image.Image, Image.Image]:
    """A soft floor shadow: drawn small and blurred, then scaled up (cheap and smooth)."""
    small = max(8, size // 8)
    mask = Image.new("L", (small, small))
    ImageDraw.Draw(mask).ellipse((small * 0.22, small * 0.66, small * 0.78, small * 0.74), fill=110)
    mask = mask.filter(ImageFilter.GaussianBlur(small / 40)).resize((size, size))
    return Image.composite(
        Image.new("RGB", (size, size), color), Image.new("RGB", (size, size)), mask
    ), mask


def _texture(size: int) -> Image.Image:
    """Fine diagonal weave lines for close-ups."""
    tex = Image.new("L", (size, size))
    draw = ImageDraw.Draw(tex)
    step = max(4, size // 90)
    for k in range(-size, size, step):
        draw.line([(k, 0), (k + size, size)], fill=60, width=max(1, step // 3))
    return tex


def _caption(canvas: Image.Image, *, title: str, brand: str, accent) -> None:
    size = canvas.width
    draw = ImageDraw.Draw(canvas)
    margin, height = round(size * 0.05), round(size * 0.15)
    box = (margin, size - margin - height, size - margin, size - margin)
    draw.rounded_rectangle(box, radius=round(size * 0.025), fill=WHITE)
    draw.rectangle(
        (box[0] + round(size * 0.025), box[1], box[0] + round(size * 0.035), box[3]), fill=accent
    )
    text_x = box[0] + round(size * 0.06)
    width = box[2] - text_x - round(size * 0.03)
    lines = [title]
    title_size = round(size * 0.05)
    while title_size > size * 0.03 and draw.textlength(title, font=font(title_size)) > width:
        title_size -= max(1, size // 300)
    if draw.textlength(title, font=font(title_size)) > width:
        lines = textwrap.wrap(title, width=max(10, len(title) // 2 + 4))[:2]
    brand_size = round(size * 0.027)
    y = box[1] + round(height * 0.16)
    draw.text((text_x, y), brand.upper(), font=font(brand_size), fill=accent)
    y += round(brand_size * 1.45)
    for line in lines:
        draw.text((text_x, y), line, font=font(title_size), fill=INK)
        y += round(title_size * 1.15)


def _label_text(draw: ImageDraw.ImageDraw, box, text: str, *, color) -> None:
    """The words printed on a bag's or jar's label, fitted to its width."""
    x0, y0, x1, y1 = box
    width = (x1 - x0) * 0.8
    words = text.upper().split()
    lines = [" ".join(words[: (len(words) + 1) // 2]), " ".join(words[(len(words) + 1) // 2 :])]
    lines = [line for line in lines if line]
    size = round((y1 - y0) / (len(lines) + 2))
    longest = max(lines, key=len)
    while size > 6 and draw.textlength(longest, font=font(size)) > width:
        size -= 2
    top = (y0 + y1) / 2 - size * 0.6 * (len(lines) - 1)
    for i, line in enumerate(lines):
        draw.text(
            ((x0 + x1) / 2, top + i * size * 1.2), line, font=font(size), fill=color, anchor="mm"
        )


def _badge(canvas: Image.Image, text: str) -> None:
    size = canvas.width
    draw = ImageDraw.Draw(canvas)
    f = font(round(size * 0.025))
    pad = round(size * 0.015)
    width = draw.textlength(text, font=f)
    x0, y0 = round(size * 0.05), round(size * 0.05)
    box = (x0, y0, x0 + width + 2 * pad, y0 + round(size * 0.025) + 2 * pad)
    draw.rounded_rectangle(box, radius=(box[3] - box[1]) // 2, fill=WHITE)
    draw.text((x0 + pad, y0 + pad * 0.8), text, font=f, fill=INK)


def product_image(
    *,
    title: str,
    brand: str,
    shape: str,
    color: str,
    angle: str = "front",
    stripes: str | None = None,
    label_text: str = "",
    size: int = 1200,
    language: str = "en",
) -> bytes:
    """A JPEG of the product drawn from `angle` (front, back or detail)."""
    base = hex_rgb(color)
    # A white shirt on a white backdrop disappears: pale products get a cool grey one.
    backdrop = mix(base, (96, 108, 128), 0.55) if sum(base) / 3 > 185 else base
    canvas = _gradient(size, mix(backdrop, WHITE, 0.9), mix(backdrop, WHITE, 0.78))
    zoom, focus = (1.8, (500, 420)) if angle == "detail" else (1.0, (500, 500))
    if angle != "detail":
        shade, mask = _shadow(size, mix(base, INK, 0.55))
        canvas.paste(shade, mask=mask)
    pen = Pen(size, zoom=zoom, focus=focus)
    SHAPES[shape](pen, angle == "back")
    body_mask, detail_mask = pen.masks(size)
    fill = _gradient(size, mix(base, WHITE, 0.18), mix(base, INK, 0.22), horizontal=True)
    if stripes:
        stripe_mask = Image.new("L", (size, size))
        draw = ImageDraw.Draw(stripe_mask)
        step = round(size * 0.05 * zoom)
        for y in range(0, size, step):
            draw.rectangle((0, y, size, y + step // 2), fill=255)
        fill.paste(hex_rgb(stripes), mask=stripe_mask)
    if angle == "detail":
        fill.paste(mix(base, INK, 0.35), mask=_texture(size))
    canvas.paste(fill, mask=body_mask)
    canvas.paste(mix(base, INK, 0.4), mask=detail_mask)
    if pen.accents:
        accents = Image.new("RGBA", (size * SUPERSAMPLE,) * 2)
        draw = ImageDraw.Draw(accents)
        for kind, geometry, col in pen.accents:
            if kind == "label":
                draw.rounded_rectangle(geometry, radius=round(size * 0.02), fill=col)
                if label_text:
                    _label_text(draw, geometry, label_text, color=mix(base, INK, 0.3))
            else:
                draw.ellipse(geometry, fill=col)
        accents = accents.reduce(SUPERSAMPLE)
        canvas.paste(accents, mask=accents)
    labels = ANGLE_LABELS.get(language, ANGLE_LABELS["en"])
    _badge(canvas, labels.get(angle, angle.upper()))
    _caption(canvas, title=title, brand=brand, accent=mix(base, INK, 0.3))
    out = io.BytesIO()
    canvas.save(out, "JPEG", quality=86)
    return out.getvalue()


def monogram_image(*, text: str, color: str, size: int = 480, round_: bool = True) -> bytes:
    """An avatar (round) or a shop logo (square): initials on a gradient of `color`."""
    base = hex_rgb(color)
    canvas = _gradient(size, mix(base, WHITE, 0.25), mix(base, INK, 0.25))
    if round_:
        mask = Image.new("L", (size * SUPERSAMPLE,) * 2)
        ImageDraw.Draw(mask).ellipse((0, 0, size * SUPERSAMPLE, size * SUPERSAMPLE), fill=255)
        bg = Image.new("RGB", (size, size), WHITE)
        bg.paste(canvas, mask=mask.resize((size, size), Image.Resampling.LANCZOS))
        canvas = bg
    draw = ImageDraw.Draw(canvas)
    f = font(round(size * 0.4))
    draw.text((size / 2, size / 2), text, font=f, fill=WHITE, anchor="mm")
    out = io.BytesIO()
    canvas.save(out, "JPEG", quality=88)
    return out.getvalue()
