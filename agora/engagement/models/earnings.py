"""Earnings: what a sale attributed to someone earns them, verified before it counts.

A referral reward (a sharer's points or store credit) and a creator's commission (money the
shop owes) follow one life: `pending` when the attributed order is paid, `confirmed` once the
shop's return window has passed, `reversed` when the order is refunded first (or after: then
the confirmed points or credit are taken back by a negative wallet entry). A partial refund
lowers a pending or confirmed earning in proportion to what is left of its lines; the wallet
moves by the difference. One earning per cause: `reference` is unique.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Earning(models.Model):
    class Kind(models.TextChoices):
        REFERRAL = "referral", _("Referral reward")
        COMMISSION = "commission", _("Commission")

    class Unit(models.TextChoices):
        POINTS = "points", _("Points")
        CREDIT = "credit", _("Store credit")
        MONEY = "money", _("Money")

    class Status(models.TextChoices):
        PENDING = "pending", pgettext_lazy("earning status", "Pending")
        CONFIRMED = "confirmed", pgettext_lazy("earning status", "Confirmed")
        REVERSED = "reversed", pgettext_lazy("earning status", "Reversed")

    TRANSITIONS = {
        "pending": {"confirmed", "reversed"},
        "confirmed": {"reversed"},
        "reversed": set(),
    }

    kind = models.CharField(max_length=12, choices=Kind.choices)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    shop = models.ForeignKey("shops.Shop", on_delete=models.CASCADE, related_name="+")
    beneficiary = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="earnings"
    )
    order = models.ForeignKey("commerce.Order", on_delete=models.PROTECT, related_name="+")
    # The order lines the earning comes from and their total when paid: a partial refund of
    # those lines lowers the earning in proportion.
    line_ids = models.JSONField(default=list)
    basis_amount = models.BigIntegerField()
    unit = models.CharField(max_length=8, choices=Unit.choices)
    amount = models.BigIntegerField()  # now: points, or minor units of `currency`
    original_amount = models.BigIntegerField()  # when the order was paid
    currency = models.CharField(max_length=3)
    share_link = models.ForeignKey(
        "social.ShareLink", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    post = models.ForeignKey(
        "social.Post", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reference = models.CharField(max_length=120)
    confirm_after = models.DateTimeField()
    confirmed_at = models.DateTimeField(null=True, blank=True)
    reversed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("earning")
        verbose_name_plural = _("earnings")
        ordering = ["-id"]
        constraints = [
            models.UniqueConstraint(fields=["reference"], name="earning_once"),
            models.CheckConstraint(
                condition=Q(amount__gte=0) & Q(amount__lte=models.F("original_amount")),
                name="earning_amount_within_original",
            ),
        ]
        indexes = [
            models.Index(fields=["beneficiary", "kind", "-id"], name="earning_mine"),
            models.Index(fields=["order"], name="earning_by_order"),
            models.Index(
                fields=["confirm_after"],
                name="earning_pending_due",
                condition=Q(status="pending"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.reference} {self.status}"
