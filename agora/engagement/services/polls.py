"""Polls on posts: created with their post, voted on once per person, closed at the deadline,
and the winner made into a product whose voters hear when it goes on sale.

Deadlines are checked against the clock at request time: a vote from `closes_at` on is a 409
`poll_closed`, whether or not the closing task has run; the task only tidies up (stores
`closed_at` and the winner).
"""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta
from functools import partial
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction
from django.db.models import Count, F
from django.utils import timezone
from django.utils.translation import gettext as _

from agora.accounts.models import Handle
from agora.analytics.services import event_record
from agora.catalog.models import Product, Variant
from agora.catalog.schemas import product_draft
from agora.catalog.services import MAX_PRICE, product_create
from agora.commerce.models import Coupon
from agora.core.errors import Conflict, FieldErrors, NotFound, PermissionDenied
from agora.engagement.models import (
    EARLY_ACCESS_DAYS,
    POLL_LABEL_MAX_LENGTH,
    EarlyAccess,
    Poll,
    PollOption,
    PollVote,
)
from agora.engagement.scheduling import enqueue_poll_close, enqueue_voters_notify
from agora.engagement.selectors import (
    first_most_voted,
    option_voter_ids,
    polls_due,
    proposed_values,
)
from agora.media.models import MediaAsset
from agora.shops.models import Shop
from agora.shops.selectors import shop_role
from agora.social.models import Notification, Post
from agora.social.services.notifications import notify_people

if TYPE_CHECKING:
    from agora.accounts.models import User
    from agora.social.schemas import PollIn, PollOptionIn, PollProposedIn

POLL_MIN_DURATION = timedelta(minutes=1)
POLL_MAX_DURATION = timedelta(days=90)
PROPOSED_MAX_OPTIONS = 10


# --- creating a poll with its post -----------------------------------------------------------
def _closes_at(errs: FieldErrors, value: datetime, now: datetime) -> datetime:
    if value.tzinfo is None or value.utcoffset() is None:
        errs.add("poll.closes_at", _("Give the date and time with a UTC offset."))
        return value
    if value < now + POLL_MIN_DURATION:
        errs.add("poll.closes_at", _("A poll runs for at least one minute."))
    elif value > now + POLL_MAX_DURATION:
        errs.add(
            "poll.closes_at",
            _("A poll runs for at most %(days)s days.") % {"days": POLL_MAX_DURATION.days},
        )
    return value


def _proposed(
    errs: FieldErrors, path: str, proposed: PollProposedIn, shop: Shop, label: str
) -> dict[str, Any]:
    title = (proposed.title or "").strip()
    if len(title) > 150:
        errs.add(f"{path}.title", _("At most %(n)s characters.") % {"n": 150})
    values: dict[str, str] = {}
    if len(proposed.options) > PROPOSED_MAX_OPTIONS:
        errs.add(f"{path}.options", _("At most %(n)s options.") % {"n": PROPOSED_MAX_OPTIONS})
    for name, value in proposed.options.items():
        key, text = name.strip(), value.strip()
        if not key or len(key) > 40 or not text or len(text) > 60:
            errs.add(
                f"{path}.options",
                _(
                    "Give option values as {name: value}, names up to 40 and values up to 60 characters."
                ),
            )
            break
        values[key] = text
    price = proposed.price
    if price.currency != shop.currency:
        errs.add(
            f"{path}.price.currency",
            _("The shop sells in %(currency)s.") % {"currency": shop.currency},
        )
    if price.amount > MAX_PRICE:
        errs.add(f"{path}.price.amount", _("Must be between 0 and %(max)s.") % {"max": MAX_PRICE})
    return {
        "title": title or label,
        # As [name, value] pairs: PostgreSQL's jsonb would not keep the keys' order.
        "options": [[name, value] for name, value in values.items()],
        "price": {"amount": price.amount, "currency": price.currency},
    }


