"""Community pages: the list (`/communities`: joined first, then popular), a community
(`/communities/<slug>`: threads pinned first, join or leave, the new thread form), opening a
topic community, the shop team's settings and the threads tagging a product. The thread page
and its forms are in `forums_threads.py`. Everything works with plain form POSTs."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from agora.catalog.models import Product
from agora.community.models import (
    COMMUNITY_DESCRIPTION_MAX_LENGTH,
    COMMUNITY_NAME_MAX_LENGTH,
    COMMUNITY_SLUG_MAX_LENGTH,
    THREAD_MAX_MEDIA,
    THREAD_MAX_PRODUCTS,
    THREAD_TEXT_MAX_LENGTH,
    THREAD_TITLE_MAX_LENGTH,
    Community,
)
from agora.community.selectors import forums as selectors
from agora.community.services import forums as services
from agora.community.services import forums_threads as thread_services
from agora.community.views import forums_threads
from agora.community.views.forums_common import thread_rows
from agora.core.errors import DomainError, InvalidInput, PermissionDenied
from agora.core.forms import Form, parse_id
from agora.core.ratelimit import RateLimited, enforce
from agora.core.viewer import viewer
from agora.media.services import media_upload

_PRODUCT_URL = re.compile(r"/@(?P<handle>[A-Za-z0-9_]+)/products/(?P<slug>[A-Za-z0-9_-]+)")


class CommunityForm(Form):
    name = forms.CharField(label=gettext_lazy("Name"), max_length=COMMUNITY_NAME_MAX_LENGTH)
    slug = forms.CharField(
        label=gettext_lazy("Address"),
        max_length=COMMUNITY_SLUG_MAX_LENGTH,
        help_text=gettext_lazy("Lowercase letters, digits and hyphens: /communities/<address>"),
    )
    description = forms.CharField(
        label=gettext_lazy("What is it about?"),
        max_length=COMMUNITY_DESCRIPTION_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ThreadForm(Form):
    title = forms.CharField(label=gettext_lazy("Title"), max_length=THREAD_TITLE_MAX_LENGTH)
    text = forms.CharField(
        label=gettext_lazy("Text"),
        max_length=THREAD_TEXT_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    products = forms.CharField(
        label=gettext_lazy("Tag products"),
        required=False,
        max_length=2000,
        help_text=gettext_lazy("Paste product links (or numbers), separated by spaces."),
    )


class SettingsForm(Form):
    is_open = forms.BooleanField(
        label=gettext_lazy("Open: people can start threads and reply"), required=False
    )
    members_only = forms.BooleanField(
        label=gettext_lazy("Members only: only members can post"), required=False
    )


def _community_or_404(slug: str) -> Community:
    community = selectors.community_by_slug(slug=slug)
    if community is None:
        raise Http404
    return community


def _product_ids(value: str) -> list[int]:
    """Product ids from pasted links (`/@shop/products/slug`) and numbers."""
    ids: list[int] = []
    for word in value.split():
        match = _PRODUCT_URL.search(word)
        if match:
            found = (
                Product.objects.filter(shop__handle__iexact=match["handle"], slug=match["slug"])
                .values_list("pk", flat=True)
                .first()
            )
            ids.append(found or 0)
        else:
            ids.append(parse_id(word.strip(",")) or 0)
    if 0 in ids:
        raise InvalidInput.field("products", _("Some of these are not products."))
    return ids[: THREAD_MAX_PRODUCTS + 1]


@require_GET
def community_list(request: HttpRequest) -> HttpResponse:
    """Joined communities first, then the popular ones (paged)."""
    me = viewer(request)
    page = selectors.communities_page(
        cursor=request.GET.get("cursor"), limit=request.GET.get("limit")
    )
    joined = selectors.communities_joined(user=me) if me is not None else []
    joined_ids = {c.pk for c in joined}
    popular = [c for c in page.items if c.pk not in joined_ids]
    return render(
        request,
        "community/forums/list.html",
        {
            "joined": joined,
            "popular": popular,
            "page": page,
            "can_open": services.can_open_community(me),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def community_new(request: HttpRequest) -> HttpResponse:
    """Verified experts and moderators open a topic community."""
    if not services.can_open_community(viewer(request)):
        messages.error(request, _("Only verified experts and moderators can open a community."))
        return redirect("community:forums-list")
    form = CommunityForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            community = services.community_create(
                user=request.user,  # type: ignore[arg-type]
                **form.cleaned_data,
            )
        except DomainError as exc:
            for name, errors in (exc.fields or {"slug": [exc.message]}).items():
                for error in errors:
                    form.add_error(name if name in form.fields else None, error)
        else:
            return redirect(community.get_absolute_url())
    return render(request, "community/forums/new_community.html", {"form": form})


def _community_context(request: HttpRequest, community: Community) -> dict[str, Any]:
    me = viewer(request)
    page = selectors.threads_page(
        community=community,
        viewer=me,
        cursor=request.GET.get("cursor"),
        limit=request.GET.get("limit"),
    )
    return {
        "community": community,
        "page": page,
        "threads": thread_rows(page),
        "member": community.pk in selectors.member_of(user=me, community_ids=[community.pk]),
        "may_post": thread_services.may_post(community=community, user=me),
        "manager": services.can_manage_community(community=community, user=me),
    }


@require_GET
def community_page(request: HttpRequest, slug: str) -> HttpResponse:
    """A community: its threads (pinned first), join or leave, and the new thread form."""
    community = _community_or_404(slug)
    context = _community_context(request, community)
    initial = {}
    if product_id := parse_id(request.GET.get("product")):
        initial["products"] = str(product_id)
    context["form"] = ThreadForm(initial=initial)
    context["max_photos"] = THREAD_MAX_MEDIA
    return render(request, "community/forums/community.html", context)


@login_required
@require_POST
def thread_new(request: HttpRequest, slug: str) -> HttpResponse:
    """Starts a thread from the community page's form (photos uploaded through the media
    pipeline first)."""
    community = _community_or_404(slug)
    form = ThreadForm(request.POST)
    if form.is_valid():
        try:
            enforce(request, group="post", key="user", rate=settings.AGORA_RATES["post"])
            photos = request.FILES.getlist("photos")
            if len(photos) > THREAD_MAX_MEDIA:
                raise InvalidInput.field(
                    "photos", _("At most %(n)s photos.") % {"n": THREAD_MAX_MEDIA}
                )
            if photos and not thread_services.may_post(community=community, user=viewer(request)):
                raise PermissionDenied(_("Join this community to post in it."))
            media_ids = [
                media_upload(uploader=request.user, file=photo).pk  # type: ignore[arg-type]
                for photo in photos
            ]
            thread = thread_services.thread_create(
                user=request.user,  # type: ignore[arg-type]
                community=community,
                title=form.cleaned_data["title"],
                text=form.cleaned_data["text"],
                product_ids=_product_ids(form.cleaned_data["products"]),
                media_ids=media_ids,
            )
        except RateLimited:
            form.add_error(None, _("Too many threads. Try again later."))
        except DomainError as exc:
            for name, errors in (exc.fields or {"__all__": [exc.message]}).items():
                for error in errors:
                    form.add_error(name if name in form.fields else None, error)
        else:
            return redirect(thread.get_absolute_url())
    context = _community_context(request, community)
    context["form"] = form
    context["max_photos"] = THREAD_MAX_MEDIA
    return render(request, "community/forums/community.html", context, status=422)


@login_required
@require_POST
def community_join(request: HttpRequest, slug: str) -> HttpResponse:
    """Join (a plain form POST)."""
    return _membership(request, slug, "join")


@login_required
@require_POST
def community_leave(request: HttpRequest, slug: str) -> HttpResponse:
    """Leave (a plain form POST)."""
    return _membership(request, slug, "leave")


def _membership(request: HttpRequest, slug: str, action: str) -> HttpResponse:
    community = _community_or_404(slug)
    try:
        if action == "join":
            services.community_join(user=request.user, community=community)  # type: ignore[arg-type]
            messages.success(request, _("You joined %(name)s.") % {"name": community.name})
        else:
            services.community_leave(user=request.user, community=community)  # type: ignore[arg-type]
            messages.success(request, _("You left %(name)s.") % {"name": community.name})
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect(community.get_absolute_url())


@login_required
@require_http_methods(["GET", "POST"])
def community_settings(request: HttpRequest, slug: str) -> HttpResponse:
    """The shop team's settings: open or closed, members only."""
    community = _community_or_404(slug)
    if not services.can_manage_community(community=community, user=viewer(request)):
        raise Http404
    initial = {"is_open": community.is_open, "members_only": community.members_only}
    form = SettingsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.community_settings_update(
            user=request.user,  # type: ignore[arg-type]
            community=community,
            **form.cleaned_data,
        )
        messages.success(request, _("Saved."))
        return redirect(community.get_absolute_url())
    return render(request, "community/forums/settings.html", {"community": community, "form": form})


