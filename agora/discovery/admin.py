"""The operator's screens."""

from django.contrib import admin

from agora.discovery.models import PostTrend, ProductTrend, TagTrend


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
