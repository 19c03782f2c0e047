"""Moderation API: reports by anyone, the moderators' queue and actions, blocks."""

from django.conf import settings
from django.http import HttpRequest
from ninja import Query, Router, Status
from ninja.pagination import paginate

from agora.accounts.models import User
from agora.core.api import errors
from agora.core.auth import api_user
from agora.core.errors import InvalidInput, NotFound, PermissionDenied
from agora.core.pagination import CursorPagination, Listing, Page
from agora.core.ratelimit import enforce
from agora.core.schemas import Id, Schema
from agora.moderation import schemas, selectors, services
from agora.moderation.models import Report
from agora.shops.models import Shop
from agora.social.models import Block, Comment, Post
from agora.social.schemas import actor_out

router = Router(tags=["moderation"])


class ReportQuery(Schema):
    status: str | None = "open"


def _moderator(request: HttpRequest) -> User:
    """Non-moderators are refused before anything is looked up, so they learn nothing."""
    user = api_user(request)
    if not selectors.is_moderator(user):
        raise PermissionDenied("Only moderators can do this.")
    return user


# --- reports (anyone signed in) ----------------------------------------------------------------
@router.post(
    "/reports",
    response={
        201: schemas.ReportCreatedOut,
        200: schemas.ReportCreatedOut,
        **errors(400, 401, 404, 422, 429),
    },
)
def report_create(request: HttpRequest, payload: schemas.ReportIn) -> Status[dict]:
    """Report a post, comment, person, shop or product. A second report of the same target
    while the first is open answers 200 with that report."""
    enforce(request, group="report", key="user", rate=settings.AGORA_RATES["report"])
    report, created = services.report_create(reporter=api_user(request), **payload.dict())
    return Status(201 if created else 200, {"id": report.pk, "status": report.status})


# --- the moderators' queue ---------------------------------------------------------------------
def _report_out(report: Report) -> dict:
    return {
        "id": report.pk,
        "target_type": report.target_type,
        "target_id": report.target_id,
        "target": report.summary,
        "reason": report.reason,
        "reason_label": report.get_reason_display(),
        "details": report.details,
        "status": report.status,
        "reporter": report.reporter.username,
        "handled_by": report.handled_by.username if report.handled_by is not None else None,
        "handled_at": report.handled_at,
        "created_at": report.created_at,
    }


def _reports_out(page: Page) -> list[dict]:
    selectors.attach_targets(page.items)
    return [_report_out(r) for r in page.items]


@router.get("/moderation/reports", response={200: list[schemas.ReportOut], **errors(401, 403, 422)})
@paginate(CursorPagination)
def report_list(request: HttpRequest, params: Query[ReportQuery]) -> Listing:
    """Reports newest first; `status` is open (default), actioned, dismissed or empty for all."""
    _moderator(request)
    status = params.status or None
    if status is not None and status not in Report.Status.values:
        raise InvalidInput.field("status", "Choose open, actioned or dismissed.")
    return Listing(selectors.report_queue(status=status), out=_reports_out)


def _report_or_404(report_id: int) -> Report:
    report = selectors.report_by_id(report_id)
    if report is None:
        raise NotFound("No such report.")
    return report


@router.post(
    "/moderation/reports/{report_id}/resolve",
    response={200: schemas.ReportOut, **errors(400, 401, 403, 404, 409, 422)},
)
def report_resolve(request: HttpRequest, report_id: Id, payload: schemas.ResolveIn) -> dict:
    moderator = _moderator(request)
    services.report_resolve(
        moderator=moderator, report=_report_or_404(report_id), action=payload.action
    )
    report = _report_or_404(report_id)
    selectors.attach_targets([report])
    return _report_out(report)


# --- moderator actions -------------------------------------------------------------------------
def _post_or_404(post_id: int) -> Post:
    post = selectors.post_any_state(post_id)
    if post is None:
        raise NotFound("No such post.")
    return post


def _hidden_out(kind: str, obj: Post | Comment) -> dict:
    return {"target_type": kind, "target_id": obj.pk, "hidden": obj.is_hidden}


@router.post(
    "/moderation/posts/{post_id}/hide",
    response={200: schemas.HiddenOut, **errors(401, 403, 404)},
)
def post_hide(request: HttpRequest, post_id: Id) -> dict:
    post = services.post_hide(moderator=_moderator(request), post=_post_or_404(post_id))
    return _hidden_out("post", post)


