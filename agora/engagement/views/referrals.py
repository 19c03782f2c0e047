"""Share rewards pages: the sharer's page (/me/rewards: each share link's clicks, paid orders
and rewards) and the shop team's program form (/dashboard/<handle>/referral-program). Plain forms, no
JavaScript needed."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from agora.accounts.models import User
from agora.core.errors import DomainError
from agora.engagement import selectors, services
from agora.engagement.models import (
    MONTHLY_CAP_MAX,
    RETURN_WINDOW_MAX_DAYS,
    REWARD_POINTS_MAX,
    ReferralProgram,
)
from agora.shops.selectors import can_manage, shop_by_handle

REWARDS_SHOWN = 20


def _person(request: HttpRequest) -> User:
    user = request.user
    if not isinstance(user, User):
        raise PermissionDenied
    return user


@login_required
@require_GET
def my_rewards(request: HttpRequest) -> HttpResponse:
    """What the signed-in person's share links brought: per link clicks, paid orders, pending
    and confirmed rewards; totals per shop; the latest rewards with their status."""
    me = _person(request)
    services.earnings_confirm_due(beneficiary=me)
    context = {
        "totals": selectors.sharer_totals(user=me),
        "page": selectors.sharer_links_page(user=me, cursor=request.GET.get("cursor")),
        "rewards": [
            (earning, selectors.reward_amount(earning))
            for earning in selectors.rewards_of(me)[:REWARDS_SHOWN]
        ],
    }
    return render(request, "engagement/referrals/rewards.html", context)


class ReferralProgramForm(forms.Form):
    is_active = forms.BooleanField(label=gettext_lazy("Program active"), required=False)
    reward_kind = forms.ChoiceField(
        label=gettext_lazy("The sharer earns"),
        choices=[
            ("points", gettext_lazy("Points per order")),
            ("credit", gettext_lazy("A percentage of the order as store credit")),
        ],
    )
    reward_value = forms.IntegerField(
        label=gettext_lazy("Points per order, or percent of store credit"),
        min_value=1,
        max_value=REWARD_POINTS_MAX,
    )
    friend_discount_percent = forms.IntegerField(
        label=gettext_lazy("Friend's discount on a first order (%)"),
        min_value=0,
        max_value=100,
        initial=0,
        help_text=gettext_lazy("0: no welcome discount."),
    )
    return_window_days = forms.IntegerField(
        label=gettext_lazy("Return window (days)"),
        min_value=0,
        max_value=RETURN_WINDOW_MAX_DAYS,
        initial=14,
        help_text=gettext_lazy("Rewards stay pending this long after payment."),
    )
    monthly_cap = forms.IntegerField(
        label=gettext_lazy("Rewards per sharer and month"),
        min_value=1,
        max_value=MONTHLY_CAP_MAX,
        required=False,
        initial=10,
        help_text=gettext_lazy("Empty: no cap."),
    )


def _initial(program: ReferralProgram | None) -> dict:
    if program is None:
        return {"is_active": True, "reward_kind": "points", "reward_value": 100}
    return {
        "is_active": program.is_active,
        "reward_kind": program.reward_kind,
        "reward_value": program.reward_value,
        "friend_discount_percent": program.friend_discount_percent,
        "return_window_days": program.return_window_days,
        "monthly_cap": program.monthly_cap,
    }


@login_required
@require_http_methods(["GET", "POST"])
def program_edit(request: HttpRequest, handle: str) -> HttpResponse:
    """The shop team's referral program form (owner or staff; 403 for anyone else)."""
    shop = shop_by_handle(handle)
    if shop is None:
        raise Http404
    me = _person(request)
    if not can_manage(shop=shop, user=me):
        raise PermissionDenied
    program = selectors.referral_program_of(shop)
    status = 200
    if request.method == "POST":
        form = ReferralProgramForm(request.POST)
        if form.is_valid():
            try:
                services.referral_program_set(actor=me, shop=shop, **form.cleaned_data)
            except DomainError as exc:
                for path, errors in (exc.fields or {}).items():
                    for error in errors if isinstance(errors, list) else [errors]:
                        form.add_error(path if path in form.fields else None, error)
                status = 422
            else:
                messages.success(request, _("The referral program is saved."))
                url = reverse("engagement_web:referral-program", args=[shop.handle])
                return HttpResponseRedirect(url)
        else:
            status = 422
    else:
        form = ReferralProgramForm(initial=_initial(program))
    context = {
        "shop": shop,
        "form": form,
        "program": program,
        "stats": selectors.program_stats(shop) if program is not None else None,
    }
    return render(request, "engagement/referrals/program.html", context, status=status)
