"""Search: GET /search?q=&type=products|posts|people|shops|tags (`kind` is an alias), with
product filters (`shop`, `category`, `min_price`, `max_price`, `in_stock`) and `sort`
(`relevance`, `newest`; products also `popular`, `price_asc`, `price_desc`). Items have the
shape their kind has everywhere else in the API."""

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router
from ninja.pagination import paginate
from pydantic import Field, RootModel

from agora.accounts.schemas import UserOut
from agora.catalog.schemas import ProductOut, product_out
from agora.core.api import errors
from agora.core.auth import OptionalBearerToken
from agora.core.errors import InvalidInput
from agora.core.pagination import CursorPagination, Listing, Page
from agora.core.schemas import Schema
from agora.core.viewer import viewer
from agora.discovery.selectors.search import search_page, search_query_from
from agora.shops.schemas import ShopOut
from agora.social.api.posts import posts_out
from agora.social.api.tags import TagOut, _tag_out
from agora.social.schemas import PostOut

router = Router(tags=["discovery"])


class SearchParams(Schema):
    q: str | None = Field(None, description="The words to look for (at most 200 characters).")
    type: str | None = Field(None, description="products (default), posts, people, shops, tags")
    kind: str | None = Field(None, description="An alias of `type`.")
    sort: str | None = Field(
        None,
        description="relevance (default with words), newest; products also popular, "
        "price_asc, price_desc",
    )
    shop: str | None = Field(None, description="Products: a shop's handle.")
    category: str | None = Field(None, description="Products: a category's slug (and below).")
    min_price: str | None = Field(None, description="Products: in major units.")
    max_price: str | None = Field(None, description="Products: in major units.")
    in_stock: str | None = Field(None, description="Products: true for those in stock.")


class SearchResult(RootModel[ProductOut | PostOut | UserOut | ShopOut | TagOut]):
    """One result: a product, post, person, shop or hashtag in the shape it has everywhere
    else in the API (which one follows the search's `type`)."""


def _items(kind: str, me: Any, page: Page) -> list[dict[str, Any]]:
    if kind == "products":
        return [product_out(p) for p in page.items]
    if kind == "posts":
        return posts_out(me, page)
    if kind == "people":
        return [UserOut.from_user(u) for u in page.items]
    if kind == "shops":
        return [ShopOut.from_shop(s) for s in page.items]
    return [_tag_out(t) for t in page.items]


@router.get(
    "/search",
    auth=OptionalBearerToken(),
    response={200: list[SearchResult], **errors(401, 422)},
)
@paginate(CursorPagination)
def search(request: HttpRequest, params: Query[SearchParams]) -> Listing:
    parsed = search_query_from(params.dict(exclude_none=True))
    if parsed.errors:
        first = next(iter(parsed.errors))
        raise InvalidInput(
            f"Invalid value for {first}.", fields={k: [v] for k, v in parsed.errors.items()}
        )
    me = viewer(request)

    def page(*, cursor: str | None, limit: int) -> Page:
        return search_page(parsed.query, viewer=me, cursor=cursor, limit=limit)

    return Listing(page, out=lambda p: _items(parsed.query.kind, me, p))
