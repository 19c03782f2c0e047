"""Lifestyle photos for the demo's posts, drawn with Pillow like the product photos.

Where a product photo is one item on a studio backdrop with a caption card, a post photo is a
scene: items standing on a table against a wall, laid out flat on a cloth seen from above, or
outdoors on grass under the sun. Several tagged products share one picture, flat-lay items are
turned a little, and a sticker can carry the post's hashtag. Deterministic per `seed`.
"""

from __future__ import annotations

import io
import random

from PIL import Image, ImageDraw, ImageFilter

from agora.demo.images import (
    FRAME,
    FRAME_TOP,
    INK,
    SUPERSAMPLE,
    WHITE,
    Pen,
    _gradient,
    _label_text,
    _texture,
    font,
    hex_rgb,
    mix,
)
from agora.demo.shapes import SHAPES

SETTINGS = ("table", "flatlay", "outdoor")
WALLS = ["#efe6da", "#e4ebe6", "#ece3ea", "#f3ede1", "#dfe6ef"]
TABLES = ["#b88a5a", "#d3b48c", "#8f6a4a", "#cfc6b8"]
CLOTHS = ["#e9e1d3", "#d9e2dc", "#eadbd3", "#d7dbe4", "#f1ece4"]
SKIES = [("#8ec5e8", "#e7f3fb"), ("#f7c59f", "#fbe8d8"), ("#a9c9e2", "#eef4f8")]
GROUNDS = ["#8fb36b", "#a7c47f", "#d8c79c"]
# Where n items go (centre x, centre y as fractions of the picture) and how big they are.
STANDING = {1: ([(0.5, 0.52)], 0.66), 2: ([(0.3, 0.55), (0.7, 0.55)], 0.48)}
STANDING[3] = ([(0.2, 0.58), (0.5, 0.5), (0.8, 0.58)], 0.38)
FLAT = {1: ([(0.5, 0.5)], 0.62), 2: ([(0.3, 0.36), (0.68, 0.64)], 0.46)}
FLAT[3] = ([(0.28, 0.3), (0.72, 0.36), (0.46, 0.72)], 0.4)


def _pen_at(size: int, cx: float, cy: float, scale: float) -> Pen:
    """A Pen that draws the 1000-unit design centred on (cx, cy), `scale` of the picture wide."""
    zoom = scale / FRAME
    fx = 500 - (1000 * cx - 500) / (FRAME * zoom)
    fy = 500 - ((1000 * cy - FRAME_TOP) / FRAME - 500) / zoom
    return Pen(size, zoom=zoom, focus=(fx, fy))


