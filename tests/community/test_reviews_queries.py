"""Query counts of reviews: the product page with its reviews section (warm and afresh, for a
visitor and for a signed-in person), the API's list and one review; the same at 5 and 50
reviews."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from agora.community.services.reviews import review_helpful_set, review_reply_create
from tests.community.factories_reviews import owner_of, product_with_variant, review
from tests.factories import MediaAssetFactory, UserFactory

pytestmark = pytest.mark.django_db


def _reviewed_product(size: int):
    product, _variant = product_with_variant()
    owner = owner_of(product.shop)
    voter = UserFactory()
    for i in range(size):
        author = UserFactory()
        photos = [MediaAssetFactory(uploaded_by=author).pk for _ in range(i % 3)]
        shown = review(
            product, author=author, rating=1 + i % 5, text=f"Review {i}", media_ids=photos
        )
        if i % 2:
            review_helpful_set(user=voter, review=shown)
        if i % 4 == 0:
            review_reply_create(user=owner, review=shown, text="Thanks")
    return product, voter


@pytest.mark.parametrize("size", [5, 50])
def test_the_product_page_reads_a_fixed_number_of_queries(client, size, django_assert_num_queries):
    product, _voter = _reviewed_product(size)
    url = product.get_absolute_url()
    cache.clear()

    # Afresh, for a visitor: the product page's own 10 (see tests/storefront) + 3 for the
    # reviews: the top reviews with author, variant and reply, their photos, the photo strip.
    with django_assert_num_queries(13):
        assert client.get(url).status_code == 200
    # Warm: the page's 5, nothing for the reviews (the version is on the product's row).
    with django_assert_num_queries(5):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("size", [5, 50])
def test_a_signed_in_viewer_adds_one_query_for_their_votes(client, size, django_assert_num_queries):
    product, voter = _reviewed_product(size)
    client.force_login(voter)
    url = product.get_absolute_url()
    client.get(url)

    # Warm: what the same page costs this viewer without reviews, + 1 for their votes.
    with django_assert_num_queries(_warm_without_reviews(client) + 1):
        assert client.get(url).status_code == 200


def _warm_without_reviews(client) -> int:

    bare, _variant = product_with_variant()
    client.get(bare.get_absolute_url())
    with CaptureQueriesContext(connection) as queries:
        client.get(bare.get_absolute_url())
    return len(queries)


@pytest.mark.parametrize("size", [5, 50])
def test_the_api_list_reads_a_fixed_number_of_queries(make_api, size, django_assert_num_queries):
    product, voter = _reviewed_product(size)
    api = make_api(voter)

    # The token and its last use (2), the product (1), the reviews with their details (1),
    # their photos (1), the viewer's votes (1).
    with django_assert_num_queries(6):
        response = api.get(f"/products/{product.pk}/reviews", {"limit": 100})
    assert len(response.json()["items"]) == size
