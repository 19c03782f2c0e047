"""The checkout page: e-mail, shipping address and coupon → one order per shop and a payment.

A hidden idempotency key is drawn for every render of the form; the checkout service keeps it
with the request, so a double submit (or a reload of the POST) gives the first orders again,
never a second set. Anonymous visitors check out with their session's cart."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from agora.accounts.addresses import addresses_for
from agora.commerce import hooks
from agora.commerce.forms import CheckoutForm
from agora.commerce.selectors.orders import latest_payment_for
from agora.commerce.services import checkout as checkout_services
from agora.commerce.views.cart import COUPON_SESSION_KEY, cart_context
from agora.commerce.views.common import cart_count_refresh, session_key
from agora.core.countries import COUNTRY_CODES, country_choices, country_name
from agora.core.errors import Conflict, DomainError
from agora.core.money import Money, format_money
from agora.core.viewer import viewer
from agora.social.services.shares import REF_COOKIE

FORM_FIELDS = {
    "email",
    "saved_address",
    "name",
    "line1",
    "line2",
    "city",
    "postal_code",
    "country",
    "coupon_code",
}


LANGUAGE_COUNTRY = {"fr": "FR", "de": "DE"}


def _initial(request, form_kwargs: dict) -> dict:
    user = viewer(request)
    codes = [code for code, _name in form_kwargs["countries"]]
    language_country = LANGUAGE_COUNTRY.get(translation.get_language() or "")
    saved = form_kwargs["saved"]
    return {
        "email": user.email if user else "",
        "name": (user.display_name or "") if user else "",
        "coupon_code": request.session.get(COUPON_SESSION_KEY, ""),
        "idempotency_key": uuid.uuid4().hex,
        "country": codes[0] if len(codes) == 1 else language_country,
        # the default address comes first in the address book
        "saved_address": str(saved[0].pk) if saved else "",
    }


def _form_kwargs(request, cart: dict) -> dict:
    """The countries every shop of the cart ships to, named in the page's language, and the
    signed-in buyer's saved addresses in those countries (all countries for an empty cart, whose
    replayed form the service answers)."""
    language = translation.get_language() or "en"
    shipped: set[str] | None = None
    for group in cart["groups"]:
        countries = set(group.shop.shipping_countries or ())
        shipped = countries if shipped is None else shipped & countries
    if shipped is None:  # an empty cart: a replayed form is answered by the service
        shipped = set(COUNTRY_CODES)
    choices = country_choices(tuple(shipped), language)
    user = viewer(request)
    saved = []
    if user is not None:
        codes = {code for code, _name in choices}
        for address in addresses_for(user=user):
            if address.country in codes:
                address.country_name = country_name(  # type: ignore[attr-defined]
                    address.country, language
                )
                saved.append(address)
    return {"countries": choices, "saved": saved}


def _render(request, form, *, cart: dict, problem: str = "", line_problems=None, status: int = 200):
    context = {
        **cart,
        "form": form,
        "problem": problem,
        "payment_window": getattr(settings, "AGORA_PAYMENT_WINDOW_MINUTES", 30),
        "saved_addresses": list(form.saved.values()),
        "holds": _active_holds(cart),
    }
    if not form.fields["country"].choices[1:] and context["cart"].lines and not problem:
        context["problem"] = _(
            "The shops in your cart have no shipping country in common: "
            "check out each shop's items separately."
        )
    if hooks.checkout_offers_html.provider is not None:
        context["offers"] = hooks.checkout_offers_html(
            request=request, shops=[(g.shop, g.subtotal) for g in context["groups"]]
        )
    # Discounts waiting for this buyer (a referred friend's welcome code): shown beside the
    # coupon field, and filled in when the buyer has chosen no coupon yet.
    context["welcome_offers"] = (
        hooks.checkout_offers(
            user=viewer(request),
            shop_ids=[group.shop.pk for group in context["groups"]],
            share_code=request.COOKIES.get(REF_COOKIE) or None,
        )
        if hooks.checkout_offers.provider is not None
        else []
    )
    if not form.is_bound and not form.initial.get("coupon_code"):
        codes = [offer["code"] for offer in context["welcome_offers"] if offer["code"]]
        if codes:
            form.initial["coupon_code"] = codes[0]
    for i, item in enumerate(context["cart"].lines):
        item.problems = (line_problems or {}).get(i, [])
    if not context["cart"].lines and not problem:
        messages.info(request, _("Your cart is empty."))
        return redirect("commerce_web:cart")
    return render(request, "commerce/pages/checkout.html", context, status=status)


def _active_holds(cart: dict) -> list[dict]:
    """The cart's comment-to-buy holds still running: what is reserved and until when."""
    now = timezone.now()
    return [
        {"title": item.line.variant.product.title, "expires_at": item.line.hold.expires_at}
        for item in cart["cart"].lines
        if item.line.hold is not None
        and item.line.hold.status == "active"
        and item.line.hold.expires_at > now
    ]


