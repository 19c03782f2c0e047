from django.contrib import admin

from agora.engagement.models import (
    Partnership,
    Poll,
    PollOption,
    PollVote,
    ReferralProgram,
    ReferralRefusal,
    ReferralWelcome,
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


# --- share rewards and referrals -------------------------------------------------------------
@admin.register(ReferralProgram)
class ReferralProgramAdmin(admin.ModelAdmin):
    list_display = (
        "shop",
        "is_active",
        "reward_kind",
        "reward_value",
        "friend_discount_percent",
        "return_window_days",
        "monthly_cap",
        "rewards_granted",
    )
    list_filter = ("is_active", "reward_kind")
    raw_id_fields = ("shop",)
    readonly_fields = ("rewards_granted", "created_at", "updated_at")


@admin.register(ReferralRefusal)
class ReferralRefusalAdmin(admin.ModelAdmin):
    """Orders through a share link that earned nothing, and why (read only)."""

    list_display = ("order", "shop", "sharer", "reason", "created_at")
    list_filter = ("reason",)
    raw_id_fields = ("order", "shop", "sharer")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ReferralWelcome)
class ReferralWelcomeAdmin(admin.ModelAdmin):
    """Referred friends' personal first-order coupons (read only: the coupon is in commerce)."""

    list_display = ("friend", "program", "coupon", "share_link", "created_at")
    raw_id_fields = ("program", "friend", "share_link", "coupon")

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
