"""Share rewards and referrals: a shop's program, its friends' welcome coupons, and the orders
through a share link that earned nothing (and why).

A shop has at most one `ReferralProgram`. When a paid order's lines came through someone's
share link (and not through a creator: those earn a commission), the sharer earns one pending
`Earning` (kind "referral") per order: `reward_value` points when `reward_kind` is "points",
or `reward_value` percent of the attributed lines' total as store credit (minor units, rounded
half-up) when it is "credit". It is confirmed after `return_window_days`, reversed by a refund.

A friend who arrives through a share link gets a personal welcome coupon
(`ReferralWelcome`): `friend_discount_percent` off their first order at the shop, usable only by
their account, once, and only while they have never paid an order there.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

REWARD_POINTS_MAX = 1_000_000
RETURN_WINDOW_MAX_DAYS = 365
MONTHLY_CAP_DEFAULT = 10
MONTHLY_CAP_MAX = 10_000


class ReferralProgram(models.Model):
    class RewardKind(models.TextChoices):
        POINTS = "points", _("Points")
        CREDIT = "credit", _("Store credit")

    shop = models.OneToOneField(
        "shops.Shop", on_delete=models.CASCADE, related_name="referral_program"
    )
    is_active = models.BooleanField(default=True)
    reward_kind = models.CharField(max_length=8, choices=RewardKind.choices)
    # points: points per attributed order; credit: percent (1..100) of the attributed lines.
    reward_value = models.PositiveIntegerField()
    friend_discount_percent = models.PositiveSmallIntegerField(default=0)
    return_window_days = models.PositiveSmallIntegerField(default=14)
    # Rewards per sharer and calendar month (UTC); null: no cap.
    monthly_cap = models.PositiveIntegerField(null=True, blank=True, default=MONTHLY_CAP_DEFAULT)
    # Bumped with every reward (its UPDATE also queues simultaneous rewards of the shop on
    # PostgreSQL, so the monthly cap is counted one payment at a time).
    rewards_granted = models.PositiveBigIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("referral program")
        verbose_name_plural = _("referral programs")
        constraints = [
            models.CheckConstraint(
                condition=Q(friend_discount_percent__lte=100), name="referral_friend_percent"
            ),
            models.CheckConstraint(
                condition=Q(return_window_days__lte=RETURN_WINDOW_MAX_DAYS),
                name="referral_window_days",
            ),
            models.CheckConstraint(
                condition=~Q(reward_kind="credit") | Q(reward_value__lte=100),
                name="referral_credit_percent",
            ),
        ]

    def __str__(self) -> str:
        return f"Referral program of {self.shop_id}"


class ReferralWelcome(models.Model):
    """A friend's personal first-order coupon at a shop, claimed once per (program, friend)."""

    program = models.ForeignKey(ReferralProgram, on_delete=models.CASCADE, related_name="welcomes")
    friend = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    share_link = models.ForeignKey(
        "social.ShareLink", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    coupon = models.OneToOneField("commerce.Coupon", on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("referral welcome")
        verbose_name_plural = _("referral welcomes")
        constraints = [
            models.UniqueConstraint(fields=["program", "friend"], name="referral_welcome_once"),
        ]

    def __str__(self) -> str:
        return f"Welcome {self.friend_id}@{self.program_id}"


class ReferralRefusal(models.Model):
    """An order through a share link that earned its sharer nothing, and why (for the shop's
    team and support: self-referrals are refused silently at payment)."""

    class Reason(models.TextChoices):
        OWN_ACCOUNT = "own_account", _("Bought by the sharer")
        OWN_EMAIL = "own_email", _("Bought with the sharer's e-mail")
        OWN_ADDRESS = "own_address", _("Shipped to the sharer's address")
        MONTHLY_CAP = "monthly_cap", _("Monthly cap reached")

    shop = models.ForeignKey("shops.Shop", on_delete=models.CASCADE, related_name="+")
    order = models.OneToOneField("commerce.Order", on_delete=models.CASCADE, related_name="+")
    sharer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(max_length=12, choices=Reason.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("referral refusal")
        verbose_name_plural = _("referral refusals")

    def __str__(self) -> str:
        return f"{self.order_id}: {self.reason}"
