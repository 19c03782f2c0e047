"""Saves screenshots of the main pages to screenshots/ (gitignored) for people to look at, and
checks that each page renders in a real browser without a console or CSP error."""

import pytest
from playwright.sync_api import expect

from tests.browser import shoot
from tests.e2e.seed import seed_catalog
from tests.factories import PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_screenshots_of_the_main_pages(live_server, page, browser):
    seed_catalog()
    base = live_server.url

    pages = {
        "home": "/",
        "shops": "/shops",
        "shop": "/@atelier",
        "product": "/@atelier/products/linen-shirt",
        "product-fr": "/@atelier/products/linen-shirt?lang=fr",
        "home-de": "/?lang=de",
        "person": "/@maya",
        "signup": "/signup",
        "login": "/login",
        "not-found": "/@nobody",
    }
    for name, path in pages.items():
        page.goto(base + path)
        shoot(page, name)

    page.goto(base + "/login")
    page.get_by_label("Handle").fill("maya")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("link", name="Dashboard")).to_be_visible()
    page.goto(base + "/settings")
    page.get_by_label("Token name").fill("Inventory script")
    page.get_by_role("button", name="Create token").click()
    expect(page.locator(".token-once code")).to_be_visible()
    shoot(page, "settings")

    mobile = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    phone = mobile.new_page()
    for name in ("home", "product"):
        phone.goto(base + pages[name])
        shoot(phone, f"{name}-mobile")
    mobile.close()

    # The only expected error: the 404 status of the not-found page itself.
    assert [e for e in page.console_errors if "status of 404" not in e] == []
