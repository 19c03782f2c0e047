"""The product page's reviews: the summary (average, count, distribution bars), a strip of the
reviewers' photos, the most helpful few reviews with "See all N reviews", and "Write a review".

Cached with core.fragments per (product, reviews version, rating, language; and whether the
viewer manages the shop, who gets a reply form): the product row the page reads anyway carries
the version (`Product.reviews_version`, moved by every review write), so a warm part costs no
query. Per viewer, as slots: the CSRF token, the page's address, and each review's "helpful"
button state (one query for a signed-in viewer when reviews are shown). Afresh: three queries
(the reviews with their details, their photos, the photo strip), none without reviews.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.template.loader import render_to_string
from django.utils.html import escape
from django.utils.safestring import SafeString

from agora.community.selectors.reviews import helped_among, photo_strip, reviews_page
from agora.core import fragments

if TYPE_CHECKING:
    from django.http import HttpRequest

    from agora.catalog.models import Product

SHOWN = 3  # reviews on the product page
STRIP = 8  # photos in the strip
_LETTERS = str.maketrans("0123456789", "abcdefghij")
_DIGITS = str.maketrans("abcdefghij", "0123456789")


def helpful_slot(review_id: int) -> str:
    """The slot name of a review's "helpful" button state (slot names are letters only)."""
    return "hv_" + str(review_id).translate(_LETTERS)


def helpful_attrs(helped: bool) -> SafeString:
    """The "helpful" button's value and state: a vote to take back, or one to give."""
    return SafeString(
        ' value="0" aria-pressed="true"' if helped else ' value="1" aria-pressed="false"'
    )


def _helpful_ids(names: set[str]) -> list[int]:
    return [int(n[3:].translate(_DIGITS)) for n in names if n.startswith("hv_")]


def reviews_html(
    request: HttpRequest, product: Product, *, viewer_id: int, manager: bool = False
) -> SafeString:
    """The reviews section of the product page for this viewer (see the module)."""
    key = (
        product.pk,
        product.reviews_version,
        product.rating_count,
        product.rating_sum,
        manager,
        product.shop.handle,
        product.slug,
    )

    def render(slots: fragments.Slots) -> dict[str, str]:
        reviews: list = []
        strip: list = []
        if product.rating_count:
            reviews = reviews_page(product=product, sort="helpful", limit=SHOWN).items
            strip = photo_strip(product=product, limit=STRIP)
        context = {
            "product": product,
            "rating": product.rating,
            "reviews": [(r, slots[helpful_slot(r.pk)]) for r in reviews],
            "strip": strip,
            "manager": manager,
            "csrf_token": slots["csrf"],
            "next": slots["next"],
        }
        return {"html": render_to_string("community/reviews/_product_section.html", context)}

    part = fragments.cached("product-reviews:1", key, render)["html"]
    ids = _helpful_ids(part.slot_names)
    helped = helped_among(viewer=request.user, review_ids=ids) if viewer_id and ids else set()
    states = {helpful_slot(i): helpful_attrs(i in helped) for i in ids}
    return part.fill(
        states, csrf=fragments.csrf_token(request), next=escape(request.get_full_path())
    )
