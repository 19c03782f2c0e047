"""Seeds shops and products with real uploaded pictures (through agora.media's upload service,
so they get re-encoded and thumbnailed like any upload) for the browser tests and screenshots."""

from __future__ import annotations

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageDraw, ImageFilter

from agora.catalog.services import product_media_add
from agora.media.services import media_upload
from tests.factories import PersonalizationFieldFactory, ProductFactory, ShopFactory, UserFactory

SIZE = 900


def _gradient(top: tuple[int, int, int], bottom: tuple[int, int, int]) -> Image.Image:
    image = Image.new("RGB", (SIZE, SIZE), top)
    draw = ImageDraw.Draw(image)
    for y in range(SIZE):
        t = y / (SIZE - 1)
        color = tuple(round(a + (b - a) * t) for a, b in zip(top, bottom, strict=True))
        draw.line([(0, y), (SIZE, y)], fill=color)
    return image


def _shade(color: tuple[int, int, int], factor: float) -> tuple[int, int, int]:
    return tuple(max(0, min(255, round(c * factor))) for c in color)


def _shape(draw: ImageDraw.ImageDraw, kind: str, color: tuple[int, int, int]) -> None:
    dark = _shade(color, 0.75)
    if kind == "shirt":
        body = [
            (290, 230),
            (390, 200),
            (450, 250),
            (510, 200),
            (610, 230),
            (720, 340),
            (640, 410),
            (600, 370),
            (600, 720),
            (300, 720),
            (300, 370),
            (260, 410),
            (180, 340),
        ]
        draw.polygon(body, fill=color)
        draw.arc((395, 170, 505, 280), 20, 160, fill=dark, width=10)
        draw.line([(450, 280), (450, 700)], fill=dark, width=4)
    elif kind == "mug":
        draw.rounded_rectangle((270, 280, 580, 690), radius=40, fill=color)
        draw.ellipse((540, 360, 700, 580), outline=color, width=42)
        draw.ellipse((270, 250, 580, 320), fill=dark)
    elif kind == "bag":
        draw.polygon([(300, 250), (600, 250), (640, 720), (260, 720)], fill=color)
        draw.rectangle((300, 230, 600, 270), fill=dark)
        draw.rounded_rectangle((360, 420, 540, 560), radius=14, fill=(250, 244, 236))
    elif kind == "dress":
        draw.polygon(
            [(380, 220), (520, 220), (560, 420), (680, 720), (220, 720), (340, 420)], fill=color
        )
        draw.rectangle((340, 400, 560, 440), fill=dark)
    else:  # a bottle
        draw.rounded_rectangle((360, 330, 540, 720), radius=50, fill=color)
        draw.rectangle((415, 200, 485, 340), fill=dark)


def product_picture(kind: str, color: tuple[int, int, int], *, angle: str = "front") -> bytes:
    """A soft studio-style picture of a simple object, as PNG bytes."""
    top = _shade(color, 0.35) if angle == "detail" else (246, 240, 233)
    image = _gradient(top, (226, 214, 201))
    shadow = Image.new("L", (SIZE, SIZE), 0)
    ImageDraw.Draw(shadow).ellipse((230, 690, 670, 760), fill=120)
    image.paste((120, 100, 85), mask=shadow.filter(ImageFilter.GaussianBlur(18)))
    draw = ImageDraw.Draw(image)
    if angle == "back":
        color = _shade(color, 0.88)
    _shape(draw, kind, color)
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def upload_picture(
    product=None, *, kind: str, color, angle: str = "front", alt: str = "", uploader=None
):
    """A product_picture through the media pipeline: a photo of `product` (by its shop's owner,
    its title as alt text unless `alt` is given), or with no product `uploader`'s own photo."""
    name = f"{product.slug if product is not None else kind}-{angle}.png"
    upload = SimpleUploadedFile(name, product_picture(kind, color, angle=angle), "image/png")
    if product is None:
        return media_upload(uploader=uploader, file=upload, angle=angle, alt=alt)
    return product_media_add(
        actor=uploader or product.shop.members.first().user,
        product=product,
        file=upload,
        angle=angle,
        alt=alt or product.title,
    )


CATALOG = [
    # shop handle, shop name, description, [(title, price, shape, color, stock per size)]
    (
        "atelier",
        "Atelier Nord",
        "Linen, wool and organic cotton clothes, designed and sewn in small runs in Lille.",
        [
            ("Linen shirt", 4900, "shirt", (70, 110, 160), [40, 3, 0]),
            ("Wool cardigan", 8900, "shirt", (150, 60, 45), [12, 12, 12]),
            ("Summer dress", 6500, "dress", (214, 160, 70), [2, 8, 5]),
            ("Canvas tote", 1999, "bag", (90, 120, 80), [30]),
        ],
    ),
    (
        "roastery",
        "Canal Roastery",
        "Specialty coffee roasted every Tuesday by the canal. Direct trade, full traceability.",
        [
            ("Ethiopia Guji", 1450, "bag", (120, 80, 50), [50, 20]),
            ("House espresso", 1290, "bag", (40, 40, 40), [80, 80]),
            ("Stoneware mug", 2200, "mug", (200, 110, 60), [15]),
            ("Cold brew bottle", 990, "bottle", (60, 90, 110), [0]),
        ],
    ),
]


def seed_catalog(*, pictures: bool = True):
    """Two shops, eight products with sizes, stock, pictures; returns {handle: (shop, [products])}."""
    owner = UserFactory(username="maya", display_name="Maya Roux")
    seeded = {}
    for handle, name, description, items in CATALOG:
        shop = ShopFactory(handle=handle, name=name, description=description, owner=owner)
        products = []
        for title, price, shape, color, stock in items:
            clothes = shape in {"shirt", "dress"}
            option = "size" if clothes else "weight"
            sizes = (["S", "M", "L"] if clothes else ["250 g", "1 kg"])[: len(stock)]
            product = ProductFactory(
                shop=shop,
                title=title,
                slug=title.lower().replace(" ", "-"),
                brand=name.split()[0],
                price_amount=price,
                description=f"{title}, made with care by {name}.\nShips in two days.",
                options=[{"name": option, "values": sizes}] if len(stock) > 1 else [],
                variants=[
                    {"options": {option: size} if len(stock) > 1 else {}, "stock": units}
                    for size, units in zip(sizes, stock, strict=False)
                ],
            )
            if pictures:
                upload_picture(product, kind=shape, color=color, angle="front")
                upload_picture(product, kind=shape, color=color, angle="back")
                upload_picture(product, kind=shape, color=color, angle="detail")
            products.append(product)
        seeded[handle] = (shop, products)
    shirt = seeded["atelier"][1][0]
    PersonalizationFieldFactory(
        product=shirt, name="Initials on the pocket", max_length=3, surcharge_amount=500
    )
    return seeded
