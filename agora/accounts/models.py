from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from agora.core.urls_util import reverse_cached


class Handle(models.Model):
    """One namespace for people and shops (@ana, @roastery), unique case-insensitively.

    Kept apart so a later ActivityPub actor can become acct:handle@host without renames.
    """

    class Kind(models.TextChoices):
        PERSON = "person", _("Person")
        SHOP = "shop", _("Shop")

    name = models.CharField(max_length=30)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("handle")
        verbose_name_plural = _("handles")
        constraints = [models.UniqueConstraint(Lower("name"), name="handle_name_unique_ci")]

    def __str__(self) -> str:
        return f"@{self.name}"


class User(AbstractUser):
    """A person. `username` is the @handle (also registered in Handle)."""

    class Language(models.TextChoices):
        EN = "en", "English"
        FR = "fr", "Français"
        DE = "de", "Deutsch"

    actor = models.OneToOneField(
        Handle, null=True, blank=True, on_delete=models.PROTECT, related_name="user"
    )
    display_name = models.CharField(_("display name"), max_length=80, blank=True)
    bio = models.TextField(_("bio"), max_length=500, blank=True)
    avatar = models.ForeignKey(
        "media.MediaAsset", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    language = models.CharField(_("language"), max_length=5, choices=Language.choices, blank=True)
    is_creator = models.BooleanField(_("verified creator"), default=False)
    is_expert = models.BooleanField(_("verified expert"), default=False)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [models.UniqueConstraint(Lower("username"), name="user_username_unique_ci")]

    def __str__(self) -> str:
        return f"@{self.username}"

    @property
    def handle(self) -> str:
        return self.username

    @property
    def name(self) -> str:
        return self.display_name or self.username

    def get_absolute_url(self) -> str:
        return reverse_cached("shops:handle", self.username)


class Expertise(models.Model):
    """An expert is verified per category by a moderator."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="expertise")
    category = models.ForeignKey("catalog.Category", on_delete=models.CASCADE, related_name="+")
    granted_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    granted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("expertise grant")
        verbose_name_plural = _("expertise grants")
        constraints = [
            models.UniqueConstraint(fields=["user", "category"], name="expertise_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.category}"


class ApiToken(models.Model):
    """A bearer token: 32 random bytes shown once, stored as SHA-256 (unique), revocable."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=80, default="API")
    key_hash = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=8)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"


class Address(models.Model):
    """A shipping address in a person's address book: saved by their first order to it,
    offered at the next checkout, edited in settings. `fingerprint` (the normalised fields)
    keeps one row per address and person."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="addresses")
    name = models.CharField(_("full name"), max_length=120)
    line1 = models.CharField(_("address"), max_length=200)
    line2 = models.CharField(_("address (line 2)"), max_length=200, blank=True)
    city = models.CharField(_("city"), max_length=100)
    postal_code = models.CharField(_("postal code"), max_length=20)
    country = models.CharField(_("country"), max_length=2)  # ISO 3166-1 alpha-2
    fingerprint = models.CharField(max_length=64)
    is_default = models.BooleanField(_("default"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-is_default", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["user", "fingerprint"], name="address_once"),
            models.UniqueConstraint(
                fields=["user"],
                condition=models.Q(is_default=True),
                name="address_one_default",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name}, {self.city} ({self.country})"
