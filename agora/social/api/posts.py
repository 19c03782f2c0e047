"""Social API: posts, feed, likes, reposts, comments, follows."""

from functools import partial

from django.conf import settings
from django.http import HttpRequest
from ninja import Router, Status
from ninja.pagination import paginate
from pydantic import Field

from agora.accounts.models import User
from agora.core.api import errors
from agora.core.auth import OptionalBearerToken, api_user
from agora.core.errors import NotFound
from agora.core.pagination import CursorPagination, Listing, Page, paginate_unvalidated
from agora.core.ratelimit import enforce
from agora.core.schemas import Id, LongText, Schema
from agora.core.viewer import viewer
from agora.social import schemas
from agora.social.models import Comment, Post
from agora.social.post_json import feed_json
from agora.social.selectors import comments as comment_selectors
from agora.social.selectors import graph as graph_selectors
from agora.social.selectors import posts as post_selectors
from agora.social.selectors.feed_rows import feed_rows
from agora.social.services import comments as comment_services
from agora.social.services import follows as follow_services
from agora.social.services import posts as post_services
from agora.social.services import reactions

router = Router(tags=["social"])


class CommentIn(Schema):
    text: LongText = Field(max_length=10000)
    parent_id: Id | None = None


class CommentOut(Schema):
    id: int
    author: schemas.ActorOut
    text: str
    html: str
    parent_id: int | None
    hidden: bool
    created_at: str


class HideIn(Schema):
    hidden: bool = True


class FollowIn(Schema):
    handle: str = Field(max_length=31)


class FollowOut(Schema):
    handle: str
    following: bool


def _post_or_404(request: HttpRequest, post_id: int) -> Post:
    post = post_selectors.post_for_viewer(post_id=post_id, viewer=viewer(request))
    if post is None:
        raise NotFound("No such post.")
    return post


def _post_light_or_404(request: HttpRequest, post_id: int) -> Post:
    post = post_selectors.post_for_action(post_id=post_id, viewer=viewer(request))
    if post is None:
        raise NotFound("No such post.")
    return post


def _post_out(request: HttpRequest, post: Post) -> dict:
    me = viewer(request)
    facts = post_selectors.viewer_facts(viewer=me, post_ids=[post.pk])
    polls = post_selectors.post_polls(posts=[post], viewer=me)
    disclosures = post_selectors.post_disclosures(posts=[post])
    return schemas.post_out(
        post,
        liked=post.pk in facts.liked,
        reposted=post.pk in facts.reposted,
        poll=polls.get(post.pk),
        disclosure=disclosures.get(post.pk),
    )


def posts_out(me: User | None, page: Page) -> list[dict]:
    """A page of posts as `PostOut`s, with what `me` liked and reposted among them (one query
    each for the whole page), their polls and their disclosures (one more each when the page
    has any)."""
    facts = post_selectors.viewer_facts(viewer=me, post_ids=[p.pk for p in page.items])
    polls = post_selectors.post_polls(posts=page.items, viewer=me)
    disclosures = post_selectors.post_disclosures(posts=page.items)
    return [
        schemas.post_out(
            p,
            liked=p.pk in facts.liked,
            reposted=p.pk in facts.reposted,
            poll=polls.get(p.pk),
            disclosure=disclosures.get(p.pk),
        )
        for p in page.items
    ]


# --- posts ---------------------------------------------------------------------------------
@router.post("/posts", response={201: schemas.PostOut, **errors(400, 401, 403, 422, 429)})
def post_create(request: HttpRequest, payload: schemas.PostIn) -> Status[dict]:
    enforce(request, group="post", key="user", rate=settings.AGORA_RATES["post"])
    post = post_services.post_create(user=api_user(request), **payload.dict())
    return Status(201, _post_out(request, _post_or_404(request, post.pk)))


@router.get(
    "/posts/{post_id}",
    auth=OptionalBearerToken(),
    response={200: schemas.PostOut, **errors(401, 404)},
)
def post_detail(request: HttpRequest, post_id: Id) -> dict:
    return _post_out(request, _post_or_404(request, post_id))


@router.patch(
    "/posts/{post_id}", response={200: schemas.PostOut, **errors(400, 401, 403, 404, 422)}
)
def post_update(request: HttpRequest, post_id: Id, payload: schemas.PostPatch) -> dict:
    post = _post_light_or_404(request, post_id)
    post_services.post_update(user=api_user(request), post=post, **payload.dict(exclude_unset=True))
    return _post_out(request, _post_or_404(request, post_id))


@router.delete("/posts/{post_id}", response={204: None, **errors(401, 403, 404)})
def post_delete(request: HttpRequest, post_id: Id) -> Status[None]:
    post_services.post_delete(user=api_user(request), post=_post_light_or_404(request, post_id))
    return Status(204, None)


# --- feed ----------------------------------------------------------------------------------
@router.get("/feed", response={200: list[schemas.FeedItemOut], **errors(401)})
@paginate_unvalidated(CursorPagination)
def feed(request: HttpRequest) -> Listing:
    # Read as rows, each post's JSON cached (social.post_json) and written without validation:
    # tests check the real answers against the published FeedItemOut.
    me = api_user(request)
    return Listing(partial(feed_rows, user=me), out=partial(feed_json, viewer=me))


# --- likes and reposts ----------------------------------------------------------------------
@router.post("/posts/{post_id}/like", response={200: schemas.ReactionOut, **errors(401, 404, 429)})
def like(request: HttpRequest, post_id: Id) -> dict:
    enforce(request, group="like", key="user", rate=settings.AGORA_RATES["like"])
    # The visibility check (404) is part of the like's own insert: no post read first.
    count, active = reactions.like_set_visible(user=api_user(request), post_id=post_id)
    return {"count": count, "active": active}


