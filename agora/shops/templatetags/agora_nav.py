"""Navigation facts the site header needs on every page, whichever app renders it.

Kept out of the `agora` builtins so that core's own helpers stay free of app imports; base.html
loads it with `{% load agora_nav %}`.
"""

from django import template

from agora.shops.selectors import shops_managed_by

register = template.Library()


@register.simple_tag
def managed_shops(user) -> list:
    """The active shops `user` owns or staffs (one query; none for anonymous visitors)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return []

    return list(shops_managed_by(user))
