"""Browse API: the category tree with counts, and a category's products with the shared
filters and sorts (`?min_price=&max_price=&in_stock=&shop=&sort=&cursor=&limit=`).

`GET /categories` keeps the shape and operation id it had in catalog (a JSON array of every
category, `id`, `name`, `slug`, `path`, `parent_id`), now in tree order (a parent, then its
children by name) and with `depth`, `product_count` (subcategories included) and `url`."""

from functools import partial
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from ninja import Query, Router
from pydantic import Field

from agora.catalog.schemas import CategoryOut, ProductOut
from agora.core.api import errors
from agora.core.auth import OptionalBearerToken
from agora.core.errors import InvalidInput, NotFound
from agora.core.pagination import CursorPagination, Listing, paginate_unvalidated
from agora.core.schemas import Schema
from agora.core.urls_util import absolute_url
from agora.core.viewer import viewer
from agora.discovery.selectors import browse

router = Router(tags=["discovery"])


class CategoryNodeOut(CategoryOut):
    depth: int
    product_count: int = Field(description="Active products in the category and its subcategories.")
    url: str


class BrowseFilters(Schema):
    min_price: str | None = Field(None, description="Lowest price in major units (20 = 20.00).")
    max_price: str | None = Field(None, description="Highest price in major units.")
    in_stock: str | None = Field(None, description="`true`: only products available now.")
    shop: str | None = Field(None, description="A shop's handle.")
    sort: str | None = Field(None, description="popular (default), newest, price_asc, price_desc.")


def _node_out(node: browse.CategoryNode) -> dict[str, Any]:
    category = node.category
    index = browse.catalog_index()
    path = [*(c.display_name for c in index.ancestors(category)), category.display_name]
    return {
        "id": category.pk,
        "name": category.display_name,
        "slug": category.slug,
        "path": " › ".join(path),
        "parent_id": category.parent_id,
        "depth": node.depth,
        "product_count": node.product_count,
        "url": absolute_url(reverse("discovery_web:category", args=[category.slug])),
    }


@router.get(
    "/categories",
    auth=None,
    response=list[CategoryNodeOut],
    tags=["catalog"],
    operation_id="agora_catalog_api_category_list",
)
def category_list(request: HttpRequest) -> list[dict[str, Any]]:
    """Every category in tree order, with its product count (subcategories included)."""
    return [_node_out(node) for node in browse.flatten(browse.category_tree())]


@router.get(
    "/categories/{slug}/products",
    auth=OptionalBearerToken(),
    response={200: list[ProductOut], **errors(401, 404, 422)},
)
# The items are ProductOut's shape by construction (`product_out_of`), written unvalidated.
@paginate_unvalidated(CursorPagination)
def category_products(request: HttpRequest, slug: str, filters: Query[BrowseFilters]) -> Listing:
    """The category's products (its subcategories' too), filtered and sorted."""
    category = browse.category_by_slug(slug)
    if category is None:
        raise NotFound("No such category.")
    params = {k: v for k, v in filters.dict().items() if v is not None}
    parsed = browse.product_query_from(params, category=category)
    if parsed.errors:
        raise InvalidInput("Check the filters.", fields={k: [v] for k, v in parsed.errors.items()})
    return Listing(
        partial(browse.products_page, parsed.query, viewer=viewer(request), details="json")
    )
