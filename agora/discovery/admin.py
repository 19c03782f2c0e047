"""The operator's screens."""

from django.contrib import admin

from agora.discovery.models import PostTrend, ProductTrend, TagTrend, TrendAccount, TrendWatermark


@admin.register(ProductTrend)
class ProductTrendAdmin(admin.ModelAdmin):
    list_display = ("product", "category", "heat", "accounts", "popular", "updated_at")
    list_filter = ("popular",)
    raw_id_fields = ("product", "category")
    ordering = ("-heat",)


@admin.register(PostTrend)
class PostTrendAdmin(admin.ModelAdmin):
    list_display = ("post", "heat", "accounts", "updated_at")
    raw_id_fields = ("post",)
    ordering = ("-heat",)


@admin.register(TagTrend)
class TagTrendAdmin(admin.ModelAdmin):
    list_display = ("tag", "heat", "accounts", "updated_at")
    raw_id_fields = ("tag",)
    ordering = ("-heat",)


@admin.register(TrendAccount)
class TrendAccountAdmin(admin.ModelAdmin):
    list_display = ("kind", "object_id", "account_id", "created_at")
    list_filter = ("kind",)
    search_fields = ("=object_id", "=account_id")
    ordering = ("-id",)


@admin.register(TrendWatermark)
class TrendWatermarkAdmin(admin.ModelAdmin):
    list_display = ("last_event_id", "updated_at")
