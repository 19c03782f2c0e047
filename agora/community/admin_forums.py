"""Admin screens for communities (forums): communities, threads and replies."""

from django.contrib import admin

from agora.community.models import (
    Community,
    Membership,
    Reaction,
    Reply,
    Thread,
    ThreadFollow,
    ThreadMedia,
    ThreadProduct,
)


class ThreadMediaInline(admin.TabularInline):
    model = ThreadMedia
    raw_id_fields = ("media",)
    extra = 0


class ThreadProductInline(admin.TabularInline):
    model = ThreadProduct
    raw_id_fields = ("product",)
    extra = 0


@admin.register(Community)
class CommunityAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "kind", "shop", "members_only", "is_open", "member_count")
    list_filter = ("kind", "members_only", "is_open")
    search_fields = ("name", "slug")
    raw_id_fields = ("shop", "created_by")
    readonly_fields = ("member_count", "thread_count", "created_at")


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ("community", "person", "created_at")
    raw_id_fields = ("community", "person")


@admin.register(Thread)
class ThreadAdmin(admin.ModelAdmin):
    list_display = ("title", "community", "author", "is_pinned", "is_locked", "is_hidden")
    list_filter = ("is_pinned", "is_locked", "is_hidden", "is_solved")
    search_fields = ("title",)
    raw_id_fields = ("community", "author")
    readonly_fields = ("reply_count", "last_reply_at", "activity", "created_at")
    inlines = (ThreadMediaInline, ThreadProductInline)


@admin.register(Reply)
class ReplyAdmin(admin.ModelAdmin):
    list_display = ("pk", "thread", "author", "is_hidden", "created_at")
    list_filter = ("is_hidden",)
    raw_id_fields = ("thread", "author", "quote")


@admin.register(Reaction)
class ReactionAdmin(admin.ModelAdmin):
    list_display = ("kind", "person", "thread", "reply", "created_at")
    list_filter = ("kind",)
    raw_id_fields = ("person", "thread", "reply")


@admin.register(ThreadFollow)
class ThreadFollowAdmin(admin.ModelAdmin):
    list_display = ("thread", "person", "created_at")
    raw_id_fields = ("thread", "person")
