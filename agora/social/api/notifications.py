"""Notifications of the caller: list, groups, mark read, unread count."""

from datetime import datetime
from functools import partial

from django.http import HttpRequest
from ninja import Router
from ninja.pagination import paginate
from pydantic import Field

from agora.accounts.models import User
from agora.core.api import errors
from agora.core.auth import api_user
from agora.core.pagination import CursorPagination, Listing, OnePagePagination
from agora.core.schemas import Id, Schema
from agora.social import schemas
from agora.social.models import Notification
from agora.social.post_json import actor_json
from agora.social.selectors import notifications as selectors
from agora.social.selectors.posts import ViewerFacts, post_disclosures, post_polls
from agora.social.services.notifications import notifications_mark_read

router = Router(tags=["social"])


class NotificationCommentOut(Schema):
    id: int
    text: str


class NotificationOut(Schema):
    id: int
    kind: str
    actor: schemas.ActorOut | None  # null: an anonymous visitor (share clicks)
    post: schemas.PostOut | None
    comment: NotificationCommentOut | None
    url: str  # where it leads, for kinds about a review, a question or a thread ("" otherwise)
    subject: str  # what those name: a product's or a thread's title
    created_at: datetime
    read: bool


class NotificationGroupOut(Schema):
    kind: str
    post_id: int | None
    url: str  # where it leads, for kinds about a review, a question or a thread ("" otherwise)
    actors: list[schemas.ActorOut]
    count: int
    text: str
    latest_at: datetime
    read: bool
    ids: list[int]


class ReadIn(Schema):
    ids: list[Id] | None = Field(None, max_length=1000)


class UnreadOut(Schema):
    unread_count: int


class CountOut(Schema):
    count: int


def _out(
    n: Notification,
    *,
    user: User,
    facts: ViewerFacts,
    polls: dict[int, dict],
    disclosures: dict[int, dict],
) -> dict:
    post = n.post
    return {
        "id": n.pk,
        "kind": n.kind,
        "actor": None if selectors.is_anonymous(n, user) else schemas.actor_out(n.actor),
        "post": schemas.post_out(
            post,
            liked=post.pk in facts.liked,
            reposted=post.pk in facts.reposted,
            poll=polls.get(post.pk),
            disclosure=disclosures.get(post.pk),
        )
        if post is not None
        else None,
        "comment": {"id": n.comment.pk, "text": n.comment.text} if n.comment is not None else None,
        "url": n.url,
        "subject": n.subject,
        "created_at": n.created_at,
        "read": n.read_at is not None,
    }


def _page_out(user: User, page: selectors.NotificationPage) -> list[dict]:
    polls = post_polls(posts=[n.post for n in page.items], viewer=user)
    disclosures = post_disclosures(posts=[n.post for n in page.items])
    return [
        _out(n, user=user, facts=page.facts, polls=polls, disclosures=disclosures)
        for n in page.items
    ]


@router.get("/notifications", response={200: list[NotificationOut], **errors(401)})
@paginate(CursorPagination)
def notification_list(request: HttpRequest) -> Listing:
    me = api_user(request)
    return Listing(partial(selectors.notifications_page, user=me), out=partial(_page_out, me))


def _group_out(g: selectors.NotificationGroup) -> dict:
    return {
        "kind": g.kind,
        "post_id": g.post_id,
        "url": g.url,
        "actors": [actor_json(a) for a in g.actors],
        "count": g.count,
        "text": g.text,
        "latest_at": g.latest_at,
        "read": g.read,
        "ids": g.ids,
    }


@router.get("/notifications/grouped", response={200: list[NotificationGroupOut], **errors(401)})
@paginate(OnePagePagination)
def notification_groups(request: HttpRequest) -> Listing:
    return Listing(partial(selectors.notification_groups, user=api_user(request)), each=_group_out)


@router.post("/notifications/read", response={200: UnreadOut, **errors(400, 401, 422)})
def notification_mark_read(request: HttpRequest, payload: ReadIn | None = None) -> dict:
    """Marks the given ids read (another person's ids are ignored), or all with no ids."""
    ids = payload.ids if payload is not None else None
    me = api_user(request)
    notifications_mark_read(user=me, ids=ids)
    return {"unread_count": selectors.unread_count(me)}


@router.get("/notifications/unread-count", response={200: CountOut, **errors(401)})
def notification_unread_count(request: HttpRequest) -> dict:
    return {"count": selectors.unread_count(api_user(request))}
