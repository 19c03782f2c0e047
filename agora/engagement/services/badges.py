"""Badges recomputed in bulk (the background task): badges earned are awarded, badges whose
rule no longer holds are ended, and each change is notified to the person once; the top fan of
each shop collects a daily bonus in the shop's points wallet while holding the badge.

Idempotent: a second run with nothing changed writes nothing. Each change is its own atomic
step: an award is ended by a conditional UPDATE (`until IS NULL`), and a new one inserted under
the unique indexes (one current holding per person, badge and shop; one top fan per shop), so
two runs at once can't award a badge twice; the notification is written in the same
transaction as the change it reports.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.utils import timezone

from agora.engagement.models import Award
from agora.engagement.models.ledger import WalletEntry
from agora.engagement.selectors.badges import KEPT, current_awards, deserved
from agora.engagement.services.ledger import wallet_post
from agora.shops.models import Shop
from agora.social.models import Notification
from agora.social.services.notifications import notify_people

if TYPE_CHECKING:
    from agora.accounts.models import User

# While someone is the top fan of a shop, they earn this many points at the shop per day
# (credited by the first recompute of each UTC day, idempotent by its reference).
TOP_FAN_DAILY_POINTS = 10


def _notify(award: Award, kind: str) -> None:
    holder: User = award.holder
    shop: Shop | None = award.shop
    actor = shop.actor if shop is not None else holder.actor
    if actor is None:
        return
    notify_people(
        user_ids=[holder.pk],
        kind=kind,
        actor=actor,
        target=shop.actor if shop is not None else None,
    )


def _end(award: Award, now: datetime) -> bool:
    with transaction.atomic():
        if not Award.objects.filter(pk=award.pk, until__isnull=True).update(until=now):
            return False
        award.until = now
        _notify(award, Notification.Kind.BADGE_LOST)
    return True


def _grant(
    *, kind: str, holder_id: int, shop_id: int | None, score: int, now: datetime
) -> Award | None:
    try:
        with transaction.atomic():
            award = Award.objects.create(
                kind=kind, holder_id=holder_id, shop_id=shop_id, score=score, since=now
            )
            award = Award.objects.select_related("holder__actor", "shop__actor").get(pk=award.pk)
            _notify(award, Notification.Kind.BADGE_EARNED)
    except IntegrityError:
        return None  # held already (a simultaneous run awarded it)
    return award


def top_fan_bonus(*, award: Award, now: datetime | None = None) -> WalletEntry | None:
    """The day's bonus points for the holder of a current top-fan badge, at its shop: once per
    holding and UTC day (the ledger's unique reference), None when already credited."""
    now = now or timezone.now()
    if award.kind != Award.Kind.TOP_FAN or award.until is not None or award.shop is None:
        return None
    return wallet_post(
        shop=award.shop,
        person=award.holder,
        amount=TOP_FAN_DAILY_POINTS,
        reason=WalletEntry.Reason.BONUS,
        reference=f"top-fan:{award.pk}:{now.date().isoformat()}",
        note="Top fan bonus",
    )


def badges_recompute(*, now: datetime | None = None) -> dict[str, int]:
    """Brings every badge in line with its rule (see `selectors.badges`): ends those no longer
    deserved (never the kept ones), awards the new ones (a top fan who is overtaken loses the
    badge first, then the new one wins it), notifies each change once, and credits today's
    top-fan bonus. Idempotent. Returns {"earned", "lost", "bonuses"}."""
    now = now or timezone.now()
    held = current_awards()
    top_fans = {a.shop_id: a.holder_id for a in held if a.kind == Award.Kind.TOP_FAN and a.shop_id}
    wanted = deserved(now=now, top_fans=top_fans)
    lost = 0
    keep: set[tuple[str, int | None, int]] = set()
    for award in held:
        key = (award.kind, award.shop_id)
        if award.holder_id in wanted.get(key, {}) or award.kind in KEPT:
            keep.add((award.kind, award.shop_id, award.holder_id))
            continue
        lost += _end(award, now)
    earned = 0
    for (kind, shop_id), holders in sorted(wanted.items(), key=lambda i: (i[0][0], i[0][1] or 0)):
        for holder_id, score in sorted(holders.items()):
            if (kind, shop_id, holder_id) in keep:
                continue
            earned += (
                _grant(kind=kind, holder_id=holder_id, shop_id=shop_id, score=score, now=now)
                is not None
            )
    bonuses = 0
    for award in Award.objects.filter(kind=Award.Kind.TOP_FAN, until__isnull=True).select_related(
        "holder", "shop"
    ):
        bonuses += top_fan_bonus(award=award, now=now) is not None
    return {"earned": earned, "lost": lost, "bonuses": bonuses}
