"""/posts/<id>: a post with its comments; its author edits or deletes it; anyone who sees it
likes, reposts or shares it (plain forms that come back, or htmx fragments)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from agora.core.errors import DomainError
from agora.core.forms import Form, parse_id
from agora.core.pagination import decode_cursor, encode_cursor
from agora.core.viewer import viewer
from agora.social import hooks
from agora.social.models import POST_MAX_LENGTH, POST_MAX_PRODUCTS, Post
from agora.social.selectors.comments import comment_threads_page
from agora.social.selectors.post_page import post_page_read
from agora.social.selectors.posts import post_for_viewer, viewer_facts
from agora.social.services import posts as post_services
from agora.social.services import reactions, shares
from agora.social.views import _cards, _queries
from agora.social.views._common import (
    back,
    is_htmx,
    limit,
    managed_shop_ids,
    page_path,
    record_view,
    refused,
    render_kept,
    render_page,
)
from agora.social.views.profile import actor_display

COMMENTS_PAGE = 50


def visible_post(request, post_id: int) -> Post:
    post = post_for_viewer(post_id=post_id, viewer=viewer(request))
    if post is None:
        raise Http404
    return post


def post_card(request, post, **counts) -> _cards.PostCard:
    """The card of one post for the viewer, with fresh counters when given."""
    for name, value in counts.items():
        setattr(post, name, value)
    me = viewer(request)
    facts = viewer_facts(viewer=me, post_ids=[post.pk])
    return _cards.card(post, facts=facts, viewer=me, shop_ids=managed_shop_ids(me))


def _shop_id(post) -> int | None:
    return post.author.shop.pk if post.author.kind == "shop" else None


def comment_threads(*, post=None, product=None, viewer=None, cursor=None):
    """A page of top-level comments, oldest first, each with its replies: two queries."""
    target_kind, target = ("post", post) if post is not None else ("product", product)
    threads, last = comment_threads_page(
        target_kind=target_kind,
        target_id=target.pk,
        viewer=viewer,
        after=decode_cursor(cursor),
        size=COMMENTS_PAGE,
    )
    return threads, encode_cursor(last) if last is not None else None


def _int(value) -> int | None:
    return parse_id(value)


@require_GET
def post_detail(request, post_id: int):
    me = viewer(request)
    post, facts = post_page_read(post_id=post_id, viewer=me)
    if post is None:
        raise Http404
    threads, next_comments = comment_threads(
        post=post, viewer=me, cursor=request.GET.get("comments")
    )
    shop_ids = managed_shop_ids(me) if me is not None else set()
    card = _cards.card(post, facts=facts, viewer=me, shop_ids=shop_ids)
    card = _cards.with_polls(_cards.with_badges([card]), request=request)[0]
    record_view(request, object_type="post", object_id=post.pk, shop_id=_shop_id(post))
    panel = hooks.post_insights_panel
    context = {
        "insights_panel": panel(request=request, post=post)
        if card.can_edit and panel.provider
        else "",
        "card": card,
        "post": post,
        "threads": threads,
        "next_comments": next_comments,
        "reply_to": _int(request.GET.get("reply")),
        "can_hide": card.can_edit,
        "target": post,
        "target_kind": "post",
        "description": Truncator(" ".join(post.text.split())).chars(160),
    }
    if is_htmx(request):
        return render_page(request, POST_TEMPLATE, context, partial="comments")
    # Outside its live blocks (the card, the comments, the forms' tokens, the link card) the
    # page shows the post's words, author and comment count, and what this viewer may do.
    return render_kept(
        request,
        POST_TEMPLATE,
        context,
        post.pk,
        post.text,
        post.author.name,
        actor_display(post.author)["name"],
        post.comment_count,
        request.user.is_authenticated,
        card.can_edit,
    )


POST_TEMPLATE = "social/post_detail.html"


# --- likes and reposts ----------------------------------------------------------------------
def _reaction(request, post_id: int, *, field: str, action, adds: bool):
    post = visible_post(request, post_id)
    try:
        if adds:
            limit(request, "like")
            count, _active = action(user=request.user, post=post, source="web")
        else:
            count, _active = action(user=request.user, post=post)
    except DomainError as exc:
        return refused(request, exc, post.get_absolute_url())
    if is_htmx(request):
        context = {"card": post_card(request, post, **{field: count}), "next": page_path(request)}
        return render_page(request, "social/post_card.html", context, partial="actions")
    return back(request, post.get_absolute_url())


@login_required
@require_POST
def like(request, post_id: int):
    return _reaction(request, post_id, field="like_count", action=reactions.like_set, adds=True)


@login_required
@require_POST
def unlike(request, post_id: int):
    return _reaction(request, post_id, field="like_count", action=reactions.like_unset, adds=False)


@login_required
@require_POST
def repost(request, post_id: int):
    return _reaction(request, post_id, field="repost_count", action=reactions.repost_set, adds=True)


@login_required
@require_POST
def unrepost(request, post_id: int):
    return _reaction(
        request, post_id, field="repost_count", action=reactions.repost_unset, adds=False
    )


# --- sharing -----------------------------------------------------------------------------------
def share_links(*, user, post=None, product=None) -> dict:
    """The sharer's short link and each network's share-intent address (one link per sharer
    and object: the first call creates it, the others find it)."""
    channels = {}
    for channel in shares.CHANNELS:
        share = shares.share_create(
            user=user, channel=channel, post=post, product=product, source="web"
        )
        channels[channel] = share.intent_url
    return {"url": channels.pop("link"), "intents": channels}


def share_response(request, *, title: str, back_url: str, post=None, product=None):
    try:
        limit(request, "share")
        links = share_links(user=request.user, post=post, product=product)
    except DomainError as exc:
        return refused(request, exc, back_url)
    context: dict[str, Any] = {"share": links, "title": title, "back_url": back_url}
    if post is not None and is_htmx(request):  # the share count moves in the action bar
        context["card"] = post_card(request, visible_post(request, post.pk))
        context["next"] = page_path(request)
    return render_page(request, "social/share.html", context, partial="panel")


@login_required
@require_POST
def share(request, post_id: int):
    post = visible_post(request, post_id)
    title = _("Share this post by @%(handle)s") % {"handle": post.author.name}
    return share_response(request, title=title, back_url=post.get_absolute_url(), post=post)


# --- edit and delete ---------------------------------------------------------------------------
class PostEditForm(Form):
    text = forms.CharField(
        label=gettext_lazy("Text"),
        required=False,
        max_length=POST_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5, "maxlength": POST_MAX_LENGTH}),
    )
    visibility = forms.ChoiceField(
        label=gettext_lazy("Who can see it"), choices=Post.Visibility.choices
    )


def _editable(request, post_id: int) -> Post:
    post = visible_post(request, post_id)
    if not post_services.can_edit_post(user=request.user, post=post):
        raise PermissionDenied
    return post


@login_required
@require_http_methods(["GET", "POST"])
def post_edit(request, post_id: int):
    post = _editable(request, post_id)
    tagged = [pp.product_id for pp in post.product_tags.all()]
    if request.method == "POST":
        form = PostEditForm(request.POST)
        ids = [i for i in map(_int, request.POST.getlist("product_ids")) if i]
        if form.is_valid():
            try:
                post_services.post_update(
                    user=request.user, post=post, product_ids=ids, **form.cleaned_data
                )
            except DomainError as exc:
                form.add_error("text" if "text" in exc.fields else None, exc.message)
            else:
                messages.success(request, _("Your post is updated."))
                return redirect(post.get_absolute_url())
        tagged = ids
    else:
        form = PostEditForm(initial={"text": post.text, "visibility": post.visibility})
    context = {
        "post": post,
        "form": form,
        "picker": _queries.picker_products(
            shop_ids=managed_shop_ids(request.user), selected_ids=tagged
        ),
        "picked": set(tagged),
        "max_products": POST_MAX_PRODUCTS,
        "max_length": POST_MAX_LENGTH,
    }
    status = 400 if form.errors else 200
    return render_page(request, "social/post_edit.html", context, status=status)


@login_required
@require_POST
def post_delete(request, post_id: int):
    post = _editable(request, post_id)
    post_services.post_delete(user=request.user, post=post)
    messages.success(request, _("Your post is deleted."))
    return redirect("social_web:feed")
