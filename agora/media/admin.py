from django.contrib import admin
from django.utils.html import format_html

from agora.media.models import MediaAsset


@admin.register(MediaAsset)
class MediaAssetAdmin(admin.ModelAdmin):
    """Operators edit words; bytes only ever arrive through the upload pipeline, so files are
    read-only here and assets cannot be added from the admin. A product's media and their order
    are edited on the product (catalog's admin)."""

    list_display = [
        "id",
        "preview",
        "kind",
        "angle",
        "status",
        "uploaded_by",
        "content_type",
        "width",
        "height",
        "size_bytes",
        "created_at",
    ]
    list_display_links = ["id", "preview"]
    list_filter = ["kind", "status", "angle"]
    search_fields = ["alt", "uploaded_by__username"]
    list_select_related = ["uploaded_by"]
    raw_id_fields = ["uploaded_by"]
    fields = [
        "preview",
        "kind",
        "status",
        "angle",
        "alt",
        "uploaded_by",
        "file",
        "poster",
        "content_type",
        "width",
        "height",
        "size_bytes",
        "thumbnails",
        "created_at",
    ]
    readonly_fields = [
        "preview",
        "kind",
        "status",
        "file",
        "poster",
        "content_type",
        "width",
        "height",
        "size_bytes",
        "thumbnails",
        "created_at",
        "uploaded_by",
    ]

    def has_add_permission(self, request):
        return False

    @admin.display(description="preview")
    def preview(self, obj):
        thumbs = sorted((int(w), path) for w, path in (obj.thumbnails or {}).items())
        if thumbs:
            url = obj.file.storage.url(thumbs[0][1])
        elif obj.poster:
            url = obj.poster.url
        elif obj.kind == MediaAsset.Kind.IMAGE and obj.file:
            url = obj.file.url
        else:
            return "—"
        return format_html(
            '<img src="{}" alt="{}" width="80">',
            url,
            obj.alt,
        )
