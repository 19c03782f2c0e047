"""Wallets: a person's points and store credit at one shop, as append-only ledgers.

A `WalletEntry` is never updated or deleted; a wallet's `balance` is the sum of its entries,
cached on the `Wallet` row and moved in the same transaction as the entry it sums, by one
conditional UPDATE (a debit only while the balance covers it), so two spends of one balance can
never both pass. Each entry carries a unique `reference` naming its cause
("purchase:A1B2C3", "redeem:<key>"): recording the same cause twice stores it once.
Points are whole points; credit is minor units of the shop's currency (CONTRACT: store credit
is per shop in its currency).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Wallet(models.Model):
    class Kind(models.TextChoices):
        POINTS = "points", _("Points")
        CREDIT = "credit", _("Store credit")

    shop = models.ForeignKey("shops.Shop", on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="wallets"
    )
    kind = models.CharField(max_length=8, choices=Kind.choices)
    currency = models.CharField(max_length=3, blank=True)  # credit only: the shop's currency
    balance = models.BigIntegerField(default=0)  # the sum of the entries, kept in step
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("wallet")
        verbose_name_plural = _("wallets")
        constraints = [
            models.UniqueConstraint(fields=["person", "shop", "kind"], name="wallet_once"),
        ]

    def __str__(self) -> str:
        return f"{self.person_id}@{self.shop_id} {self.kind} {self.balance}"


class WalletEntry(models.Model):
    class Reason(models.TextChoices):
        PURCHASE = "purchase", _("Purchase")
        PURCHASE_REFUNDED = "purchase_refunded", _("Refund of a purchase")
        REFERRAL = "referral", _("Referral reward")
        REFERRAL_REVERSED = "referral_reversed", _("Referral reward reversed")
        BONUS = "bonus", _("Bonus")
        REDEEMED = "redeemed", _("Redeemed")
        ADJUSTMENT = "adjustment", _("Adjustment")

    wallet = models.ForeignKey(Wallet, on_delete=models.PROTECT, related_name="entries")
    amount = models.BigIntegerField()  # signed: points, or minor units for credit
    reason = models.CharField(max_length=20, choices=Reason.choices)
    reference = models.CharField(max_length=120)
    order = models.ForeignKey(
        "commerce.Order", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    note = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("wallet entry")
        verbose_name_plural = _("wallet entries")
        ordering = ["-id"]
        constraints = [
            models.UniqueConstraint(fields=["reference"], name="wallet_entry_once"),
            models.CheckConstraint(condition=~Q(amount=0), name="wallet_entry_not_zero"),
        ]
        indexes = [models.Index(fields=["wallet", "-id"], name="wallet_entry_recent")]

    def __str__(self) -> str:
        return f"{self.reference} {self.amount:+d}"
