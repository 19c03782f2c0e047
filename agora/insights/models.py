"""The daily aggregates of the seller analytics, folded from the engagement events.

Every table is keyed by (scope, key, day): scope is shop, post, product or person and key the
shop's, post's, product's or person's (user) id; days are UTC dates. The rollup adds to them
(never recomputes), so each event is folded exactly once: `RollupMark` is the id of the last
event folded, moved in the same transaction as the additions. Figures read after the mark are
folded live by the selectors with the same pure function (`insights.fold`).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from agora.insights.report import COUNT_KEYS, FUNNEL_KEYS

# The count columns of DailyCount: the report's counts, unlikes, and the funnel steps
# (distinct visitors per day, like `viewers`).
FUNNEL_FIELDS = tuple(f"funnel_{k}" for k in FUNNEL_KEYS)
COUNT_FIELDS = (*COUNT_KEYS, "unlikes", *FUNNEL_FIELDS)
# Steps counted as distinct visitors per day: "viewers" and the funnel's steps.
VISITOR_STEPS = ("viewers", *FUNNEL_KEYS)


def step_field(step: str) -> str:
    """The DailyCount column a visitor step adds to."""
    return "viewers" if step == "viewers" else f"funnel_{step}"


class Scope(models.TextChoices):
    SHOP = "shop", "shop"
    POST = "post", "post"
    PRODUCT = "product", "product"
    PERSON = "person", "person"


class DailyCount(models.Model):
    """The counts of one scope's object on one day, one column per figure (a wide row).

    `shop_id` and `person_id` say whom a post's or product's row belongs to (the post author's
    shop or person, the product's shop; 0 for none), for the top lists of a shop or creator."""

    scope = models.CharField(max_length=8, choices=Scope.choices)
    key = models.BigIntegerField()
    day = models.DateField()
    shop_id = models.BigIntegerField(default=0)
    person_id = models.BigIntegerField(default=0)
    views = models.BigIntegerField(default=0)
    viewers = models.BigIntegerField(default=0)
    likes = models.BigIntegerField(default=0)
    unlikes = models.BigIntegerField(default=0)
    comments = models.BigIntegerField(default=0)
    reposts = models.BigIntegerField(default=0)
    shares = models.BigIntegerField(default=0)
    share_clicks = models.BigIntegerField(default=0)
    votes = models.BigIntegerField(default=0)
    follows = models.BigIntegerField(default=0)
    unfollows = models.BigIntegerField(default=0)
    cart_adds = models.BigIntegerField(default=0)
    checkouts = models.BigIntegerField(default=0)
    orders = models.BigIntegerField(default=0)
    funnel_post_view = models.BigIntegerField(default=0)
    funnel_product_view = models.BigIntegerField(default=0)
    funnel_cart_add = models.BigIntegerField(default=0)
    funnel_checkout = models.BigIntegerField(default=0)
    funnel_paid = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("daily count")
        verbose_name_plural = _("daily counts")
        constraints = [
            models.UniqueConstraint(fields=["scope", "key", "day"], name="insights_count_day")
        ]
        indexes = [
            models.Index(fields=["scope", "shop_id", "day"], name="insights_count_shop"),
            models.Index(fields=["scope", "person_id", "day"], name="insights_count_person"),
        ]

    def __str__(self) -> str:
        return f"{self.scope}:{self.key} {self.day}"


class DailyMoney(models.Model):
    """Paid orders and refunds of one scope's object on the day the orders were paid, in one
    currency. `shop_id` is the shop that sold (so a creator's post shows in the shops it sold
    for); `person_id` the post's author (0 for none)."""

    scope = models.CharField(max_length=8, choices=Scope.choices)
    key = models.BigIntegerField()
    day = models.DateField()
    currency = models.CharField(max_length=3)
    shop_id = models.BigIntegerField(default=0)
    person_id = models.BigIntegerField(default=0)
    orders = models.BigIntegerField(default=0)
    gross = models.BigIntegerField(default=0)
    refunded = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("daily money total")
        verbose_name_plural = _("daily money totals")
        constraints = [
            models.UniqueConstraint(
                fields=["scope", "key", "day", "currency", "shop_id"], name="insights_money_day"
            )
        ]
        indexes = [models.Index(fields=["scope", "shop_id", "day"], name="insights_money_shop")]

    def __str__(self) -> str:
        return f"{self.scope}:{self.key} {self.day} {self.currency}"


class DailySource(models.Model):
    """Views of one scope's object on one day from one source (`via` of the view events)."""

    scope = models.CharField(max_length=8, choices=Scope.choices)
    key = models.BigIntegerField()
    day = models.DateField()
    via = models.CharField(max_length=40)
    views = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("daily source")
        verbose_name_plural = _("daily sources")
        constraints = [
            models.UniqueConstraint(
                fields=["scope", "key", "day", "via"], name="insights_source_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.scope}:{self.key} {self.day} {self.via}"


class DailyVisitor(models.Model):
    """A visitor seen at a step (viewers or a funnel step) of one scope's object on one day:
    what makes the per-day counts distinct. Stored as one 64-bit digest of (scope, key, step,
    visitor hash) per day (`insights.fold.visitor_digest`), so the unique index stays small
    and the rollup's inserts fast. Rows of days before yesterday are deleted once their counts
    are folded (the hash rotates daily, so they could never match again)."""

    day = models.DateField()
    digest = models.BigIntegerField()

    class Meta:
        verbose_name = _("daily visitor")
        verbose_name_plural = _("daily visitors")
        constraints = [
            models.UniqueConstraint(fields=["day", "digest"], name="insights_visitor_day")
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.digest}"


class RollupMark(models.Model):
    """One row (pk 1): the id of the last engagement event folded into the daily rows. A run
    claims the events after it with one conditional UPDATE in the transaction of its
    additions."""

    last_event_id = models.BigIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("rollup mark")
        verbose_name_plural = _("rollup marks")

    def __str__(self) -> str:
        return str(self.last_event_id)
