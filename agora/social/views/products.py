"""The product page's social actions: like, share, and the shop's curation of "From the
community" (posts that tag the product, featured and photos first; the shop features or hides
each). The parts the page shows are built in `social.parts`."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from agora.core.errors import DomainError
from agora.social.parts import forget_product_facts, product_actions
from agora.social.services import reactions
from agora.social.services.community import community_place
from agora.social.views._common import back, is_htmx, limit, refused, render_page
from agora.social.views.comments import visible_product
from agora.social.views.posts import share_response


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
        forget_product_facts(request)  # read the new count
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
