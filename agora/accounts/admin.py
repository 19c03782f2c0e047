from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from agora.accounts import token_cache
from agora.accounts.models import Address, ApiToken, Expertise, Handle, User


class ExpertiseInline(admin.TabularInline):
    model = Expertise
    fk_name = "user"
    extra = 0
    autocomplete_fields = ["category"]
    readonly_fields = ["granted_by", "granted_at"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = [
        "username",
        "display_name",
        "email",
        "is_creator",
        "is_expert",
        "is_staff",
        "is_active",
        "date_joined",
    ]
    list_filter = ["is_creator", "is_expert", "is_staff", "is_active", "language"]
    search_fields = ["username", "display_name", "email"]
    inlines = [ExpertiseInline]
    fieldsets = (
        *(BaseUserAdmin.fieldsets or ()),
        (
            "Agora",
            {"fields": ("display_name", "bio", "language", "avatar", "is_creator", "is_expert")},
        ),
    )
    raw_id_fields = ["avatar"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        token_cache.forget_user(obj.pk)  # e.g. suspended here: its API tokens stop at once

    def delete_model(self, request, obj):
        token_cache.forget_user(obj.pk)
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for pk in queryset.values_list("pk", flat=True):
            token_cache.forget_user(pk)
        super().delete_queryset(request, queryset)


@admin.register(Handle)
class HandleAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "created_at"]
    list_filter = ["kind"]
    search_fields = ["name"]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["user", "name", "prefix", "created_at", "last_used_at", "revoked_at"]
    list_filter = ["revoked_at"]
    search_fields = ["user__username", "name", "prefix"]
    readonly_fields = ["key_hash", "prefix", "created_at", "last_used_at"]
    raw_id_fields = ["user"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        token_cache.forget([obj.key_hash])  # e.g. revoked here: refused at once

    def delete_model(self, request, obj):
        token_cache.forget([obj.key_hash])
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        token_cache.forget(queryset.values_list("key_hash", flat=True))
        super().delete_queryset(request, queryset)


@admin.register(Expertise)
class ExpertiseAdmin(admin.ModelAdmin):
    list_display = ["user", "category", "granted_by", "granted_at"]
    search_fields = ["user__username", "category__name"]
    list_filter = ["category"]
    raw_id_fields = ["user", "granted_by"]


@admin.register(Address)
class AddressAdmin(admin.ModelAdmin):
    list_display = ["user", "name", "city", "country", "is_default", "created_at"]
    list_filter = ["country", "is_default"]
    search_fields = ["user__username", "name", "city", "postal_code"]
    readonly_fields = ["fingerprint", "created_at"]
    raw_id_fields = ["user"]
