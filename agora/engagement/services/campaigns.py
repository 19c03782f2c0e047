"""Hashtag campaigns: a shop's team creates one, publishes it, may end it early, and picks
winners among its entries, who are notified.

Every transition goes through `_move`, which checks `Campaign.TRANSITIONS` and moves the
stored status with one conditional UPDATE (`WHERE status = <from>`): of simultaneous moves one
wins, and an illegal move is a 409 `invalid_transition`. Dates are checked against the clock at
request time (`campaign_phase`); the task at the start and end only tidies up the stored status.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from functools import partial
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from agora.catalog.models import Product
from agora.core.errors import Conflict, FieldErrors, InvalidInput, PermissionDenied
from agora.engagement.models import (
    CAMPAIGN_DESCRIPTION_MAX_LENGTH,
    CAMPAIGN_MAX_WINNERS,
    CAMPAIGN_PRIZES_MAX_LENGTH,
    CAMPAIGN_TITLE_MAX_LENGTH,
    Campaign,
    CampaignWinner,
)
from agora.engagement.scheduling import enqueue_campaigns_advance
from agora.engagement.selectors.campaigns import campaign_phase, campaigns_due, entries_of
from agora.shops.selectors import shop_role
from agora.social.models import Notification, Post
from agora.social.selectors.tags import clean_tag
from agora.social.services.notifications import notify_people
from agora.social.text import TAG_RE

if TYPE_CHECKING:
    from agora.accounts.models import Handle, User
    from agora.shops.models import Shop

CAMPAIGN_MAX_DURATION = timedelta(days=366)
CAMPAIGN_MAX_LEAD = timedelta(days=366)  # how far ahead a campaign may start
HASHTAG_MAX_LENGTH = 100  # Campaign.hashtag's column
_TAG = TAG_RE.replace(r"(?<![\w&/])#", "#?")


def _require_team(*, user: User, shop: Shop) -> None:
    if shop_role(shop=shop, user=user) is None:
        raise PermissionDenied(_("Only the shop's owner and staff can do this."))


def _aware(errs: FieldErrors, name: str, value: datetime | None) -> datetime | None:
    if value is None:
        errs.add(name, _("This field is required."))
        return None
    if value.tzinfo is None or value.utcoffset() is None:
        errs.add(name, _("Give the date and time with a UTC offset."))
        return None
    return value


def _hashtag(errs: FieldErrors, raw: str) -> str:
    text = (raw or "").strip()
    if not re.fullmatch(_TAG, text):
        errs.add(
            "hashtag", _("Give one hashtag of letters, digits and underscores, e.g. #ShareACoke.")
        )
        return ""
    tag = clean_tag(text)
    if len(tag) > HASHTAG_MAX_LENGTH:  # NFKC can lengthen a tag ("ﬃ" is "ffi")
        errs.add("hashtag", _("At most %(n)s characters.") % {"n": HASHTAG_MAX_LENGTH})
        return ""
    return tag


def _move(campaign: Campaign, to: str, **fields: object) -> None:
    """The stored status from what it is to `to`, if the table allows it, in one conditional
    UPDATE; 409 `invalid_transition` otherwise (also when a simultaneous move won)."""
    current = campaign.status
    refused = Conflict(
        _("A campaign can't go from %(from)s to %(to)s.") % {"from": current, "to": to},
        code="invalid_transition",
    )
    if to not in Campaign.TRANSITIONS[current]:
        raise refused
    if not Campaign.objects.filter(pk=campaign.pk, status=current).update(status=to, **fields):
        raise refused
    campaign.status = to
    for name, value in fields.items():
        setattr(campaign, name, value)


def _schedule(campaign: Campaign) -> None:
    """The tidy-up task at the start and at the end, on commit."""
    starts_at, ends_at = campaign.starts_at, campaign.ends_at
    transaction.on_commit(partial(enqueue_campaigns_advance, starts_at))
    transaction.on_commit(partial(enqueue_campaigns_advance, ends_at))


def campaign_create(
    *,
    user: User,
    shop: Shop,
    hashtag: str,
    title: str,
    starts_at: datetime | None,
    ends_at: datetime | None,
    description: str = "",
    prizes: str = "",
    product_id: int | None = None,
    publish: bool = True,
) -> Campaign:
    """A campaign of `shop`, by its owner or staff (403 for anyone else): one hashtag, a title,
    dates with a UTC offset (the end after the start, at most a year apart, not already over),
    an optional product of the shop, prizes as text. Published at once unless `publish` is
    false (then a draft): scheduled, or running when its start has passed. InvalidInput names
    every refused field. Atomic; the status task is scheduled for the start and end."""
    _require_team(user=user, shop=shop)
    now = timezone.now()
    errs = FieldErrors()
    tag = _hashtag(errs, hashtag)
    clean_title = " ".join((title or "").split())
    if not clean_title:
        errs.add("title", _("Give the campaign a title."))
    elif len(clean_title) > CAMPAIGN_TITLE_MAX_LENGTH:
        errs.add("title", _("At most %(n)s characters.") % {"n": CAMPAIGN_TITLE_MAX_LENGTH})
    description = (description or "").strip()
    if len(description) > CAMPAIGN_DESCRIPTION_MAX_LENGTH:
        errs.add(
            "description", _("At most %(n)s characters.") % {"n": CAMPAIGN_DESCRIPTION_MAX_LENGTH}
        )
    prizes = (prizes or "").strip()
    if len(prizes) > CAMPAIGN_PRIZES_MAX_LENGTH:
        errs.add("prizes", _("At most %(n)s characters.") % {"n": CAMPAIGN_PRIZES_MAX_LENGTH})
    start = _aware(errs, "starts_at", starts_at)
    end = _aware(errs, "ends_at", ends_at)
    if start is not None and start > now + CAMPAIGN_MAX_LEAD:
        errs.add("starts_at", _("A campaign starts within a year."))
    elif start is not None and end is not None:
        if end <= start:
            errs.add("ends_at", _("The campaign must end after it starts."))
        elif end - start > CAMPAIGN_MAX_DURATION:
            errs.add("ends_at", _("A campaign runs for at most a year."))
        elif end <= now:
            errs.add("ends_at", _("This date has passed."))
    product = None
    if product_id is not None:
        product = Product.objects.filter(pk=product_id, shop=shop).first()
        if product is None:
            errs.add("product_id", _("Unknown product of this shop."))
    errs.raise_if_any()
    assert start is not None and end is not None
    with transaction.atomic():
        campaign = Campaign.objects.create(
            shop=shop,
            hashtag=tag,
            title=clean_title,
            description=description,
            prizes=prizes,
            product=product,
            starts_at=start,
            ends_at=end,
            created_by=user,
        )
        if publish:
            _publish(campaign, now)
    return campaign


def _publish(campaign: Campaign, now: datetime) -> None:
    _move(campaign, Campaign.Status.RUNNING if campaign.starts_at <= now else "scheduled")
    _schedule(campaign)


def campaign_publish(*, user: User, campaign: Campaign) -> Campaign:
    """draft → scheduled (or running once its start has passed), by the shop's team; 409
    `invalid_transition` for a campaign already published, `campaign_over` for a draft whose
    end has passed. Atomic."""
    _require_team(user=user, shop=campaign.shop)
    now = timezone.now()
    if campaign.status == Campaign.Status.DRAFT and campaign.ends_at <= now:
        raise Conflict(_("This campaign's end has passed."), code="campaign_over")
    with transaction.atomic():
        _publish(campaign, now)
    return campaign


def campaign_end(*, user: User, campaign: Campaign) -> Campaign:
    """Ends a scheduled or running campaign now, by the shop's team: its end moves to now, so
    no later post enters it. 409 `invalid_transition` for a draft or an ended campaign.
    Atomic."""
    _require_team(user=user, shop=campaign.shop)
    now = timezone.now()
    if campaign_phase(campaign, now=now) == Campaign.Status.ENDED:
        raise Conflict(_("This campaign has ended."), code="invalid_transition")
    with transaction.atomic():
        fields: dict[str, object] = {"ended_at": now}
        if campaign.ends_at > now:
            fields["ends_at"] = max(now, campaign.starts_at + timedelta(microseconds=1))
        _move(campaign, Campaign.Status.ENDED, **fields)
    return campaign


def campaign_advance(*, campaign: Campaign, now: datetime | None = None) -> bool:
    """Moves the stored status to where the clock says it is (scheduled → running → ended).
    Idempotent: conditional UPDATEs; False when nothing moved."""
    now = now or timezone.now()
    phase = campaign_phase(campaign, now=now)
    moved = False
    if campaign.status in (phase, Campaign.Status.DRAFT):
        return False
    with transaction.atomic():
        if campaign.status == Campaign.Status.SCHEDULED and phase in ("running", "ended"):
            try:
                _move(campaign, Campaign.Status.RUNNING)
                moved = True
            except Conflict:
                campaign.refresh_from_db(fields=["status"])
        if phase == Campaign.Status.ENDED and campaign.status == Campaign.Status.RUNNING:
            try:
                _move(campaign, Campaign.Status.ENDED, ended_at=now)
                moved = True
            except Conflict:
                campaign.refresh_from_db(fields=["status"])
    return moved


def campaigns_advance_due(*, now: datetime | None = None) -> int:
    """The status task: moves every campaign whose start or end has passed. Idempotent;
    returns how many moved."""
    now = now or timezone.now()
    return sum(campaign_advance(campaign=c, now=now) for c in campaigns_due(now=now))


def campaign_pick_winners(*, user: User, campaign: Campaign, post_ids: list[int]) -> list[int]:
    """The shop's team picks winners among the entries of its ended campaign (409
    `campaign_not_ended` before the end; 422 `post_ids` naming posts that are not entries; at
    most CAMPAIGN_MAX_WINNERS in all). Idempotent: a post picked twice is one winner (a
    unique index), and its author is notified once, by the request whose insert won, in the
    same transaction. Returns the ids newly picked. Atomic."""
    _require_team(user=user, shop=campaign.shop)
    if campaign_phase(campaign) != Campaign.Status.ENDED:
        raise Conflict(_("Pick winners once the campaign has ended."), code="campaign_not_ended")
    wanted = list(dict.fromkeys(post_ids))
    if not wanted:
        raise InvalidInput.field("post_ids", _("Choose at least one entry."))
    entries = {p.pk: p for p in entries_of(campaign).filter(pk__in=wanted)}
    unknown = [pk for pk in wanted if pk not in entries]
    if unknown:
        raise InvalidInput.field(
            "post_ids",
            _("Not entries of this campaign: %(ids)s.") % {"ids": ", ".join(map(str, unknown))},
        )
    picked: list[int] = []
    with transaction.atomic():
        existing = set(
            CampaignWinner.objects.filter(campaign=campaign).values_list("post_id", flat=True)
        )
        if len(existing | set(wanted)) > CAMPAIGN_MAX_WINNERS:
            raise InvalidInput.field(
                "post_ids", _("At most %(n)s winners.") % {"n": CAMPAIGN_MAX_WINNERS}
            )
        for pk in wanted:
            if pk in existing:
                continue
            try:
                with transaction.atomic():
                    CampaignWinner.objects.create(campaign=campaign, post_id=pk, picked_by=user)
            except IntegrityError:
                continue  # picked by a simultaneous request
            picked.append(pk)
        # Only the request whose INSERT won tells the author (in its transaction): however
        # many picks race, each winner hears once.
        shop_actor = campaign.shop.actor
        if shop_actor is not None:
            for pk in picked:
                _notify_winner(entries[pk], shop_actor)
    return picked


def _notify_winner(post: Post, shop_actor: Handle) -> None:
    """The person who wrote the post (a person's own, or a shop's through its staff)."""
    notify_people(
        user_ids=[post.created_by_id],
        kind=Notification.Kind.CAMPAIGN_WIN,
        actor=shop_actor,
        post=post,
    )
