"""The communities API: communities, membership, threads, replies, reactions, follows, and the
pin/lock/solve/hide actions. 404 for what the caller may not see, 403 for what they see but may
not do, 409 for a locked thread or a closed community."""

from django.conf import settings
from django.http import HttpRequest
from ninja import Router, Status
from ninja.pagination import paginate

from agora.community.api.forums_schemas import (
    CommunityIn,
    CommunityOut,
    CommunitySettingsIn,
    ThreadFlagIn,
    ThreadFollowOut,
    ThreadIn,
    ThreadOut,
    ThreadReactionOut,
    ThreadReplyIn,
    ThreadReplyOut,
    community_out,
    reply_out,
    thread_out,
)
from agora.community.models import Community, Reply, Thread
from agora.community.selectors import forums as selectors
from agora.community.services import forums as services
from agora.community.services import forums_threads as thread_services
from agora.core.api import errors
from agora.core.auth import OptionalBearerToken, api_user
from agora.core.errors import NotFound
from agora.core.pagination import CursorPagination, Listing, Page
from agora.core.ratelimit import enforce
from agora.core.schemas import Id
from agora.core.viewer import viewer

router = Router(tags=["community"])


def _community_or_404(slug: str) -> Community:
    community = selectors.community_by_slug(slug=slug[:100])
    if community is None:
        raise NotFound("No such community.")
    return community


def _thread_or_404(request: HttpRequest, thread_id: int) -> Thread:
    thread = selectors.thread_for_viewer(thread_id=thread_id, viewer=viewer(request))
    if thread is None:
        raise NotFound("No such thread.")
    return thread


def _reply_or_404(request: HttpRequest, reply_id: int) -> Reply:
    reply = selectors.reply_for_viewer(reply_id=reply_id, viewer=viewer(request))
    if reply is None:
        raise NotFound("No such reply.")
    return reply


def _community_json(request: HttpRequest, community: Community) -> dict:
    joined = selectors.member_of(user=viewer(request), community_ids=[community.pk])
    return community_out(community, joined=community.pk in joined)


def _thread_json(request: HttpRequest, thread: Thread) -> dict:
    page = selectors.thread_page(thread=thread, viewer=viewer(request))
    return thread_out(thread, page)


# --- communities --------------------------------------------------------------------------------
@router.get(
    "/communities",
    auth=OptionalBearerToken(),
    response={200: list[CommunityOut], **errors(401)},
)
@paginate(CursorPagination)
def community_list(request: HttpRequest) -> Listing:
    """Communities, most members first; `joined` says whether the caller is a member."""
    me = viewer(request)

    def out(page: Page) -> list[dict]:
        joined = selectors.member_of(user=me, community_ids=[c.pk for c in page.items])
        return [community_out(c, joined=c.pk in joined) for c in page.items]

    return Listing(selectors.communities_page, out=out)


@router.post("/communities", response={201: CommunityOut, **errors(400, 401, 403, 409, 422, 429)})
def community_create(request: HttpRequest, payload: CommunityIn) -> Status[dict]:
    """Verified experts and moderators open a topic community (they join it)."""
    enforce(request, group="post", key="user", rate=settings.AGORA_RATES["post"])
    community = services.community_create(user=api_user(request), **payload.dict())
    return Status(201, community_out(community, joined=True))


@router.get(
    "/communities/{slug}",
    auth=OptionalBearerToken(),
    response={200: CommunityOut, **errors(401, 404)},
)
def community_detail(request: HttpRequest, slug: str) -> dict:
    return _community_json(request, _community_or_404(slug))


@router.patch(
    "/communities/{slug}", response={200: CommunityOut, **errors(400, 401, 403, 404, 422)}
)
def community_settings(request: HttpRequest, slug: str, payload: CommunitySettingsIn) -> dict:
    """The shop's team (or a moderator) closes the community or makes it members-only."""
    community = _community_or_404(slug)
    services.community_settings_update(
        user=api_user(request),
        community=community,
        is_open=community.is_open if payload.is_open is None else payload.is_open,
        members_only=(
            community.members_only if payload.members_only is None else payload.members_only
        ),
    )
    return _community_json(request, community)


@router.post(
    "/communities/{slug}/membership", response={200: CommunityOut, **errors(401, 403, 404, 429)}
)
def community_join(request: HttpRequest, slug: str) -> dict:
    """Joins the community (idempotent)."""
    enforce(request, group="follow", key="user", rate=settings.AGORA_RATES["follow"])
    community = services.community_join(user=api_user(request), community=_community_or_404(slug))
    return community_out(community, joined=True)


