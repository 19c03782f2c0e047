from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from agora.core.money import Money


class Order(models.Model):
    """One shop's part of a checkout. Amounts are integer minor units in `currency`.

    pending_payment → paid → shipped → delivered; pending_payment → cancelled | expired;
    paid | shipped | delivered → partially_refunded → refunded.
    """

    class Status(models.TextChoices):
        PENDING_PAYMENT = "pending_payment", pgettext_lazy("order status", "Waiting for payment")
        PAID = "paid", pgettext_lazy("order status", "Paid")
        SHIPPED = "shipped", pgettext_lazy("order status", "Shipped")
        DELIVERED = "delivered", pgettext_lazy("order status", "Delivered")
        CANCELLED = "cancelled", pgettext_lazy("order status", "Cancelled")
        EXPIRED = "expired", pgettext_lazy("order status", "Expired")
        PARTIALLY_REFUNDED = (
            "partially_refunded",
            pgettext_lazy("order status", "Partially refunded"),
        )
        REFUNDED = "refunded", pgettext_lazy("order status", "Refunded")

    TRANSITIONS = {
        "pending_payment": {"paid", "cancelled", "expired"},
        "paid": {"shipped", "partially_refunded", "refunded"},
        "shipped": {"delivered", "partially_refunded", "refunded"},
        "delivered": {"partially_refunded", "refunded"},
        "partially_refunded": {"shipped", "delivered", "partially_refunded", "refunded"},
        "cancelled": set(),
        "expired": set(),
        "refunded": set(),
    }

    number = models.CharField(max_length=20, unique=True)
    checkout = models.ForeignKey(
        "commerce.Checkout", on_delete=models.PROTECT, related_name="orders"
    )
    shop = models.ForeignKey("shops.Shop", on_delete=models.PROTECT, related_name="orders")
    buyer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="orders",
    )
    email = models.EmailField()
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING_PAYMENT)
    currency = models.CharField(max_length=3)
    subtotal_amount = models.BigIntegerField()
    discount_amount = models.BigIntegerField(default=0)
    shipping_amount = models.BigIntegerField(default=0)
    total_amount = models.BigIntegerField()
    refunded_amount = models.BigIntegerField(default=0)
    coupon = models.ForeignKey(
        "commerce.Coupon", null=True, blank=True, on_delete=models.SET_NULL, related_name="orders"
    )
    shipping_address = models.JSONField(default=dict)
    tracking_number = models.CharField(max_length=80, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    paid_at = models.DateTimeField(null=True, blank=True)
    shipped_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)  # cancelled or expired

    class Meta:
        verbose_name = _("order")
        verbose_name_plural = _("orders")
        indexes = [
            models.Index(fields=["shop", "status", "-id"], name="order_shop_status"),
            models.Index(fields=["buyer", "-id"], name="order_buyer_recent"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    total_amount=F("subtotal_amount") - F("discount_amount") + F("shipping_amount")
                ),
                name="order_total_adds_up",
            ),
            models.CheckConstraint(
                condition=Q(refunded_amount__gte=0) & Q(refunded_amount__lte=F("total_amount")),
                name="order_refund_within_total",
            ),
        ]

    def __str__(self) -> str:
        return self.number

    def get_absolute_url(self) -> str:
        return reverse("commerce_web:order", args=[self.number])

    @property
    def total(self) -> Money:
        return Money(self.total_amount, self.currency)


class OrderLine(models.Model):
    """A bought variant with the prices as they were, and where the sale came from."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="lines")
    variant = models.ForeignKey("catalog.Variant", on_delete=models.PROTECT, related_name="+")
    product = models.ForeignKey("catalog.Product", on_delete=models.PROTECT, related_name="+")
    title = models.CharField(max_length=200)
    sku = models.CharField(max_length=64)
    options = models.JSONField(default=dict)
    personalization = models.JSONField(default=dict, blank=True)
    quantity = models.PositiveIntegerField()
    unit_price_amount = models.BigIntegerField()  # variant price + personalization surcharges
    subtotal_amount = models.BigIntegerField()  # unit × quantity
    discount_amount = models.BigIntegerField(default=0)  # this line's share of the order discount
    total_amount = models.BigIntegerField()
    refunded_quantity = models.PositiveIntegerField(default=0)
    refunded_amount = models.BigIntegerField(default=0)
    # Attribution, copied from the cart line.
    post = models.ForeignKey(
        "social.Post", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    share_link = models.ForeignKey(
        "social.ShareLink", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    sharer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    creator = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    hold = models.ForeignKey(
        "commerce.Hold", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("order line")
        verbose_name_plural = _("order lines")
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(refunded_quantity__lte=F("quantity")),
                name="order_line_refund_within_quantity",
            ),
            models.CheckConstraint(
                condition=Q(total_amount=F("subtotal_amount") - F("discount_amount")),
                name="order_line_total_adds_up",
            ),
        ]
        indexes = [
            models.Index(fields=["post"], name="order_line_by_post"),
            models.Index(fields=["share_link"], name="order_line_by_share"),
        ]

    def __str__(self) -> str:
        return f"{self.quantity} × {self.sku}"


class ShopBalanceEntry(models.Model):
    """The shop's share ledger: the operator is merchant of record; a balance is a sum."""

    class Reason(models.TextChoices):
        SALE = "sale", _("Sale")
        REFUND = "refund", _("Refund")

    shop = models.ForeignKey("shops.Shop", on_delete=models.PROTECT, related_name="balance_entries")
    order = models.ForeignKey(Order, on_delete=models.PROTECT, related_name="balance_entries")
    reason = models.CharField(max_length=10, choices=Reason.choices)
    amount = models.BigIntegerField()  # signed minor units
    currency = models.CharField(max_length=3)
    reference = models.CharField(max_length=80)  # makes each entry idempotent
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("shop balance entry")
        verbose_name_plural = _("shop balance entries")
        constraints = [
            models.UniqueConstraint(fields=["reference"], name="shop_balance_entry_once")
        ]

    def __str__(self) -> str:
        return f"{self.shop_id} {self.amount} {self.currency}"
