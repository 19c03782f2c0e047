from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class ShareLink(models.Model):
    """A personal tracked short link /s/CODE: one per (sharer, post) or (sharer, product)."""

    code = models.CharField(max_length=16, unique=True)
    sharer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    post = models.ForeignKey(
        "social.Post", null=True, blank=True, on_delete=models.CASCADE, related_name="share_links"
    )
    product = models.ForeignKey(
        "catalog.Product", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    click_count = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("share link")
        verbose_name_plural = _("share links")
        constraints = [
            models.CheckConstraint(
                condition=Q(post__isnull=False, product__isnull=True)
                | Q(post__isnull=True, product__isnull=False),
                name="share_link_one_target",
            ),
            models.UniqueConstraint(
                fields=["sharer", "post"], condition=Q(post__isnull=False), name="share_post_once"
            ),
            models.UniqueConstraint(
                fields=["sharer", "product"],
                condition=Q(product__isnull=False),
                name="share_product_once",
            ),
        ]

    def __str__(self) -> str:
        return f"/s/{self.code}"

    def get_absolute_url(self) -> str:
        return reverse("social:share-redirect", args=[self.code])


class ShareClick(models.Model):
    """One row per visitor per day per link: the click counts once."""

    link = models.ForeignKey(ShareLink, on_delete=models.CASCADE, related_name="clicks")
    visitor = models.CharField(max_length=64)
    day = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("share click")
        verbose_name_plural = _("share clicks")
        constraints = [
            models.UniqueConstraint(
                fields=["link", "visitor", "day"], name="share_click_once_a_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.link_id} {self.day}"
