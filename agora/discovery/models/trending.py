"""Trending: one row per product, post and hashtag that anyone engaged with.

`heat` is the rank key: the base-2 logarithm of the time-decayed engagement score, taken at
the fixed `EPOCH` and scaled by `HEAT_SCALE` to an integer. Decay multiplies every score by the
same factor, so ordering by `heat` is ordering by the score now, without rewriting rows as
time passes; the score now is `2 ** (heat / HEAT_SCALE - hours_since_epoch / half_life)`.
"""

from django.db import models

HEAT_SCALE = 1_000_000
NO_HEAT = -(2**62)  # a row with nothing counted yet: below any real heat


class Trend(models.Model):
    heat = models.BigIntegerField(default=NO_HEAT)
    accounts = models.PositiveIntegerField(default=0)  # distinct accounts counted
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class ProductTrend(Trend):
    product = models.OneToOneField(
        "catalog.Product", primary_key=True, on_delete=models.CASCADE, related_name="trend"
    )
    # The product's category, kept here so "top of its category" reads one index.
    category = models.ForeignKey(
        "catalog.Category", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    popular = models.BooleanField(default=False)  # carries "Popular on Agora"

    class Meta:
        indexes = [
            models.Index(fields=["-heat", "-product"], name="product_trend_heat"),
            models.Index(fields=["category", "-heat"], name="product_trend_category"),
        ]

    def __str__(self) -> str:
        return f"product:{self.product_id} {self.heat}"


class PostTrend(Trend):
    post = models.OneToOneField(
        "social.Post", primary_key=True, on_delete=models.CASCADE, related_name="trend"
    )

    class Meta:
        indexes = [models.Index(fields=["-heat", "-post"], name="post_trend_heat")]

    def __str__(self) -> str:
        return f"post:{self.post_id} {self.heat}"


class TagTrend(Trend):
    tag = models.OneToOneField(
        "social.Tag", primary_key=True, on_delete=models.CASCADE, related_name="trend"
    )

    class Meta:
        indexes = [models.Index(fields=["-heat", "-tag"], name="tag_trend_heat")]

    def __str__(self) -> str:
        return f"tag:{self.tag_id} {self.heat}"
