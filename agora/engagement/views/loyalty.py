"""Loyalty pages: "My points" (balances per shop, a redeem form each, the coupon just made),
a wallet's history, the shop team's loyalty settings, and the checkout's "Use N points" offer
(commerce's `checkout_offers_html` slot), which redeems and keeps the coupon for checkout.

Every form is a plain POST that redirects (no JavaScript needed)."""

from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from agora.accounts.models import User
from agora.commerce.views.cart import COUPON_SESSION_KEY
from agora.core.errors import DomainError
from agora.core.forms import parse_int
from agora.core.money import Money
from agora.core.pagination import paginate
from agora.core.urls_util import safe_next
from agora.core.viewer import viewer
from agora.engagement.models import (
    BONUS_MULTIPLIER_MAX,
    POINT_VALUE_MAX,
    POINTS_PER_REVIEW_MAX,
    POINTS_PER_UNIT_MAX,
    BonusRule,
    Wallet,
)
from agora.engagement.selectors import loyalty as selectors
from agora.engagement.services import loyalty as services
from agora.shops.models import Shop
from agora.shops.selectors import can_manage, shop_by_handle

REDEEMED_SESSION_KEY = "agora_redeemed_coupon"


def _person(request: HttpRequest) -> User:
    user = request.user
    if not isinstance(user, User):
        raise PermissionDenied
    return user


def _shop_or_404(handle: str) -> Shop:
    shop = shop_by_handle(handle)
    if shop is None:
        raise Http404
    return shop


# --- My points -------------------------------------------------------------------------------
def _worth(wallet: Wallet) -> Money | None:
    if wallet.kind == Wallet.Kind.CREDIT:
        return Money(wallet.balance, wallet.shop.currency)
    value = getattr(wallet, "point_value", None)
    return Money(wallet.balance * value, wallet.shop.currency) if value is not None else None


def _row(wallet: Wallet) -> dict[str, Any]:
    # `key`: the form's one-time key, so a double submit of one form spends once.
    return {"wallet": wallet, "worth": _worth(wallet), "key": uuid.uuid4().hex}


@login_required
def my_points(request: HttpRequest) -> HttpResponse:
    """Points and store credit per shop, each with its worth, history and a redeem form; the
    coupon a redemption just made is shown once, on top."""
    person = _person(request)
    points = list(selectors.wallets_of(person=person, kind=Wallet.Kind.POINTS).order_by("-pk"))
    credit = list(selectors.wallets_of(person=person, kind=Wallet.Kind.CREDIT).order_by("-pk"))
    context = {
        "points": [_row(w) for w in points],
        "credit": [_row(w) for w in credit],
        "redeemed": request.session.pop(REDEEMED_SESSION_KEY, None),
        "max_points": services.REDEEM_MAX_POINTS,
    }
    return render(request, "engagement/loyalty/my_points.html", context)


def _signed(amount: int, wallet: Wallet) -> str:
    if wallet.kind == Wallet.Kind.CREDIT:
        shown = str(Money(abs(amount), wallet.shop.currency))
    else:
        shown = str(abs(amount))
    return f"+{shown}" if amount > 0 else f"−{shown}"


@login_required
def wallet_history(request: HttpRequest, handle: str) -> HttpResponse:
    """The entries of the person's points (or, with `?kind=credit`, store credit) at a shop."""
    kind = Wallet.Kind.CREDIT if request.GET.get("kind") == "credit" else Wallet.Kind.POINTS
    wallet = selectors.wallet_of(person=_person(request), handle=handle, kind=kind)
    if wallet is None:
        raise Http404
    page = paginate(
        selectors.wallet_entries(wallet=wallet),
        cursor=request.GET.get("cursor"),
        limit=request.GET.get("limit"),
    )
    rows = [{"entry": e, "amount": _signed(e.amount, wallet)} for e in page.items]
    context = {"wallet": wallet, "worth": _worth(wallet), "page": page, "rows": rows}
    return render(request, "engagement/loyalty/history.html", context)


def _redeem(request: HttpRequest, handle: str, kind: str) -> HttpResponse:
    shop = _shop_or_404(handle)
    default = reverse("engagement_web:my-points")
    target = safe_next(request, request.POST.get("next"), default)
    field = "points" if kind == Wallet.Kind.POINTS else "amount"
    number = parse_int(request.POST.get(field))
    try:
        if number is None:
            raise DomainError(_("Give a whole number."))
        if kind == Wallet.Kind.POINTS:
            result = services.points_redeem(
                shop=shop,
                person=_person(request),
                points=number,
                idempotency_key=_form_key(request),
            )
        else:
            result = services.credit_redeem(
                shop=shop,
                person=_person(request),
                amount=number,
                idempotency_key=_form_key(request),
            )
    except DomainError as exc:
        messages.error(request, next((m for ms in exc.fields.values() for m in ms), exc.message))
        return HttpResponseRedirect(target)
    coupon = result.coupon
    value = Money(int(coupon.value), shop.currency)
    if request.POST.get("apply"):  # from the checkout: the coupon goes on this order
        request.session[COUPON_SESSION_KEY] = coupon.code
        messages.success(
            request,
            _("Your coupon %(code)s (%(value)s off) is applied to this checkout.")
            % {"code": coupon.code, "value": value},
        )
    else:
        request.session[REDEEMED_SESSION_KEY] = {
            "code": coupon.code,
            "value": str(value),
            "shop": shop.name,
        }
    return HttpResponseRedirect(target)


def _form_key(request: HttpRequest) -> str | None:
    """The form's one-time key (drawn when the page was shown): a double submit spends once."""
    key = (request.POST.get("key") or "").strip()
    if not key or len(key) > 64 or not key.isalnum():
        return None
    return f"web:{key}"


