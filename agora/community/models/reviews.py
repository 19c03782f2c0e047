"""Reviews: a rating with words and photos by someone who (maybe) bought the product, the
"helpful" votes other people give it and the shop's one public reply.

The product's rating (count, sum and the five-star distribution) is stored on the product
itself (catalog's `Product.rating_*`) and moved with single `F()` UPDATEs by the review
services, in the same transaction as the review: hidden reviews are not counted.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from agora.core.urls_util import reverse_cached

__all__ = [
    "REVIEW_MAX_PHOTOS",
    "REVIEW_TEXT_MAX",
    "REVIEW_TITLE_MAX",
    "Review",
    "ReviewMedia",
    "ReviewReply",
    "ReviewVote",
]

REVIEW_TITLE_MAX = 120
REVIEW_TEXT_MAX = 5000
REVIEW_MAX_PHOTOS = 6  # or one video


class Review(models.Model):
    """One person's review of one product (unique): `verified_purchase` is computed by the
    server when it is written or edited (a paid, not fully refunded line of the product)."""

    product = models.ForeignKey("catalog.Product", on_delete=models.CASCADE, related_name="+")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    variant = models.ForeignKey(
        "catalog.Variant", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    order_line = models.ForeignKey(
        "commerce.OrderLine", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    rating = models.PositiveSmallIntegerField(_("rating"))
    title = models.CharField(_("title"), max_length=REVIEW_TITLE_MAX, blank=True)
    text = models.TextField(_("text"), max_length=REVIEW_TEXT_MAX, blank=True)
    verified_purchase = models.BooleanField(_("verified purchase"), default=False)
    incentivised = models.BooleanField(_("incentivised"), default=False)
    has_media = models.BooleanField(default=False)
    is_hidden = models.BooleanField(_("hidden"), default=False)
    helpful_count = models.PositiveIntegerField(default=0)
    edited_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        constraints = [
            models.UniqueConstraint(fields=["author", "product"], name="review_once_per_product"),
            models.CheckConstraint(
                condition=Q(rating__gte=1, rating__lte=5), name="review_rating_range"
            ),
        ]
        indexes = [
            models.Index(fields=["product", "is_hidden", "-id"], name="review_newest"),
            models.Index(
                fields=["product", "is_hidden", "-helpful_count", "-id"], name="review_helpful"
            ),
            models.Index(fields=["product", "is_hidden", "rating", "id"], name="review_rating"),
        ]

    def __str__(self) -> str:
        return f"Review {self.pk} of {self.product_id} ({self.rating}★)"

    def get_absolute_url(self) -> str:
        return reverse_cached("community:review", self.pk)


class ReviewMedia(models.Model):
    """A photo (up to six) or a video (one) of a review, uploaded through the media pipeline."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="review_media")
    media = models.ForeignKey("media.MediaAsset", on_delete=models.CASCADE, related_name="+")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("review media")
        verbose_name_plural = _("review media")
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["review", "media"], name="review_media_unique")
        ]

    def __str__(self) -> str:
        return f"{self.review_id}:{self.media_id}"


class ReviewVote(models.Model):
    """ "Helpful": one per person and review."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="votes")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("review vote")
        verbose_name_plural = _("review votes")
        constraints = [
            models.UniqueConstraint(fields=["review", "person"], name="review_vote_once")
        ]
        indexes = [models.Index(fields=["person", "review"], name="review_vote_person")]

    def __str__(self) -> str:
        return f"{self.person_id} found {self.review_id} helpful"


class ReviewReply(models.Model):
    """The shop's one public reply to a review, written by one of its team."""

    review = models.OneToOneField(Review, on_delete=models.CASCADE, related_name="reply")
    shop = models.ForeignKey("shops.Shop", on_delete=models.CASCADE, related_name="+")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField(_("reply"), max_length=REVIEW_TEXT_MAX)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("review reply")
        verbose_name_plural = _("review replies")

    def __str__(self) -> str:
        return f"Reply to {self.review_id}"