@router.delete("/posts/{post_id}/like", response={200: schemas.ReactionOut, **errors(401, 404)})
def unlike(request: HttpRequest, post_id: Id) -> dict:
    count, active = reactions.like_unset_visible(user=api_user(request), post_id=post_id)
    return {"count": count, "active": active}


@router.post(
    "/posts/{post_id}/repost", response={200: schemas.ReactionOut, **errors(401, 404, 409, 429)}
)
def repost(request: HttpRequest, post_id: Id) -> dict:
    enforce(request, group="like", key="user", rate=settings.AGORA_RATES["like"])
    count, active = reactions.repost_set(
        user=api_user(request), post=_post_light_or_404(request, post_id)
    )
    return {"count": count, "active": active}


@router.delete("/posts/{post_id}/repost", response={200: schemas.ReactionOut, **errors(401, 404)})
def unrepost(request: HttpRequest, post_id: Id) -> dict:
    count, active = reactions.repost_unset(
        user=api_user(request), post=_post_light_or_404(request, post_id)
    )
    return {"count": count, "active": active}


# --- comments --------------------------------------------------------------------------------


@router.get(
    "/posts/{post_id}/comments",
    auth=OptionalBearerToken(),
    response={200: list[CommentOut], **errors(401, 404)},
)
@paginate(CursorPagination, newest_first=False)
def comment_list(request: HttpRequest, post_id: Id) -> Listing:
    post = _post_light_or_404(request, post_id)
    rows = comment_selectors.comments_for(post=post, viewer=viewer(request))
    return Listing(rows, each=schemas.comment_out)


@router.post(
    "/posts/{post_id}/comments", response={201: CommentOut, **errors(400, 401, 403, 404, 422, 429)}
)
def comment_create(request: HttpRequest, post_id: Id, payload: CommentIn) -> Status[dict]:
    enforce(request, group="comment", key="user", rate=settings.AGORA_RATES["comment"])
    comment = comment_services.comment_create(
        user=api_user(request),
        post=_post_light_or_404(request, post_id),
        text=payload.text,
        parent_id=payload.parent_id,
    )
    return Status(201, schemas.comment_out(comment_selectors.comment_by_id(comment.pk)))


def _comment_or_404(request: HttpRequest, comment_id: int) -> Comment:
    comment = comment_selectors.comment_for_viewer(comment_id=comment_id, viewer=viewer(request))
    if comment is None:
        raise NotFound("No such comment.")
    return comment


@router.delete("/comments/{comment_id}", response={204: None, **errors(401, 403, 404)})
def comment_delete(request: HttpRequest, comment_id: Id) -> Status[None]:
    comment_services.comment_delete(
        user=api_user(request), comment=_comment_or_404(request, comment_id)
    )
    return Status(204, None)


@router.post("/comments/{comment_id}/hide", response={200: CommentOut, **errors(401, 403, 404)})
def comment_hide(request: HttpRequest, comment_id: Id, payload: HideIn) -> dict:
    comment = comment_services.comment_hide(
        user=api_user(request), comment=_comment_or_404(request, comment_id), hidden=payload.hidden
    )
    return schemas.comment_out(comment_selectors.comment_by_id(comment.pk))


# --- follows -------------------------------------------------------------------------------
@router.post(
    "/follows", response={201: FollowOut, 200: FollowOut, **errors(400, 401, 403, 404, 422, 429)}
)
def follow(request: HttpRequest, payload: FollowIn) -> Status[dict]:
    enforce(request, group="follow", key="user", rate=settings.AGORA_RATES["follow"])
    follow_row, created = follow_services.follow_create(
        user=api_user(request), handle=payload.handle
    )
    return Status(201 if created else 200, {"handle": follow_row.target.name, "following": True})


@router.delete("/follows/{handle}", response={200: FollowOut, **errors(401, 404)})
def unfollow(request: HttpRequest, handle: str) -> dict:
    follow_services.follow_delete(user=api_user(request), handle=handle)
    return {"handle": handle.lstrip("@"), "following": False}


@router.get(
    "/actors/{handle}/followers",
    auth=OptionalBearerToken(),
    response={200: list[schemas.ActorOut], **errors(401, 404)},
)
@paginate(CursorPagination)
def followers(request: HttpRequest, handle: str) -> Listing:
    return Listing(partial(graph_selectors.followers_page, handle=handle), each=schemas.actor_out)


@router.get(
    "/actors/{handle}/following",
    auth=OptionalBearerToken(),
    response={200: list[schemas.ActorOut], **errors(401, 404)},
)
@paginate(CursorPagination)
def following(request: HttpRequest, handle: str) -> Listing:
    return Listing(partial(graph_selectors.following_page, handle=handle), each=schemas.actor_out)


@router.get(
    "/actors/{handle}/posts",
    auth=OptionalBearerToken(),
    response={200: list[schemas.PostOut], **errors(401, 404)},
)
@paginate(CursorPagination)
def actor_posts(request: HttpRequest, handle: str) -> Listing:
    actor = graph_selectors.actor_by_handle(handle)
    if actor is None:
        raise NotFound("No such person or shop.")
    me = viewer(request)
    rows = post_selectors.posts_by_actor(actor_id=actor.pk, viewer=me)
    return Listing(rows, out=partial(posts_out, me))
