"""Trending: one row per product, post and hashtag that anyone engaged with.

`heat` is the rank key: the base-2 logarithm of the time-decayed engagement score, taken at
the fixed `EPOCH` and scaled by `HEAT_SCALE` to an integer. Decay multiplies every score by the
same factor, so ordering by `heat` is ordering by the score now, without rewriting rows as
time passes; the score now is `2 ** (heat / HEAT_SCALE - hours_since_epoch / half_life)`.

`TrendAccount` holds who has been counted for what: one row per (kind, object, account), so an
account counts once per object however often it engages. `TrendWatermark` is the last engagement
event the refresh has read (`services.trending` explains the whole design).
"""

from datetime import UTC, datetime

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

HEAT_SCALE = 1_000_000
NO_HEAT = -(2**62)  # a row with nothing counted yet: below any real heat
# Heat is the log of the score at this instant. Never change it: every stored heat is relative
# to it (and so to the half-life: changing AGORA_TRENDING_HALF_LIFE_HOURS needs
# `manage.py refresh_trending --rebuild`).
EPOCH = datetime(2026, 1, 1, tzinfo=UTC)


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
        verbose_name = _("product trend")
        verbose_name_plural = _("product trends")
        indexes = [
            models.Index(fields=["-heat", "-product"], name="product_trend_heat"),
            models.Index(fields=["category", "-heat"], name="product_trend_category"),
            # The few labelled rows, for the sweep that takes labels off what cooled down.
            models.Index(
                fields=["category"], condition=Q(popular=True), name="product_trend_popular"
            ),
        ]

    def __str__(self) -> str:
        return f"product:{self.product_id} {self.heat}"


class PostTrend(Trend):
    post = models.OneToOneField(
        "social.Post", primary_key=True, on_delete=models.CASCADE, related_name="trend"
    )

    class Meta:
        verbose_name = _("post trend")
        verbose_name_plural = _("post trends")
        indexes = [models.Index(fields=["-heat", "-post"], name="post_trend_heat")]

    def __str__(self) -> str:
        return f"post:{self.post_id} {self.heat}"


class TagTrend(Trend):
    tag = models.OneToOneField(
        "social.Tag", primary_key=True, on_delete=models.CASCADE, related_name="trend"
    )

    class Meta:
        verbose_name = _("tag trend")
        verbose_name_plural = _("tag trends")
        indexes = [models.Index(fields=["-heat", "-tag"], name="tag_trend_heat")]

    def __str__(self) -> str:
        return f"tag:{self.tag_id} {self.heat}"


class TrendAccount(models.Model):
    """An account counted once for one product, post or hashtag (the unique index is what
    makes "distinct accounts" true). `account_id` is a user id without a foreign key: the
    count already includes them, and a deleted account stays counted until its heat decays."""

    class Kind(models.TextChoices):
        PRODUCT = "product", "product"
        POST = "post", "post"
        TAG = "tag", "tag"

    kind = models.CharField(max_length=8, choices=Kind.choices)
    object_id = models.BigIntegerField()
    account_id = models.BigIntegerField()
    created_at = models.DateTimeField()  # the time of the engagement that counted it

    class Meta:
        verbose_name = _("trend account")
        verbose_name_plural = _("trend accounts")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "object_id", "account_id"], name="trend_account_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind}:{self.object_id} by {self.account_id}"


class TrendWatermark(models.Model):
    """One row (pk 1): the id of the last engagement event the trending refresh has read.
    A refresh claims the events after it with one conditional UPDATE."""

    last_event_id = models.BigIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("trend watermark")
        verbose_name_plural = _("trend watermarks")

    def __str__(self) -> str:
        return f"trending read up to event {self.last_event_id}"
