from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Event(models.Model):
    """One row per interaction, append-only: analytics, trending and rewards read it."""

    class Kind(models.TextChoices):
        VIEW = "view", _("View")
        LIKE = "like", _("Like")
        UNLIKE = "unlike", _("Unlike")
        COMMENT = "comment", _("Comment")
        REPOST = "repost", _("Repost")
        SHARE = "share", _("Share")
        SHARE_CLICK = "share_click", _("Share click")
        FOLLOW = "follow", _("Follow")
        POST = "post", _("Post")
        VOTE = "vote", _("Vote")
        UNFOLLOW = "unfollow", _("Unfollow")
        CART_ADD = "cart_add", _("Add to cart")
        CHECKOUT = "checkout", _("Checkout")
        ORDER_PAID = "order_paid", _("Order paid")
        REFUND = "refund", _("Refund")

    kind = models.CharField(max_length=20, choices=Kind.choices)
    # No database constraint: events are an append-only log written in batches, and a view
    # buffered before an account was deleted must still be written.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    visitor = models.CharField(max_length=64, blank=True)  # anonymous visitor id
    object_type = models.CharField(max_length=20)  # post, product, shop, person, comment
    object_id = models.BigIntegerField()
    shop_id = models.BigIntegerField(null=True, blank=True)
    source = models.CharField(max_length=40, blank=True)  # web, api, share, feed...
    # The visitor, pseudonymous: a hash of a salt that changes every day and the person's id,
    # cookie or address; distinct per day, never linkable across days, no raw IP kept.
    visitor_hash = models.CharField(max_length=32, blank=True)
    # Where a view came from: share:<channel>, post, search, feed, internal, external, direct.
    via = models.CharField(max_length=40, blank=True)
    # Money events (checkout, order_paid, refund): minor units; cart_add: units added.
    amount = models.BigIntegerField(null=True, blank=True)
    currency = models.CharField(max_length=3, blank=True)
    created_at = models.DateTimeField()

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        indexes = [
            models.Index(fields=["object_type", "object_id", "created_at"], name="event_object"),
            models.Index(fields=["shop_id", "created_at"], name="event_shop"),
            models.Index(fields=["kind", "created_at"], name="event_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.object_type}:{self.object_id}"


class VisitorSalt(models.Model):
    """The random salt of one UTC day for visitor hashes; deleted once the day is over, so no
    hash can be recomputed from an id or address afterwards."""

    day = models.DateField(unique=True)
    salt = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("visitor salt")
        verbose_name_plural = _("visitor salts")

    def __str__(self) -> str:
        return str(self.day)
