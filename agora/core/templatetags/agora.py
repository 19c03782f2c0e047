"""Template helpers available in every template (registered as builtins)."""

from functools import lru_cache
from typing import Any
from urllib.parse import parse_qsl, urlencode

from django import template
from django.conf import settings
from django.utils import translation
from django.utils.html import format_html_join
from django.utils.safestring import SafeString

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
    return _hreflang_html(
        settings.AGORA_BASE_URL,
        request.path if request is not None else "/",
        request.META.get("QUERY_STRING", "") if request is not None else "",
        tuple(code for code, _name in settings.LANGUAGES),
    )


@lru_cache(maxsize=1024)
def _hreflang_html(
    base_url: str, path: str, query_string: str, languages: tuple[str, ...]
) -> SafeString:
    """The links for one page address, kept per process (a pure function of its arguments;
    the bound keeps odd query strings from growing it)."""
    base = base_url + path
    # the page's other parameters, then lang last
    query = urlencode(
        [(k, v) for k, v in parse_qsl(query_string, keep_blank_values=True) if k != "lang"]
    )
    links = [
        (code, f"{base}?{query}&lang={code}" if query else f"{base}?lang={code}")
        for code in languages
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
