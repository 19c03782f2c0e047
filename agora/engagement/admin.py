from django.contrib import admin

from agora.engagement.models import (
    Award,
    Campaign,
    CampaignWinner,
    Partnership,
    Poll,
    PollOption,
    PollVote,
)


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


@admin.register(PollVote)
class PollVoteAdmin(admin.ModelAdmin):
    """Votes are the voters' own: the operator reads them, never edits them."""

    list_display = ("id", "poll", "option", "voter", "updated_at")
    raw_id_fields = ("poll", "option", "voter")
    readonly_fields = ("poll", "option", "voter", "created_at", "updated_at")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Partnership)
class PartnershipAdmin(admin.ModelAdmin):
    """Partnerships move through their services (the creator's and the shop's answers): the
    operator reads them here; creators are verified on the user (`is_creator`)."""

    list_display = ("id", "creator", "shop", "status", "commission_bp", "live_from", "live_until")
    list_filter = ("status",)
    search_fields = ("creator__username", "shop__handle")
    raw_id_fields = ("creator", "shop", "decided_by", "ended_by")
    readonly_fields = [f.name for f in Partnership._meta.fields]

    def has_add_permission(self, request):
        return False


class CampaignWinnerInline(admin.TabularInline):
    model = CampaignWinner
    extra = 0
    raw_id_fields = ("post", "picked_by")
    readonly_fields = ("post", "picked_by", "picked_at")

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    """A campaign's status moves through its services (publish, end) and the clock; the
    operator reads it and may fix its texts."""

    list_display = ("id", "shop", "hashtag", "title", "status", "starts_at", "ends_at")
    list_filter = ("status",)
    search_fields = ("hashtag", "title", "shop__handle")
    raw_id_fields = ("shop", "product", "created_by")
    readonly_fields = ("shop", "hashtag", "status", "starts_at", "ends_at", "created_at")
    inlines = [CampaignWinnerInline]


@admin.register(Award)
class AwardAdmin(admin.ModelAdmin):
    """Badges are computed by `badges_recompute`: the operator reads who holds what."""

    list_display = ("id", "holder", "kind", "shop", "since", "until", "score")
    list_filter = ("kind",)
    raw_id_fields = ("holder", "shop")
    readonly_fields = ("holder", "kind", "shop", "since", "until", "score")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
