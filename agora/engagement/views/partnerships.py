"""/me/partnerships: a creator's dashboard (each partnership's clicks, orders, revenue and
commission) and the shop team's list of proposals to accept or decline. Plain forms that work
without JavaScript; every action redirects back here with a message."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from agora.accounts.models import User
from agora.core.errors import DomainError
from agora.core.pagination import paginate
from agora.engagement.models.partnerships import MESSAGE_MAX_LENGTH, RETURN_WINDOW_DAYS
from agora.engagement.schemas.partnerships import partnership_out
from agora.engagement.selectors.partnerships import partnership_for, partnerships_of
from agora.engagement.services import partnerships as services
from agora.shops.selectors import shop_by_handle

PER_PAGE = 20
ACTIONS = {
    "accept": (services.partnership_accept, gettext_lazy("The partnership is accepted.")),
    "decline": (services.partnership_decline, gettext_lazy("The proposal is declined.")),
    "withdraw": (services.partnership_withdraw, gettext_lazy("Your proposal is withdrawn.")),
    "end": (services.partnership_end, gettext_lazy("The partnership has ended.")),
}


def partnerships_url() -> str:
    """Social's `partnerships_url` slot: where the `partnership_*` notifications lead."""
    return reverse("engagement_web:partnerships")


def _person(request: HttpRequest) -> User:
    user = request.user
    if not isinstance(user, User):
        raise PermissionDenied
    return user


def _day(value: str) -> date | None:
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        return None


def _at(day: date) -> datetime:
    """Midnight of `day` in the viewer's time zone."""
    return timezone.make_aware(datetime.combine(day, time.min), timezone.get_current_timezone())


def _propose(request: HttpRequest, me: User) -> tuple[dict[str, str], dict[str, str]]:
    """The proposal form's values and its errors (empty: proposed)."""
    form = {
        "shop": request.POST.get("shop", "").strip().lstrip("@")[:40],
        "commission_percent": request.POST.get("commission_percent", "").strip()[:12],
        "starts_on": request.POST.get("starts_on", "")[:10],
        "ends_on": request.POST.get("ends_on", "")[:10],
        "message": request.POST.get("message", "")[: MESSAGE_MAX_LENGTH + 1],
    }
    errors: dict[str, str] = {}
    shop = shop_by_handle(form["shop"]) if form["shop"] else None
    if shop is None:
        errors["shop"] = _("No shop has this handle.")
    starts, ends = _day(form["starts_on"]), _day(form["ends_on"])
    if starts is None:
        errors["starts_on"] = _("Choose a date.")
    if ends is None:
        errors["ends_on"] = _("Choose a date.")
    if errors or shop is None or starts is None or ends is None:
        return form, errors
    try:
        services.partnership_propose(
            creator=me,
            shop=shop,
            commission_percent=form["commission_percent"] or "0",
            starts_at=_at(starts),
            # The last day counts whole: the period ends at the next midnight.
            ends_at=_at(ends + timedelta(days=1)),
            message=form["message"],
            return_window_days=RETURN_WINDOW_DAYS,
        )
    except DomainError as exc:
        names = {"starts_at": "starts_on", "ends_at": "ends_on"}
        for field, problems in (exc.fields or {}).items():
            errors[names.get(field, field)] = " ".join(problems)
        if not exc.fields:
            errors["form"] = exc.message
        return form, errors
    messages.success(request, _("Your proposal is sent to @%(shop)s.") % {"shop": shop.handle})
    return form, {}


@login_required
@require_http_methods(["GET", "POST"])
def partnerships(request: HttpRequest) -> HttpResponse:
    """The signed-in person's partnerships, as a creator and as a shop's team, newest first,
    each with its figures; verified creators propose new ones from here."""
    me = _person(request)
    form: dict[str, str] = {}
    errors: dict[str, str] = {}
    if request.method == "POST":
        if not me.is_creator:
            raise PermissionDenied
        form, errors = _propose(request, me)
        if not errors:
            return HttpResponseRedirect(reverse("engagement_web:partnerships"))
    page = paginate(partnerships_of(user=me), cursor=request.GET.get("cursor"), limit=PER_PAGE)
    now = timezone.now()
    rows = [
        {
            **partnership_out(p, role="creator" if p.creator_id == me.pk else "shop", now=now),
            # The period's last day as people count it (it ends at the next midnight).
            "last_day": timezone.localtime(p.ends_at - timedelta(microseconds=1)).date(),
        }
        for p in page.items
    ]
    context: dict[str, Any] = {
        "as_creator": [r for r in rows if r["role"] == "creator"],
        "as_shop": [r for r in rows if r["role"] == "shop"],
        "page": page,
        "can_propose": me.is_creator,
        "form": form,
        "errors": errors,
        "message_max": MESSAGE_MAX_LENGTH,
        "today": timezone.localdate().isoformat(),
    }
    return render(
        request, "engagement/partnerships/list.html", context, status=422 if errors else 200
    )


@login_required
@require_POST
def partnership_action(request: HttpRequest, partnership_id: int, action: str) -> HttpResponse:
    """Accept, decline (the shop's team), withdraw (the creator) or end (either side)."""
    me = _person(request)
    if action not in ACTIONS:
        raise Http404
    found = partnership_for(user=me, partnership_id=partnership_id)
    if found is None:
        raise Http404
    service, done = ACTIONS[action]
    try:
        service(user=me, partnership=found)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, str(done))
    return HttpResponseRedirect(reverse("engagement_web:partnerships"))
