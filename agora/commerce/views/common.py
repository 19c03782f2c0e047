"""What the commerce pages share: whose cart this is and service errors."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.db.models import Sum

from agora.accounts.models import User
from agora.commerce.models import Cart, CartLine
from agora.commerce.services.cart import cart_for, cart_merge
from agora.commerce.templatetags.commerce_tags import CART_COUNT_KEY, CART_SESSION_FLAG
from agora.core.viewer import viewer

if TYPE_CHECKING:
    from django.http import HttpRequest

    from agora.core.errors import DomainError


def session_key(request: HttpRequest, *, create: bool) -> str:
    """The anonymous visitor's session key ("" for a signed-in person). Creating one also
    marks the session, so the cookie is sent and the header knows to count the cart."""
    if request.user.is_authenticated:
        return ""
    session = request.session
    if create:
        if not session.get(CART_SESSION_FLAG):
            session[CART_SESSION_FLAG] = True
        if not session.session_key:
            session.save()
    return session.session_key or ""


def request_cart(request: HttpRequest, *, create: bool = False) -> Cart | None:
    return cart_for(
        user=viewer(request), session_key=session_key(request, create=create), create=create
    )


def cart_to_fill(request: HttpRequest) -> Cart:
    """The visitor's cart, created if need be: a person's, or the session's (an anonymous
    visitor's session is saved first, so there always is one to hold it)."""
    cart = request_cart(request, create=True)
    if cart is None:
        raise PermissionDenied
    return cart


def field_errors(exc: DomainError) -> dict[str, list[str]]:
    """A service error's `fields`, keyed by the first segment of each JSON path."""
    errors: dict[str, list[str]] = {}
    for path, messages in (exc.fields or {}).items():
        key = str(path).split(".", 1)[0]
        errors.setdefault(key, []).extend(messages if isinstance(messages, list) else [messages])
    return errors


def cart_count_refresh(request: HttpRequest, cart: Cart | None = None) -> int:
    """Counts the units in the viewer's cart and keeps the number in the session for the
    header. Called by every page that changes or shows the cart, and at log-in."""
    if cart is None:
        cart = request_cart(request)
    count = 0
    if cart is not None:
        count = CartLine.objects.filter(cart=cart).aggregate(n=Sum("quantity"))["n"] or 0
    if request.session.get(CART_COUNT_KEY, 0) != count:
        request.session[CART_COUNT_KEY] = count
    return count


def cart_after_log_in(request: HttpRequest, *, guest_session: str, user: User) -> None:
    """Moves the visitor's session cart into the person's cart (the session key changed at
    log-in: pass the one from before) and updates the header's count."""
    cart = cart_merge(session_key=guest_session, user=user)
    cart_count_refresh(request, cart)
