"""Loyalty: a shop's points program (how many points a paid order earns, what a point is worth)
and its bonus rules (e.g. the shop's "Top fan" earns double).

Points themselves live in the shared wallets (`models/ledger.py`): a paid order appends a
"purchase" entry, a refund a negative one, a redemption a negative one matched by a personal
single-use coupon. This module only holds the shop's settings.
"""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

POINTS_PER_UNIT_MAX = 1000
POINT_VALUE_MAX = 100_000  # minor units: one point worth at most 1,000.00 in a 2-digit currency
BONUS_MULTIPLIER_MAX = 10
POINTS_PER_REVIEW_MAX = 100_000


class LoyaltyProgram(models.Model):
    """One per shop: `points_per_unit` points per whole currency unit paid (€1, $1, ¥1), each
    point worth `point_value` minor units when redeemed. A paused program (`is_active` off)
    earns nothing new; points already held can still be redeemed."""

    shop = models.OneToOneField("shops.Shop", on_delete=models.CASCADE, related_name="+")
    points_per_unit = models.PositiveIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(POINTS_PER_UNIT_MAX)]
    )
    point_value = models.PositiveIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(POINT_VALUE_MAX)]
    )
    is_active = models.BooleanField(default=True)
    # Points a verified buyer earns for reviewing one of the shop's products (0: none); such
    # a review shows "Incentivised review".
    points_per_review = models.PositiveIntegerField(
        default=0, validators=[MaxValueValidator(POINTS_PER_REVIEW_MAX)]
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("loyalty program")
        verbose_name_plural = _("loyalty programs")
        constraints = [
            models.CheckConstraint(
                condition=Q(points_per_unit__gte=1, points_per_unit__lte=POINTS_PER_UNIT_MAX),
                name="loyalty_points_per_unit_range",
            ),
            models.CheckConstraint(
                condition=Q(point_value__gte=1, point_value__lte=POINT_VALUE_MAX),
                name="loyalty_point_value_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.shop_id}: {self.points_per_unit}/unit × {self.point_value}"


class BonusRule(models.Model):
    """Multiplies the points a paid order earns when its condition holds for the buyer.

    `kind` names the condition; whether it holds is asked of the function registered for it
    (`services.loyalty.bonus_condition_register`): "top_fan" is filled by the badges feature
    (the holder of the shop's "Top fan" badge). When several rules hold, the largest
    multiplier counts (bonuses don't compound)."""

    class Kind(models.TextChoices):
        TOP_FAN = "top_fan", _("Top fan")

    shop = models.ForeignKey("shops.Shop", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    multiplier = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(BONUS_MULTIPLIER_MAX)]
    )
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("bonus rule")
        verbose_name_plural = _("bonus rules")
        constraints = [
            models.UniqueConstraint(fields=["shop", "kind"], name="bonus_rule_once"),
            models.CheckConstraint(
                condition=Q(multiplier__gte=1, multiplier__lte=BONUS_MULTIPLIER_MAX),
                name="bonus_rule_multiplier_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.shop_id} {self.kind} ×{self.multiplier}"
