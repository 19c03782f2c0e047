"""A shopper browses from the home page to a product and switches the page to French."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.seed import seed_catalog

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_shopper_browses_to_a_product_and_reads_it_in_french(live_server, page):
    seed_catalog(pictures=False)

    page.goto(live_server.url + "/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("independent shops")

    page.get_by_role("link", name="Atelier Nord").first.click()
    expect(page).to_have_url(re.compile(r"/@atelier$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Atelier Nord")

    page.get_by_role("link", name="Linen shirt").click()
    expect(page).to_have_url(re.compile(r"/@atelier/products/linen-shirt$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Linen shirt")
    expect(page.locator(".price-line .price")).to_have_text("€49.00")

    # htmx swaps the stock line when a size is picked, under the strict CSP.
    page.locator("label.chip", has_text="M").click()
    expect(page.locator("#variant-status")).to_contain_text("Only 3 left")

    page.locator("summary", has_text="Menu").click()  # the language switch is in the menu
    page.get_by_role("button", name="Français").click()

    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page).to_have_url(re.compile(r"/@atelier/products/linen-shirt$"))
    expect(page.get_by_role("button", name="Ajouter au panier")).to_be_visible()
    expect(page.locator(".price-line .price")).to_have_text("49,00\xa0€")
    assert page.console_errors == []
