from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Checkout(models.Model):
    """One checkout request: its idempotency key, the orders it made and their payment."""

    buyer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    session_key = models.CharField(max_length=64, blank=True)
    idempotency_key = models.CharField(max_length=255)
    request_hash = models.CharField(max_length=64)
    email = models.EmailField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("checkout")
        verbose_name_plural = _("checkouts")
        constraints = [
            models.UniqueConstraint(
                fields=["buyer", "idempotency_key"],
                condition=models.Q(buyer__isnull=False),
                name="checkout_idempotency_once",
            ),
            # NULL buyers are distinct to a unique index: anonymous checkouts key on the session.
            models.UniqueConstraint(
                fields=["session_key", "idempotency_key"],
                condition=models.Q(buyer__isnull=True),
                name="checkout_idempotency_once_anonymous",
            ),
        ]

    def __str__(self) -> str:
        return f"Checkout {self.pk}"


class Payment(models.Model):
    """The buyer pays once for all orders of a checkout.

    requires_payment → processing (a confirm claimed it and is asking the provider) →
    paid | requires_payment (declined or failed: the buyer may try another card);
    requires_payment → expired | cancelled; paid → partially_refunded → refunded.
    A declined attempt leaves it `requires_payment` until the window closes.
    """

    class Status(models.TextChoices):
        REQUIRES_PAYMENT = (
            "requires_payment",
            pgettext_lazy("payment status", "Waiting for payment"),
        )
        PROCESSING = "processing", pgettext_lazy("payment status", "Processing")
        PAID = "paid", pgettext_lazy("payment status", "Paid")
        EXPIRED = "expired", pgettext_lazy("payment status", "Expired")
        CANCELLED = "cancelled", pgettext_lazy("payment status", "Cancelled")
        PARTIALLY_REFUNDED = (
            "partially_refunded",
            pgettext_lazy("payment status", "Partially refunded"),
        )
        REFUNDED = "refunded", pgettext_lazy("payment status", "Refunded")

    TRANSITIONS = {
        "requires_payment": {"processing", "paid", "expired", "cancelled"},
        "processing": {"paid", "requires_payment"},
        "paid": {"partially_refunded", "refunded"},
        "partially_refunded": {"partially_refunded", "refunded"},
        "expired": set(),
        "cancelled": set(),
        "refunded": set(),
    }

    checkout = models.OneToOneField(
        "commerce.Checkout", on_delete=models.PROTECT, related_name="payment"
    )
    provider = models.CharField(max_length=20)
    provider_reference = models.CharField(max_length=80, blank=True)
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.REQUIRES_PAYMENT
    )
    amount = models.BigIntegerField()
    currency = models.CharField(max_length=3)
    refunded_amount = models.BigIntegerField(default=0)
    expires_at = models.DateTimeField()
    paid_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        indexes = [models.Index(fields=["status", "expires_at"], name="payment_due")]

    def __str__(self) -> str:
        return f"Payment {self.pk} ({self.status})"


class PaymentAttempt(models.Model):
    class Outcome(models.TextChoices):
        SUCCEEDED = "succeeded", _("Succeeded")
        DECLINED = "declined", _("Declined")
        FAILED = "failed", _("Failed")

    payment = models.ForeignKey(Payment, on_delete=models.CASCADE, related_name="attempts")
    outcome = models.CharField(max_length=10, choices=Outcome.choices)
    # Sent to the provider with the charge: a retried request is the same charge, never a second.
    idempotency_key = models.CharField(max_length=80, blank=True)
    card_last4 = models.CharField(max_length=4, blank=True)
    decline_code = models.CharField(max_length=40, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("payment attempt")
        verbose_name_plural = _("payment attempts")
        constraints = [
            models.UniqueConstraint(
                fields=["idempotency_key"],
                condition=~models.Q(idempotency_key=""),
                name="payment_attempt_key_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.payment_id}: {self.outcome}"


class PaymentEvent(models.Model):
    """A provider event (webhook or the test provider's confirm): applied exactly once."""

    provider = models.CharField(max_length=20)
    event_id = models.CharField(max_length=120)
    type = models.CharField(max_length=60)
    payload = models.JSONField(default=dict)
    received_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("payment event")
        verbose_name_plural = _("payment events")
        constraints = [
            models.UniqueConstraint(fields=["provider", "event_id"], name="payment_event_once")
        ]

    def __str__(self) -> str:
        return f"{self.provider}:{self.event_id}"


class Refund(models.Model):
    order = models.ForeignKey("commerce.Order", on_delete=models.PROTECT, related_name="refunds")
    amount = models.BigIntegerField()
    currency = models.CharField(max_length=3)
    lines = models.JSONField(default=list)  # [{"id", "quantity", "amount"}]
    provider_reference = models.CharField(max_length=80, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("refund")
        verbose_name_plural = _("refunds")

    def __str__(self) -> str:
        return f"Refund {self.pk} of {self.order_id}"
