"""The operator's screens for the analytics aggregates (read them; the rollup writes them)."""

from django.contrib import admin

from agora.insights.models import DailyCount, DailyMoney, DailySource, DailyVisitor, RollupMark


@admin.register(DailyCount)
class DailyCountAdmin(admin.ModelAdmin):
    list_display = ("scope", "key", "day", "views", "viewers", "likes", "orders")
    list_filter = ("scope",)
    ordering = ("-day",)


@admin.register(DailyMoney)
class DailyMoneyAdmin(admin.ModelAdmin):
    list_display = ("scope", "key", "day", "currency", "orders", "gross", "refunded")
    list_filter = ("scope", "currency")
    ordering = ("-day",)


@admin.register(DailySource)
class DailySourceAdmin(admin.ModelAdmin):
    list_display = ("scope", "key", "day", "via", "views")
    list_filter = ("scope", "via")
    ordering = ("-day",)


@admin.register(DailyVisitor)
class DailyVisitorAdmin(admin.ModelAdmin):
    list_display = ("day", "digest")
    ordering = ("-day",)


@admin.register(RollupMark)
class RollupMarkAdmin(admin.ModelAdmin):
    list_display = ("pk", "last_event_id", "updated_at")
