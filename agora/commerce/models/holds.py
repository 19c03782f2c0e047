from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Hold(models.Model):
    """A time-limited reservation (comment-to-buy): counted in Variant.reserved while active.

    active → converted (checked out) | released (removed from cart) | expired (deadline passed)
    """

    class Status(models.TextChoices):
        ACTIVE = "active", pgettext_lazy("hold status", "Active")
        CONVERTED = "converted", pgettext_lazy("hold status", "Converted")
        RELEASED = "released", pgettext_lazy("hold status", "Released")
        EXPIRED = "expired", pgettext_lazy("hold status", "Expired")

    TRANSITIONS = {
        "active": {"converted", "released", "expired"},
        "converted": set(),
        "released": set(),
        "expired": set(),
    }

    variant = models.ForeignKey("catalog.Variant", on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    quantity = models.PositiveIntegerField(default=1)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ACTIVE)
    expires_at = models.DateTimeField()
    comment = models.ForeignKey(
        "social.Comment", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    post = models.ForeignKey(
        "social.Post", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("hold")
        verbose_name_plural = _("holds")
        indexes = [models.Index(fields=["status", "expires_at"], name="hold_due")]

    def __str__(self) -> str:
        return f"Hold {self.pk} ({self.status})"
