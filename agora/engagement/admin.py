from django.contrib import admin

from agora.engagement.models import (
    Award,
    BonusRule,
    Campaign,
    CampaignWinner,
    EarlyAccess,
    Earning,
    LoyaltyProgram,
    Partnership,
    Poll,
    PollOption,
    PollVote,
    ReferralProgram,
    ReferralRefusal,
    ReferralWelcome,
    Wallet,
    WalletEntry,
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


# --- loyalty and wallets -------------------------------------------------------------------
@admin.register(LoyaltyProgram)
class LoyaltyProgramAdmin(admin.ModelAdmin):
    list_display = (
        "id",
        "shop",
        "points_per_unit",
        "point_value",
        "points_per_review",
        "is_active",
        "updated_at",
    )
    list_filter = ("is_active",)
    search_fields = ("shop__handle", "shop__name")
    raw_id_fields = ("shop",)


@admin.register(BonusRule)
class BonusRuleAdmin(admin.ModelAdmin):
    list_display = ("id", "shop", "kind", "multiplier", "is_active")
    list_filter = ("kind", "is_active")
    search_fields = ("shop__handle",)
    raw_id_fields = ("shop",)


class WalletEntryInline(admin.TabularInline):
    """Entries are append-only: the operator reads them; a correction is a new "adjustment"
    entry written through `wallet_post`, never an edit."""

    model = WalletEntry
    extra = 0
    fields = ("created_at", "amount", "reason", "reference", "order", "note")
    readonly_fields = fields
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Wallet)
class WalletAdmin(admin.ModelAdmin):
    """Balances are the sums of their entries: read-only here."""

    list_display = ("id", "person", "shop", "kind", "balance", "currency")
    list_filter = ("kind",)
    search_fields = ("person__username", "shop__handle")
    raw_id_fields = ("person", "shop")
    readonly_fields = ("person", "shop", "kind", "currency", "balance", "created_at")
    inlines = [WalletEntryInline]


@admin.register(Earning)
class EarningAdmin(admin.ModelAdmin):
    """Rewards and commissions move only through their services (record, confirm, reverse)."""

    list_display = ("id", "kind", "status", "beneficiary", "shop", "unit", "amount", "order")
    list_filter = ("kind", "status", "unit")
    search_fields = ("reference", "beneficiary__username", "shop__handle")
    raw_id_fields = ("beneficiary", "shop", "order", "share_link", "post")
    readonly_fields = ("status", "amount", "original_amount", "reference", "confirmed_at")


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


@admin.register(EarlyAccess)
class EarlyAccessAdmin(admin.ModelAdmin):
    """Early-access coupons given to a winner's voters: the operator reads them."""

    list_display = ("id", "option", "voter", "coupon", "created_at")
    raw_id_fields = ("option", "voter", "coupon")
    readonly_fields = ("option", "voter", "coupon", "created_at")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