def _option_rows(
    errs: FieldErrors, options: list[PollOptionIn], *, user: User, shop: Shop | None
) -> list[dict[str, Any]]:
    media_ids = {o.image_media_id for o in options if o.image_media_id}
    images = {
        m.pk: m
        for m in MediaAsset.objects.filter(
            pk__in=media_ids, uploaded_by=user, kind=MediaAsset.Kind.IMAGE
        ).exclude(status=MediaAsset.Status.FAILED)
    }
    variant_ids = {o.variant_id for o in options if o.variant_id}
    variants = (
        {v.pk: v for v in Variant.objects.filter(pk__in=variant_ids, shop=shop)}
        if shop is not None and variant_ids
        else {}
    )
    rows: list[dict[str, Any]] = []
    labels: set[str] = set()
    for i, option in enumerate(options):
        path = f"poll.options.{i}"
        label = " ".join(option.label.split())
        if not label:
            errs.add(f"{path}.label", _("Give each option a label."))
        elif len(label) > POLL_LABEL_MAX_LENGTH:
            errs.add(f"{path}.label", _("At most %(n)s characters.") % {"n": POLL_LABEL_MAX_LENGTH})
        elif label.casefold() in labels:
            errs.add(f"{path}.label", _("Two options have the same label."))
        labels.add(label.casefold())
        image = None
        if option.image_media_id:
            image = images.get(option.image_media_id)
            if image is None:
                errs.add(f"{path}.image_media_id", _("Unknown image: upload it first."))
        variant = None
        if option.variant_id:
            variant = variants.get(option.variant_id)
            if shop is None:
                errs.add(f"{path}.variant_id", _("Only a shop can link an option to its products."))
            elif variant is None:
                errs.add(f"{path}.variant_id", _("Unknown variant of this shop."))
        proposed = None
        if option.proposed is not None:
            if shop is None:
                errs.add(f"{path}.proposed", _("Only a shop can propose a product."))
            elif option.variant_id:
                errs.add(f"{path}.proposed", _("Link a variant or propose a product, not both."))
            else:
                proposed = _proposed(errs, f"{path}.proposed", option.proposed, shop, label)
        rows.append({"label": label, "image": image, "variant": variant, "proposed": proposed})
    return rows


def poll_create(*, post: Post, poll: PollIn, user: User, author: Handle) -> Poll:
    """Writes the poll of a post being created (social's `post_poll_create` slot, called in
    the post's transaction): 2 to 6 labelled options, each with an optional image the poster
    uploaded, and for a shop an optional variant of its own or a proposed product priced in
    its currency; a deadline from one minute to 90 days ahead; for a shop, an early-access
    discount (0 to 50 %) for the winner's voters. InvalidInput names every
    refused field (`poll.options.2.variant_id`) and so refuses the post. The closing task is
    scheduled for the deadline on commit."""
    now = timezone.now()
    errs = FieldErrors()
    closes_at = _closes_at(errs, poll.closes_at, now)
    if poll.results_visibility not in Poll.Results.values:
        errs.add(
            "poll.results_visibility",
            _("Choose one of: %(values)s.") % {"values": ", ".join(Poll.Results.values)},
        )
    shop = author.shop if author.kind == Handle.Kind.SHOP else None
    if poll.early_access_percent and shop is None:
        errs.add("poll.early_access_percent", _("Only a shop can offer its voters early access."))
    rows = _option_rows(errs, list(poll.options), user=user, shop=shop)
    errs.raise_if_any()
    with transaction.atomic():
        created = Poll.objects.create(
            post=post,
            closes_at=closes_at,
            results_visibility=poll.results_visibility,
            early_access_percent=poll.early_access_percent,
        )
        PollOption.objects.bulk_create(
            PollOption(poll=created, position=i, **row) for i, row in enumerate(rows)
        )
        transaction.on_commit(lambda: enqueue_poll_close(closes_at))
    return created


# --- voting ------------------------------------------------------------------------------
def poll_is_closed(poll: Poll, *, now: datetime | None = None) -> bool:
    """Closed once its deadline has passed, by the clock, whether or not the task ran."""
    return poll.closed_at is not None or poll.closes_at <= (now or timezone.now())


def _shop_id(post: Post) -> int | None:
    author = post.author
    if author.kind != Handle.Kind.SHOP:
        return None
    return author.shop.pk


