"""Comments on posts and products: write (or reply, one level), delete your own, hide as the
post's author or the product's shop. htmx gets a fresh form with the new comment appended and
the post's counters updated out of band; without JavaScript the page comes back."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from agora.catalog.selectors import product_for_viewer
from agora.core.errors import DomainError
from agora.core.forms import clean_text, parse_id
from agora.core.viewer import viewer
from agora.social.selectors.comments import comment_by_id, comment_for_viewer
from agora.social.services import comments as comment_services
from agora.social.views._common import (
    back,
    is_htmx,
    limit,
    page_path,
    refused,
    render_page,
)
from agora.social.views.posts import post_card, visible_post


def visible_product(request, product_id: int):
    product = product_for_viewer(product_id=product_id, viewer=viewer(request))
    if product is None or product.status != "active":
        raise Http404
    return product


def _parent_id(request) -> int | None:
    return parse_id(request.POST.get("parent_id"))


def _create(request, *, post=None, product=None):
    target = post or product
    back_url = target.get_absolute_url() + "#comments"
    try:
        limit(request, "comment")
        comment = comment_services.comment_create(
            user=request.user,
            text=clean_text(request.POST.get("text"), field="text", multiline=True),
            post=post,
            product=product,
            parent_id=_parent_id(request),
            source="web",
        )
    except DomainError as exc:
        return refused(request, exc, back_url)
    if not is_htmx(request):
        return back(request, target.get_absolute_url() + f"#comment-{comment.pk}")
    context = {
        "comment": comment_by_id(comment.pk),
        "target": target,
        "target_kind": "post" if post is not None else "product",
        "parent_id": _parent_id(request),
        "card": post_card(request, visible_post(request, post.pk)) if post is not None else None,
        "compact": request.POST.get("compact") == "1",
        "next": page_path(request),
    }
    return render_page(request, "social/comments.html", context, partial="created")


@login_required
@require_POST
def post_comment(request, post_id: int):
    return _create(request, post=visible_post(request, post_id))


@login_required
@require_POST
def product_comment(request, product_id: int):
    return _create(request, product=visible_product(request, product_id))


def _visible_comment(request, comment_id: int):
    comment = comment_for_viewer(comment_id=comment_id, viewer=viewer(request))
    if comment is None:
        raise Http404
    return comment


def _gone(request, comment, message: str):
    """After a delete or hide: htmx removes the comment (and refreshes the post's counters);
    without JavaScript the page comes back with a message."""
    if is_htmx(request):
        if comment.post_id:
            context = {
                "card": post_card(request, visible_post(request, comment.post_id)),
                "next": page_path(request),
            }
            return render_page(request, "social/comments.html", context, partial="removed")
        return HttpResponse("")
    messages.success(request, message)
    return back(request, (comment.post or comment.product).get_absolute_url() + "#comments")


@login_required
@require_POST
def comment_delete(request, comment_id: int):
    comment = _visible_comment(request, comment_id)
    try:
        comment_services.comment_delete(user=request.user, comment=comment)
    except DomainError as exc:
        return refused(request, exc, (comment.post or comment.product).get_absolute_url())
    return _gone(request, comment, _("Your comment is deleted."))


@login_required
@require_POST
def comment_hide(request, comment_id: int):
    comment = _visible_comment(request, comment_id)
    hidden = request.POST.get("hidden", "1") != "0"
    try:
        comment_services.comment_hide(user=request.user, comment=comment, hidden=hidden)
    except DomainError as exc:
        return refused(request, exc, (comment.post or comment.product).get_absolute_url())
    return _gone(request, comment, _("The comment is hidden."))
