from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from agora.moderation.selectors import ReportSummary, ReportTarget


class Report(models.Model):
    class Target(models.TextChoices):
        POST = "post", _("Post")
        COMMENT = "comment", _("Comment")
        PERSON = "person", _("Person")
        SHOP = "shop", _("Shop")
        PRODUCT = "product", _("Product")

    class Reason(models.TextChoices):
        SPAM = "spam", _("Spam")
        SCAM = "scam", _("Counterfeit or scam")
        HARASSMENT = "harassment", _("Harassment")
        INAPPROPRIATE = "inappropriate", _("Inappropriate content")
        INTELLECTUAL_PROPERTY = "intellectual_property", _("Intellectual property")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        ACTIONED = "actioned", _("Actioned")
        DISMISSED = "dismissed", _("Dismissed")

    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reports_made"
    )
    target_type = models.CharField(max_length=10, choices=Target.choices)
    target_id = models.BigIntegerField()
    reason = models.CharField(
        _("reason"), max_length=24, choices=Reason.choices, default=Reason.OTHER
    )
    details = models.TextField(_("details"), max_length=1000, blank=True)  # required for "other"
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    handled_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    # Not stored: set by `selectors.attach_targets` for the moderators.
    target: ReportTarget | None  # the reported object, None when it was deleted
    summary: ReportSummary
    kind_label: str  # "Post", "Review"... (moderation's kinds and those registered)
    hideable: bool

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        indexes = [models.Index(fields=["status", "-id"], name="report_queue")]
        constraints = [
            models.UniqueConstraint(
                fields=["reporter", "target_type", "target_id"],
                condition=models.Q(status="open"),
                name="report_open_once",
            )
        ]

    def __str__(self) -> str:
        return f"Report {self.pk}: {self.target_type} {self.target_id}"


class AuditLog(models.Model):
    """Every moderator action, append-only."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(max_length=40)
    target_type = models.CharField(max_length=20)
    target_id = models.BigIntegerField()
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    label: str  # not stored: what the moderator page says the action did

    class Meta:
        verbose_name = _("audit log")
        verbose_name_plural = _("audit logs")
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"{self.action} {self.target_type} {self.target_id}"
