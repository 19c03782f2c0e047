"""A buyer who paid writes a review with a photo from the product page and sees it there with
"Verified purchase"."""

import pytest
from playwright.sync_api import expect

from tests.browser import log_in, shoot_at_widths
from tests.community.factories_reviews import pay_for, product_with_variant
from tests.factories import UserFactory, png_bytes

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_paying_buyer_reviews_with_a_photo_and_sees_it_verified(live_server, page, tmp_path):
    product, variant = product_with_variant(title="Linen shirt")
    buyer = UserFactory(username="ana", display_name="Ana")
    pay_for(buyer, variant)
    photo = tmp_path / "shirt.png"
    photo.write_bytes(png_bytes(400, 300))

    log_in(page, live_server.url, "ana")
    page.goto(live_server.url + product.get_absolute_url())
    page.get_by_role("link", name="Write a review").click()
    page.get_by_label("5 stars").check()
    page.get_by_label("Title").fill("Perfect summer shirt")
    page.get_by_label("Your review").fill("Soft linen, true to size.")
    page.get_by_label("Photos or a video").set_input_files(str(photo))
    page.get_by_role("button", name="Publish the review").click()

    reviews = page.locator("#reviews")
    expect(reviews).to_contain_text("Perfect summer shirt")
    expect(reviews.locator(".review").first).to_contain_text("Verified purchase")
    expect(reviews.locator(".review-media img")).to_have_count(1)
    expect(page.locator(".rating-line")).to_contain_text("(1 review)")
    shoot_at_widths(page, "community-review-verified")
    assert page.console_errors == []