@router.delete("/communities/{slug}/membership", response={200: CommunityOut, **errors(401, 404)})
def community_leave(request: HttpRequest, slug: str) -> dict:
    """Leaves the community (idempotent)."""
    community = services.community_leave(user=api_user(request), community=_community_or_404(slug))
    return community_out(community, joined=False)


# --- threads ------------------------------------------------------------------------------------
@router.get(
    "/communities/{slug}/threads",
    auth=OptionalBearerToken(),
    response={200: list[ThreadOut], **errors(401, 404)},
)
@paginate(CursorPagination)
def thread_list(request: HttpRequest, slug: str) -> Listing:
    """The community's threads: pinned first, then latest activity."""
    community = _community_or_404(slug)
    me = viewer(request)

    def source(*, cursor: str | None, limit: int) -> Page:
        return selectors.threads_page(community=community, viewer=me, cursor=cursor, limit=limit)

    def out(page: Page) -> list[dict]:
        return [thread_out(t, page) for t in page.items]  # type: ignore[arg-type]

    return Listing(source, out=out)


@router.post(
    "/communities/{slug}/threads",
    response={201: ThreadOut, **errors(400, 401, 403, 404, 409, 422, 429)},
)
def thread_create(request: HttpRequest, slug: str, payload: ThreadIn) -> Status[dict]:
    """Starts a thread (with up to 6 photos from `POST /media` and 5 tagged products)."""
    enforce(request, group="post", key="user", rate=settings.AGORA_RATES["post"])
    thread = thread_services.thread_create(
        user=api_user(request), community=_community_or_404(slug), **payload.dict()
    )
    return Status(201, _thread_json(request, _thread_or_404(request, thread.pk)))


@router.get(
    "/threads/{thread_id}",
    auth=OptionalBearerToken(),
    response={200: ThreadOut, **errors(401, 404)},
)
def thread_detail(request: HttpRequest, thread_id: Id) -> dict:
    return _thread_json(request, _thread_or_404(request, thread_id))


@router.get(
    "/threads/{thread_id}/replies",
    auth=OptionalBearerToken(),
    response={200: list[ThreadReplyOut], **errors(401, 404)},
)
@paginate(CursorPagination)
def reply_list(request: HttpRequest, thread_id: Id) -> Listing:
    """The thread's replies, oldest first, each with the reply it quotes."""
    thread = _thread_or_404(request, thread_id)
    me = viewer(request)

    def source(*, cursor: str | None, limit: int) -> Page:
        return selectors.replies_page(thread=thread, viewer=me, cursor=cursor, limit=limit)

    def out(page: Page) -> list[dict]:
        return [reply_out(r, page, thread) for r in page.items]  # type: ignore[arg-type]

    return Listing(source, out=out)


@router.post(
    "/threads/{thread_id}/replies",
    response={201: ThreadReplyOut, **errors(400, 401, 403, 404, 409, 422, 429)},
)
def reply_create(request: HttpRequest, thread_id: Id, payload: ThreadReplyIn) -> Status[dict]:
    """Replies (optionally quoting a reply of the thread); 409 `thread_locked` when locked."""
    enforce(request, group="comment", key="user", rate=settings.AGORA_RATES["comment"])
    thread = _thread_or_404(request, thread_id)
    reply = thread_services.reply_create(user=api_user(request), thread=thread, **payload.dict())
    return Status(201, _reply_json(request, reply.pk, thread))


def _reply_json(request: HttpRequest, reply_id: int, thread: Thread) -> dict:
    me = viewer(request)
    found = selectors.reply_for_viewer(reply_id=reply_id, viewer=me)
    if found is None:
        raise NotFound("No such reply.")
    return reply_out(found, selectors.reply_page(reply=found, viewer=me), thread)


# --- reactions ----------------------------------------------------------------------------------
@router.post(
    "/threads/{thread_id}/reactions/{kind}",
    response={200: ThreadReactionOut, **errors(401, 404, 422, 429)},
)
def thread_react(request: HttpRequest, thread_id: Id, kind: str) -> dict:
    """Adds the caller's reaction (once per kind, however many requests)."""
    enforce(request, group="like", key="user", rate=settings.AGORA_RATES["like"])
    thread = _thread_or_404(request, thread_id)
    count, active = thread_services.reaction_set(user=api_user(request), kind=kind, thread=thread)
    return {"kind": kind, "count": count, "active": active}


