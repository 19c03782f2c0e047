from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from agora.accounts.models import ApiToken, Expertise, Handle, User


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


@admin.register(Expertise)
class ExpertiseAdmin(admin.ModelAdmin):
    list_display = ["user", "category", "granted_by", "granted_at"]
    search_fields = ["user__username", "category__name"]
    list_filter = ["category"]
    raw_id_fields = ["user", "granted_by"]
