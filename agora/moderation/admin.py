"""The operator's moderation screens. Resolving goes through the services (and so the audit
log); the audit log itself is read-only. Social's post and comment screens get moderation's
hide/show actions here (social sits below moderation and doesn't know about it): they go
through the moderation services so that they are written to the audit log."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from agora.core.errors import DomainError
from agora.moderation import services
from agora.moderation.models import AuditLog, Report
from agora.social.admin import CommentAdmin, PostAdmin
from agora.social.models import Block, Comment, Post


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
    list_filter = ["status", "reason", "target_type"]
    search_fields = ["details", "reporter__username"]
    raw_id_fields = ["reporter", "handled_by"]
    list_select_related = ["reporter", "handled_by"]
    readonly_fields = [
        "reporter",
        "target_type",
        "target_id",
        "reason",
        "details",
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
        label = obj.get_reason_display()
        return f"{label}: {obj.details[:80]}" if obj.details else label

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


def _moderate(modeladmin, request, queryset, call) -> None:
    done = 0
    for obj in queryset.order_by("pk"):
        try:
            call(request.user, obj)
            done += 1
        except DomainError as exc:
            modeladmin.message_user(request, exc.message, level=messages.ERROR)
            return
    modeladmin.message_user(request, _("%(n)s updated.") % {"n": done})


admin.site.unregister(Post)
admin.site.unregister(Comment)


@admin.register(Post)
class ModeratedPostAdmin(PostAdmin):
    actions = ["hide", "unhide"]

    @admin.action(description=_("Hide (moderator, logged)"))
    def hide(self, request, queryset):
        _moderate(self, request, queryset, lambda u, p: services.post_hide(moderator=u, post=p))

    @admin.action(description=_("Show again (moderator, logged)"))
    def unhide(self, request, queryset):
        _moderate(self, request, queryset, lambda u, p: services.post_unhide(moderator=u, post=p))


@admin.register(Comment)
class ModeratedCommentAdmin(CommentAdmin):
    actions = ["hide", "unhide"]

    @admin.action(description=_("Hide (moderator, logged)"))
    def hide(self, request, queryset):
        _moderate(
            self, request, queryset, lambda u, c: services.comment_hide(moderator=u, comment=c)
        )

    @admin.action(description=_("Show again (moderator, logged)"))
    def unhide(self, request, queryset):
        _moderate(
            self,
            request,
            queryset,
            lambda u, c: services.comment_hide(moderator=u, comment=c, hidden=False),
        )
