"""Reports, moderator actions and blocks.

Moderators are site staff (`is_staff`); shop roles never grant moderation. Every moderator
action that changes something appends an AuditLog row in the same transaction as the change.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from agora.accounts.models import Handle, User
from agora.accounts.selectors import handle_named
from agora.accounts.services import tokens_forget_cached
from agora.catalog.models import Product
from agora.core.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from agora.moderation import targets
from agora.moderation.models import AuditLog, Report
from agora.moderation.selectors import (
    ReportSummary,
    ReportTarget,
    attach_targets,
    is_moderator,
    report_target_visible,
    target_kinds,
)
from agora.shops.models import Shop
from agora.social.models import Block, Comment, Post
from agora.social.services.actors import actor_for_user
from agora.social.services.comments import comment_hidden_set
from agora.social.services.follows import follow_delete
from agora.social.services.notification_counts import unread_recount_for
from agora.social.services.posts import post_hidden_set

REPORT_REASON_MAX_LENGTH = 1000


def _require_moderator(user: User) -> None:
    if not is_moderator(user):
        raise PermissionDenied(_("Only moderators can do this."))


def _audit(
    *, moderator: User, action: str, target_type: str, target_id: int, note: str = ""
) -> None:
    AuditLog.objects.create(
        actor=moderator, action=action, target_type=target_type, target_id=target_id, note=note
    )


# --- reports ---------------------------------------------------------------------------------
def report_create(
    *, reporter: User, target_type: str, target_id: int, reason: str, details: str = ""
) -> tuple[Report, bool]:
    """Files a report about something the reporter can see (404 otherwise), for one of
    `Report.Reason` (any case) with the reporter's words: required for "other", optional for
    the rest.

    Idempotent while open: a second report by the same person about the same target returns
    the open one (created=False); the partial unique index settles simultaneous requests."""
    kinds = target_kinds()
    if target_type not in kinds:
        raise InvalidInput.field(
            "target_type", _("Choose one of: %(kinds)s.") % {"kinds": ", ".join(kinds)}
        )
    reason = (reason or "").strip().lower()
    if reason not in Report.Reason.values:
        raise InvalidInput.field(
            "reason",
            _("Choose one of: %(kinds)s.") % {"kinds": ", ".join(Report.Reason.values)},
        )
    details = (details or "").strip()
    if reason == Report.Reason.OTHER and not details:
        raise InvalidInput.field("details", _("Say what is wrong."))
    if len(details) > REPORT_REASON_MAX_LENGTH:
        raise InvalidInput.field(
            "details", _("At most %(n)s characters.") % {"n": REPORT_REASON_MAX_LENGTH}
        )
    if not report_target_visible(target_type=target_type, target_id=target_id, viewer=reporter):
        raise NotFound(_("Nothing to report there."))
    key = {"reporter": reporter, "target_type": target_type, "target_id": target_id}
    existing = Report.objects.filter(**key, status=Report.Status.OPEN).first()
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            return Report.objects.create(**key, reason=reason, details=details), True
    except IntegrityError:
        return Report.objects.get(**key, status=Report.Status.OPEN), False


# --- posts and comments ----------------------------------------------------------------------
def _post_set_hidden(*, moderator: User, post: Post, hidden: bool, note: str) -> Post:
    _require_moderator(moderator)
    with transaction.atomic():
        if post_hidden_set(post=post, hidden=hidden):
            action = "post_hide" if hidden else "post_unhide"
            _audit(
                moderator=moderator, action=action, target_type="post", target_id=post.pk, note=note
            )
    return post


def post_hide(*, moderator: User, post: Post, note: str = "") -> Post:
    """Hides a post everywhere (detail, feeds, tag lists, profiles, community). Idempotent:
    hiding a hidden post changes and logs nothing."""
    return _post_set_hidden(moderator=moderator, post=post, hidden=True, note=note)


def post_unhide(*, moderator: User, post: Post, note: str = "") -> Post:
    """Shows a hidden post again, wherever it was. Idempotent."""
    return _post_set_hidden(moderator=moderator, post=post, hidden=False, note=note)


def comment_hide(
    *, moderator: User, comment: Comment, hidden: bool = True, note: str = ""
) -> Comment:
    """Hides (or shows again) a comment for everyone, its writer included, and keeps the
    post's or product's comment count in step, atomically. Idempotent."""
    _require_moderator(moderator)
    with transaction.atomic():
        if comment_hidden_set(comment=comment, hidden=hidden):
            action = "comment_hide" if hidden else "comment_unhide"
            _audit(
                moderator=moderator,
                action=action,
                target_type="comment",
                target_id=comment.pk,
                note=note,
            )
    return comment


def product_hide(*, moderator: User, product: Product, note: str = "") -> Product:
    """Archives a product for a moderator: it leaves the shop, search and product pages;
    orders and posts keep pointing at it. Idempotent."""
    _require_moderator(moderator)
    with transaction.atomic():
        changed = (
            Product.objects.filter(pk=product.pk)
            .exclude(status=Product.Status.ARCHIVED)
            .update(status=Product.Status.ARCHIVED)
        )
        if changed:
            _audit(
                moderator=moderator,
                action="product_hide",
                target_type="product",
                target_id=product.pk,
                note=note,
            )
    product.status = Product.Status.ARCHIVED
    return product


# --- accounts --------------------------------------------------------------------------------
def _account_set_active(
    *, moderator: User, account: User | Shop, active: bool, note: str
) -> User | Shop:
    """`account` is a User (a person) or a Shop."""
    _require_moderator(moderator)
    is_shop = isinstance(account, Shop)
    if isinstance(account, User) and account.pk == moderator.pk:
        raise Conflict(_("You can't suspend yourself."), code="cannot_suspend_self")
    if isinstance(account, User) and account.is_staff and not moderator.is_superuser:
        raise PermissionDenied(_("Only an administrator can suspend a moderator."))
    model: type[Shop | User] = Shop if is_shop else User
    with transaction.atomic():
        changed = model.objects.filter(pk=account.pk, is_active=not active).update(is_active=active)
        if changed and account.actor_id is not None:
            # What they did vanishes from (or returns to) others' notifications and counts.
            unread_recount_for(actor_id=account.actor_id)
        if changed and not is_shop:
            tokens_forget_cached(user_id=account.pk)  # a suspended person's token stops at once
        if changed:
            _audit(
                moderator=moderator,
                action="account_unsuspend" if active else "account_suspend",
                target_type="shop" if is_shop else "person",
                target_id=account.pk,
                note=note,
            )
    account.is_active = active
    return account


def account_suspend(*, moderator: User, account: User | Shop, note: str = "") -> User | Shop:
    """Suspends a person (User.is_active off: their tokens and sessions stop working, their
    posts and comments vanish) or a shop (Shop.is_active off: its page, products and posts
    vanish). Nothing is deleted, so unsuspending restores everything. Idempotent."""
    return _account_set_active(moderator=moderator, account=account, active=False, note=note)


def account_unsuspend(*, moderator: User, account: User | Shop, note: str = "") -> User | Shop:
    """Lifts a suspension. Idempotent."""
    return _account_set_active(moderator=moderator, account=account, active=True, note=note)


# --- resolving reports -----------------------------------------------------------------------
class Resolution:
    HIDE = "hide"
    SUSPEND = "suspend"
    DISMISS = "dismiss"
    ALL = ("hide", "suspend", "dismiss")


def _account_behind(target: ReportTarget, target_type: str) -> User | Shop:
    """The account answerable for a reported object: its author, or the shop."""
    kind = targets.kind_named(target_type)
    if kind is not None:
        return kind.account(target)
    if isinstance(target, User | Shop):  # a person or a shop was reported
        return target
    if isinstance(target, Post):
        author = target.author
        return author.shop if author.kind == Handle.Kind.SHOP else author.user
    if isinstance(target, Comment):
        return target.author
    return target.shop  # product


def _act_on_target(*, moderator: User, report: Report, action: str, note: str) -> None:
    target = attach_targets([report])[0].target
    if target is None:
        raise Conflict(_("The reported object no longer exists; dismiss the report."))
    if action == Resolution.SUSPEND:
        account = _account_behind(target, report.target_type)
        account_suspend(moderator=moderator, account=account, note=note)
        return
    kind = targets.kind_named(report.target_type)
    if kind is not None:
        if kind.hide is None:
            raise InvalidInput.field("action", _("This cannot be hidden; suspend or dismiss."))
        kind.hide(moderator=moderator, target=target, note=note)
        _audit(
            moderator=moderator,
            action=f"{kind.name}_hide",
            target_type=kind.name,
            target_id=report.target_id,
            note=note,
        )
    elif isinstance(target, Post):
        post_hide(moderator=moderator, post=target, note=note)
    elif isinstance(target, Comment):
        comment_hide(moderator=moderator, comment=target, note=note)
    elif isinstance(target, Product):
        product_hide(moderator=moderator, product=target, note=note)
    else:
        raise InvalidInput.field("action", _("Accounts are suspended, not hidden."))


def target_hidden_set(
    *, moderator: User, target_type: str, target_id: int, hidden: bool, note: str = ""
) -> ReportSummary:
    """Hides, or shows again, an object of a kind an upper app registered (a review, an
    answer, a thread...), with an audit entry, atomically. Moderators only (403); 404 for an
    unknown kind or object; 422 when the kind cannot be hidden or shown again. Idempotent.
    Returns the object's summary as the moderators' queue shows it."""
    _require_moderator(moderator)
    kind = targets.kind_named(target_type)
    found = kind.load([target_id]).get(target_id) if kind is not None else None
    if kind is None or found is None:
        raise NotFound(_("Nothing of that kind there."))
    act = kind.hide if hidden else kind.unhide
    if act is None:
        raise InvalidInput.field("target_type", _("This cannot be hidden or shown again here."))
    with transaction.atomic():
        act(moderator=moderator, target=found, note=note)
        _audit(
            moderator=moderator,
            action=f"{kind.name}_{'hide' if hidden else 'unhide'}",
            target_type=kind.name,
            target_id=target_id,
            note=note,
        )
    return kind.summary(kind.load([target_id])[target_id])


def report_resolve(*, moderator: User, report: Report, action: str) -> Report:
    """Resolves an open report, atomically: `hide` hides the post or comment (archives a
    product), `suspend` suspends the account behind the target (its author, or the shop),
    `dismiss` closes the report without action. Hiding or suspending also closes every other
    open report about the same target. A report resolves once: a second resolve (or one that
    loses a race) is 409 and changes nothing."""
    _require_moderator(moderator)
    if action not in Resolution.ALL:
        raise InvalidInput.field(
            "action", _("Choose one of: %(a)s.") % {"a": ", ".join(Resolution.ALL)}
        )
    status = Report.Status.DISMISSED if action == Resolution.DISMISS else Report.Status.ACTIONED
    now = timezone.now()
    with transaction.atomic():
        closed = Report.objects.filter(pk=report.pk, status=Report.Status.OPEN).update(
            status=status, handled_by=moderator, handled_at=now
        )
        if not closed:
            raise Conflict(_("This report was already resolved."), code="report_resolved")
        note = f"report #{report.pk}"
        if action != Resolution.DISMISS:
            _act_on_target(moderator=moderator, report=report, action=action, note=note)
            Report.objects.filter(
                target_type=report.target_type,
                target_id=report.target_id,
                status=Report.Status.OPEN,
            ).update(status=status, handled_by=moderator, handled_at=now)
        _audit(
            moderator=moderator,
            action=f"report_{action}",
            target_type=report.target_type,
            target_id=report.target_id,
            note=note,
        )
    report.status, report.handled_by, report.handled_at = status, moderator, now
    return report


# --- blocks ----------------------------------------------------------------------------------
def _handle(handle: str) -> Handle:
    found = handle_named((handle or "").strip().lstrip("@"))
    if found is None:
        raise NotFound(_("No such person or shop."))
    return found


def block_create(*, user: User, handle: str) -> tuple[Block, bool]:
    """Blocks a person or a shop, in one transaction: the block, the blocker's follow of the
    blocked account and the blocked person's follow of the blocker are removed with the
    timeline rows they brought. Idempotent: blocking again returns the block (created=False).
    """
    target = _handle(handle)
    me = actor_for_user(user=user)
    if target.pk == me.pk:
        raise InvalidInput.field("handle", _("You can't block yourself."))
    with transaction.atomic():
        try:
            with transaction.atomic():
                block = Block.objects.create(blocker=user, blocked=target)
        except IntegrityError:
            return Block.objects.get(blocker=user, blocked=target), False
        follow_delete(user=user, handle=target.name)
        if target.kind == Handle.Kind.PERSON:
            blocked_user = User.objects.filter(actor=target).first()
            if blocked_user is not None:
                follow_delete(user=blocked_user, handle=me.name)
    return block, True


def block_delete(*, user: User, handle: str) -> bool:
    """Lifts a block (follows removed by it are not restored). Idempotent."""
    target = _handle(handle)
    deleted, _rows = Block.objects.filter(blocker=user, blocked=target).delete()
    return bool(deleted)