@router.post(
    "/moderation/posts/{post_id}/unhide",
    response={200: schemas.HiddenOut, **errors(401, 403, 404)},
)
def post_unhide(request: HttpRequest, post_id: Id) -> dict:
    post = services.post_unhide(moderator=_moderator(request), post=_post_or_404(post_id))
    return _hidden_out("post", post)


@router.post(
    "/moderation/comments/{comment_id}/hide",
    response={200: schemas.HiddenOut, **errors(401, 403, 404)},
)
def comment_hide(request: HttpRequest, comment_id: Id) -> dict:
    moderator = _moderator(request)
    comment = selectors.comment_any_state(comment_id)
    if comment is None:
        raise NotFound("No such comment.")
    return _hidden_out("comment", services.comment_hide(moderator=moderator, comment=comment))


def _account_or_404(handle: str) -> User | Shop:
    account = selectors.account_by_handle(handle)
    if account is None:
        raise NotFound("No such person or shop.")
    return account


def _account_out(account: User | Shop) -> dict:
    if isinstance(account, Shop):
        return {"handle": account.handle, "kind": "shop", "suspended": not account.is_active}
    return {"handle": account.username, "kind": "person", "suspended": not account.is_active}


@router.post(
    "/moderation/accounts/{handle}/suspend",
    response={200: schemas.AccountStateOut, **errors(401, 403, 404, 409)},
)
def account_suspend(request: HttpRequest, handle: str) -> dict:
    moderator = _moderator(request)
    account = services.account_suspend(moderator=moderator, account=_account_or_404(handle))
    return _account_out(account)


@router.post(
    "/moderation/accounts/{handle}/unsuspend",
    response={200: schemas.AccountStateOut, **errors(401, 403, 404, 409)},
)
def account_unsuspend(request: HttpRequest, handle: str) -> dict:
    moderator = _moderator(request)
    account = services.account_unsuspend(moderator=moderator, account=_account_or_404(handle))
    return _account_out(account)


# --- what upper apps registered (reviews, questions, answers, threads, replies) ----------------
def _target_hidden(request: HttpRequest, target_type: str, target_id: int, *, hidden: bool) -> dict:
    summary = services.target_hidden_set(
        moderator=_moderator(request),
        target_type=target_type[:10],
        target_id=target_id,
        hidden=hidden,
    )
    return {"target_type": target_type, "target_id": target_id, "hidden": summary["hidden"]}


@router.post(
    "/moderation/targets/{target_type}/{target_id}/hide",
    response={200: schemas.HiddenOut, **errors(401, 403, 404, 422)},
)
def target_hide(request: HttpRequest, target_type: str, target_id: Id) -> dict:
    """Hides a review, question, answer, thread or reply (the kinds apps register)."""
    return _target_hidden(request, target_type, target_id, hidden=True)


@router.post(
    "/moderation/targets/{target_type}/{target_id}/unhide",
    response={200: schemas.HiddenOut, **errors(401, 403, 404, 422)},
)
def target_unhide(request: HttpRequest, target_type: str, target_id: Id) -> dict:
    """Shows a hidden review, question, answer, thread or reply again."""
    return _target_hidden(request, target_type, target_id, hidden=False)


# --- blocks ------------------------------------------------------------------------------------
def _block_out(block: Block) -> dict:
    return {"actor": actor_out(block.blocked), "created_at": block.created_at}


@router.post(
    "/blocks",
    response={201: schemas.BlockOut, 200: schemas.BlockOut, **errors(400, 401, 404, 422)},
)
def block_create(request: HttpRequest, payload: schemas.BlockIn) -> Status[dict]:
    """Block a person or a shop; blocking again answers 200."""
    me = api_user(request)
    block, created = services.block_create(user=me, handle=payload.handle)
    block = selectors.blocks_of(me).get(pk=block.pk)
    return Status(201 if created else 200, _block_out(block))


@router.delete("/blocks/{handle}", response={204: None, **errors(401, 404)})
def block_delete(request: HttpRequest, handle: str) -> Status[None]:
    services.block_delete(user=api_user(request), handle=handle)
    return Status(204, None)


@router.get("/blocks", response={200: list[schemas.BlockOut], **errors(401)})
@paginate(CursorPagination)
def block_list(request: HttpRequest) -> Listing:
    return Listing(selectors.blocks_of(api_user(request)), each=_block_out)
