"""The shop's curation of "From the community" on its product pages."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from agora.core.errors import InvalidInput, NotFound, PermissionDenied
from agora.social.models import CommunityPlacement, Post
from agora.social.selectors.community import can_curate

if TYPE_CHECKING:
    from agora.accounts.models import User
    from agora.catalog.models import Product

STATES = ("featured", "hidden", "none")


def community_place(*, user: User, product: Product, post_id: int, state: str) -> str:
    """Features, hides or resets ("none") a post that tags `product`. Only the product's shop
    owner and staff (403); the post must tag the product (404). Idempotent; one placement
    per (product, post) by unique constraint. Returns the state now in force."""
    if state not in STATES:
        raise InvalidInput.field("state", _("Choose featured, hidden or none."))
    if not can_curate(product=product, viewer=user):
        raise PermissionDenied(_("Only the shop's owner and staff can curate its community."))
    post = Post.objects.filter(pk=post_id, product_tags__product=product).first()
    if post is None:
        raise NotFound(_("This post doesn't tag the product."))
    placements = CommunityPlacement.objects.filter(product=product, post=post)
    if state == "none":
        placements.delete()
        return state
    with transaction.atomic():
        if not placements.update(state=state, decided_by=user, decided_at=timezone.now()):
            try:
                with transaction.atomic():
                    CommunityPlacement.objects.create(
                        product=product, post=post, state=state, decided_by=user
                    )
            except IntegrityError:  # a simultaneous decision created it first: ours wins
                placements.update(state=state, decided_by=user, decided_at=timezone.now())
    return state