def _soft(size: int, draw_fn, blur: float) -> Image.Image:
    """A blurred mask drawn at 1/8 size and scaled up: cheap soft light and shadows."""
    small = max(8, size // 8)
    mask = Image.new("L", (small, small))
    draw_fn(ImageDraw.Draw(mask), small)
    blurred = mask.filter(ImageFilter.GaussianBlur(small * blur))
    return blurred.resize((size, size), Image.Resampling.BILINEAR)


def _table(size: int, rnd: random.Random) -> Image.Image:
    wall = hex_rgb(rnd.choice(WALLS))
    wood = hex_rgb(rnd.choice(TABLES))
    canvas = _gradient(size, mix(wall, WHITE, 0.4), mix(wall, INK, 0.08))
    edge = round(size * 0.64)
    top = _gradient(size, mix(wood, WHITE, 0.15), mix(wood, INK, 0.25))
    canvas.paste(top.crop((0, edge, size, size)), (0, edge))
    draw = ImageDraw.Draw(canvas)
    draw.rectangle((0, edge, size, edge + max(1, size // 200)), fill=mix(wood, INK, 0.35))
    for k in range(6):  # wood grain
        y = edge + round((size - edge) * (k + 0.5) / 6)
        draw.line((0, y, size, y + rnd.randint(-size // 40, size // 40)), fill=mix(wood, INK, 0.1))
    light = _soft(
        size,
        lambda d, s: d.polygon([(s * 0.55, 0), (s * 0.95, 0), (s * 0.75, s), (s * 0.3, s)], 70),
        0.08,
    )
    canvas.paste(Image.new("RGB", (size, size), WHITE), mask=light)
    return canvas


def _flatlay(size: int, rnd: random.Random) -> Image.Image:
    cloth = hex_rgb(rnd.choice(CLOTHS))
    canvas = _gradient(size, mix(cloth, WHITE, 0.25), cloth, horizontal=True)
    canvas.paste(mix(cloth, INK, 0.06), mask=_texture(size).point(lambda v: v // 3))
    draw = ImageDraw.Draw(canvas)
    # A cup of coffee from above in one bottom corner, a few leaves in the other (the top
    # corners are for the sticker).
    r = size * 0.07
    cx, cy = size * rnd.choice([0.1, 0.9]), size * 0.88
    draw.ellipse((cx - r, cy - r, cx + r, cy + r), fill=WHITE, outline=mix(cloth, INK, 0.3))
    draw.ellipse((cx - r * 0.7, cy - r * 0.7, cx + r * 0.7, cy + r * 0.7), fill=(92, 58, 36))
    lx, ly = size - cx, cy
    for k in range(4):
        dx, dy = (k - 1.5) * size * 0.03, k * size * 0.012
        box = (lx + dx - size * 0.02, ly + dy - size * 0.045, lx + dx + size * 0.02, ly + dy)
        draw.ellipse(box, fill=(98, 140, 92))
    return canvas


def _outdoor(size: int, rnd: random.Random) -> Image.Image:
    sky_top, sky_low = (hex_rgb(c) for c in rnd.choice(SKIES))
    ground = hex_rgb(rnd.choice(GROUNDS))
    canvas = _gradient(size, sky_top, sky_low)
    draw = ImageDraw.Draw(canvas)
    sx, r = size * rnd.uniform(0.65, 0.85), size * 0.07
    draw.ellipse((sx - r, size * 0.1, sx + r, size * 0.1 + 2 * r), fill=(255, 236, 170))
    horizon = round(size * 0.62)
    for _ in range(3):  # bushes on the horizon
        x = size * rnd.uniform(0, 1)
        w, h = size * rnd.uniform(0.2, 0.35), size * rnd.uniform(0.08, 0.14)
        draw.ellipse((x - w / 2, horizon - h, x + w / 2, horizon + h), fill=mix(ground, INK, 0.3))
    field = _gradient(size, mix(ground, WHITE, 0.1), mix(ground, INK, 0.2))
    canvas.paste(field.crop((0, horizon, size, size)), (0, horizon))
    return canvas


BACKDROPS = {"table": _table, "flatlay": _flatlay, "outdoor": _outdoor}


def _item(canvas: Image.Image, item: dict, *, cx: float, cy: float, scale: float, turn: float):
    size = canvas.width
    pen = _pen_at(size, cx, cy, scale)
    SHAPES[item["shape"]](pen, False)
    body, detail = pen.masks(size)
    centre = (cx * size, cy * size)
    if turn:
        body = body.rotate(turn, center=centre, resample=Image.Resampling.BICUBIC)
        detail = detail.rotate(turn, center=centre, resample=Image.Resampling.BICUBIC)
    base = hex_rgb(item["color"])
    if turn:  # seen from above: a drop shadow down and to the right
        shadow = body.reduce(8).filter(ImageFilter.GaussianBlur(max(1, size // 480)))
        shadow = shadow.resize((size, size), Image.Resampling.BILINEAR).point(lambda v: v * 2 // 5)
        offset = Image.new("L", (size, size))
        offset.paste(shadow, (size // 60, size // 45))
        canvas.paste(mix(base, INK, 0.7), mask=offset)
    else:  # standing: a soft ellipse on the floor under it
        (x0, y0), (x1, y1) = pen._xy(230, 790), pen._xy(770, 850)
        k = 1 / SUPERSAMPLE / size
        floor = _soft(
            size,
            lambda d, s: d.ellipse((x0 * k * s, y0 * k * s, x1 * k * s, y1 * k * s), fill=120),
            0.02,
        )
        canvas.paste(mix(base, INK, 0.75), mask=floor)
    fill = _gradient(size, mix(base, WHITE, 0.18), mix(base, INK, 0.22), horizontal=True)
    if item.get("stripes"):
        stripe_mask = Image.new("L", (size, size))
        draw = ImageDraw.Draw(stripe_mask)
        step = max(2, round(size * 0.05 * scale))
        for y in range(0, size, step):
            draw.rectangle((0, y, size, y + step // 2), fill=255)
        if turn:
            stripe_mask = stripe_mask.rotate(turn, center=centre)
        fill.paste(hex_rgb(item["stripes"]), mask=stripe_mask)
    canvas.paste(fill, mask=body)
    canvas.paste(mix(base, INK, 0.4), mask=detail)
    if pen.accents:
        accents = Image.new("RGBA", (size * SUPERSAMPLE,) * 2)
        draw = ImageDraw.Draw(accents)
        for kind, geometry, col in pen.accents:
            if kind == "label":
                draw.rounded_rectangle(geometry, radius=round(size * 0.02 * scale), fill=col)
                if item.get("label"):
                    _label_text(draw, geometry, item["label"], color=mix(base, INK, 0.3))
            else:
                draw.ellipse(geometry, fill=col)
        accents = accents.reduce(SUPERSAMPLE)
        if turn:
            accents = accents.rotate(turn, center=centre, resample=Image.Resampling.BICUBIC)
        canvas.paste(accents, mask=accents)


def _sticker(canvas: Image.Image, text: str, rnd: random.Random) -> None:
    size = canvas.width
    draw = ImageDraw.Draw(canvas)
    f = font(max(8, round(size * 0.04)))
    pad = round(size * 0.02)
    width = draw.textlength(text, font=f)
    x0 = round(size * 0.05) if rnd.random() < 0.5 else round(size * 0.95 - width - 2 * pad)
    y0 = round(size * 0.05)
    box = (x0, y0, x0 + width + 2 * pad, y0 + round(size * 0.04) + 2 * pad)
    draw.rounded_rectangle(box, radius=(box[3] - box[1]) // 2, fill=WHITE)
    draw.text((x0 + pad, y0 + pad * 0.8), text, font=f, fill=INK)


def scene_image(
    *, items: list[dict], setting: str, seed: str, size: int = 1200, sticker: str = ""
) -> bytes:
    """A JPEG of up to three items (dicts with shape, color, stripes, label) in a setting."""
    rnd = random.Random(seed)
    canvas = BACKDROPS[setting](size, rnd)
    items = items[:3]
    if items:
        places, scale = (FLAT if setting == "flatlay" else STANDING)[len(items)]
        for item, (cx, cy) in zip(items, places, strict=True):
            turn = rnd.uniform(-18, 18) if setting == "flatlay" else 0
            _item(canvas, item, cx=cx, cy=cy, scale=scale, turn=turn)
    if sticker:
        _sticker(canvas, sticker, rnd)
    out = io.BytesIO()
    canvas.save(out, "JPEG", quality=85)
    return out.getvalue()