@router.delete(
    "/threads/{thread_id}/reactions/{kind}",
    response={200: ThreadReactionOut, **errors(401, 404, 422)},
)
def thread_unreact(request: HttpRequest, thread_id: Id, kind: str) -> dict:
    thread = _thread_or_404(request, thread_id)
    count, active = thread_services.reaction_unset(user=api_user(request), kind=kind, thread=thread)
    return {"kind": kind, "count": count, "active": active}


@router.post(
    "/replies/{reply_id}/reactions/{kind}",
    response={200: ThreadReactionOut, **errors(401, 404, 422, 429)},
)
def reply_react(request: HttpRequest, reply_id: Id, kind: str) -> dict:
    enforce(request, group="like", key="user", rate=settings.AGORA_RATES["like"])
    reply = _reply_or_404(request, reply_id)
    count, active = thread_services.reaction_set(user=api_user(request), kind=kind, reply=reply)
    return {"kind": kind, "count": count, "active": active}


@router.delete(
    "/replies/{reply_id}/reactions/{kind}",
    response={200: ThreadReactionOut, **errors(401, 404, 422)},
)
def reply_unreact(request: HttpRequest, reply_id: Id, kind: str) -> dict:
    reply = _reply_or_404(request, reply_id)
    count, active = thread_services.reaction_unset(user=api_user(request), kind=kind, reply=reply)
    return {"kind": kind, "count": count, "active": active}


# --- follow, pin, lock, solve, hide -------------------------------------------------------------
@router.post(
    "/threads/{thread_id}/follow", response={200: ThreadFollowOut, **errors(401, 404, 429)}
)
def thread_follow(request: HttpRequest, thread_id: Id) -> dict:
    enforce(request, group="follow", key="user", rate=settings.AGORA_RATES["follow"])
    thread = _thread_or_404(request, thread_id)
    following = thread_services.thread_follow_set(
        user=api_user(request), thread=thread, follow=True
    )
    return {"following": following}


@router.delete("/threads/{thread_id}/follow", response={200: ThreadFollowOut, **errors(401, 404)})
def thread_unfollow(request: HttpRequest, thread_id: Id) -> dict:
    thread = _thread_or_404(request, thread_id)
    following = thread_services.thread_follow_set(
        user=api_user(request), thread=thread, follow=False
    )
    return {"following": following}


@router.post("/threads/{thread_id}/pin", response={200: ThreadOut, **errors(401, 403, 404)})
def thread_pin(request: HttpRequest, thread_id: Id, payload: ThreadFlagIn) -> dict:
    """Moderators and the shop's team pin (`{"value": true}`) or unpin a thread."""
    thread = _thread_or_404(request, thread_id)
    thread_services.thread_pin_set(user=api_user(request), thread=thread, pinned=payload.value)
    return _thread_json(request, thread)


@router.post("/threads/{thread_id}/lock", response={200: ThreadOut, **errors(401, 403, 404)})
def thread_lock(request: HttpRequest, thread_id: Id, payload: ThreadFlagIn) -> dict:
    """Moderators and the shop's team lock (`{"value": true}`) or unlock a thread."""
    thread = _thread_or_404(request, thread_id)
    thread_services.thread_lock_set(user=api_user(request), thread=thread, locked=payload.value)
    return _thread_json(request, thread)


@router.post("/threads/{thread_id}/solve", response={200: ThreadOut, **errors(401, 403, 404)})
def thread_solve(request: HttpRequest, thread_id: Id, payload: ThreadFlagIn) -> dict:
    """The author or a moderator marks the question solved (`{"value": true}`) or not."""
    thread = _thread_or_404(request, thread_id)
    thread_services.thread_solve_set(user=api_user(request), thread=thread, solved=payload.value)
    return _thread_json(request, thread)


@router.post("/threads/{thread_id}/hide", response={200: ThreadOut, **errors(401, 403, 404)})
def thread_hide(request: HttpRequest, thread_id: Id, payload: ThreadFlagIn) -> dict:
    """Moderators hide (`{"value": true}`) or show again a thread."""
    thread = _thread_or_404(request, thread_id)
    thread_services.thread_hide(user=api_user(request), thread=thread, hidden=payload.value)
    return _thread_json(request, thread)


@router.post("/replies/{reply_id}/hide", response={200: ThreadReplyOut, **errors(401, 403, 404)})
def reply_hide(request: HttpRequest, reply_id: Id, payload: ThreadFlagIn) -> dict:
    """Moderators hide (`{"value": true}`) or show again a reply."""
    reply = _reply_or_404(request, reply_id)
    thread_services.reply_hide(user=api_user(request), reply=reply, hidden=payload.value)
    thread = _thread_or_404(request, reply.thread_id)
    return _reply_json(request, reply.pk, thread)
