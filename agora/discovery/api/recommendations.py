"""Discovery API: the caller's "For you" recommendations, each with its reasons."""

from typing import Any

from django.http import HttpRequest
from ninja import Router
from ninja.pagination import paginate

from agora.catalog.schemas import ProductOut, product_out
from agora.catalog.selectors import product_list
from agora.core.api import errors
from agora.core.auth import api_user
from agora.core.pagination import CursorPagination, Listing, Page
from agora.core.schemas import Schema
from agora.discovery.selectors import recommendations as selectors

router = Router()


class ReasonOut(Schema):
    code: str  # follows_shop | posted_by_followed | liked_by_followed | also_liked | ...
    params: dict[str, Any]
    text: str  # the reason as a sentence in the caller's language


class RecommendationOut(Schema):
    product: ProductOut
    reasons: list[ReasonOut]


def _out(page: Page) -> list[dict[str, Any]]:
    # The full product shape: its variants and personalization fields, one query each.
    ids = [r.product.pk for r in page.items]
    products = {p.pk: p for p in product_list().filter(pk__in=ids)}
    return [
        {
            "product": product_out(products[r.product.pk]),
            "reasons": selectors.reasons_out(r.reasons),
        }
        for r in page.items
        if r.product.pk in products
    ]


@router.get("/me/recommendations", response={200: list[RecommendationOut], **errors(401, 422)})
@paginate(CursorPagination)
def my_recommendations(request: HttpRequest) -> Listing:
    """Products picked for the caller, best first, each with why: the shops and people they
    follow, likes by people they follow, what people with the same tastes liked, what they
    bought. Never what they bought or sell. Before any were computed: trending, then new."""
    me = api_user(request)

    def page(*, cursor: str | None, limit: int) -> Page:
        return selectors.recommendations_page(user=me, cursor=cursor, limit=limit)

    return Listing(page, out=_out)
