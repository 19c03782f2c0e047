"""Template helpers available in every template (registered as builtins)."""

from typing import Any

from django import template
from django.conf import settings
from django.utils import translation
from django.utils.html import format_html_join

from agora.core.money import Money, format_money
from agora.core.nav import section_of
from agora.core.urls_util import absolute_url

register = template.Library()


@register.filter
def money(value: Money | dict[str, Any] | None) -> str:
    """{{ product.price|money }}: a Money (or a dict with amount/currency) in the active locale."""
    if value is None:
        return ""
    if isinstance(value, dict):
        value = Money(int(value["amount"]), value["currency"])
    return format_money(value, translation.get_language())


@register.simple_tag
def absolute(path: str) -> str:
    return absolute_url(path)


# --- Page helpers (duck-typed: core knows no app's models) ---------------------------------


@register.simple_tag(takes_context=True)
def hreflang_links(context: template.Context) -> str:
    """`<link rel="alternate" hreflang>` for each interface language and x-default, from
    AGORA_BASE_URL (never the Host header), keeping the page's other query parameters."""
    request = context.get("request")
    path = request.path if request is not None else "/"
    base = absolute_url(path)
    query = ""  # the page's other parameters, then lang last
    if request is not None and request.GET:
        params = request.GET.copy()
        params.pop("lang", None)
        query = params.urlencode()
    links = [
        (code, f"{base}?{query}&lang={code}" if query else f"{base}?lang={code}")
        for code, _name in settings.LANGUAGES
    ]
    links.append(("x-default", f"{base}?{query}" if query else base))
    return format_html_join(
        "\n", '<link rel="alternate" hreflang="{}" href="{}">', ((c, u) for c, u in links)
    )


@register.simple_tag(takes_context=True)
def nav_section(context: template.Context) -> str:
    """`{% nav_section as section %}`: the section of the site this page is in (see
    agora.core.nav), for the header's key and its `aria-current` links."""
    request = context.get("request")
    if request is None:
        return ""
    user = getattr(request, "user", None)
    profile = (
        user.get_absolute_url()
        if user is not None and getattr(user, "is_authenticated", False)
        else None
    )
    return section_of(request.path, profile)
