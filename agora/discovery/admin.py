"""The operator's screens."""

from django.contrib import admin

from agora.discovery.models import (
    PostTrend,
    ProductTrend,
    SearchDocument,
    TagTrend,
    TrendAccount,
    TrendWatermark,
)


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


# --- pick lists -------------------------------------------------------------------------------
from agora.discovery.models import PickList, PickListFollow, PickListItem  # noqa: E402


class PickListItemInline(admin.TabularInline):
    model = PickListItem
    raw_id_fields = ("product", "added_by")
    extra = 0


@admin.register(PickList)
class PickListAdmin(admin.ModelAdmin):
    list_display = ("title", "owner", "visibility", "item_count", "follower_count", "created_at")
    list_filter = ("visibility",)
    search_fields = ("title", "owner__name")
    raw_id_fields = ("owner", "created_by")
    readonly_fields = ("key", "item_count", "follower_count")
    inlines = [PickListItemInline]


@admin.register(PickListItem)
class PickListItemAdmin(admin.ModelAdmin):
    list_display = ("picklist", "product", "position", "created_at")
    raw_id_fields = ("picklist", "product", "added_by")


@admin.register(PickListFollow)
class PickListFollowAdmin(admin.ModelAdmin):
    list_display = ("picklist", "user", "created_at")
    raw_id_fields = ("picklist", "user")


# --- for you ----------------------------------------------------------------------------------
from agora.discovery.models import Recommendation, RecommendationState  # noqa: E402


@admin.register(Recommendation)
class RecommendationAdmin(admin.ModelAdmin):
    list_display = ("user", "product", "score", "computed_at")
    raw_id_fields = ("user", "product")
    ordering = ("user", "-score")


@admin.register(RecommendationState)
class RecommendationStateAdmin(admin.ModelAdmin):
    list_display = ("user", "computed_at")
    raw_id_fields = ("user",)


@admin.register(SearchDocument)
class SearchDocumentAdmin(admin.ModelAdmin):
    """The search index, to look at (the services write it; `rebuild_search_index` rebuilds
    it)."""

    list_display = ("kind", "object_id", "language", "title", "updated_at")
    list_filter = ("kind", "language")
    search_fields = ("title",)
    readonly_fields = ("title_stems", "body_stems", "folded_title", "updated_at")
    ordering = ("-updated_at",)


@admin.register(TrendAccount)
class TrendAccountAdmin(admin.ModelAdmin):
    list_display = ("kind", "object_id", "account_id", "created_at")
    list_filter = ("kind",)
    search_fields = ("=object_id", "=account_id")
    ordering = ("-id",)


@admin.register(TrendWatermark)
class TrendWatermarkAdmin(admin.ModelAdmin):
    list_display = ("last_event_id", "updated_at")
