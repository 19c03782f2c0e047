"""The category tree and its counts (`catalog_index`): read in three queries and kept in the
cache for a minute (a product change drops them at once, for every process). Each process
also keeps the copy it last read, used while the cache's small stamp for it is unchanged: a
page that reads the index several times, or many pages in a row, unpickle it once; within one
request the stamp is read once (a page asks for the index up to five times)."""

from __future__ import annotations

import secrets
import threading
from dataclasses import dataclass, field

from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.db import transaction
from django.db.models import Count

from agora.catalog.models import Category, Product
from agora.shops.models import Shop

INDEX_CACHE_KEY = "discovery:browse:index:v4"
INDEX_STAMP_KEY = "discovery:browse:index-stamp:v1"
INDEX_SECONDS = 60


@dataclass
class CatalogIndex:
    """Every category (by id, with its children by name) and how many products each holds,
    per shop: active products of active shops, counted in their own category only."""

    categories: dict[int, Category]
    children: dict[int | None, list[int]]
    counts: dict[int, dict[int, int]]  # category id -> {shop id: products}
    shops: dict[int, tuple[str, str]]  # shop id -> (handle, name), shops with products
    by_slug: dict[str, int] = field(default_factory=dict)  # slug -> category id
    # shop id -> its active products, those without a category too (shops with products)
    shop_sizes: dict[int, int] = field(default_factory=dict)

    def descendants(self, category_id: int) -> list[int]:
        """The category and every category below it (guarded against a cycle)."""
        out, todo, seen = [], [category_id], set()
        while todo:
            pk = todo.pop()
            if pk in seen:
                continue
            seen.add(pk)
            out.append(pk)
            todo.extend(self.children.get(pk, []))
        return out

    def count(self, category_id: int, *, shop_id: int | None = None) -> int:
        """Products in the category and below it (of one shop, if given)."""
        total = 0
        for pk in self.descendants(category_id):
            per_shop = self.counts.get(pk, {})
            total += per_shop.get(shop_id, 0) if shop_id is not None else sum(per_shop.values())
        return total

    def size(self, *, category_ids: list[int] | None, shop_id: int | None) -> int:
        """How many active products a listing holds: of one shop, in some categories (each
        counted on its own: pass a category with its descendants), both, or neither."""
        if category_ids is None:
            if shop_id is not None:
                return self.shop_sizes.get(shop_id, 0)
            return sum(self.shop_sizes.values())
        total = 0
        for pk in category_ids:
            per_shop = self.counts.get(pk, {})
            total += per_shop.get(shop_id, 0) if shop_id is not None else sum(per_shop.values())
        return total

    def ancestors(self, category: Category) -> list[Category]:
        """The categories above this one, the root first."""
        out: list[Category] = []
        seen = {category.pk}
        parent = category.parent_id
        while parent is not None and parent not in seen and parent in self.categories:
            seen.add(parent)
            node = self.categories[parent]
            out.append(node)
            parent = node.parent_id
        return out[::-1]