def poll_vote(*, user: User, poll: Poll, option_id: int, source: str = "api") -> PollVote:
    """Records the person's vote, or moves it to `option_id` (a vote changed before the
    deadline replaces the earlier one). 409 `poll_closed` from the deadline on; 404 for an
    option of another poll. One vote per person and poll whatever the number of simultaneous
    requests: the unique (poll, voter) index lets one INSERT win, the others update that row.
    The engagement event is recorded once, by the request whose INSERT won. Atomic."""
    now = timezone.now()
    closed = Conflict(_("This poll is closed."), code="poll_closed")
    if poll_is_closed(poll, now=now):
        raise closed
    option = PollOption.objects.filter(poll=poll, pk=option_id).first()
    if option is None:
        raise NotFound(_("No such option in this poll."))
    with transaction.atomic():
        # The poll's row is the gate: a vote passes only while the poll is open by the clock
        # and not closed, and a close waits for the votes in flight (the row lock on
        # PostgreSQL; SQLite writes one transaction at a time), so the winner it stores
        # counts every vote that was accepted.
        gate = Poll.objects.filter(pk=poll.pk, closed_at__isnull=True, closes_at__gt=now)
        if not gate.update(closes_at=F("closes_at")):
            raise closed
        if PollVote.objects.filter(poll=poll, voter=user).update(option=option, updated_at=now):
            return PollVote.objects.get(poll=poll, voter=user)
        try:
            with transaction.atomic():
                vote = PollVote.objects.create(poll=poll, option=option, voter=user)
        except IntegrityError:
            # A simultaneous request inserted it first: it is this person's one vote.
            PollVote.objects.filter(poll=poll, voter=user).update(option=option, updated_at=now)
            return PollVote.objects.get(poll=poll, voter=user)
        event_record(
            kind="vote",
            object_type="poll",
            object_id=poll.pk,
            actor=user,
            shop_id=_shop_id(poll.post),
            source=source,
        )
    return vote


# --- closing -----------------------------------------------------------------------------
def _winner_id(poll: Poll) -> int | None:
    counts = dict(
        PollVote.objects.filter(poll=poll)
        .order_by()
        .values("option_id")
        .annotate(n=Count("pk"))
        .values_list("option_id", "n")
    )
    options = PollOption.objects.filter(poll=poll).order_by("position", "pk")
    return first_most_voted(
        [(pk, counts.get(pk, 0)) for pk in options.values_list("pk", flat=True)]
    )


def poll_close(*, poll: Poll, now: datetime | None = None) -> bool:
    """open → closed once the deadline has passed: stores `closed_at` and the winner (most
    votes, the earliest option of those tied, none without votes), counted once no vote can
    pass any more. Idempotent: one conditional UPDATE, so of simultaneous calls one closes
    it; False when it was closed already or its deadline is still ahead. Atomic."""
    now = now or timezone.now()
    if poll.closed_at is not None or poll.closes_at > now:
        return False
    with transaction.atomic():
        # Closed first (waiting for the votes in flight, see `poll_vote`), counted after.
        moved = Poll.objects.filter(pk=poll.pk, closed_at__isnull=True, closes_at__lte=now).update(
            closed_at=now
        )
        if not moved:
            poll.refresh_from_db(fields=["closed_at", "winner"])
            return False
        winner_id = _winner_id(poll)
        Poll.objects.filter(pk=poll.pk).update(winner_id=winner_id)
    poll.closed_at, poll.winner_id = now, winner_id
    return True


def polls_close_due(*, now: datetime | None = None) -> int:
    """Closes every poll past its deadline (the closing task); returns how many this call
    closed. Idempotent."""
    now = now or timezone.now()
    return sum(poll_close(poll=poll, now=now) for poll in polls_due(now=now))


# --- making the winner real ----------------------------------------------------------------
def _draft_body(poll: Poll, option: PollOption, shop: Shop) -> dict[str, Any]:
    proposed = option.proposed or {}
    values = proposed_values(proposed)
    return {
        "title": (proposed.get("title") or option.label)[:150],
        "description": "",
        "status": Product.Status.DRAFT,
        "price": proposed.get("price") or {"amount": 0, "currency": shop.currency},
        "options": [{"name": name, "values": [value]} for name, value in values.items()],
        "variants": [
            {"sku": f"POLL-{poll.pk}-{option.position + 1}", "options": values, "stock": 0}
        ],
    }


