"""core's only table: the rate-limit counters every process shares when there is no Redis."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class RateCounter(models.Model):
    """The hits one key ("like:user:42") made in one fixed window, counted by a single atomic
    upsert (`agora.core.ratelimit`). Rows of ended windows are purged now and then."""

    key = models.CharField(max_length=120)
    window_start = models.BigIntegerField()  # Unix seconds
    expires_at = models.BigIntegerField()  # Unix seconds: the window's end
    hits = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("rate counter")
        verbose_name_plural = _("rate counters")
        constraints = [
            models.UniqueConstraint(fields=["key", "window_start"], name="ratecounter_window")
        ]
        indexes = [models.Index(fields=["expires_at"], name="ratecounter_expiry")]

    def __str__(self) -> str:
        return f"{self.key} @ {self.window_start}: {self.hits}"
