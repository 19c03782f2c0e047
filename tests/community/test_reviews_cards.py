"""Product cards in listings carry the review stars: the average and the number of reviews,
changing as soon as a review does (the card's cache key holds them)."""

import pytest

from agora.community.services.reviews import review_hidden_set
from tests.community.factories_reviews import product_with_variant, review
from tests.factories import CategoryFactory

pytestmark = pytest.mark.django_db


def test_a_listing_card_shows_the_average_and_the_count(client):
    category = CategoryFactory(slug="mugs")
    product, _variant = product_with_variant(category=category, title="Stoneware mug")
    page = client.get("/c/mugs").content.decode()
    assert "Stoneware mug" in page
    assert "card-rating" not in page  # no review, no stars

    review(product, rating=5)
    second = review(product, rating=4)
    page = client.get("/c/mugs").content.decode()
    assert "Rated 4.5 out of 5" in page
    assert "(2 reviews)" in page
    shop_page = client.get(f"/@{product.shop.handle}").content.decode()
    assert "Rated 4.5 out of 5" in shop_page

    review_hidden_set(review=second, hidden=True)
    page = client.get("/c/mugs").content.decode()
    assert "Rated 5.0 out of 5" in page
    assert "(1 review)" in page


def test_the_stars_read_in_the_page_language(client):
    product, _variant = product_with_variant(category=CategoryFactory(slug="cups"))
    review(product, rating=4)
    review(product, rating=5)
    page = client.get("/c/cups", headers={"accept-language": "fr"}).content.decode()
    assert "Noté 4,5 sur 5" in page
