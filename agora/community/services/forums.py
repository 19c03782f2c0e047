"""Communities: one per shop (made with the shop, idempotently), topic communities opened by
verified experts or moderators, joining and leaving, the shop team's settings.

Race safety: one community per shop and one membership per person hold by unique constraints;
`member_count` moves by `F()` only when a row was really inserted or deleted."""

from __future__ import annotations

import re

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.translation import gettext as _

from agora.accounts.models import Expertise, User
from agora.community.models import (
    COMMUNITY_DESCRIPTION_MAX_LENGTH,
    COMMUNITY_NAME_MAX_LENGTH,
    COMMUNITY_SLUG_MAX_LENGTH,
    Community,
    Membership,
)
from agora.core.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from agora.core.schemas import has_control_characters
from agora.core.validators import require_visible_text
from agora.moderation.selectors import is_moderator
from agora.shops.models import Shop
from agora.shops.selectors import can_manage

RESERVED_SLUGS = frozenset({"new", "threads", "settings"})
_SLUG = re.compile(r"^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$")


def clean_line(value: str | None, *, field: str, low: int, high: int) -> str:
    """A one-line text: no control characters, no invisible or bidi characters, trimmed,
    `low`..`high` characters, or InvalidInput naming `field`."""
    text = " ".join((value or "").split()) if not has_control_characters(value or "") else None
    if text is None:
        raise InvalidInput.field(field, _("Control characters are not allowed."))
    require_visible_text(text, field=field)
    if not low <= len(text) <= high:
        raise InvalidInput.field(
            field, _("Write %(low)s to %(high)s characters.") % {"low": low, "high": high}
        )
    return text


def clean_body(value: str | None, *, field: str, low: int, high: int) -> str:
    """A multi-line text (tab, newline and carriage return allowed), trimmed, bounded."""
    text = (value or "").strip()
    if has_control_characters(text, multiline=True):
        raise InvalidInput.field(field, _("Control characters are not allowed."))
    if not low <= len(text) <= high:
        raise InvalidInput.field(
            field, _("Write %(low)s to %(high)s characters.") % {"low": low, "high": high}
        )
    return text


def can_open_community(user: User | None) -> bool:
    """Verified experts (any category) and moderators may open topic communities."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if is_moderator(user) or user.is_expert:
        return True
    return Expertise.objects.filter(user=user).exists()


def community_create(*, user: User, slug: str, name: str, description: str = "") -> Community:
    """Opens a topic community; its opener joins it. 403 unless the opener is a verified
    expert or a moderator; 409 `slug_taken` when the slug (or a shop's handle) is taken."""
    if not can_open_community(user):
        raise PermissionDenied(_("Only verified experts and moderators can open a community."))
    slug = (slug or "").strip().lower()
    if has_control_characters(slug) or not _SLUG.match(slug):
        raise InvalidInput.field(
            "slug", _("Use lowercase letters, digits and hyphens (not at the ends).")
        )
    if len(slug) > COMMUNITY_SLUG_MAX_LENGTH:
        raise InvalidInput.field(
            "slug", _("At most %(n)s characters.") % {"n": COMMUNITY_SLUG_MAX_LENGTH}
        )
    name = clean_line(name, field="name", low=2, high=COMMUNITY_NAME_MAX_LENGTH)
    description = clean_body(
        description, field="description", low=0, high=COMMUNITY_DESCRIPTION_MAX_LENGTH
    )
    if slug in RESERVED_SLUGS:
        raise Conflict(_("This address is taken."), code="slug_taken")
    # A shop's community takes its handle as slug, even before it exists.
    if Shop.objects.filter(handle__iexact=slug).exists():
        raise Conflict(_("This address is taken."), code="slug_taken")
    try:
        with transaction.atomic():
            community = Community.objects.create(
                slug=slug,
                name=name,
                description=description,
                kind=Community.Kind.TOPIC,
                created_by=user,
            )
            Membership.objects.create(community=community, person=user)
            Community.objects.filter(pk=community.pk).update(member_count=1)
    except IntegrityError as exc:
        raise Conflict(_("This address is taken."), code="slug_taken") from exc
    community.refresh_from_db(fields=["member_count"])
    return community


def shop_community_ensure(*, shop: Shop) -> Community:
    """The shop's community, created once (idempotent, safe under concurrent calls): slug =
    the shop's handle in lower case, named after the shop."""
    found = Community.objects.filter(shop=shop).first()
    if found is not None:
        return found
    try:
        with transaction.atomic():
            return Community.objects.create(
                slug=shop.handle.lower()[:COMMUNITY_SLUG_MAX_LENGTH],
                name=shop.name[:COMMUNITY_NAME_MAX_LENGTH],
                description=_("Ask %(shop)s and its customers, share tips and photos.")
                % {"shop": shop.name},
                kind=Community.Kind.SHOP,
                shop=shop,
            )
    except IntegrityError:
        found = Community.objects.filter(shop=shop).first()
        if found is None:  # the slug was taken by a topic community
            with transaction.atomic():
                return Community.objects.create(
                    slug=f"shop-{shop.pk}",
                    name=shop.name[:COMMUNITY_NAME_MAX_LENGTH],
                    kind=Community.Kind.SHOP,
                    shop=shop,
                )
        return found


def can_manage_community(*, community: Community, user: User | None) -> bool:
    """Moderators, and the shop's owner and staff in their shop's community."""
    if user is None or not user.is_authenticated:
        return False
    if is_moderator(user):
        return True
    return community.shop is not None and can_manage(shop=community.shop, user=user)


def community_settings_update(
    *, user: User, community: Community, is_open: bool, members_only: bool
) -> Community:
    """The shop team (or a moderator) closes the community (read-only) or makes it
    members-only. 403 for anyone else."""
    if not can_manage_community(community=community, user=user):
        raise PermissionDenied(_("Only the shop's team can change its community."))
    Community.objects.filter(pk=community.pk).update(is_open=is_open, members_only=members_only)
    community.is_open, community.members_only = is_open, members_only
    return community


def community_join(*, user: User, community: Community) -> Community:
    """Joins (idempotent): subscribes the person to the community's new threads."""
    if not user.is_active:
        raise PermissionDenied(_("This account is suspended."))
    if community.shop is not None and not community.shop.is_active:
        raise NotFound(_("No such community."))
    try:
        with transaction.atomic():
            Membership.objects.create(community=community, person=user)
            Community.objects.filter(pk=community.pk).update(member_count=F("member_count") + 1)
    except IntegrityError:
        pass  # a member already
    community.refresh_from_db(fields=["member_count"])
    return community


def community_leave(*, user: User, community: Community) -> Community:
    """Leaves (idempotent)."""
    with transaction.atomic():
        deleted, _rows = Membership.objects.filter(community=community, person=user).delete()
        if deleted:
            Community.objects.filter(pk=community.pk, member_count__gt=0).update(
                member_count=F("member_count") - 1
            )
    community.refresh_from_db(fields=["member_count"])
    return community
