"""A page of posts' media and product tags, loaded in three written-out statements.

Every page of post cards needs each post's media and tagged products (with shop, availability
and cover). Through `prefetch_related` that cost more to compile and to build than to run, on
every page; here the statements are written once and the rows become the same model instances
(`post.post_media.all()`, `post.product_tags.all()`, each product with `shop`, `available` and
`cover_candidates`), through the database's own converters, so callers see no difference:

1. post media joined to their assets;
2. product tags joined to product and shop, with each product's availability;
3. the products' cover candidates (catalog's `product_cover_candidates`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from django.db import connections, router
from django.db.models import Model
from django.db.models.query import ModelIterable
from django.db.models.sql import Query

from agora.catalog.models import Product, Variant
from agora.catalog.selectors import product_cover_candidates
from agora.media.models import MediaAsset
from agora.shops.models import Shop
from agora.social.models import Post, PostMedia, PostProduct

if TYPE_CHECKING:
    from django.db.models import QuerySet


def _columns(model: type[Model], alias: str) -> str:
    return ", ".join(f"{alias}.{f.column}" for f in model._meta.concrete_fields)


class _Reader:
    """Turns slices of a row into model instances, with the backend's converters (dates and
    JSON from SQLite's text, for example)."""

    def __init__(self, using: str, *models: type[Model]) -> None:
        connection = connections[using]
        compiler = connection.ops.compiler("SQLCompiler")(Query(models[0]), connection, using)
        self.using = using
        self.compiler = compiler
        self.plan = []
        start = 0
        for model in models:
            fields = model._meta.concrete_fields
            cols: list[Any] = [f.get_col(model._meta.db_table) for f in fields]
            converters = compiler.get_converters(cols)
            names = [f.attname for f in fields]
            self.plan.append((model, start, start + len(fields), names, converters))
            start += len(fields)
        self.width = start

    def read(self, row: tuple) -> list[Any]:
        out: list[Any] = []
        for model, start, end, names, converters in self.plan:
            values = list(row[start:end])
            if converters:
                values = next(iter(self.compiler.apply_converters([values], converters)))
            out.append(model.from_db(self.using, names, values))
        return [*out, *row[self.width :]]


@lru_cache(maxsize=16)
def _reader(using: str, *models: type[Model]) -> _Reader:
    return _Reader(using, *models)


def _placeholders(ids: list[int]) -> str:
    return ", ".join(["%s"] * len(ids))


# Names come from the models' own metadata; every value is a parameter.
_MEDIA_SQL = """
SELECT {links}, {media} FROM {link_table} pm JOIN {media_table} m ON m.id = pm.media_id
WHERE pm.post_id IN ({ids}) ORDER BY pm.position, pm.id
"""
_TAGS_SQL = """
SELECT {tags}, {products}, {shops},
    COALESCE((SELECT SUM(CASE WHEN v.stock > v.reserved THEN v.stock - v.reserved ELSE 0 END)
              FROM {variant_table} v WHERE v.product_id = p.id), 0)
FROM {tag_table} pp JOIN {product_table} p ON p.id = pp.product_id
JOIN {shop_table} s ON s.id = p.shop_id
WHERE pp.post_id IN ({ids}) ORDER BY pp.position, pp.id
"""


def _media_of(using: str, ids: list[int]) -> dict[int, list[PostMedia]]:
    sql = _MEDIA_SQL.format(
        links=_columns(PostMedia, "pm"),
        media=_columns(MediaAsset, "m"),
        link_table=PostMedia._meta.db_table,
        media_table=MediaAsset._meta.db_table,
        ids=_placeholders(ids),
    )
    reader = _reader(using, PostMedia, MediaAsset)
    found: dict[int, list[PostMedia]] = {}
    with connections[using].cursor() as cursor:
        cursor.execute(sql, ids)
        for row in cursor.fetchall():
            link, media = reader.read(row)
            link.media = media
            found.setdefault(link.post_id, []).append(link)
    return found


def _tags_of(using: str, ids: list[int]) -> dict[int, list[PostProduct]]:
    sql = _TAGS_SQL.format(
        tags=_columns(PostProduct, "pp"),
        products=_columns(Product, "p"),
        shops=_columns(Shop, "s"),
        variant_table=Variant._meta.db_table,
        tag_table=PostProduct._meta.db_table,
        product_table=Product._meta.db_table,
        shop_table=Shop._meta.db_table,
        ids=_placeholders(ids),
    )
    reader = _reader(using, PostProduct, Product, Shop)
    found: dict[int, list[PostProduct]] = {}
    with connections[using].cursor() as cursor:
        cursor.execute(sql, ids)
        rows = cursor.fetchall()
    for row in rows:
        tag, product, shop, available = reader.read(row)
        product.shop = shop
        product.available = int(available or 0)
        tag.product = product
        found.setdefault(tag.post_id, []).append(tag)
    products = {t.product.pk: t.product for tags in found.values() for t in tags}
    covers: dict[int, list[MediaAsset]] = {}
    for media in product_cover_candidates(products):
        covers.setdefault(media.product_id, []).append(media)  # type: ignore[attr-defined]
    for tags in found.values():
        for tag in tags:
            tag.product.cover_candidates = covers.get(tag.product_id, [])  # type: ignore[attr-defined]
    return found


def _cached(model: type[Model], rows: list, using: str) -> QuerySet:
    """A queryset that answers from `rows`, as `prefetch_related` leaves one."""
    qs = model._default_manager.db_manager(using).all()
    qs._result_cache = rows
    qs._prefetch_done = True  # type: ignore[attr-defined]
    return qs


def attach_details(posts: Iterable[Post | None], *, products: bool = True) -> None:
    """Fills each post's `post_media` (and `product_tags` unless `products` is False) as
    `prefetch_related` would: two to three queries for the whole page, none without posts."""
    page = [p for p in posts if p is not None]
    if not page:
        return
    using = page[0]._state.db or router.db_for_read(Post)
    ids = sorted({p.pk for p in page})
    media = _media_of(using, ids)
    tags = _tags_of(using, ids) if products else {}
    for post in page:
        cache = post.__dict__.setdefault("_prefetched_objects_cache", {})
        cache["post_media"] = _cached(PostMedia, media.get(post.pk, []), using)
        if products:
            cache["product_tags"] = _cached(PostProduct, tags.get(post.pk, []), using)


class DetailsIterable(ModelIterable):
    """Posts of a queryset with their media and product tags attached (`with_details`)."""

    def __iter__(self) -> Iterator[Post]:
        rows = list(super().__iter__())
        attach_details(rows)
        yield from rows


class MediaIterable(ModelIterable):
    """Posts of a queryset with their media attached (`with_media`)."""

    def __iter__(self) -> Iterator[Post]:
        rows = list(super().__iter__())
        attach_details(rows, products=False)
        yield from rows
