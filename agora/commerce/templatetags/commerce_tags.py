"""Template helpers of the commerce pages: amounts in minor units shown in the viewer's locale,
and the cart count of the header (kept in the session: no query on any page)."""

from __future__ import annotations

from django import template
from django.utils import timezone, translation

from agora.catalog import options as catalog_options
from agora.core.money import Money, format_money

register = template.Library()

CART_SESSION_FLAG = "agora_cart"
CART_COUNT_KEY = "agora_cart_count"


@register.filter
def in_currency(amount, currency: str) -> str:
    """{{ order.total_amount|in_currency:order.currency }}"""
    if amount is None or not currency:
        return ""
    return format_money(Money(int(amount), currency), translation.get_language())


@register.filter
def minutes_left(deadline) -> int:
    """Whole minutes until `deadline` (rounded up, never below 0)."""
    if deadline is None:
        return 0
    seconds = (deadline - timezone.now()).total_seconds()
    return max(0, int(-(-seconds // 60)))


def clock_text(seconds: int) -> str:
    """A remaining time as a clock: "14:32", "1:05:09"; never below "0:00"."""
    seconds = max(0, seconds)
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    if hours:
        return f"{hours}:{minutes:02d}:{seconds:02d}"
    return f"{minutes}:{seconds:02d}"


@register.inclusion_tag("commerce/pages/_countdown.html")
def countdown(deadline) -> dict:
    """`<time datetime=...>14:32</time> left`: the time left until `deadline` as rendered now;
    commerce/countdown.js ticks it down each second."""
    seconds = int((deadline - timezone.now()).total_seconds()) if deadline else 0
    return {"deadline": deadline, "clock": clock_text(seconds), "over": seconds <= 0}


@register.filter
def options_text(options) -> str:
    """{"size": "M", "color": "blue"} → "Size: M · Color: blue" (catalog's labels)."""
    return catalog_options.options_text(options)


@register.simple_tag(takes_context=True)
def cart_count(context) -> int:
    """Units in the viewer's cart, for the header link: read from the session, where the
    commerce pages and log-in keep it (views.common.cart_count_refresh), so that no page
    pays a query for it."""
    request = context.get("request")
    session = getattr(request, "session", None)
    if session is None:
        return 0
    return session.get(CART_COUNT_KEY, 0)
