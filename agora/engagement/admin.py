from django.contrib import admin

from agora.engagement.models import Poll, PollOption


class PollOptionInline(admin.TabularInline):
    model = PollOption
    extra = 0
    fields = ("position", "label", "image", "variant", "proposed", "product", "announced_at")
    raw_id_fields = ("image", "variant", "product")
    readonly_fields = ("announced_at",)


@admin.register(Poll)
class PollAdmin(admin.ModelAdmin):
    list_display = ("id", "post", "closes_at", "closed_at", "results_visibility")
    list_filter = ("results_visibility",)
    raw_id_fields = ("post", "winner")
    readonly_fields = ("closed_at", "created_at")
    inlines = [PollOptionInline]
