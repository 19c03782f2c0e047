from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class MediaAsset(models.Model):
    """An uploaded image or video, owned by the person who uploaded it. The stored `file` is
    always re-encoded, never the upload. What shows it (a product, a post, a profile, a shop's
    logo) points at it from the app above; media knows none of them (see `media/hooks.py`)."""

    class Kind(models.TextChoices):
        IMAGE = "image", _("Image")
        VIDEO = "video", _("Video")

    class Angle(models.TextChoices):
        FRONT = "front", _("Front")
        BACK = "back", _("Back")
        SIDE = "side", _("Side")
        DETAIL = "detail", _("Detail")
        IN_USE = "in_use", _("In use")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        PROCESSING = "processing", _("Processing")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed")

    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="media_uploads"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    angle = models.CharField(max_length=10, choices=Angle.choices, default=Angle.OTHER)
    alt = models.CharField(max_length=300, blank=True)
    file = models.FileField(upload_to="uploads/%Y/%m/", max_length=255)
    poster = models.FileField(upload_to="posters/%Y/%m/", max_length=255, blank=True)
    content_type = models.CharField(max_length=50)
    width = models.PositiveIntegerField(null=True, blank=True)
    height = models.PositiveIntegerField(null=True, blank=True)
    size_bytes = models.PositiveBigIntegerField(default=0)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PROCESSING)
    thumbnails = models.JSONField(default=dict, blank=True)  # {"320": "thumbs/..webp", ...}
    # The variants it shows, as option name → value ({"color": "Anthracite"}; {} for all of
    # them): checked by what shows it (`hooks.MediaHolder.check_option_values`), so that choosing
    # those options on a product page brings this picture forward.
    option_values = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("media asset")
        verbose_name_plural = _("media assets")
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk} ({self.angle})"