@require_http_methods(["GET", "POST"])
def checkout_page(request):
    cart = cart_context(request)
    form_kwargs = _form_kwargs(request, cart)
    if request.method == "GET":
        form = CheckoutForm(initial=_initial(request, form_kwargs), **form_kwargs)
        return _render(request, form, cart=cart)
    form = CheckoutForm(request.POST, **form_kwargs)
    if not form.is_valid():
        return _render(request, form, cart=cart, status=422)
    try:
        result = checkout_services.checkout_create(
            user=viewer(request),
            session_key=session_key(request, create=False),
            idempotency_key=form.cleaned_data["idempotency_key"],
            body_hash=checkout_services.request_hash(form.body()),
            email=form.cleaned_data["email"],
            shipping_address=form.address(),
            coupon_code=form.cleaned_data["coupon_code"] or None,
        )
    except DomainError as exc:
        return _refused(request, form, exc, cart=cart)
    request.session.pop(COUPON_SESSION_KEY, None)
    cart_count_refresh(request)
    for change in result.price_changes:
        messages.warning(request, _price_change_message(result, change))
    return redirect("commerce_web:pay", payment_id=result.checkout.payment.pk)


def _refused(request, form, exc: DomainError, *, cart: dict):
    """Errors about a field go next to it; what concerns the cart (out of stock, no longer for
    sale, empty) goes on top of the form and beside the lines it names."""
    if exc.code == "cart_checked_out":
        return _checked_out(request, exc)
    line_problems: dict[int, list[str]] = {}
    for path, found in (exc.fields or {}).items():
        key, _sep, rest = str(path).partition(".")
        errors = found if isinstance(found, list) else [found]
        if key == "shipping_address" and rest in FORM_FIELDS:
            key = "saved_address" if form.uses_saved_address() else rest
        if key in FORM_FIELDS:
            for error in errors:
                form.add_error(key, error)
        elif key == "lines" and rest.split(".")[0].isdigit():
            line_problems[int(rest.split(".")[0])] = errors
    problem = "" if exc.code in {"invalid", "coupon_unavailable"} and form.errors else exc.message
    if exc.code == "idempotency_key_reused":
        problem = _("This form was already sent with other details. Check them and send it again.")
    # A fresh key for the next try: nothing was written under the refused one.
    data = form.data.copy()
    data["idempotency_key"] = uuid.uuid4().hex
    form.data = data
    status = 409 if isinstance(exc, Conflict) else 422
    return _render(
        request, form, cart=cart, problem=problem, line_problems=line_problems, status=status
    )


def _checked_out(request, exc: DomainError):
    """Another tab or device checked this cart out a moment ago: say so and lead to that
    checkout's payment instead of showing an empty form again."""
    payment = latest_payment_for(
        user=viewer(request), session_key=session_key(request, create=False)
    )
    context = {"problem": exc.message, "payment": payment}
    return render(request, "commerce/pages/checked_out.html", context, status=409)


def _price_change_message(result, change) -> str:
    titles = {ln.variant_id: ln.title for o in result.orders for ln in o.lines.all()}
    language = translation.get_language()
    return _("The price of %(title)s changed from %(was)s to %(now)s since you added it.") % {
        "title": titles.get(change["variant_id"], ""),
        "was": format_money(Money(**change["was"]), language),
        "now": format_money(Money(**change["now"]), language),
    }
