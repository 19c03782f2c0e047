from django.contrib import admin

from agora.commerce.models import Cart, CartLine, Checkout, Coupon


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
