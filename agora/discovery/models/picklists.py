"""Pick lists: named lists of products with a note per item, made by a person or a shop.

A list belongs to an actor (`owner`: a person's or a shop's Handle); a shop's list is edited by
the shop's team. `public` lists are listed and counted on product pages; `unlisted` ones are
reached only through their link, which carries the list's random `key` (the id alone is
guessable). Counters (`item_count`, `follower_count`) move with F() in the transaction that
inserts or deletes the row they count, so they stay exact however many requests race.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

TITLE_MAX_LENGTH = 120
DESCRIPTION_MAX_LENGTH = 2000
NOTE_MAX_LENGTH = 500
MAX_ITEMS = 100
KEY_LENGTH = 16


class PickList(models.Model):
    class Visibility(models.TextChoices):
        PUBLIC = "public", _("Public")
        UNLISTED = "unlisted", _("Unlisted (only people with the link)")

    owner = models.ForeignKey("accounts.Handle", on_delete=models.CASCADE, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    title = models.CharField(_("title"), max_length=TITLE_MAX_LENGTH)
    description = models.TextField(_("description"), max_length=DESCRIPTION_MAX_LENGTH, blank=True)
    visibility = models.CharField(
        _("who can see it"),
        max_length=10,
        choices=Visibility.choices,
        default=Visibility.PUBLIC,
    )
    key = models.CharField(max_length=KEY_LENGTH, unique=True)  # the unlisted link's secret
    item_count = models.PositiveIntegerField(default=0)
    follower_count = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("pick list")
        verbose_name_plural = _("pick lists")
        indexes = [
            models.Index(fields=["visibility", "-id"], name="picklist_visible_recent"),
            models.Index(fields=["owner", "-id"], name="picklist_owner_recent"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        """The list's link: with its key when unlisted (the link is what lets people in)."""
        if self.visibility == self.Visibility.UNLISTED:
            return reverse("discovery_web:picklist-keyed", args=[self.pk, self.key])
        return reverse("discovery_web:picklist", args=[self.pk])


class PickListItem(models.Model):
    """A product on a list with the curator's note; `position` orders the list (0 first)."""

    picklist = models.ForeignKey(PickList, on_delete=models.CASCADE, related_name="items")
    product = models.ForeignKey("catalog.Product", on_delete=models.CASCADE, related_name="+")
    note = models.TextField(_("note"), max_length=NOTE_MAX_LENGTH, blank=True)
    position = models.PositiveIntegerField(default=0)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("pick list item")
        verbose_name_plural = _("pick list items")
        constraints = [
            models.UniqueConstraint(fields=["picklist", "product"], name="picklist_product_once")
        ]
        indexes = [
            models.Index(fields=["picklist", "position", "id"], name="picklist_item_order"),
            models.Index(fields=["product", "picklist"], name="picklist_item_by_product"),
        ]

    def __str__(self) -> str:
        return f"{self.picklist_id}:{self.product_id}"


class PickListFollow(models.Model):
    picklist = models.ForeignKey(PickList, on_delete=models.CASCADE, related_name="follows")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("pick list follow")
        verbose_name_plural = _("pick list follows")
        constraints = [
            models.UniqueConstraint(fields=["picklist", "user"], name="picklist_follow_once")
        ]
        indexes = [models.Index(fields=["user", "-id"], name="picklist_follow_by_user")]

    def __str__(self) -> str:
        return f"{self.user_id}→list {self.picklist_id}"
