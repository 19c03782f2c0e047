"""Badges: rule-based awards recomputed by a background task and shown next to names.

An `Award` is one holding of a badge by a person, at a shop or site-wide (`shop` null), from
`since` until `until` (null while held): a badge lost and won again is a new row, so the
history stays. Unique indexes allow one current holding per (person, badge, shop) and one
current "Top fan" per shop, like Foursquare's mayor.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Award(models.Model):
    class Kind(models.TextChoices):
        TOP_FAN = "top_fan", _("Top fan")
        FIRST_PURCHASE = "first_purchase", _("First purchase")
        TRENDSETTER = "trendsetter", _("Trendsetter")
        VERIFIED_BUYER = "verified_buyer", _("Verified buyer")
        CREATOR = "creator", _("Creator")
        EXPERT = "expert", _("Expert")

    holder = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="awards"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    shop = models.ForeignKey(
        "shops.Shop", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    since = models.DateTimeField()
    until = models.DateTimeField(null=True, blank=True)  # null while held
    score = models.PositiveIntegerField(default=0)  # what won it (top fan: engagement points)

    class Meta:
        verbose_name = _("award")
        verbose_name_plural = _("awards")
        constraints = [
            models.UniqueConstraint(
                fields=["holder", "kind", "shop"],
                condition=Q(until__isnull=True, shop__isnull=False),
                name="award_held_once_at_shop",
            ),
            models.UniqueConstraint(
                fields=["holder", "kind"],
                condition=Q(until__isnull=True, shop__isnull=True),
                name="award_held_once",
            ),
            models.UniqueConstraint(
                fields=["shop"],
                condition=Q(until__isnull=True, kind="top_fan"),
                name="award_one_top_fan_per_shop",
            ),
        ]
        indexes = [
            models.Index(fields=["holder", "until"], name="award_by_holder"),
            models.Index(fields=["kind", "until"], name="award_by_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.holder_id}@{self.shop_id}"