@login_required
@require_POST
def points_redeem(request: HttpRequest, handle: str) -> HttpResponse:
    return _redeem(request, handle, Wallet.Kind.POINTS)


@login_required
@require_POST
def credit_redeem(request: HttpRequest, handle: str) -> HttpResponse:
    return _redeem(request, handle, Wallet.Kind.CREDIT)


# --- the checkout's offer ----------------------------------------------------------------------
def checkout_offers_html(*, request: HttpRequest, shops: list[tuple[Shop, int]]) -> SafeString:
    """Commerce's `checkout_offers_html` slot: for the signed-in buyer, per shop of the cart
    where they hold points (at a shop with a program) or store credit, a form that spends what
    the shop's subtotal can absorb and applies the coupon to this checkout. One query."""
    person = viewer(request)
    if person is None or not shops:
        return SafeString("")
    subtotals = {shop.pk: subtotal for shop, subtotal in shops}
    kept = request.session.get(COUPON_SESSION_KEY, "")
    if kept and selectors.personal_coupon_kept(person=person, code=kept, shop_ids=list(subtotals)):
        return SafeString("")  # points or credit already go on this checkout (one coupon)
    offers: list[dict[str, Any]] = []
    for wallet in selectors.redeemable_wallets(person=person, shop_ids=list(subtotals)):
        subtotal = subtotals[wallet.shop_id]
        if wallet.kind == Wallet.Kind.POINTS:
            value = int(getattr(wallet, "point_value", 0) or 0)
            if value <= 0:
                continue
            number = min(wallet.balance, subtotal // value, services.REDEEM_MAX_POINTS)
            worth = number * value
        else:
            number = min(wallet.balance, subtotal, services.REDEEM_MAX_CREDIT)
            worth = number
        if number <= 0:
            continue
        offers.append(
            {
                "wallet": wallet,
                "number": number,
                "worth": Money(worth, wallet.shop.currency),
                "points": wallet.kind == Wallet.Kind.POINTS,
                "key": uuid.uuid4().hex,
            }
        )
    if not offers:
        return SafeString("")
    html = render_to_string(
        "engagement/loyalty/checkout_offers.html",
        {"offers": offers, "next": reverse("commerce_web:checkout")},
        request=request,
    )
    return SafeString(html)


# --- the shop's settings -----------------------------------------------------------------------
class LoyaltyForm(forms.Form):
    points_per_unit = forms.IntegerField(
        label=gettext_lazy("Points per whole currency unit paid"),
        min_value=1,
        max_value=POINTS_PER_UNIT_MAX,
        initial=1,
    )
    point_value = forms.IntegerField(
        label=gettext_lazy("What one point is worth, in cents (minor units)"),
        min_value=1,
        max_value=POINT_VALUE_MAX,
        initial=1,
    )
    is_active = forms.BooleanField(
        label=gettext_lazy("Buyers earn points on paid orders"), required=False, initial=True
    )
    top_fan_multiplier = forms.IntegerField(
        label=gettext_lazy("Points multiplier for the shop's top fan"),
        help_text=gettext_lazy("1 means no bonus; 2 doubles the points of the top fan."),
        min_value=1,
        max_value=BONUS_MULTIPLIER_MAX,
        initial=1,
    )
    points_per_review = forms.IntegerField(
        label=gettext_lazy("Points for a verified buyer's review"),
        help_text=gettext_lazy("0 gives none. Such reviews show “Incentivised review”."),
        min_value=0,
        max_value=POINTS_PER_REVIEW_MAX,
        initial=0,
        required=False,  # left empty: unchanged
    )


@login_required
@require_http_methods(["GET", "POST"])
def loyalty_settings(request: HttpRequest, handle: str) -> HttpResponse:
    """The shop team's loyalty program form (owner and staff; others get 404)."""
    shop = _shop_or_404(handle)
    person = _person(request)
    if not can_manage(shop=shop, user=person):
        raise Http404
    program = selectors.program_of(shop=shop)
    rules = {r.kind: r for r in selectors.bonus_rules_of(shop=shop)}
    top_fan = rules.get(BonusRule.Kind.TOP_FAN)
    if request.method == "POST":
        form = LoyaltyForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            multiplier = data["top_fan_multiplier"]
            try:
                services.loyalty_program_set(
                    actor=person,
                    shop=shop,
                    points_per_unit=data["points_per_unit"],
                    point_value=data["point_value"],
                    is_active=data["is_active"],
                    bonus_rules=[services.BonusRuleSpec(BonusRule.Kind.TOP_FAN, multiplier)]
                    if multiplier > 1
                    else [],
                    points_per_review=data["points_per_review"],
                )
            except DomainError as exc:
                for path, errors in exc.fields.items():
                    for error in errors:
                        form.add_error(path if path in form.fields else None, error)
                if not exc.fields:
                    form.add_error(None, exc.message)
            else:
                messages.success(request, _("Your loyalty program is saved."))
                return HttpResponseRedirect(request.path)
        status = 422
    else:
        initial: dict[str, Any] = {
            "top_fan_multiplier": top_fan.multiplier if top_fan and top_fan.is_active else 1
        }
        if program is not None:
            initial.update(
                points_per_unit=program.points_per_unit,
                point_value=program.point_value,
                is_active=program.is_active,
                points_per_review=program.points_per_review,
            )
        form = LoyaltyForm(initial=initial)
        status = 200
    context = {"shop": shop, "form": form, "program": program}
    return render(request, "engagement/loyalty/settings.html", context, status=status)
