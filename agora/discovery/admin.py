"""The operator's screens."""

from django.contrib import admin

from agora.discovery.models import PostTrend, ProductTrend, SearchDocument, TagTrend


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


@admin.register(SearchDocument)
class SearchDocumentAdmin(admin.ModelAdmin):
    """The search index, to look at (the services write it; `rebuild_search_index` rebuilds
    it)."""

    list_display = ("kind", "object_id", "language", "title", "updated_at")
    list_filter = ("kind", "language")
    search_fields = ("title",)
    readonly_fields = ("title_stems", "body_stems", "folded_title", "updated_at")
    ordering = ("-updated_at",)
