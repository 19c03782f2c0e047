"""The operator's view of the rate-limit counters (read-only: they are the limiter's)."""

from django.contrib import admin

from agora.core.models import RateCounter


@admin.register(RateCounter)
class RateCounterAdmin(admin.ModelAdmin):
    list_display = ["key", "window_start", "expires_at", "hits"]
    search_fields = ["key"]
    readonly_fields = ["key", "window_start", "expires_at", "hits"]
