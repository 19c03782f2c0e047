"""For you: each person's recommended products, computed in the background.

A row per (person, product) with a `score` (an integer: the sum of the reasons' weights, in
hundredths) and its `reasons`: a JSON list of `{"code": ..., "params": {...}}`, rendered in the
reader's language when shown (never stored as English text). `RecommendationState` says when
a person's rows were last computed, so a person with no rows (cold start) is not recomputed on
every visit.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Recommendation(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    product = models.ForeignKey("catalog.Product", on_delete=models.CASCADE, related_name="+")
    score = models.IntegerField(default=0)
    reasons = models.JSONField(default=list)
    computed_at = models.DateTimeField()

    class Meta:
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")
        constraints = [
            models.UniqueConstraint(fields=["user", "product"], name="recommendation_once")
        ]
        indexes = [
            models.Index(fields=["user", "-score", "-product"], name="recommendation_rank"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.product_id} ({self.score})"


class RecommendationState(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    computed_at = models.DateTimeField()

    class Meta:
        verbose_name = _("recommendation state")
        verbose_name_plural = _("recommendation states")

    def __str__(self) -> str:
        return f"{self.user_id} at {self.computed_at:%Y-%m-%d %H:%M}"
