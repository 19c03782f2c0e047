"""Review pages: the product page's stars and reviews section, the review form with a photo,
"helpful" and the shop's reply without JavaScript, reporting, inert markup in review text, and
the review request after delivery (notification and e-mail leading to the form)."""

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile

from agora.commerce.services.orders import order_deliver, order_ship
from agora.community.models import Review, ReviewVote
from agora.community.services.reviews import review_reply_create
from agora.moderation.models import Report
from agora.social.models import Notification
from tests.community.factories_reviews import owner_of, pay_for, product_with_variant, review
from tests.factories import UserFactory, png_bytes

pytestmark = pytest.mark.django_db

XSS = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def _html(client, url):
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def test_the_product_page_shows_stars_summary_and_reviews(client):
    product, _variant = product_with_variant()
    review(product, rating=5, title="Perfect fit")
    review(product, rating=4, title="Nice")

    html = _html(client, product.get_absolute_url())

    assert "★★★★★" in html  # 4.5 rounds to five stars next to the title
    assert "4.5" in html and "(2 reviews)" in html
    assert 'id="reviews"' in html and "Perfect fit" in html
    assert "See all 2 reviews" in html and "Write a review" in html
    assert html.count("<meter") == 5


def test_a_new_review_shows_at_once_on_the_cached_product_page(client):
    product, _variant = product_with_variant()
    assert "No reviews yet" in _html(client, product.get_absolute_url())

    review(product, rating=3, title="Just fine")

    html = _html(client, product.get_absolute_url())
    assert "Just fine" in html and "(1 review)" in html


def test_review_text_is_inert_markup_everywhere(client):
    product, _variant = product_with_variant()
    mine = review(product, title=XSS, text=XSS)
    owner = owner_of(product.shop)
    review_reply_create(user=owner, review=mine, text=XSS)

    for url in (
        product.get_absolute_url(),
        f"/@{product.shop.handle}/products/{product.slug}/reviews",
        f"/reviews/{mine.pk}",
    ):
        html = _html(client, url)
        assert "<script>alert" not in html and "<img src=x" not in html
        assert "&lt;script&gt;alert" in html


def test_a_buyer_writes_a_review_with_a_photo_through_the_form(signed_in):
    product, variant = product_with_variant()
    buyer = UserFactory()
    pay_for(buyer, variant)
    client = signed_in(buyer)
    url = f"/@{product.shop.handle}/products/{product.slug}/reviews/new"
    photo = SimpleUploadedFile("me.png", png_bytes(400, 300), content_type="image/png")

    response = client.post(
        url, {"rating": "5", "title": "Love it", "text": "Soft.", "photos": photo}
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    mine = Review.objects.get(author=buyer)
    assert mine.verified_purchase and mine.has_media and mine.rating == 5
    html = _html(client, product.get_absolute_url())
    assert "Verified purchase" in html and "Love it" in html
    assert 'class="review-strip"' in html


def test_the_form_edits_the_persons_review_and_shows_errors(signed_in):
    product, _variant = product_with_variant()
    author = UserFactory()
    review(product, author=author, rating=2, title="Meh")
    client = signed_in(author)
    url = f"/@{product.shop.handle}/products/{product.slug}/reviews/new"

    assert "Edit your review" in _html(client, url)
    refused = client.post(url, {"rating": "9", "title": "x", "text": ""})
    assert refused.status_code == 422 and "1 to 5" in refused.content.decode()
    assert client.post(url, {"rating": "4", "title": "Better", "text": ""}).status_code == 302

    mine = Review.objects.get(author=author)
    assert (mine.rating, mine.title) == (4, "Better") and mine.edited_at is not None
    product.refresh_from_db()
    assert product.rating["distribution"] == {"1": 0, "2": 0, "3": 0, "4": 1, "5": 0}


def test_helpful_and_report_work_as_plain_forms(signed_in):
    product, _variant = product_with_variant()
    target = review(product)
    voter = UserFactory()
    client = signed_in(voter)
    back = product.get_absolute_url()

    client.post(f"/reviews/{target.pk}/helpful", {"helpful": "1", "next": back})
    client.post(f"/reviews/{target.pk}/helpful", {"helpful": "1", "next": back})
    html = _html(client, back)

    assert ReviewVote.objects.filter(review=target).count() == 1
    assert 'value="0" aria-pressed="true"' in html  # this viewer's button, from the cache
    reported = client.post(
        f"/moderation/report/review/{target.pk}", {"reason": "Spam", "next": back}
    )
    assert reported.status_code == 302
    assert Report.objects.filter(target_type="review", target_id=target.pk).exists()


def test_the_shop_replies_from_the_product_page(signed_in):
    product, _variant = product_with_variant()
    target = review(product)
    client = signed_in(owner_of(product.shop))

    assert "Reply publicly as the shop" in _html(client, product.get_absolute_url())
    client.post(f"/reviews/{target.pk}/reply", {"text": "Thanks!", "next": "/"})

    html = _html(client, product.get_absolute_url())
    assert "Reply from" in html and "Thanks!" in html


def test_the_reviews_page_sorts_and_filters(client):
    product, _variant = product_with_variant()
    for stars, title in ((5, "Top"), (1, "Bad"), (3, "Okay")):
        review(product, rating=stars, title=title)
    url = f"/@{product.shop.handle}/products/{product.slug}/reviews"

    low = _html(client, url + "?sort=rating_low")
    only = _html(client, url + "?rating=5")

    assert low.index("Bad") < low.index("Okay") < low.index("Top")
    assert "Top" in only and "Okay" not in only


def test_delivery_asks_the_buyer_for_a_review(django_capture_on_commit_callbacks, signed_in):
    product, variant = product_with_variant(title="Linen shirt")
    buyer = UserFactory(email="buyer@example.com")
    order = pay_for(buyer, variant)
    owner = owner_of(product.shop)
    order_ship(order=order, actor=owner, tracking_number="TRACK1")

    with django_capture_on_commit_callbacks(execute=True):
        order_deliver(order=order, actor=owner)

    notification = Notification.objects.get(recipient=buyer, kind=Notification.Kind.REVIEW_REQUEST)
    assert notification.subject == "Linen shirt"
    line = order.lines.get()
    assert notification.url.endswith(f"/reviews/new?line={line.pk}")
    [message] = [m for m in mail.outbox if "review" in m.subject.lower()]
    assert message.to == ["buyer@example.com"] and f"?line={line.pk}" in message.body
    html = _html(signed_in(buyer), notification.url)
    assert f'name="line" value="{line.pk}"' in html


def test_the_reviews_page_shows_the_viewers_helpful_votes(signed_in):
    product, _variant = product_with_variant()
    target = review(product)
    client = signed_in(UserFactory())
    client.post(f"/reviews/{target.pk}/helpful", {"helpful": "1"})

    for url in (
        f"/@{product.shop.handle}/products/{product.slug}/reviews",
        f"/reviews/{target.pk}",
    ):
        assert 'name="helpful" value="0" aria-pressed="true"' in _html(client, url)
