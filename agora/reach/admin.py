"""The operator's screens."""

from django.contrib import admin

from agora.reach.models import FeedFile


@admin.register(FeedFile)
class FeedFileAdmin(admin.ModelAdmin):
    list_display = ("shop", "target", "stale", "item_count", "size_bytes", "built_at")
    list_filter = ("target", "stale")
    search_fields = ("shop__handle", "shop__name")
    raw_id_fields = ("shop",)
    readonly_fields = ("name", "stamp", "version", "item_count", "size_bytes", "built_at")
