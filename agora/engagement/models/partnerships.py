"""Creator partnerships: a verified creator's paid endorsement of a shop, with disclosure.

A verified creator (`User.is_creator`, granted by moderators: the admin or `creator_verify`)
proposes a commission rate and a period; the shop's team accepts or declines; either side ends
an accepted partnership. While it is live, the creator's posts tagging the shop's products carry a "Paid
partnership" disclosure, the creator is shown as endorsing the products they posted about, and
the sales attributed to the creator's posts earn a commission (an `Earning`, pending until the
return window has passed).

The live period is fixed on acceptance, `live_from` = the later of `starts_at` and the
acceptance, `live_until` = `ends_at`, and shortened to the moment it is ended early: posts and
paid orders are judged by these two columns only, so a proposal never counts before it is
accepted and nothing counts after it ended. A partnership past its `ends_at` stays `accepted`
in the table (its period says it is over) until a new proposal between the same two tidies it
to `ended`. One live partnership (proposed or accepted) per creator and shop: a unique index.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

COMMISSION_MIN_BP = 1  # 0.01 %
COMMISSION_MAX_BP = 5000  # 50 %
RETURN_WINDOW_DAYS = 14  # until a commission is confirmed, unless the partnership says
RETURN_WINDOW_MAX_DAYS = 90
MESSAGE_MAX_LENGTH = 500


class Partnership(models.Model):
    class Status(models.TextChoices):
        PROPOSED = "proposed", pgettext_lazy("partnership status", "Proposed")
        ACCEPTED = "accepted", pgettext_lazy("partnership status", "Accepted")
        DECLINED = "declined", pgettext_lazy("partnership status", "Declined")
        WITHDRAWN = "withdrawn", pgettext_lazy("partnership status", "Withdrawn")
        EXPIRED = "expired", pgettext_lazy("partnership status", "Expired")
        ENDED = "ended", pgettext_lazy("partnership status", "Ended")

    # One service per move (services/partnerships.py): accept, decline and withdraw a
    # proposal; end an accepted partnership (either side). A proposal still unanswered at its
    # `ends_at` expires, and an accepted one past its period ends, when the next proposal
    # between the same creator and shop tidies them.
    TRANSITIONS = {
        "proposed": {"accepted", "declined", "withdrawn", "expired"},
        "accepted": {"ended"},
        "declined": set(),
        "withdrawn": set(),
        "expired": set(),
        "ended": set(),
    }
    LIVE = ("proposed", "accepted")
    # Partnerships whose period counted (for disclosure, endorsements and commissions).
    COUNTED = ("accepted", "ended")

    creator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="partnerships"
    )
    shop = models.ForeignKey("shops.Shop", on_delete=models.CASCADE, related_name="+")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PROPOSED)
    commission_bp = models.PositiveIntegerField()  # basis points: 1250 = 12.5 %
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    return_window_days = models.PositiveSmallIntegerField(default=RETURN_WINDOW_DAYS)
    message = models.TextField(max_length=MESSAGE_MAX_LENGTH, blank=True)
    live_from = models.DateTimeField(null=True, blank=True)
    live_until = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)  # accepted, declined, withdrawn
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    ended_at = models.DateTimeField(null=True, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("partnership")
        verbose_name_plural = _("partnerships")
        ordering = ["-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["creator", "shop"],
                condition=Q(status__in=("proposed", "accepted")),
                name="partnership_live_once",
            ),
            models.CheckConstraint(
                condition=Q(commission_bp__gte=COMMISSION_MIN_BP)
                & Q(commission_bp__lte=COMMISSION_MAX_BP),
                name="partnership_commission_bounded",
            ),
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="partnership_period_forward"
            ),
            models.CheckConstraint(
                condition=Q(return_window_days__lte=RETURN_WINDOW_MAX_DAYS),
                name="partnership_return_window_bounded",
            ),
        ]
        indexes = [
            models.Index(fields=["shop", "-id"], name="partnership_by_shop"),
            models.Index(fields=["creator", "-id"], name="partnership_by_creator"),
        ]

    def __str__(self) -> str:
        return f"{self.creator_id} × {self.shop_id} {self.status}"

    @property
    def commission_percent(self) -> float:
        return self.commission_bp / 100
