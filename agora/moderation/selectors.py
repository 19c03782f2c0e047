from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, TypedDict

from django.db.models import QuerySet

from agora.accounts.models import Handle, User
from agora.accounts.selectors import handle_named, person_named
from agora.catalog.models import Product
from agora.catalog.selectors import visible_products
from agora.moderation import targets
from agora.moderation.models import AuditLog, Report
from agora.shops.models import Shop
from agora.social.models import Block, Comment, Post
from agora.social.selectors.comments import comment_for_viewer
from agora.social.selectors.posts import visible_posts

if TYPE_CHECKING:
    from agora.social.selectors.posts import Viewer

# What a report may be about (`Report.target_type` names the kind).
type ReportTarget = Post | Comment | User | Shop | Product


class ReportSummary(TypedDict):
    """One line about a reported object, its page, and whether it is already out of sight."""

    exists: bool
    summary: str
    url: str | None
    hidden: bool


# --- moderators, reports and the audit log ---------------------------------------------------
def is_moderator(user: Viewer) -> bool:
    """Site staff moderate; shop roles never grant this."""
    return bool(
        getattr(user, "is_authenticated", False)
        and getattr(user, "is_active", False)
        and getattr(user, "is_staff", False)
    )


def report_target_visible(*, target_type: str, target_id: int, viewer: Viewer) -> bool:
    """Whether the reporter can see what they report (otherwise the API answers 404)."""
    if target_type == Report.Target.POST:
        return visible_posts(viewer).filter(pk=target_id).exists()
    if target_type == Report.Target.COMMENT:
        comment = comment_for_viewer(comment_id=target_id, viewer=viewer)
        return comment is not None and comment.author.is_active
    if target_type == Report.Target.PERSON:
        return User.objects.filter(pk=target_id, is_active=True).exists()
    if target_type == Report.Target.SHOP:
        return Shop.objects.filter(pk=target_id, is_active=True).exists()
    if target_type == Report.Target.PRODUCT:
        return visible_products(viewer).filter(pk=target_id).exists()
    kind = targets.kind_named(target_type)
    return kind is not None and kind.visible(target_id, viewer)


def target_kinds() -> list[str]:
    """Every kind of thing a report may be about: moderation's own and those registered."""
    return [*Report.Target.values, *targets.registered()]


def target_label(target_type: str) -> str:
    """The kind's name for people (\"Post\", \"Review\"...)."""
    kind = targets.kind_named(target_type)
    if kind is not None:
        return str(kind.label)
    return str(dict(Report.Target.choices).get(target_type, target_type))


def target_hideable(target_type: str) -> bool:
    """Whether moderators can hide (rather than only suspend) a target of this kind."""
    if target_type in (Report.Target.POST, Report.Target.COMMENT, Report.Target.PRODUCT):
        return True
    kind = targets.kind_named(target_type)
    return kind is not None and kind.hide is not None


def _targets_by_type(reports: Iterable[Report]) -> dict[str, dict[int, ReportTarget]]:
    """The reported objects, one query per kind present, whatever their state (moderators see
    hidden and suspended things too)."""
    querysets: dict[str, QuerySet[Any]] = {
        Report.Target.POST: Post.objects.select_related("author", "author__user", "author__shop"),
        Report.Target.COMMENT: Comment.objects.select_related("author", "post"),
        Report.Target.PERSON: User.objects.all(),
        Report.Target.SHOP: Shop.objects.all(),
        Report.Target.PRODUCT: Product.objects.select_related("shop"),
    }
    wanted: dict[str, set[int]] = {}
    for report in reports:
        wanted.setdefault(report.target_type, set()).add(report.target_id)
    found: dict[str, dict[int, Any]] = {}
    for name, ids in wanted.items():
        registered = targets.kind_named(name)
        if name in querysets:
            found[name] = querysets[name].in_bulk(sorted(ids))
        elif registered is not None:
            found[name] = registered.load(sorted(ids))
    return found


def _summary(target: ReportTarget | None) -> ReportSummary:
    """One line about a reported object, its page, and whether it is already out of sight."""
    if target is None:
        return {"exists": False, "summary": "", "url": None, "hidden": False}
    url: str | None
    if isinstance(target, Post):
        author = target.author
        active = author.shop.is_active if author.kind == "shop" else author.user.is_active
        line, url, hidden = (
            f"@{author.name}: {target.text}",
            target.get_absolute_url(),
            (target.is_hidden or not active),
        )
    elif isinstance(target, Comment):
        url = (
            f"{target.post.get_absolute_url()}#comment-{target.pk}"
            if target.post is not None
            else None
        )
        line, hidden = f"@{target.author.username}: {target.text}", target.is_hidden
    elif isinstance(target, User):
        line, url, hidden = (
            f"@{target.username} ({target.name})",
            target.get_absolute_url(),
            (not target.is_active),
        )
    elif isinstance(target, Shop):
        line, url, hidden = (
            f"@{target.handle} ({target.name})",
            target.get_absolute_url(),
            (not target.is_active),
        )
    else:  # a product
        line, url = f"{target.title} · @{target.shop.handle}", target.get_absolute_url()
        hidden = target.status != "active" or not target.shop.is_active
    return {"exists": True, "summary": line[:300], "url": url, "hidden": hidden}


def attach_targets(reports: list[Report]) -> list[Report]:
    """Sets `report.target` (the object, or None when it was deleted) and `report.summary`
    (see _summary) on every report: one query per kind of target, whatever the page size."""
    found = _targets_by_type(reports)
    for report in reports:
        report.target = found.get(report.target_type, {}).get(report.target_id)
        kind = targets.kind_named(report.target_type)
        if kind is not None and report.target is not None:
            report.summary = kind.summary(report.target)
        else:
            report.summary = _summary(report.target)
        report.kind_label = target_label(report.target_type)
        report.hideable = target_hideable(report.target_type)
    return reports


def report_queue(*, status: str | None = Report.Status.OPEN) -> QuerySet[Report]:
    """Reports newest first with their reporter; filter by status when given."""
    qs = Report.objects.select_related("reporter", "handled_by")
    return qs.filter(status=status) if status else qs


def report_by_id(report_id: int) -> Report | None:
    """The report with its reporter and handling moderator, or None."""
    return Report.objects.select_related("reporter", "handled_by").filter(pk=report_id).first()


def audit_recent(*, limit: int = 20) -> list[AuditLog]:
    """The `limit` latest audit log entries with their actor, newest first."""
    return list(AuditLog.objects.select_related("actor").order_by("-id")[:limit])


def blocks_of(user: User) -> QuerySet[Block]:
    """The accounts this person blocked, newest first, with what actor_out() needs."""
    return Block.objects.filter(blocker=user).select_related(
        "blocked", "blocked__user", "blocked__user__avatar", "blocked__shop", "blocked__shop__logo"
    )


def post_any_state(post_id: int) -> Post | None:
    """A post whatever its state, for moderators."""
    return Post.objects.filter(pk=post_id).first()


def comment_any_state(comment_id: int) -> Comment | None:
    """A comment whatever its state, for moderators."""
    return Comment.objects.filter(pk=comment_id).first()


def account_by_handle(handle: str) -> User | Shop | None:
    """The User (a person) or the Shop behind a handle, suspended or not; None if unknown."""
    name = (handle or "").strip().lstrip("@")
    found = handle_named(name)
    if found is not None and found.kind == Handle.Kind.SHOP:
        return Shop.objects.filter(actor=found).first()
    user = User.objects.filter(actor=found).first() if found is not None else None
    return user or person_named(name)
