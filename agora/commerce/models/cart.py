from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Cart(models.Model):
    """One open cart per signed-in person or per anonymous session; one currency."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    session_key = models.CharField(max_length=64, blank=True)
    currency = models.CharField(max_length=3, blank=True)
    # Bumped by the conditional UPDATE that claims the cart for a checkout: of simultaneous
    # checkouts of one cart, exactly one moves it and goes on.
    revision = models.PositiveBigIntegerField(default=0)
    checked_out_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("cart")
        verbose_name_plural = _("carts")
        constraints = [
            models.UniqueConstraint(
                fields=["user"], condition=Q(user__isnull=False), name="cart_one_per_user"
            ),
            models.UniqueConstraint(
                fields=["session_key"], condition=~Q(session_key=""), name="cart_one_per_session"
            ),
        ]

    def __str__(self) -> str:
        return f"Cart {self.pk}"


class CartLine(models.Model):
    """A variant in a cart, with its personalization and where it came from (attribution)."""

    cart = models.ForeignKey(Cart, on_delete=models.CASCADE, related_name="lines")
    variant = models.ForeignKey("catalog.Variant", on_delete=models.CASCADE, related_name="+")
    quantity = models.PositiveIntegerField()
    # The unit price the buyer last saw, so checkout can say when it changed since.
    unit_price_amount = models.PositiveBigIntegerField(null=True, blank=True)
    personalization = models.JSONField(default=dict, blank=True)
    personalization_key = models.CharField(max_length=64, blank=True)  # hash: same text = same line
    # Attribution (last click within 30 days, CONTRACT.md):
    post = models.ForeignKey(
        "social.Post", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    share_link = models.ForeignKey(
        "social.ShareLink", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    creator = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    attributed_at = models.DateTimeField(null=True, blank=True)
    hold = models.OneToOneField(
        "commerce.Hold", null=True, blank=True, on_delete=models.SET_NULL, related_name="cart_line"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("cart line")
        verbose_name_plural = _("cart lines")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["cart", "variant", "personalization_key"], name="cart_line_unique"
            ),
            models.CheckConstraint(
                condition=Q(quantity__gte=1), name="cart_line_quantity_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.quantity} × {self.variant_id}"
