"""Hashtags: GET /tags, /tags/{tag}, /tags/{tag}/posts."""

from __future__ import annotations

from django.urls import reverse
from ninja import Query, Router

from agora.core.api import errors
from agora.core.auth import OptionalBearerToken
from agora.core.errors import NotFound
from agora.core.pagination import LimitParams, PageParams, paginate
from agora.core.schemas import Schema
from agora.core.urls_util import absolute_url
from agora.core.viewer import viewer
from agora.social import schemas
from agora.social.selectors import posts as post_selectors
from agora.social.selectors import tags as tag_selectors

router = Router(tags=["social"])


class TagOut(Schema):
    name: str
    post_count: int
    url: str


class TagPageOut(Schema):
    items: list[TagOut]
    next_cursor: str | None


def _tag_out(tag) -> dict:
    return {
        "name": tag.name,
        "post_count": tag.post_count,
        "url": absolute_url(reverse("social_web:tag", args=[tag.name])),
    }


@router.get("/tags", auth=OptionalBearerToken(), response={200: TagPageOut, **errors(401)})
def tag_list(request, params: Query[LimitParams]):
    tags = tag_selectors.popular_tags(limit=params.limit)
    return {"items": [_tag_out(t) for t in tags], "next_cursor": None}


@router.get("/tags/{tag}", auth=OptionalBearerToken(), response={200: TagOut, **errors(401, 404)})
def tag_detail(request, tag: str):
    found = tag_selectors.tag_by_name(tag)
    if found is None:
        raise NotFound("No such tag.")
    return _tag_out(found)


@router.get(
    "/tags/{tag}/posts",
    auth=OptionalBearerToken(),
    response={200: schemas.PostPageOut, **errors(401)},
)
def tag_posts(request, tag: str, params: Query[PageParams]):
    me = viewer(request)
    page = paginate(
        tag_selectors.tag_posts(name=tag, viewer=me),
        cursor=params.cursor,
        limit=params.limit,
    )
    facts = post_selectors.viewer_facts(viewer=me, post_ids=[p.pk for p in page.items])
    return {
        "items": [
            schemas.post_out(p, liked=p.pk in facts.liked, reposted=p.pk in facts.reposted)
            for p in page.items
        ],
        "next_cursor": page.next_cursor,
    }
