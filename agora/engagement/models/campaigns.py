"""Hashtag campaigns (#ShareACoke): a shop asks people to post with a hashtag between two
dates; the campaign page collects those posts, ranks them and counts them; the shop picks
winners.

The status is an explicit state machine (`Campaign.TRANSITIONS`): draft → scheduled → running
→ ended (a draft may also go straight to running when its start has passed, and a scheduled or
running campaign may be ended early by its shop). Dates are checked against the clock at
request time (`campaign_phase`): the stored status only tidies up after them, moved by
conditional UPDATEs (a background task at the start and end, or the first action that needs
it), exactly like poll deadlines.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

CAMPAIGN_TITLE_MAX_LENGTH = 120
CAMPAIGN_DESCRIPTION_MAX_LENGTH = 2000
CAMPAIGN_PRIZES_MAX_LENGTH = 1000
CAMPAIGN_MAX_WINNERS = 50


class Campaign(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", pgettext_lazy("campaign status", "Draft")
        SCHEDULED = "scheduled", pgettext_lazy("campaign status", "Scheduled")
        RUNNING = "running", pgettext_lazy("campaign status", "Running")
        ENDED = "ended", pgettext_lazy("campaign status", "Ended")

    # Each status and the ones it may move to; anything else is a 409.
    TRANSITIONS: dict[str, set[str]] = {
        "draft": {"scheduled", "running"},
        "scheduled": {"running", "ended"},
        "running": {"ended"},
        "ended": set(),
    }

    shop = models.ForeignKey("shops.Shop", on_delete=models.CASCADE, related_name="campaigns")
    hashtag = models.CharField(max_length=100)  # normalised like social's tags, without "#"
    title = models.CharField(max_length=CAMPAIGN_TITLE_MAX_LENGTH)
    description = models.TextField(max_length=CAMPAIGN_DESCRIPTION_MAX_LENGTH, blank=True)
    prizes = models.TextField(max_length=CAMPAIGN_PRIZES_MAX_LENGTH, blank=True)
    # The personalised product the campaign promotes (a product of the shop), optional.
    product = models.ForeignKey(
        "catalog.Product", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    ended_at = models.DateTimeField(null=True, blank=True)  # when the end was stored

    class Meta:
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="campaign_dates")
        ]
        indexes = [
            models.Index(fields=["shop", "-id"], name="campaign_shop_recent"),
            models.Index(fields=["hashtag"], name="campaign_hashtag"),
        ]

    def __str__(self) -> str:
        return f"#{self.hashtag} ({self.shop_id})"

    def get_absolute_url(self) -> str:
        return reverse("engagement_web:campaign", args=[self.pk])


class CampaignWinner(models.Model):
    """A post the shop picked as a winner of its campaign (once per post)."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="winners")
    post = models.ForeignKey("social.Post", on_delete=models.CASCADE, related_name="+")
    picked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    picked_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("campaign winner")
        verbose_name_plural = _("campaign winners")
        constraints = [
            models.UniqueConstraint(fields=["campaign", "post"], name="campaign_winner_once")
        ]

    def __str__(self) -> str:
        return f"{self.campaign_id} winner {self.post_id}"
