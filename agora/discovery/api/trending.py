"""Trending: GET /trending?type=products|posts|tags (`kind=` is an alias).

Each item wraps the object in its usual shape, like a feed item wraps its post: `product`
(catalog's product), `post` (social's post) or `tag` (as in `/tags`), the other two null, with
`type` saying which, and `trend`: the score now (the time-decayed count of distinct accounts)
and the number of distinct accounts counted.
"""

from django.http import HttpRequest
from django.urls import reverse
from ninja import Query, Router
from ninja.pagination import paginate
from pydantic import Field

from agora.catalog.schemas import ProductOut, product_out
from agora.core.api import errors
from agora.core.auth import OptionalBearerToken
from agora.core.errors import InvalidInput
from agora.core.pagination import CursorPagination, Listing, Page
from agora.core.schemas import Schema
from agora.core.urls_util import absolute_url
from agora.core.viewer import viewer
from agora.discovery.selectors import trending as selectors
from agora.social.api.posts import posts_out
from agora.social.api.tags import TagOut
from agora.social.schemas import PostOut

router = Router(tags=["discovery"])


class TrendOut(Schema):
    score: float = Field(description="Distinct accounts, each weighed by how recent it is.")
    accounts: int = Field(description="Distinct accounts counted, all time.")


class TrendingItemOut(Schema):
    type: str = Field(description="products, posts or tags: which of the three is set.")
    product: ProductOut | None = None
    post: PostOut | None = None
    tag: TagOut | None = None
    trend: TrendOut


def _trend(row: object) -> dict:
    found = selectors.trend_of(row)
    return {"score": found.score, "accounts": found.accounts}


def _products(page: Page) -> list[dict]:
    return [{"type": "products", "product": product_out(p), "trend": _trend(p)} for p in page.items]


def _tags(page: Page) -> list[dict]:
    return [
        {
            "type": "tags",
            "tag": {
                "name": t.name,
                "post_count": t.post_count,
                "url": absolute_url(reverse("social_web:tag", args=[t.name])),
            },
            "trend": _trend(t),
        }
        for t in page.items
    ]


def _kind(raw: str | None, alias: str | None) -> str:
    value = (raw if raw is not None else alias) or ""
    kind = selectors.trending_kind(value.replace("\x00", ""))
    if kind is None:
        raise InvalidInput.field("type", "Choose one of: products, posts, tags.")
    return kind


@router.get(
    "/trending",
    auth=OptionalBearerToken(),
    response={
        200: list[TrendingItemOut],
        **errors(401, 422),
    },
)
@paginate(CursorPagination)
def trending_list(
    request: HttpRequest,
    type_: str | None = Query(None, alias="type", max_length=40),
    kind: str | None = Query(None, max_length=40),
) -> Listing:
    """What trends now, hottest first: `type` (or `kind`) products (default), posts or tags."""
    chosen = _kind(type_, kind)

    def rows(*, cursor: str | None, limit: int) -> Page:
        return selectors.trending(chosen, cursor=cursor, limit=limit)

    if chosen == "posts":
        me = viewer(request)

        def posts(page: Page) -> list[dict]:
            return [
                {"type": "posts", "post": out, "trend": _trend(post)}
                for out, post in zip(posts_out(me, page), page.items, strict=True)
            ]

        return Listing(rows, out=posts)
    return Listing(rows, out=_products if chosen == "products" else _tags)
