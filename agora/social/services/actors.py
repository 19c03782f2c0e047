from __future__ import annotations

from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from agora.accounts.models import Handle, User
from agora.accounts.selectors import handle_named
from agora.accounts.services import tokens_forget_cached
from agora.core.errors import InvalidInput, PermissionDenied
from agora.shops.models import ShopMember
from agora.shops.selectors import shop_by_handle, shop_role
from agora.social.models import Block


def actor_for_user(*, user: User) -> Handle:
    """The person's Handle, created on first use for accounts made outside the services
    (e.g. createsuperuser)."""
    if user.actor_id and user.actor is not None:
        return user.actor
    with transaction.atomic():
        handle = handle_named(user.username) or Handle.objects.create(
            name=user.username, kind=Handle.Kind.PERSON
        )
        User.objects.filter(pk=user.pk).update(actor=handle)
    tokens_forget_cached(user_id=user.pk)
    user.actor = handle
    return handle


def actor_for_posting(*, user: User, as_shop: str | None) -> Handle:
    """Yourself, or a shop you own or staff (never from is_staff)."""
    if not as_shop:
        return actor_for_user(user=user)
    shop = shop_by_handle(as_shop)
    if shop is None:
        raise InvalidInput.field("as_shop", _("No such shop."))
    if shop_role(shop=shop, user=user) is None:
        raise PermissionDenied(_("Only the shop's owner and staff can post as the shop."))
    actor = shop.actor if shop.actor_id is not None else None
    if actor is None:
        actor = handle_named(shop.handle)
        if actor is None:
            raise Handle.DoesNotExist(shop.handle)
        shop.actor = actor
        shop.save(update_fields=["actor"])
    return actor


def recipients_for_actor(*, handle: Handle, blocked: Handle | None = None) -> list[int]:
    """User ids notified about an actor's objects: the person, or a shop's owner and staff;
    without those who blocked `blocked` (the actor who caused the notification). One query."""
    qs: QuerySet[User, int] | QuerySet[ShopMember, int]
    if handle.kind == Handle.Kind.PERSON:
        qs = User.objects.filter(actor=handle, is_active=True).values_list("pk", flat=True)
        field = "pk"
    else:
        qs = ShopMember.objects.filter(shop__actor=handle).values_list("user_id", flat=True)
        field = "user_id"
    if blocked is not None:
        qs = qs.exclude(**{f"{field}__in": Block.objects.filter(blocked=blocked).values("blocker")})
    return list(qs)


def actor_ref(*, user: User) -> Handle:
    """The person's Handle without a query when the account knows its actor id (name and
    kind are the person's), for writes that only need the id; else `actor_for_user`."""
    if user.actor_id and "actor" not in user._state.fields_cache:
        return Handle(pk=user.actor_id, name=user.username, kind=Handle.Kind.PERSON)
    return actor_for_user(user=user)