def poll_make_product(*, user: User, poll: Poll) -> tuple[Product, bool]:
    """Turns the winning option of a closed poll into a product of the posting shop, in one
    action by its owner or staff (403 for anyone else, a person's poll included): a DRAFT
    product (its proposal's title, option values and price; the label at price 0 without a
    proposal) to finish and put on sale, or, for an option linked to a variant, that
    variant's product. Returns (product, created). 409 `poll_open` before the deadline,
    `no_winner` without votes, `already_made` the second time: the option is linked by one
    conditional UPDATE, so of simultaneous calls one makes a product and the others roll
    back. A winner whose product is already on sale tells its voters at once."""
    post = poll.post
    shop = post.author.shop if post.author.kind == Handle.Kind.SHOP else None
    if shop is None or shop_role(shop=shop, user=user) is None:
        raise PermissionDenied(_("Only the shop's owner and staff can do this."))
    if not poll_is_closed(poll):
        raise Conflict(_("The poll is still open."), code="poll_open")
    poll_close(poll=poll)
    winner = (
        PollOption.objects.select_related("variant__product").filter(pk=poll.winner_id).first()
        if poll.winner_id is not None
        else None
    )
    if winner is None:
        raise Conflict(_("Nobody voted: there is no winner."), code="no_winner")
    if winner.product_id is not None:
        raise Conflict(_("The winner is already a product."), code="already_made")
    with transaction.atomic():
        if winner.variant is not None:
            product, created = winner.variant.product, False
        else:
            draft = product_draft(_draft_body(poll, winner, shop))
            product, created = product_create(actor=user, shop=shop, draft=draft), True
        linked = PollOption.objects.filter(pk=winner.pk, product__isnull=True).update(
            product=product
        )
        if not linked:
            raise Conflict(_("The winner is already a product."), code="already_made")
        if product.status == Product.Status.ACTIVE:
            poll_product_went_on_sale(product=product)
    return product, created


def poll_product_went_on_sale(*, product: Product) -> int:
    """Catalog's `product_went_on_sale` hook (and a winner made from a product already on
    sale): the people who voted for the options that became `product` are told, once per
    option whatever happens next (a conditional UPDATE marks it announced; the notifications
    are written by a task on commit). Returns how many options were announced."""
    now = timezone.now()
    announced = 0
    for option_id in PollOption.objects.filter(
        product=product, announced_at__isnull=True
    ).values_list("pk", flat=True):
        if PollOption.objects.filter(pk=option_id, announced_at__isnull=True).update(
            announced_at=now
        ):
            announced += 1
            transaction.on_commit(partial(enqueue_voters_notify, option_id))
    return announced


def poll_voters_notify(*, option_id: int) -> int:
    """Notifies the people who voted for an announced option that its product is on sale
    (from the shop, about the poll's post), after giving each their early-access coupon when
    the poll offers one. Idempotent: someone already notified about that post is not notified
    again. Returns how many were notified."""
    option = (
        PollOption.objects.select_related("poll__post", "product__shop__actor")
        .filter(pk=option_id, announced_at__isnull=False, product__isnull=False)
        .first()
    )
    if option is None or option.product is None or option.product.shop.actor is None:
        return 0
    early_access_grant(option=option)
    return notify_people(
        user_ids=option_voter_ids(option_id=option.pk),
        kind=Notification.Kind.POLL_ON_SALE,
        actor=option.product.shop.actor,
        post=option.poll.post,
    )


# Early-access codes: 12 characters without look-alikes (60 bits).
_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def _early_code() -> str:
    return "EARLY-" + "".join(secrets.choice(_CODE_ALPHABET) for _ in range(12))


def early_access_grant(*, option: PollOption) -> int:
    """Gives each person who voted for `option` a personal coupon for the product it became:
    the poll's `early_access_percent` off that product, once, for EARLY_ACCESS_DAYS. Nothing
    for a poll without early access. Idempotent: one coupon per (option, voter), whatever
    runs twice (a unique index). Returns how many were given now."""
    percent = option.poll.early_access_percent
    product = option.product
    if not percent or product is None:
        return 0
    have = set(EarlyAccess.objects.filter(option=option).values_list("voter_id", flat=True))
    ends_at = timezone.now() + timedelta(days=EARLY_ACCESS_DAYS)
    given = 0
    for voter_id in option_voter_ids(option_id=option.pk):
        if voter_id in have:
            continue
        try:
            with transaction.atomic():
                coupon = Coupon.objects.create(
                    shop_id=product.shop_id,
                    code=_early_code(),
                    kind=Coupon.Kind.PERCENT,
                    value=percent,
                    usage_limit=1,
                    per_person_limit=1,
                    owner_id=voter_id,
                    ends_at=ends_at,
                )
                coupon.products.set([product])
                EarlyAccess.objects.create(option=option, voter_id=voter_id, coupon=coupon)
        except IntegrityError:
            continue
        given += 1
    return given