def _build_index() -> CatalogIndex:
    categories = {c.pk: c for c in Category.objects.order_by("name", "pk")}
    for category in categories.values():  # linked, so a path reads no more rows
        if category.parent_id in categories:
            category.parent = categories[category.parent_id]
    children: dict[int | None, list[int]] = {}
    for category in categories.values():  # by name: each parent's children come out sorted
        children.setdefault(category.parent_id, []).append(category.pk)
    inactive = Shop.objects.filter(is_active=False).values("pk")
    rows = (
        Product.objects.filter(status=Product.Status.ACTIVE)
        .exclude(shop_id__in=inactive)
        .values_list("category_id", "shop_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    counts: dict[int, dict[int, int]] = {}
    sizes: dict[int, int] = {}
    for category_id, shop_id, n in rows:
        sizes[shop_id] = sizes.get(shop_id, 0) + n
        if category_id is not None:
            counts.setdefault(category_id, {})[shop_id] = n
    shop_ids = {s for per_shop in counts.values() for s in per_shop}
    shops = {
        pk: (handle, name)
        for pk, handle, name in Shop.objects.filter(pk__in=shop_ids).values_list(
            "pk", "handle", "name"
        )
    }
    by_slug = {category.slug: pk for pk, category in categories.items()}
    return CatalogIndex(
        categories=categories,
        children=children,
        counts=counts,
        shops=shops,
        by_slug=by_slug,
        shop_sizes=sizes,
    )


# Per thread: .kept, the (stamp, index) it last read; .in_request, whether it is serving a
# request; .confirmed, the `kept` pair whose stamp this request has already read.
_LOCAL = threading.local()


def _request_started(**kwargs: object) -> None:
    _LOCAL.in_request, _LOCAL.confirmed = True, None


def _request_finished(**kwargs: object) -> None:
    _LOCAL.in_request, _LOCAL.confirmed = False, None


request_started.connect(_request_started, dispatch_uid="catalog-index-request-started")
request_finished.connect(_request_finished, dispatch_uid="catalog-index-request-finished")


def _keep(pair: tuple[str, CatalogIndex]) -> CatalogIndex:
    _LOCAL.kept = pair
    _LOCAL.confirmed = pair if getattr(_LOCAL, "in_request", False) else None
    return pair[1]


def catalog_index() -> CatalogIndex:
    """The category tree with its counts: three queries, then cached for a minute. One small
    cache read when this thread's copy is still the cache's (same stamp), none for the next
    reads of the same request."""
    kept: tuple[str, CatalogIndex] | None = getattr(_LOCAL, "kept", None)
    confirmed: object = getattr(_LOCAL, "confirmed", None)
    if kept is not None and confirmed is kept:
        return kept[1]
    stamp = cache.get(INDEX_STAMP_KEY)
    if stamp is not None and kept is not None and kept[0] == stamp:
        return _keep(kept)
    found = cache.get(INDEX_CACHE_KEY) if stamp is not None else None
    if found is not None and found[0] == stamp:
        return _keep(found)
    stamp = secrets.token_hex(8)
    index = _build_index()
    cache.set_many({INDEX_CACHE_KEY: (stamp, index), INDEX_STAMP_KEY: stamp}, INDEX_SECONDS)
    return _keep((stamp, index))


def catalog_index_forget() -> None:
    """Drops the cached tree and counts once the current transaction commits (a product was
    written): every process reads them afresh on its next page."""

    def forget() -> None:
        cache.delete_many([INDEX_STAMP_KEY, INDEX_CACHE_KEY])
        _LOCAL.kept = None

    transaction.on_commit(forget)


def category_by_slug(slug: str) -> Category | None:
    """The category with this slug, from the cached tree, or None."""
    index = catalog_index()
    pk = index.by_slug.get(slug)
    return index.categories.get(pk) if pk is not None else None


def category_and_descendants(category: Category) -> list[int]:
    """The ids of a category and every category below it (from the cached tree)."""
    return catalog_index().descendants(category.pk)


@dataclass
class CategoryNode:
    """A category in the tree with its product count (its subcategories included)."""

    category: Category
    depth: int
    product_count: int
    children: list[CategoryNode] = field(default_factory=list)

    @property
    def indent(self) -> str:
        """Dashes that show the depth in a flat list (a select's options)."""
        return "– " * self.depth


def category_tree(
    *, root: Category | None = None, shop: Shop | None = None, non_empty: bool = False
) -> list[CategoryNode]:
    """The categories below `root` (every top-level one by default), each with its children,
    by name, and its product count (of one shop, if given). `non_empty` leaves out the
    categories without products. From the cached index."""
    index = catalog_index()
    shop_id = shop.pk if shop is not None else None

    def nodes(parent: int | None, depth: int, seen: frozenset[int]) -> list[CategoryNode]:
        out = []
        for pk in index.children.get(parent, []):
            if pk in seen:
                continue
            count = index.count(pk, shop_id=shop_id)
            if non_empty and count == 0:
                continue
            node = CategoryNode(index.categories[pk], depth, count)
            node.children = nodes(pk, depth + 1, seen | {pk})
            out.append(node)
        return out

    return nodes(root.pk if root is not None else None, 0, frozenset())


def flatten(tree: list[CategoryNode]) -> list[CategoryNode]:
    """The tree's nodes depth first (a parent, then its children)."""
    out: list[CategoryNode] = []
    for node in tree:
        out.append(node)
        out.extend(flatten(node.children))
    return out


def category_shops(category: Category) -> list[tuple[str, str]]:
    """(handle, name) of the shops with products in the category or below it, by name."""
    index = catalog_index()
    ids = {s for pk in index.descendants(category.pk) for s in index.counts.get(pk, {})}
    return sorted((index.shops[s] for s in ids if s in index.shops), key=lambda s: s[1].lower())
