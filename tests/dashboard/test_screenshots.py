"""The dashboard in a real browser: a seller's tour, saved as screenshots for review.

Runs headless Chromium against the live test server and writes screenshots/dashboard-*.png.
"""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image, ImageDraw

from agora.catalog.models import Product
from agora.catalog.schemas import product_draft
from agora.catalog.services import product_create, product_media_add
from tests.conftest import CHROMIUM
from tests.factories import CategoryFactory, ShopFactory, UserFactory

SHOTS = Path(settings.BASE_DIR) / "screenshots"

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs /usr/bin/chromium"),
]


def picture(color: tuple[int, int, int], accent: tuple[int, int, int]) -> SimpleUploadedFile:
    image = Image.new("RGB", (640, 640), color)
    draw = ImageDraw.Draw(image)
    draw.ellipse((160, 160, 480, 480), fill=accent)
    draw.rectangle((250, 60, 390, 200), fill=(255, 255, 255))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=85)
    return SimpleUploadedFile("product.jpg", buffer.getvalue(), content_type="image/jpeg")


def money(amount: int) -> dict:
    return {"amount": amount, "currency": "EUR"}


def seed():
    owner = UserFactory(username="marta", display_name="Marta Ruiz")
    helper = UserFactory(username="jonas", display_name="Jonas Weber")
    shop = ShopFactory(
        owner=owner,
        handle="linen_loft",
        name="Linen Loft",
        description="Linen shirts, aprons and kitchen cloths, woven in small batches.",
    )
    shop.members.create(user=helper, role="staff")
    ShopFactory(owner=owner, handle="tea_corner", name="Tea Corner", description="Loose teas.")
    apparel = CategoryFactory(name="Apparel", slug="apparel")
    specs = [
        ("Linen shirt", 4900, "active", ((214, 200, 180), (120, 90, 70)), ["S", "M", "L"]),
        ("Kitchen apron", 3200, "active", ((190, 210, 200), (40, 110, 90)), ["One size"]),
        ("Name tea towel", 1450, "draft", ((235, 225, 200), (200, 80, 40)), ["One size"]),
        ("Winter scarf", 3900, "archived", None, ["One size"]),
    ]
    products = []
    for n, (title, price, status, colors, sizes) in enumerate(specs):
        data = {
            "title": title,
            "description": f"{title} made of washed linen.",
            "brand": "Linen Loft",
            "category": apparel.pk,
            "status": status,
            "price": money(price),
            "variants": [
                {"sku": f"LL-{n}-{size[:2].upper()}", "options": {"size": size}, "stock": 4 + i}
                for i, size in enumerate(sizes)
            ],
            "personalization_fields": (
                [
                    {
                        "name": "Name on the towel",
                        "max_length": 12,
                        "allowed_characters": "ABCDEFGHIJKLMNOPQRSTUVWXYZ ",
                        "surcharge": money(300),
                    }
                ]
                if title == "Name tea towel"
                else []
            ),
        }
        product = product_create(actor=owner, shop=shop, draft=product_draft(data))
        if colors:
            product_media_add(
                actor=owner,
                product=product,
                file=picture(*colors),
                angle="front",
                alt=f"{title}, front",
            )
        products.append(product)
    product_media_add(
        actor=owner,
        product=products[0],
        file=picture((60, 60, 70), (214, 200, 180)),
        angle="in_use",
        alt="Linen shirt worn outdoors",
    )
    return owner, shop, products[0]


@pytest.mark.django_db(transaction=True)
def test_a_seller_tours_the_dashboard_in_a_browser(browser, live_server, settings):

    owner, shop, shirt = seed()
    client = Client()
    client.force_login(owner)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    SHOTS.mkdir(exist_ok=True)
    base = live_server.url
    os.environ.setdefault("PLAYWRIGHT_BROWSERS_PATH", "0")

    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": base}])
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)

    def shot(path: str, name: str, *, full_page: bool = True) -> None:
        response = page.goto(base + path)
        assert response is not None
        assert response.status == 200, path
        page.screenshot(path=str(SHOTS / f"dashboard-{name}.png"), full_page=full_page)

    shot("/dashboard/", "home")
    shot(f"/dashboard/{shop.handle}/", "shop")
    shot(f"/dashboard/{shop.handle}/settings", "settings")
    shot(f"/dashboard/{shop.handle}/products/{shirt.pk}/edit", "product-edit")
    shot(f"/dashboard/{shop.handle}/products/{shirt.pk}/media", "media")

    # A new product typed with mistakes: the errors show beside the inputs.
    page.goto(f"{base}/dashboard/{shop.handle}/products/new")
    page.fill("#id_title", "Linen pillow case")
    page.fill("#id_price", "12,5,0")
    page.fill("#id_option_0", "size")
    page.fill("#id_variants-0-sku", "PILLOW-1")
    page.fill("#id_variants-0-value_0", "50x50")
    page.fill("#id_variants-0-stock", "3")
    page.fill("#id_variants-1-sku", "pillow-1")
    page.fill("#id_variants-1-value_0", "40x80")
    save_below = "#product-form .dash-actions--end button[type=submit]"
    page.click(save_below)
    page.wait_for_selector("#id_price_error")
    page.screenshot(path=str(SHOTS / "dashboard-product-errors.png"), full_page=True)
    assert not Product.objects.filter(title="Linen pillow case").exists()

    # With the price fixed, the catalog service finds the SKU typed twice.
    page.fill("#id_price", "12.50")
    page.click(save_below)
    page.wait_for_selector("#id_variants-1-sku_error")
    page.locator("#id_variants-1-sku").scroll_into_view_if_needed()
    page.screenshot(path=str(SHOTS / "dashboard-product-errors-sku.png"))
    assert not Product.objects.filter(title="Linen pillow case").exists()

    # Fixed, it saves (with the button in the page header) and lands on the edit page.
    page.fill("#id_variants-1-sku", "PILLOW-2")
    page.click(".dash-header button[form=product-form]")
    page.wait_for_url("**/edit")
    assert Product.objects.get(title="Linen pillow case").variants.count() == 2

    phone = browser.new_context(viewport={"width": 390, "height": 844})
    phone.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": base}])
    page = phone.new_page()
    shot(f"/dashboard/{shop.handle}/", "shop-mobile")
    for open_context in browser.contexts:
        open_context.close()

    assert not [e for e in errors if "Content Security Policy" in e or "Refused" in e]
