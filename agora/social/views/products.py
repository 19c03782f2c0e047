"""The product page's social parts: like, share, comments and "From the community" (posts that
tag the product, featured and photos first; the shop features or hides each)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from agora.core.errors import DomainError
from agora.core.viewer import viewer
from agora.social.selectors.community import community_page
from agora.social.services import reactions
from agora.social.services.community import community_place
from agora.social.views import _cards, _fragments, _queries
from agora.social.views._common import (
    back,
    is_htmx,
    limit,
    page_path,
    record_view,
    refused,
    render_page,
)
from agora.social.views.comments import visible_product
from agora.social.views.posts import comment_threads, share_response

COMMUNITY_SIZE = 12


def product_social(request, product, *, manager: bool | None = None) -> dict:
    """Everything the product page's social section shows. Also records the page view: the
    section renders once per full page (never for the page's htmx fragments). `manager`:
    whether the viewer manages the product's shop, when the page already knows."""
    me = viewer(request)
    page = community_page(
        product=product, viewer=me, limit=COMMUNITY_SIZE, details=False, manager=manager
    )
    threads, next_comments = comment_threads(product=product, viewer=me)
    record_view(request, object_type="product", object_id=product.pk, shop_id=product.shop_id)
    return {
        "product": product,
        "community": _fragments.fill_community_tiles(
            [_community_card(p, page.facts, me) for p in page.items]
        ),
        "curator": page.manager,
        "social": _facts(request, product),
        "threads": threads,
        "next_comments": next_comments,
        "target": product,
        "target_kind": "product",
        "can_hide": page.manager,
        "signed_in": me is not None,
        "next": request.get_full_path(),
    }


def _community_card(post, facts, me) -> _cards.PostCard:
    card = _cards.card(post, facts=facts, viewer=me, products=False)
    card.community_state = post.community_state
    return card


def _facts(request, product) -> dict:
    """The product's counters and the viewer's like, read once per request (the buy box and
    the community section both show them)."""
    memo = request.__dict__.setdefault("_agora_product_social", {})
    if product.pk not in memo:
        memo[product.pk] = _queries.product_social_facts(product=product, user=viewer(request))
    return memo[product.pk]


def product_actions(request, product) -> dict:
    return {
        "product": product,
        "social": _facts(request, product),
        "signed_in": request.user.is_authenticated,
        "next": page_path(request),
    }


def _like(request, product_id: int, *, on: bool):
    product = visible_product(request, product_id)
    try:
        if on:
            limit(request, "like")
            reactions.product_like_set(user=request.user, product=product, source="web")
        else:
            reactions.product_like_unset(user=request.user, product=product)
    except DomainError as exc:
        return refused(request, exc, product.get_absolute_url())
    if is_htmx(request):
        request.__dict__.pop("_agora_product_social", None)  # read the new count
        context = product_actions(request, product)
        return render_page(request, "social/product_actions.html", context, partial="like")
    return back(request, product.get_absolute_url())


@login_required
@require_POST
def product_like(request, product_id: int):
    return _like(request, product_id, on=True)


@login_required
@require_POST
def product_unlike(request, product_id: int):
    return _like(request, product_id, on=False)


@login_required
@require_POST
def product_share(request, product_id: int):
    product = visible_product(request, product_id)
    title = _("Share %(product)s") % {"product": product.title}
    return share_response(
        request, title=title, back_url=product.get_absolute_url(), product=product
    )


@login_required
@require_POST
def community_curate(request, product_id: int, post_id: int):
    """The shop features, hides or resets a community post on its product page."""
    product = visible_product(request, product_id)
    state = request.POST.get("state", "")
    try:
        community_place(user=request.user, product=product, post_id=post_id, state=state)
    except DomainError as exc:
        return refused(request, exc, product.get_absolute_url())
    labels = {
        "featured": _("The post is featured on the product page."),
        "hidden": _("The post is hidden from the product page."),
        "none": _("The post is back in the community list."),
    }
    messages.success(request, labels[state])
    return back(request, product.get_absolute_url() + "#community")
