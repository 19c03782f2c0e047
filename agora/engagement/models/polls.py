"""Polls on posts ("vote on style"): options, one vote per person, a deadline.

A poll is open until `closes_at`, checked against the clock at request time; the closing task
only tidies up (`closed_at`, `winner`). open → closed is its one transition, made once by a
conditional UPDATE on `closed_at IS NULL`. Votes are counted on read (one grouped query), so a
count can never drift from the votes; the unique (poll, voter) index makes a second vote by
the same person impossible.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

POLL_MIN_OPTIONS = 2
POLL_MAX_OPTIONS = 6
POLL_LABEL_MAX_LENGTH = 80


class Poll(models.Model):
    class Results(models.TextChoices):
        AFTER_VOTE = "after_vote", _("To those who voted, and to everyone once closed")
        AFTER_CLOSE = "after_close", _("To everyone once closed")

    post = models.OneToOneField("social.Post", on_delete=models.CASCADE, related_name="poll")
    closes_at = models.DateTimeField()
    results_visibility = models.CharField(
        max_length=12, choices=Results.choices, default=Results.AFTER_VOTE
    )
    # Percent off the winner for those who voted for it, each as a personal coupon when it goes
    # on sale (0: none). Only a shop's poll offers it.
    early_access_percent = models.PositiveSmallIntegerField(default=0)
    # Set by the closing task (or the first action that needs it) once closes_at has passed.
    closed_at = models.DateTimeField(null=True, blank=True)
    winner = models.ForeignKey(
        "engagement.PollOption", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("poll")
        verbose_name_plural = _("polls")
        indexes = [
            models.Index(
                fields=["closes_at"],
                condition=Q(closed_at__isnull=True),
                name="poll_open_by_deadline",
            )
        ]

    def __str__(self) -> str:
        return f"Poll {self.pk} on post {self.post_id}"


class PollOption(models.Model):
    """One choice: a label, an optional image, and optionally what it would become, an
    existing variant of the posting shop or a proposed product (`proposed`: {"title",
    "options": {name: value}, "price": {"amount", "currency"}}). `product` is the product
    the option became once the shop made it real."""

    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="options")
    position = models.PositiveSmallIntegerField()
    label = models.CharField(max_length=POLL_LABEL_MAX_LENGTH)
    image = models.ForeignKey(
        "media.MediaAsset", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    variant = models.ForeignKey(
        "catalog.Variant", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    proposed = models.JSONField(null=True, blank=True)
    product = models.ForeignKey(
        "catalog.Product", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # When its voters were told that the product is on sale (once, whatever happens next).
    announced_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("poll option")
        verbose_name_plural = _("poll options")
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["poll", "position"], name="poll_option_position")
        ]
        indexes = [models.Index(fields=["product"], name="poll_option_product")]

    def __str__(self) -> str:
        return f"{self.poll_id}#{self.position}: {self.label}"


class PollVote(models.Model):
    """A person's vote: one per poll (changing it replaces the option)."""

    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="votes")
    option = models.ForeignKey(PollOption, on_delete=models.CASCADE, related_name="votes")
    voter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="poll_votes"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("poll vote")
        verbose_name_plural = _("poll votes")
        constraints = [models.UniqueConstraint(fields=["poll", "voter"], name="poll_vote_once")]

    def __str__(self) -> str:
        return f"{self.voter_id} → {self.option_id}"


EARLY_ACCESS_MAX_PERCENT = 50
EARLY_ACCESS_DAYS = 14


class EarlyAccess(models.Model):
    """A voter's personal early-access coupon for the product their option became: one per
    (option, voter), so announcing twice never gives two."""

    option = models.ForeignKey(PollOption, on_delete=models.CASCADE, related_name="early_access")
    voter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    coupon = models.OneToOneField("commerce.Coupon", on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("early access grant")
        verbose_name_plural = _("early access grants")
        constraints = [
            models.UniqueConstraint(fields=["option", "voter"], name="early_access_once"),
        ]

    def __str__(self) -> str:
        return f"{self.option_id} → {self.voter_id}"
