from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from agora.core.countries import DEFAULT_SHIPPING_COUNTRIES
from agora.core.urls_util import reverse_cached


def default_shipping_countries() -> list[str]:
    return list(DEFAULT_SHIPPING_COUNTRIES)


class Shop(models.Model):
    class Language(models.TextChoices):
        EN = "en", "English"
        FR = "fr", "Français"
        DE = "de", "Deutsch"

    handle = models.CharField(max_length=30, unique=True)
    actor = models.OneToOneField(
        "accounts.Handle", null=True, blank=True, on_delete=models.PROTECT, related_name="shop"
    )
    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), max_length=5000, blank=True)
    currency = models.CharField(_("currency"), max_length=3)
    language = models.CharField(
        _("content language"), max_length=5, choices=Language.choices, default=Language.EN
    )
    logo = models.ForeignKey(
        "media.MediaAsset", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    is_active = models.BooleanField(default=True)
    # Shipping: a flat rate per order, free from a subtotal (minor units; null = never free).
    shipping_flat_amount = models.PositiveBigIntegerField(_("shipping (minor units)"), default=0)
    free_shipping_from_amount = models.PositiveBigIntegerField(
        _("free shipping from (minor units)"), null=True, blank=True
    )
    # ISO 3166-1 alpha-2 codes, sorted: the checkout offers only these countries.
    shipping_countries = models.JSONField(
        _("shipping countries"), default=default_shipping_countries
    )
    comment_to_buy_hold_minutes = models.PositiveSmallIntegerField(default=15)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("shop")
        verbose_name_plural = _("shops")
        ordering = ["name"]
        # The shop page finds its shop by LOWER(handle) (shops.selectors.shop_by_handle).
        indexes = [models.Index(Lower("handle"), name="shop_handle_lower")]

    def __str__(self) -> str:
        return f"{self.name} (@{self.handle})"

    def get_absolute_url(self) -> str:
        return reverse_cached("shops:handle", self.handle)


class ShopMember(models.Model):
    """Shop rights come only from membership, never from is_staff."""

    class Role(models.TextChoices):
        OWNER = "owner", _("Owner")
        STAFF = "staff", _("Staff")

    shop = models.ForeignKey(Shop, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="shop_memberships"
    )
    role = models.CharField(max_length=10, choices=Role.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("shop member")
        verbose_name_plural = _("shop members")
        constraints = [models.UniqueConstraint(fields=["shop", "user"], name="shop_member_unique")]

    def __str__(self) -> str:
        return f"{self.user} · {self.shop.handle} · {self.role}"
