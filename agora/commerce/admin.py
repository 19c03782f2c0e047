from django.contrib import admin

from agora.commerce.models import (
    Cart,
    CartLine,
    Checkout,
    Coupon,
    CouponRedemption,
    Hold,
    Order,
    OrderLine,
    Payment,
    PaymentAttempt,
    PaymentEvent,
    Refund,
    ShopBalanceEntry,
)


class CartLineInline(admin.TabularInline):
    model = CartLine
    extra = 0
    raw_id_fields = ["variant", "post", "share_link", "creator", "hold"]
    readonly_fields = ["personalization_key", "attributed_at", "created_at"]


@admin.register(Cart)
class CartAdmin(admin.ModelAdmin):
    list_display = ["id", "user", "session_key", "currency", "updated_at"]
    search_fields = ["user__username", "session_key"]
    raw_id_fields = ["user"]
    list_select_related = ["user"]
    inlines = [CartLineInline]


@admin.register(Checkout)
class CheckoutAdmin(admin.ModelAdmin):
    list_display = ["id", "buyer", "email", "idempotency_key", "created_at"]
    search_fields = ["email", "buyer__username", "idempotency_key"]
    raw_id_fields = ["buyer"]
    readonly_fields = ["idempotency_key", "request_hash", "created_at"]
    list_select_related = ["buyer"]


@admin.register(Coupon)
class CouponAdmin(admin.ModelAdmin):
    list_display = ["code", "shop", "kind", "value", "used_count", "usage_limit", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["code", "shop__handle"]
    raw_id_fields = ["shop"]
    filter_horizontal = ["products"]
    readonly_fields = ["used_count", "created_at"]
    list_select_related = ["shop"]


class OrderLineInline(admin.TabularInline):
    model = OrderLine
    extra = 0
    can_delete = False
    readonly_fields = (
        "title",
        "sku",
        "quantity",
        "unit_price_amount",
        "discount_amount",
        "total_amount",
        "refunded_quantity",
        "post",
        "share_link",
        "creator",
    )
    fields = readonly_fields


class ReadOnlyAdmin(admin.ModelAdmin):
    """Money, payments and ledgers change only through services: the admin shows them."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Order)
class OrderAdmin(ReadOnlyAdmin):
    list_display = [
        "number",
        "shop",
        "buyer",
        "status",
        "total_amount",
        "currency",
        "created_at",
        "paid_at",
    ]
    list_filter = ["status", "shop", "currency"]
    search_fields = ["number", "email", "buyer__username", "shop__handle", "tracking_number"]
    list_select_related = ["shop", "buyer"]
    inlines = [OrderLineInline]


class PaymentAttemptInline(admin.TabularInline):
    model = PaymentAttempt
    extra = 0
    can_delete = False
    readonly_fields = ["outcome", "card_last4", "decline_code", "created_at"]


@admin.register(Payment)
class PaymentAdmin(ReadOnlyAdmin):
    list_display = [
        "id",
        "provider",
        "status",
        "amount",
        "currency",
        "refunded_amount",
        "expires_at",
        "paid_at",
    ]
    list_filter = ["status", "provider"]
    search_fields = ["provider_reference", "checkout__email"]
    inlines = [PaymentAttemptInline]


@admin.register(PaymentEvent)
class PaymentEventAdmin(ReadOnlyAdmin):
    list_display = ["provider", "event_id", "type", "received_at"]
    list_filter = ["provider", "type"]
    search_fields = ["event_id"]


@admin.register(Refund)
class RefundAdmin(ReadOnlyAdmin):
    list_display = ["id", "order", "amount", "currency", "created_by", "created_at"]
    search_fields = ["order__number", "provider_reference"]
    list_select_related = ["order", "created_by"]


@admin.register(ShopBalanceEntry)
class ShopBalanceEntryAdmin(ReadOnlyAdmin):
    list_display = ["shop", "order", "reason", "amount", "currency", "reference", "created_at"]
    list_filter = ["reason", "shop"]
    search_fields = ["reference", "order__number"]
    list_select_related = ["shop", "order"]


@admin.register(Hold)
class HoldAdmin(ReadOnlyAdmin):
    list_display = ["id", "variant", "user", "quantity", "status", "expires_at", "created_at"]
    list_filter = ["status"]
    search_fields = ["user__username", "variant__sku"]
    list_select_related = ["variant", "user"]


@admin.register(CouponRedemption)
class CouponRedemptionAdmin(ReadOnlyAdmin):
    list_display = ["coupon", "order", "user", "email", "created_at"]
    search_fields = ["coupon__code", "order__number", "email"]
    list_select_related = ["coupon", "order", "user"]
