from django.contrib import admin

from agora.analytics.models import Event, VisitorSalt


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    """The engagement events table is append-only: operators read it, never edit it."""

    list_display = [
        "created_at",
        "kind",
        "object_type",
        "object_id",
        "actor",
        "visitor",
        "shop_id",
        "source",
        "via",
        "amount",
        "currency",
    ]
    list_filter = ["kind", "object_type", "source", "via"]
    search_fields = ["actor__username", "visitor", "source"]
    raw_id_fields = ["actor"]
    list_select_related = ["actor"]
    show_full_result_count = False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(VisitorSalt)
class VisitorSaltAdmin(admin.ModelAdmin):
    """Read-only: the salts are made and deleted by analytics itself."""

    list_display = ["day"]
    fields = ["day"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