@require_GET
def product_threads(request: HttpRequest) -> HttpResponse:
    """The threads tagging a product (`?product=<id>`), newest first."""
    product_id = parse_id(request.GET.get("product"))
    product = (
        Product.objects.select_related("shop")
        .filter(pk=product_id, status=Product.Status.ACTIVE)
        .first()
        if product_id
        else None
    )
    if product is None:
        raise Http404
    page = selectors.product_threads_page(
        product_id=product.pk,
        viewer=viewer(request),
        cursor=request.GET.get("cursor"),
        limit=request.GET.get("limit"),
    )
    community = selectors.community_by_slug(slug=product.shop.handle)
    return render(
        request,
        "community/forums/product_threads.html",
        {"product": product, "page": page, "threads": thread_rows(page), "community": community},
    )


urlpatterns: list[URLPattern] = [
    path("communities", community_list, name="forums-list"),
    path("communities/new", community_new, name="forums-new"),
    path("communities/threads", product_threads, name="forums-product-threads"),
    path("communities/<slug:slug>", community_page, name="forums-community"),
    path("communities/<slug:slug>/threads", thread_new, name="forums-thread-new"),
    path("communities/<slug:slug>/settings", community_settings, name="forums-settings"),
    path("communities/<slug:slug>/join", community_join, name="forums-join"),
    path("communities/<slug:slug>/leave", community_leave, name="forums-leave"),
    *forums_threads.urlpatterns,
]
