"""Moderating reviews: a reported review hidden by a moderator leaves the product's page, list
and rating; the operator's admin hides and shows reviews through the same service."""

import pytest

from agora.catalog.models import Product
from agora.community.models import Review
from agora.moderation.services import report_create, report_resolve
from tests.community.factories_reviews import product_with_variant, review
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_a_moderator_hides_a_reported_review_and_it_leaves_the_rating(client):
    product, _variant = product_with_variant()
    review(product, rating=5, title="Honest")
    spam = review(product, rating=1, title="Buy followers here")
    report, _new = report_create(
        reporter=UserFactory(), target_type="review", target_id=spam.pk, reason="spam"
    )

    report_resolve(moderator=UserFactory(is_staff=True), report=report, action="hide")

    assert Review.objects.get(pk=spam.pk).is_hidden
    assert Product.objects.get(pk=product.pk).rating["average"] == 5.0
    html = client.get(product.get_absolute_url()).content.decode()
    assert "Honest" in html and "Buy followers here" not in html


def test_the_admin_hides_and_shows_reviews_through_the_service(admin_client):
    product, _variant = product_with_variant()
    target = review(product, rating=2)
    url = "/admin/community/review/"

    admin_client.post(url, {"action": "hide", "_selected_action": [target.pk]})
    assert Product.objects.get(pk=product.pk).rating["count"] == 0
    admin_client.post(url, {"action": "show", "_selected_action": [target.pk]})
    assert Product.objects.get(pk=product.pk).rating["count"] == 1
    assert admin_client.get(f"{url}{target.pk}/change/").status_code == 200
