"""Catalog feeds: the stored copy of each shop's feed file per target (Meta, Google,
Pinterest).

The file itself lives in Django's storage (`name`); the row says what it was built from.
A feed is fresh when it is not marked `stale` and its `stamp` equals the shop's current
catalog stamp (`selectors.feeds.catalog_stamp`: the active products' ids and update times and
every variant's price and in-stock state, hashed). Product writes mark it stale through
catalog's `product_changed` hook (and enqueue a rebuild on commit); stock moves from checkouts,
holds and refunds change no product but change the stamp, so a fetch rebuilds it on demand.
`version` grows with each mark: a build stores its result only when no mark came in between.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class FeedTarget(models.TextChoices):
    META = "meta", "Meta Commerce Manager"
    GOOGLE = "google", "Google Merchant Center"
    PINTEREST = "pinterest", "Pinterest"


class FeedFile(models.Model):
    shop = models.ForeignKey("shops.Shop", on_delete=models.CASCADE, related_name="+")
    target = models.CharField(max_length=12, choices=FeedTarget.choices)
    name = models.CharField(_("stored file"), max_length=255, blank=True)
    stamp = models.CharField(max_length=64, blank=True)
    version = models.PositiveIntegerField(default=0)
    stale = models.BooleanField(default=True)
    item_count = models.PositiveIntegerField(default=0)
    size_bytes = models.PositiveIntegerField(default=0)
    built_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("feed file")
        verbose_name_plural = _("feed files")
        constraints = [
            models.UniqueConstraint(fields=["shop", "target"], name="feed_file_unique_target")
        ]

    def __str__(self) -> str:
        return f"{self.shop_id}:{self.target}"
