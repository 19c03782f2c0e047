"""A person's or shop's posts (/@handle/posts, also the profile page's list), follower counts
and the Follow / Unfollow button."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from agora.core.errors import DomainError
from agora.social.parts import follow_context, posts_page
from agora.social.selectors.graph import actor_by_handle
from agora.social.services import follows
from agora.social.views._common import back, is_htmx, limit, refused, render_page

POSTS_PAGE = 20


def active_actor(handle: str):
    actor = actor_by_handle(handle)
    if actor is None:
        raise Http404
    owner = actor.shop if actor.kind == "shop" else getattr(actor, "user", None)
    if owner is None or not owner.is_active:
        raise Http404
    return actor


def actor_display(actor) -> dict:
    """Name, handle, URL and picture of a person or shop Handle (related rows loaded)."""
    if actor.kind == "shop":
        shop = actor.shop
        return {
            "name": shop.name,
            "handle": shop.handle,
            "url": shop.get_absolute_url(),
            "avatar": shop.logo if shop.logo_id else None,
            "is_shop": True,
        }
    user = actor.user
    return {
        "name": user.display_name or user.username,
        "handle": user.username,
        "url": user.get_absolute_url(),
        "avatar": user.avatar if user.avatar_id else None,
        "is_shop": False,
    }


@require_GET
def actor_posts(request, handle: str):
    actor = active_actor(handle)
    context = posts_page(request, actor, size=POSTS_PAGE, cursor=request.GET.get("cursor"))
    context["who"] = actor_display(actor)
    if is_htmx(request):
        return render_page(request, "social/timeline.html", context)
    return render_page(request, "social/actor_posts.html", context)


def _follow(request, handle: str, *, on: bool):
    actor = active_actor(handle)
    try:
        if on:
            limit(request, "follow")
            follows.follow_create(user=request.user, handle=actor.name, source="web")
        else:
            follows.follow_delete(user=request.user, handle=actor.name)
    except DomainError as exc:
        return refused(request, exc, reverse("shops:handle", args=[actor.name]))
    if is_htmx(request):
        context = follow_context(request, actor)
        context["compact"] = request.POST.get("compact") == "1"
        return render_page(request, "social/follow.html", context)
    return back(request, reverse("shops:handle", args=[actor.name]))


@login_required
@require_POST
def follow(request, handle: str):
    return _follow(request, handle, on=True)


@login_required
@require_POST
def unfollow(request, handle: str):
    return _follow(request, handle, on=False)
