"""Engagement API: polls on posts (read, vote, make the winner a product)."""

from django.conf import settings
from django.http import HttpRequest
from ninja import Router, Status

from agora.core.api import errors
from agora.core.auth import OptionalBearerToken, api_user
from agora.core.errors import NotFound
from agora.core.ratelimit import enforce
from agora.core.schemas import Id
from agora.core.viewer import viewer
from agora.engagement import selectors, services
from agora.engagement.models import Poll
from agora.engagement.schemas import MadeProductOut, VoteIn
from agora.social.schemas import PollOut

router = Router()


def _poll_or_404(request: HttpRequest, poll_id: int) -> Poll:
    poll = selectors.poll_for_action(poll_id=poll_id, viewer=viewer(request))
    if poll is None:
        raise NotFound("No such poll.")
    return poll


def _poll_out(request: HttpRequest, poll: Poll) -> dict:
    """The poll as the caller sees it (its post is visible to them: `_poll_or_404`)."""
    polls = selectors.polls_of_posts(post_ids=[poll.post_id], viewer=viewer(request))
    found = polls.get(poll.post_id)
    if found is None:  # pragma: no cover (a poll has options)
        raise NotFound("No such poll.")
    return selectors.poll_json(found)


@router.get(
    "/polls/{poll_id}", auth=OptionalBearerToken(), response={200: PollOut, **errors(401, 404)}
)
def poll_detail(request: HttpRequest, poll_id: Id) -> dict:
    """The poll of a post the caller may see: `votes` on each option once the caller may see
    results (after voting, or after the close), else null."""
    return _poll_out(request, _poll_or_404(request, poll_id))


@router.post(
    "/polls/{poll_id}/vote", response={200: PollOut, **errors(400, 401, 404, 409, 422, 429)}
)
def poll_vote(request: HttpRequest, poll_id: Id, payload: VoteIn) -> dict:
    """Votes for `option_id`, or moves the caller's vote there before the deadline (409
    `poll_closed` after it). One vote per person and poll, however many requests."""
    enforce(request, group="vote", key="user", rate=settings.AGORA_RATES["vote"])
    poll = _poll_or_404(request, poll_id)
    services.poll_vote(user=api_user(request), poll=poll, option_id=payload.option_id)
    return _poll_out(request, poll)


@router.post(
    "/polls/{poll_id}/make-product",
    response={201: MadeProductOut, 200: MadeProductOut, **errors(401, 403, 404, 409, 422)},
)
def poll_make_product(request: HttpRequest, poll_id: Id) -> Status:
    """The posting shop's owner or staff turn the winner of the closed poll into a draft
    product (201), or link the product of the winner's variant (200); 409 when the poll is
    open, has no votes, or its winner is already a product."""
    poll = _poll_or_404(request, poll_id)
    product, created = services.poll_make_product(user=api_user(request), poll=poll)
    body = {
        "product_id": product.pk,
        "created": created,
        "status": product.status,
        "url": product.get_absolute_url(),
    }
    return Status(201 if created else 200, body)
