"""Template helpers for social pages and for the pages other apps render with a social part:
the navigation's unread badge, a profile's follow box and posts, the product page's section."""

from __future__ import annotations

from datetime import timedelta
from functools import lru_cache

from django import template
from django.template.loader import get_template
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from agora.accounts.models import Handle
from agora.core.money import Money
from agora.social import text as post_text
from agora.social.selectors.graph import actor_by_handle
from agora.social.selectors.notifications import unread_count
from agora.social.views import products as product_views
from agora.social.views.profile import PROFILE_POSTS, actor_display, follow_context, posts_page

register = template.Library()


@register.filter
def ago(value) -> str:
    """ "just now", "5 minutes ago", "3 hours ago", "2 days ago", then the date."""
    if not value:
        return ""
    delta = timezone.now() - value
    seconds = max(0, int(delta.total_seconds()))
    if seconds < 60:
        return _("just now")
    if seconds < 3600:
        n = seconds // 60
        return ngettext("%(n)d minute ago", "%(n)d minutes ago", n) % {"n": n}
    if seconds < 86400:
        n = seconds // 3600
        return ngettext("%(n)d hour ago", "%(n)d hours ago", n) % {"n": n}
    if delta < timedelta(days=7):
        n = delta.days
        return ngettext("%(n)d day ago", "%(n)d days ago", n) % {"n": n}
    local = timezone.localtime(value)
    same_year = local.year == timezone.localtime().year
    return date_format(local, "MONTH_DAY_FORMAT" if same_year else "DATE_FORMAT")


@register.simple_tag
def icon(name: str) -> str:
    """An inline SVG icon from social/icons.html, rendered once per process (they're static):
    cheaper than an include in a loop."""
    return _icon(name)


@lru_cache(maxsize=32)
def _icon(name: str) -> str:
    return mark_safe(get_template(f"social/icons.html#{name}").render({}))  # noqa: S308


_PK = 987654321


@register.filter
def route(pk, name: str) -> str:
    """{{ post.pk|route:"social_web:post-like" }}: `{% url name pk %}` for a route with one
    integer argument, reversed once per process (card loops reverse hundreds of URLs)."""
    return _route(name).replace(str(_PK), str(int(pk)))


@lru_cache(maxsize=64)
def _route(name: str) -> str:
    return reverse(name, args=[_PK])


@register.filter
def render_text(text: str) -> str:
    """Post or comment text as safe HTML (everything escaped, then our own links added)."""
    return mark_safe(post_text.render(text))  # noqa: S308 (render escapes user text)


@register.filter
def actor(handle) -> dict | None:
    """Name, handle, URL and picture of a person or shop Handle."""
    if handle is None:
        return None

    return actor_display(handle)


@register.filter
def person(user) -> dict:
    """The same for a comment's author (a User)."""
    return {
        "name": user.display_name or user.username,
        "handle": user.username,
        "url": user.get_absolute_url(),
        "avatar": user.avatar if user.avatar_id else None,
        "is_shop": False,
    }


@register.filter
def product_price(product):
    return Money(product.price_amount, product.currency)


@register.simple_tag
def unread_notifications(user) -> int:
    """The navigation's badge: one query, none for visitors."""
    if not getattr(user, "is_authenticated", False):
        return 0

    return unread_count(user)


def _actor_of(owner):
    """The Handle of a Shop or a User, without a query when the owner knows its actor id
    (its name and kind are the owner's); looked up for accounts made outside the services."""
    if owner is None:
        return None

    if getattr(owner, "actor_id", None):
        is_shop = owner._meta.model_name == "shop"
        kind = Handle.Kind.SHOP if is_shop else Handle.Kind.PERSON
        return Handle(pk=owner.actor_id, name=owner.handle, kind=kind)

    return actor_by_handle(getattr(owner, "handle", ""))


@register.inclusion_tag("social/follow.html", takes_context=True)
def follow_box(context, owner):
    """Follower and following counts and the Follow / Unfollow button of a person or shop."""
    handle = _actor_of(owner)
    if handle is None:
        return {"actor": None}
    return {**follow_context(context["request"], handle), "csrf_token": context.get("csrf_token")}


@register.inclusion_tag("social/actor_section.html", takes_context=True)
def actor_posts(context, owner):
    """The latest posts of a person or shop, with infinite scroll to the rest."""
    handle = _actor_of(owner)
    if handle is None:
        return {"cards": []}
    request = context["request"]
    data = posts_page(request, handle, size=PROFILE_POSTS)
    return {
        **data,
        "who": {"name": owner.name},
        "request": request,
        "user": context.get("user"),
        "csrf_token": context.get("csrf_token"),
    }


@register.inclusion_tag("social/product_social.html", takes_context=True)
def product_social(context, product):
    """Likes, shares, "From the community" and comments on a product page."""
    request = context["request"]
    return {
        **product_views.product_social(request, product, manager=context.get("can_manage")),
        "request": request,
        "user": context.get("user"),
        "csrf_token": context.get("csrf_token"),
    }


@register.inclusion_tag("social/product_actions.html", takes_context=True)
def product_actions(context, product):
    """Like (with its count) and Share buttons for a product's buy box."""
    request = context["request"]
    return {
        **product_views.product_actions(request, product),
        "request": request,
        "user": context.get("user"),
        "csrf_token": context.get("csrf_token"),
    }
