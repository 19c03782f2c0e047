"""The operator's moderation screens. Resolving goes through the services (and so the audit
log); the audit log itself is read-only."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from agora.core.errors import DomainError
from agora.moderation import services
from agora.moderation.models import AuditLog, Block, Report


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    list_display = [
        "id",
        "target_type",
        "target_id",
        "reporter",
        "short_reason",
        "status",
        "created_at",
        "handled_by",
    ]
    list_filter = ["status", "target_type"]
    search_fields = ["reason", "reporter__username"]
    raw_id_fields = ["reporter", "handled_by"]
    list_select_related = ["reporter", "handled_by"]
    readonly_fields = [
        "reporter",
        "target_type",
        "target_id",
        "reason",
        "status",
        "handled_by",
        "handled_at",
        "created_at",
    ]
    actions = ["hide_target", "dismiss"]

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("reason"))
    def short_reason(self, obj):
        return obj.reason[:80]

    def _resolve(self, request, queryset, action: str) -> None:
        done, failed = 0, []
        for report in queryset.filter(status=Report.Status.OPEN).order_by("pk"):
            try:
                services.report_resolve(moderator=request.user, report=report, action=action)
                done += 1
            except DomainError as exc:
                failed.append(f"#{report.pk}: {exc.message}")
        if done:
            self.message_user(request, _("%(n)s report(s) resolved.") % {"n": done})
        for line in failed:
            self.message_user(request, line, level=messages.ERROR)

    @admin.action(description=_("Hide the reported content"))
    def hide_target(self, request, queryset):
        self._resolve(request, queryset, services.Resolution.HIDE)

    @admin.action(description=_("Dismiss the reports"))
    def dismiss(self, request, queryset):
        self._resolve(request, queryset, services.Resolution.DISMISS)


@admin.register(Block)
class BlockAdmin(admin.ModelAdmin):
    list_display = ["blocker", "blocked", "created_at"]
    search_fields = ["blocker__username", "blocked__name"]
    raw_id_fields = ["blocker", "blocked"]
    list_select_related = ["blocker", "blocked"]


@admin.register(AuditLog)
class AuditLogAdmin(admin.ModelAdmin):
    list_display = ["created_at", "actor", "action", "target_type", "target_id", "note"]
    list_filter = ["action", "target_type"]
    search_fields = ["actor__username", "action", "note"]
    list_select_related = ["actor"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
