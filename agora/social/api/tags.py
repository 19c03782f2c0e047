"""Hashtags: GET /tags, /tags/{tag}, /tags/{tag}/posts."""

from functools import partial

from django.http import HttpRequest
from django.urls import reverse
from ninja import Router
from ninja.pagination import paginate

from agora.core.api import errors
from agora.core.auth import OptionalBearerToken
from agora.core.errors import NotFound
from agora.core.pagination import CursorPagination, Listing, OnePagePagination
from agora.core.schemas import Schema
from agora.core.urls_util import absolute_url
from agora.core.viewer import viewer
from agora.social import schemas
from agora.social.api.posts import posts_out
from agora.social.models import Tag
from agora.social.selectors import tags as tag_selectors

router = Router(tags=["social"])


class TagOut(Schema):
    name: str
    post_count: int
    url: str


def _tag_out(tag: Tag) -> dict:
    return {
        "name": tag.name,
        "post_count": tag.post_count,
        "url": absolute_url(reverse("social_web:tag", args=[tag.name])),
    }


@router.get("/tags", auth=OptionalBearerToken(), response={200: list[TagOut], **errors(401)})
@paginate(OnePagePagination)
def tag_list(request: HttpRequest) -> Listing:
    return Listing(tag_selectors.popular_tags, each=_tag_out)


@router.get("/tags/{tag}", auth=OptionalBearerToken(), response={200: TagOut, **errors(401, 404)})
def tag_detail(request: HttpRequest, tag: str) -> dict:
    found = tag_selectors.tag_by_name(tag)
    if found is None:
        raise NotFound("No such tag.")
    return _tag_out(found)


@router.get(
    "/tags/{tag}/posts",
    auth=OptionalBearerToken(),
    response={200: list[schemas.PostOut], **errors(401)},
)
@paginate(CursorPagination)
def tag_posts(request: HttpRequest, tag: str) -> Listing:
    me = viewer(request)
    return Listing(tag_selectors.tag_posts(name=tag, viewer=me), out=partial(posts_out, me))
