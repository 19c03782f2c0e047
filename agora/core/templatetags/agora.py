"""Template helpers available in every template (registered as builtins)."""

from django import template
from django.utils import translation

from agora.core.money import Money, format_money
from agora.core.urls_util import absolute_url

register = template.Library()


@register.filter
def money(value) -> str:
    """{{ product.price|money }}: a Money (or a dict with amount/currency) in the active locale."""
    if value is None:
        return ""
    if isinstance(value, dict):
        value = Money(int(value["amount"]), value["currency"])
    return format_money(value, translation.get_language())


@register.simple_tag
def absolute(path: str) -> str:
    return absolute_url(path)
