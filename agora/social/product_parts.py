"""Social's parts of the product page as HTML, for the storefront to compose: the like and
share buttons, "From the community" and the comments, each rendered once per version of what
it shows and cached (core.fragments), with the request's own values (CSRF token, the page's
address) filled into slots. The product's counters and the viewer's like come from the page's
product query (`selectors.products.product_facts`).

| function | shows | reads |
| --- | --- | --- |
| `actions_html` | Like (count, liked), Share, "N community posts" | nothing more |
| `community_html` | the first tiles in community order | two prepared queries |
| `comments_html` | the comments and the form | nothing more without comments |
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.template.defaultfilters import urlencode
from django.template.loader import render_to_string
from django.utils.html import escape
from django.utils.safestring import SafeString

from agora.core import fragments
from agora.core.viewer import viewer
from agora.social.selectors.community import TILES, community_page, community_tiles_key
from agora.social.views import _cards, _fragments
from agora.social.views._common import page_path, record_view
from agora.social.views.posts import comment_threads

if TYPE_CHECKING:
    from django.http import HttpRequest

    from agora.catalog.models import Product


def _community_card(post, facts, me) -> _cards.PostCard:
    card = _cards.card(post, facts=facts, viewer=me, products=False)
    card.community_state = post.community_state
    return card


def record_product_view(request: HttpRequest, product: Product) -> None:
    """Counts the page view (buffered): once per full product page."""
    record_view(request, object_type="product", object_id=product.pk, shop_id=product.shop_id)


def actions_html(request: HttpRequest, product: Product, social: dict[str, Any]) -> SafeString:
    """`social/product_actions.html` for the viewer: cached per product, like state and
    counts."""
    signed_in = request.user.is_authenticated
    key = (product.pk, signed_in, social["liked"], social["like_count"], social["post_count"])

    def render(slots: fragments.Slots) -> dict[str, str]:
        context = {
            "product": product,
            "social": social,
            "signed_in": signed_in,
            "next": slots["next"],
            "csrf_token": slots["csrf"],
        }
        return {"html": render_to_string("social/product_actions.html", context)}

    part = fragments.cached("product-actions", key, render)["html"]
    # `next` is a form field for people signed in and a query parameter for visitors.
    path = page_path(request)
    return part.fill(
        csrf=fragments.csrf_token(request), next=escape(path) if signed_in else urlencode(path)
    )


def community_html(
    request: HttpRequest, product: Product, *, manager: bool, viewer_id: int, actor_id: int
) -> SafeString:
    """ "From the community" for the viewer (the shop's managers also see the hidden posts,
    and curate): cached per what the tiles show."""
    me = viewer(request)
    signed_in = me is not None

    def tiles() -> tuple:
        return community_tiles_key(
            product_id=product.pk, viewer_id=viewer_id, actor_id=actor_id, manager=manager
        )

    shown = tiles()

    def render(slots: fragments.Slots) -> dict[str, str]:
        page = community_page(
            product=product, viewer=me, limit=TILES, details=False, manager=manager
        )
        cards = [_community_card(p, page.facts, me) for p in page.items]
        context = {
            "product": product,
            "community": _fragments.fill_community_tiles(cards),
            "curator": manager,
            "signed_in": signed_in,
            "next": slots["next"],
            "csrf_token": slots["csrf"],
        }
        return {"html": render_to_string("social/product_social.html#community", context)}

    key = (product.pk, manager, signed_in, shown)
    found = fragments.cached("product-community", key, render, confirm=lambda: tiles() == shown)
    return found["html"].fill(
        csrf=fragments.csrf_token(request), next=escape(request.get_full_path())
    )


def comments_html(
    request: HttpRequest, product: Product, social: dict[str, Any], *, manager: bool
) -> SafeString:
    """The product's comments and the form: rendered live when there are comments the viewer
    may see (`social["has_comments"]`: their age and the viewer's own buttons change), else
    cached."""
    me = viewer(request)
    signed_in = me is not None
    context: dict[str, Any] = {
        "social": social,
        "target": product,
        "target_kind": "product",
        "can_hide": manager,
    }
    if social["has_comments"]:
        threads, next_comments = comment_threads(product=product, viewer=me)
        context |= {"threads": threads, "next_comments": next_comments}
        context |= {"next": request.get_full_path(), "product": product}
        html = render_to_string("social/product_social.html#comments", context, request=request)
        return SafeString(html)

    def render(slots: fragments.Slots) -> dict[str, str]:
        context.update(
            threads=[],
            next_comments=None,
            user={"is_authenticated": signed_in},
            request={"get_full_path": slots["path"]},
            csrf_token=slots["csrf"],
        )
        return {"html": render_to_string("social/product_social.html#comments", context)}

    key = (product.pk, signed_in, social["comment_count"])
    part = fragments.cached("product-no-comments", key, render)["html"]
    # The sign-in link's `next` (visitors).
    return part.fill(csrf=fragments.csrf_token(request), path=urlencode(request.get_full_path()))
