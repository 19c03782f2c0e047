"""The moderator page: the open reports queue with the reported content, and the audit log.

Site staff only; everyone else gets a 404, so the page does not reveal itself."""

from __future__ import annotations

from functools import wraps

from django.conf import settings as django_settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from agora.core.errors import DomainError
from agora.core.forms import clean_text
from agora.core.pagination import paginate
from agora.core.ratelimit import RateLimited, enforce
from agora.core.urls_util import safe_next
from agora.moderation import selectors, services
from agora.moderation.models import Report

REPORTS_PER_PAGE = 25
AUDIT_ROWS = 20


def _audit_labels() -> dict[str, str]:
    return {
        "post_hide": _("hid"),
        "post_unhide": _("showed again"),
        "comment_hide": _("hid"),
        "comment_unhide": _("showed again"),
        "product_hide": _("archived"),
        "account_suspend": _("suspended"),
        "account_unsuspend": _("lifted the suspension of"),
        "report_hide": _("resolved a report by hiding"),
        "report_suspend": _("resolved a report by suspending the account behind"),
        "report_dismiss": _("dismissed a report on"),
    }


def _generic_label(action: str) -> str:
    """What a moderator did to a kind an upper app registered (`review_hide`...)."""
    if action.endswith("_unhide"):
        return str(_("showed again"))
    if action.endswith("_hide"):
        return str(_("hid"))
    return action


def moderator_required(view):
    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not selectors.is_moderator(request.user):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


@require_GET
@moderator_required
def queue(request):
    page = paginate(
        selectors.report_queue(status=Report.Status.OPEN),
        cursor=request.GET.get("cursor"),
        limit=REPORTS_PER_PAGE,
    )
    labels = _audit_labels()
    audit = selectors.audit_recent(limit=AUDIT_ROWS)
    for entry in audit:
        entry.label = labels.get(entry.action) or _generic_label(entry.action)
    context = {
        "reports": selectors.attach_targets(page.items),
        "open_count": selectors.report_queue(status=Report.Status.OPEN).count(),
        "page": page,
        "audit": audit,
    }
    return render(request, "moderation/queue.html", context)


@require_POST
@moderator_required
def resolve(request, report_id: int):
    report = selectors.report_by_id(report_id)
    if report is None:
        raise Http404
    action = request.POST.get("action", "")
    try:
        services.report_resolve(moderator=request.user, report=report, action=action)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        done = {
            services.Resolution.HIDE: _("Report #%(id)s: the content is hidden."),
            services.Resolution.SUSPEND: _("Report #%(id)s: the account is suspended."),
            services.Resolution.DISMISS: _("Report #%(id)s dismissed."),
        }
        messages.success(request, done[action] % {"id": report.pk})
    return redirect("moderation:queue")


@login_required
@require_POST
def report(request, target_type: str, target_id: int):
    """Anyone signed in reports a post (or comment) they can see; the moderators' queue gets it."""
    back = safe_next(request, request.POST.get("next"), reverse("home"))
    try:
        enforce(request, group="report", key="user", rate=django_settings.AGORA_RATES["report"])
        services.report_create(
            reporter=request.user,
            target_type=target_type,
            target_id=target_id,
            reason=clean_text(request.POST.get("reason"), field="reason"),
            details=clean_text(request.POST.get("details"), field="details", multiline=True),
        )
    except RateLimited:
        messages.error(request, _("Too many reports. Try again later."))
    except DomainError as exc:
        if exc.status == 404:
            raise Http404 from exc
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Thanks. A moderator will look at it."))
    return redirect(back)
