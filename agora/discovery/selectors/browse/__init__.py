"""Browsing products: category pages, shop pages and product search share one way to ask for
products (`query`: filters and sorts from a query string), one category tree with its counts
(`tree`, cached) and one keyset pager (`pages`: a deep page costs what the first does, read
as plain rows for the listings). Everything is importable from here."""

from agora.discovery.selectors.browse.pages import (
    Details,
    filtered_products,
    products_page,
)
from agora.discovery.selectors.browse.query import (
    DEFAULT_SORT,
    MAX_PRICE,
    SORTS,
    Parsed,
    ProductQuery,
    product_query_from,
)
from agora.discovery.selectors.browse.tree import (
    INDEX_CACHE_KEY,
    CatalogIndex,
    CategoryNode,
    catalog_index,
    catalog_index_forget,
    category_and_descendants,
    category_by_slug,
    category_shops,
    category_tree,
    flatten,
)

__all__ = [
    "DEFAULT_SORT",
    "INDEX_CACHE_KEY",
    "MAX_PRICE",
    "SORTS",
    "CatalogIndex",
    "CategoryNode",
    "Details",
    "Parsed",
    "ProductQuery",
    "catalog_index",
    "catalog_index_forget",
    "category_and_descendants",
    "category_by_slug",
    "category_shops",
    "category_tree",
    "filtered_products",
    "flatten",
    "product_query_from",
    "products_page",
]
