from django.contrib import admin

from agora.shops.models import Shop, ShopMember


class ShopMemberInline(admin.TabularInline):
    model = ShopMember
    extra = 0
    raw_id_fields = ["user"]


@admin.register(Shop)
class ShopAdmin(admin.ModelAdmin):
    list_display = ["handle", "name", "currency", "language", "is_active", "created_at"]
    list_filter = ["currency", "language", "is_active"]
    search_fields = ["handle", "name", "description"]
    inlines = [ShopMemberInline]
    raw_id_fields = ["logo"]


@admin.register(ShopMember)
class ShopMemberAdmin(admin.ModelAdmin):
    list_display = ["shop", "user", "role", "created_at"]
    list_filter = ["role"]
    search_fields = ["shop__handle", "user__username"]
    raw_id_fields = ["shop", "user"]
