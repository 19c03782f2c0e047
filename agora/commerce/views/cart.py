"""The cart page and its forms: add (from a product page or a post's product tag), change a
quantity, remove a line, remember a coupon code for checkout.

Every form posts and redirects back with a message; with htmx the add answers with an "In your
cart (n)" fragment (Buy now with an HX-Redirect to checkout) and the cart forms swap the cart."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from agora.catalog.selectors import product_for_viewer
from agora.commerce.selectors.cart import CartView, LineView, cart_view
from agora.commerce.services import cart as cart_services
from agora.commerce.services.coupons import coupon_for_checkout
from agora.commerce.templatetags.commerce_tags import CART_COUNT_KEY
from agora.commerce.views.common import cart_count_refresh, cart_to_fill, request_cart
from agora.core.errors import DomainError, InvalidInput
from agora.core.forms import clean_text, parse_int
from agora.core.urls_util import safe_next
from agora.core.viewer import viewer
from agora.social.selectors.posts import post_for_viewer
from agora.social.services.shares import REF_COOKIE

if TYPE_CHECKING:
    from agora.shops.models import Shop

COUPON_SESSION_KEY = "agora_coupon_code"


@dataclass
class ShopGroup:
    shop: Shop
    subtotal: int
    shipping: int
    lines: list[LineView]

    @property
    def total(self) -> int:
        return self.subtotal + self.shipping


def cart_groups(view: CartView) -> list[ShopGroup]:
    """The cart's lines grouped by shop, in the order of the shops' subtotals."""
    groups = {
        s.shop.pk: ShopGroup(shop=s.shop, subtotal=s.subtotal, shipping=s.shipping, lines=[])
        for s in view.shops
    }
    for item in view.lines:
        groups[item.line.variant.product.shop_id].lines.append(item)
    return list(groups.values())


def cart_context(request) -> dict:
    view = cart_view(request_cart(request))
    groups = cart_groups(view)
    count = sum(item.line.quantity for item in view.lines)
    if request.session.get(CART_COUNT_KEY, 0) != count:  # the header's count, kept fresh
        request.session[CART_COUNT_KEY] = count
    return {
        "cart": view,
        "groups": groups,
        "shipping_total": sum(g.shipping for g in groups),
        "coupon_code": request.session.get(COUPON_SESSION_KEY, ""),
    }


def cart_page(request):
    return render(request, "commerce/pages/cart.html", cart_context(request))


# --- adding --------------------------------------------------------------------------------
def _int(value) -> int | None:
    return parse_int(value)


def _personalization(request, product) -> dict[str, str]:
    """`personalization-<field id>` inputs (the product page) or `personalization-<name>`."""
    values = {}
    for field in product.personalization_fields.all():
        raw = request.POST.get(f"personalization-{field.pk}")
        if raw is None:
            raw = request.POST.get(f"personalization-{field.name}")
        if raw and raw.strip():
            values[field.name] = clean_text(raw, field=f"personalization.{field.name}")
    return values


def _choose_url(product, *, buy: bool, post_id) -> str:
    url = reverse("commerce_web:cart-add", args=[product.pk])
    query = [f"post={post_id}"] if post_id else []
    if buy:
        query.append("buy=1")
    return url + ("?" + "&".join(query) if query else "")


def _go(request, url: str):
    if request.htmx:
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url
        return response
    return redirect(url)


@require_http_methods(["GET", "POST"])
def cart_add(request, product_id: int, buy: bool = False):
    """GET: a small page to choose the variant, personalization and quantity (where the
    product tag links lead without JavaScript). POST: adds, then goes back, or to checkout."""
    product = product_for_viewer(product_id=product_id, viewer=None)
    if product is None:
        raise Http404
    data = request.POST if request.method == "POST" else request.GET
    buy = buy or bool(data.get("buy"))
    post_id = _int(data.get("post_id") or request.GET.get("post"))
    variants = list(product.variants.all())
    context = {"product": product, "variants": variants, "buy": buy, "post_id": post_id}
    if request.method == "GET":
        return render(request, "commerce/pages/add.html", context)
    variant_id = _int(data.get("variant_id"))
    if variant_id is None:
        if len(variants) != 1:  # a size to choose first
            return _go(request, _choose_url(product, buy=buy, post_id=post_id))
        variant_id = variants[0].pk
    quantity = _int(data.get("quantity") or 1)
    try:
        variant = cart_services.buyable_variant(variant_id)
        if variant is None or variant.product_id != product.pk:
            raise DomainError(_("This product can't be bought."))
        if (quantity is not None and 0 < variant.available < quantity) or variant.available <= 0:
            raise DomainError(_out_of_stock(variant))
        post = post_for_viewer(post_id=post_id, viewer=viewer(request)) if post_id else None
        cart = cart_to_fill(request)
        cart_services.cart_line_add(
            cart=cart,
            variant=variant,
            quantity=quantity if quantity is not None else 0,
            personalization=_personalization(request, product),
            post=post,
            share_code=request.COOKIES.get(REF_COOKIE) or None,
            user=viewer(request),
        )
    except DomainError as exc:
        return _add_refused(request, exc, context)
    cart_count_refresh(request, cart)
    if buy:
        return _go(request, reverse("commerce_web:checkout"))
    if request.htmx:
        return render(
            request,
            "commerce/pages/_added.html",
            {"product": product, "oob": True},
        )
    messages.success(request, _("%(title)s is in your cart.") % {"title": product.title})
    return redirect(safe_next(request, data.get("next"), product.get_absolute_url()))


def _out_of_stock(variant) -> str:
    if variant.available <= 0:
        return _("Sorry, this is sold out.")
    return _("Only %(n)d left.") % {"n": variant.available}


def _add_refused(request, exc: DomainError, context: dict):
    errors = [m for ms in (exc.fields or {}).values() for m in ms] or [exc.message]
    if request.htmx:
        return render(request, "commerce/pages/_added.html", {"errors": errors}, status=422)
    return render(request, "commerce/pages/add.html", {**context, "errors": errors}, status=422)


# --- changing ------------------------------------------------------------------------------
def _back_to_cart(request):
    return redirect("commerce_web:cart")


@require_POST
def cart_line_update(request, line_id: int):
    cart = request_cart(request)
    try:
        line = cart_services.cart_line_for(cart=cart, line_id=line_id)
        quantity = _int(request.POST.get("quantity"))
        if quantity is None:
            raise InvalidInput.field("quantity", _("Give a whole number."))
        if quantity == 0:
            cart_services.cart_line_remove(line=line)
        else:
            cart_services.cart_line_update(line=line, quantity=quantity)
    except DomainError as exc:
        errors = [m for ms in (exc.fields or {}).values() for m in ms] or [exc.message]
        for error in errors:
            messages.error(request, error)
    return _back_to_cart(request)


@require_POST
def cart_line_remove(request, line_id: int):
    cart = request_cart(request)
    try:
        line = cart_services.cart_line_for(cart=cart, line_id=line_id)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        cart_services.cart_line_remove(line=line)
        messages.success(request, _("The item is out of your cart."))
    return _back_to_cart(request)


@require_POST
def cart_coupon(request):
    """Checks the code against the cart's shops and keeps it for checkout (where it is used);
    an empty code, or the Remove button, forgets it."""
    code = (request.POST.get("coupon_code") or "").strip()[:40]
    if not code or request.POST.get("remove"):
        request.session.pop(COUPON_SESSION_KEY, None)
        return _back_to_cart(request)
    view = cart_view(request_cart(request))
    try:
        clean_text(code, field="coupon_code")
        coupon_for_checkout(code=code, shop_ids=[s.shop.pk for s in view.shops])
    except DomainError as exc:
        messages.error(request, field_message(exc))
    else:
        request.session[COUPON_SESSION_KEY] = code
        messages.success(
            request, _("The coupon %(code)s will be applied at checkout.") % {"code": code}
        )
    return _back_to_cart(request)


def field_message(exc: DomainError) -> str:
    return next((m for ms in (exc.fields or {}).values() for m in ms), exc.message)
