"""The operator's social screens; counters are read-only (F() updates keep them). Moderation
adds its logged hide/show actions to the post and comment screens (moderation/admin.py)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from agora.social.models import (
    Comment,
    CommunityPlacement,
    Follow,
    FollowCounts,
    Like,
    LikeNotifyMark,
    Mention,
    Notification,
    NotificationCounter,
    Post,
    PostMedia,
    PostProduct,
    PostTag,
    ProductEngagement,
    ProductLike,
    Repost,
    ShareClick,
    ShareLink,
    Tag,
    TimelineEntry,
)
from agora.social.services.notification_counts import unread_recount

COUNTERS = ["like_count", "comment_count", "repost_count", "share_count"]


class PostMediaInline(admin.TabularInline):
    model = PostMedia
    extra = 0
    raw_id_fields = ["media"]


class PostProductInline(admin.TabularInline):
    model = PostProduct
    extra = 0
    raw_id_fields = ["product"]


@admin.register(Post)
class PostAdmin(admin.ModelAdmin):
    list_display = [
        "id",
        "author",
        "short_text",
        "visibility",
        "is_hidden",
        *COUNTERS,
        "created_at",
    ]
    list_filter = ["is_hidden", "visibility"]
    search_fields = ["text", "author__name"]
    raw_id_fields = ["author", "created_by"]
    readonly_fields = ["is_hidden", *COUNTERS, "created_at", "edited_at"]
    list_select_related = ["author"]
    inlines = [PostMediaInline, PostProductInline]

    @admin.display(description=_("text"))
    def short_text(self, obj):
        return obj.text[:80]


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = [
        "id",
        "author",
        "post",
        "product",
        "short_text",
        "is_hidden",
        "hidden_by_author",
        "created_at",
    ]
    list_filter = ["is_hidden", "hidden_by_author"]
    search_fields = ["text", "author__username"]
    raw_id_fields = ["post", "product", "author", "parent"]
    readonly_fields = ["is_hidden", "created_at"]
    list_select_related = ["author", "post", "product"]

    @admin.display(description=_("text"))
    def short_text(self, obj):
        return obj.text[:80]


@admin.register(Follow)
class FollowAdmin(admin.ModelAdmin):
    list_display = ["follower", "target", "created_at"]
    search_fields = ["follower__username", "target__name"]
    raw_id_fields = ["follower", "target"]
    list_select_related = ["follower", "target"]


@admin.register(TimelineEntry)
class TimelineEntryAdmin(admin.ModelAdmin):
    list_display = ["owner", "post", "reposted_by", "sort_key"]
    search_fields = ["owner__username"]
    raw_id_fields = ["owner", "post", "reposted_by"]
    list_select_related = ["owner", "reposted_by"]
    show_full_result_count = False


@admin.register(Like)
class LikeAdmin(admin.ModelAdmin):
    list_display = ["user", "post", "created_at"]
    search_fields = ["user__username"]
    raw_id_fields = ["user", "post"]
    list_select_related = ["user"]


@admin.register(Repost)
class RepostAdmin(admin.ModelAdmin):
    list_display = ["user", "post", "created_at"]
    search_fields = ["user__username"]
    raw_id_fields = ["user", "post"]
    list_select_related = ["user"]


@admin.register(ProductLike)
class ProductLikeAdmin(admin.ModelAdmin):
    list_display = ["user", "product", "created_at"]
    search_fields = ["user__username", "product__title"]
    raw_id_fields = ["user", "product"]
    list_select_related = ["user", "product"]


@admin.register(ProductEngagement)
class ProductEngagementAdmin(admin.ModelAdmin):
    list_display = ["product", "like_count", "comment_count", "share_count", "post_count"]
    search_fields = ["product__title"]
    raw_id_fields = ["product"]
    readonly_fields = ["like_count", "comment_count", "share_count", "post_count"]
    list_select_related = ["product"]


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ["name", "post_count"]
    search_fields = ["name"]
    readonly_fields = ["post_count"]


@admin.register(PostTag)
class PostTagAdmin(admin.ModelAdmin):
    list_display = ["post", "tag"]
    search_fields = ["tag__name"]
    raw_id_fields = ["post", "tag"]
    list_select_related = ["tag"]


@admin.register(Mention)
class MentionAdmin(admin.ModelAdmin):
    list_display = ["post", "target"]
    search_fields = ["target__name"]
    raw_id_fields = ["post", "target"]
    list_select_related = ["target"]


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["recipient", "kind", "actor", "post", "created_at", "read_at"]
    list_filter = ["kind"]
    search_fields = ["recipient__username", "actor__name"]
    raw_id_fields = ["recipient", "actor", "post", "comment", "target"]
    list_select_related = ["recipient", "actor"]


@admin.register(NotificationCounter)
class NotificationCounterAdmin(admin.ModelAdmin):
    """Read-only: the services keep it; `manage.py social_recount` repairs it."""

    list_display = ["user", "unread"]
    search_fields = ["user__username"]
    raw_id_fields = ["user"]
    readonly_fields = ["user", "unread"]
    list_select_related = ["user"]
    actions = ["recount"]

    @admin.action(description=_("Recount from the notifications"))
    def recount(self, request, queryset):
        unread_recount(user_ids=queryset.values_list("user_id", flat=True))


@admin.register(FollowCounts)
class FollowCountsAdmin(admin.ModelAdmin):
    """Read-only: the follow services keep it; `manage.py social_recount` repairs it."""

    list_display = ["actor", "followers", "following"]
    search_fields = ["actor__name"]
    raw_id_fields = ["actor"]
    readonly_fields = ["actor", "followers", "following"]
    list_select_related = ["actor"]


@admin.register(LikeNotifyMark)
class LikeNotifyMarkAdmin(admin.ModelAdmin):
    list_display = ["last_like_id", "updated_at"]
    readonly_fields = ["updated_at"]


@admin.register(ShareLink)
class ShareLinkAdmin(admin.ModelAdmin):
    list_display = ["code", "sharer", "post", "product", "click_count", "created_at"]
    search_fields = ["code", "sharer__username"]
    raw_id_fields = ["sharer", "post", "product"]
    readonly_fields = ["click_count"]
    list_select_related = ["sharer", "product"]


@admin.register(ShareClick)
class ShareClickAdmin(admin.ModelAdmin):
    list_display = ["link", "visitor", "day", "created_at"]
    list_filter = ["day"]
    search_fields = ["link__code", "visitor"]
    raw_id_fields = ["link"]
    list_select_related = ["link"]


@admin.register(CommunityPlacement)
class CommunityPlacementAdmin(admin.ModelAdmin):
    list_display = ["product", "post", "state", "decided_by", "decided_at"]
    list_filter = ["state"]
    search_fields = ["product__title"]
    raw_id_fields = ["product", "post", "decided_by"]
    list_select_related = ["product", "decided_by"]
