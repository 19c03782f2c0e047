"""Reads of pick lists: who may see and edit a list, its items, the public lists, the lists a
product is on, and the automatic lists of each category.

Visibility: a public list is everyone's; an unlisted one is seen by its editors (the person who
owns it, or the owning shop's team), by whoever holds its link (the `key`) and by its
followers. Every other read answers as if it did not exist (a 404). Items show only products
the viewer may see (a product archived after it was added drops out of the list).

Query budgets: a list page reads the list (1), its items (1) and their products' card details
(variants, personalization fields, media: 4); a page of lists reads the lists (1) and their
owners' expertise (1), whatever their number.
"""

from __future__ import annotations

import hmac
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import timedelta
from typing import TYPE_CHECKING

from django.db.models import CharField, Exists, OuterRef, Prefetch, Q, QuerySet, Value
from django.db.models.functions import Cast, Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agora.accounts.models import Expertise
from agora.analytics.models import Event
from agora.catalog.models import Category, Product, category_name_lookup
from agora.catalog.selectors import product_list, visible_products
from agora.core.pagination import Page, clamp_limit, decode_cursor, encode_cursor
from agora.discovery.models import PickList, PickListFollow, PickListItem, ProductTrend
from agora.discovery.selectors.browse import category_and_descendants
from agora.shops.models import ShopMember
from agora.social.models import PostProduct

if TYPE_CHECKING:
    from django.utils.functional import Promise

    from agora.core.types import User

MINE_MAX = 200  # lists shown in "my lists" and the product page's "add to a list" form
ON_PRODUCT_SHOWN = 5  # lists named on a product page
AUTO_SIZE = 24
AUTO_WINDOW = timedelta(days=7)
NEW_WINDOW = timedelta(days=30)
SHARES_SCANNED = 5000  # (object, person) pairs read per automatic "most shared" list


# --- who may edit, who may see ------------------------------------------------------------
def editor_condition(user: User | None) -> Q:
    """The lists `user` may edit: their own, and their shops' (owner or staff)."""
    if user is None:
        return Q(pk__in=[])
    shops = ShopMember.objects.filter(user=user).values("shop__actor_id")
    own = Q(owner_id=user.actor_id) if user.actor_id else Q(pk__in=[])
    return own | Q(owner_id__in=shops)


def can_edit(*, picklist: PickList, user: User | None) -> bool:
    """Whether `user` edits the list: its owner, or the owning shop's owner or staff. No query
    for a person's own list; one for a shop's."""
    if user is None:
        return False
    if user.actor_id is not None and picklist.owner_id == user.actor_id:
        return True
    return ShopMember.objects.filter(user=user, shop__actor_id=picklist.owner_id).exists()


def key_matches(picklist: PickList, key: str | None) -> bool:
    """Whether `key` is the list's link key (compared in constant time)."""
    return bool(key) and hmac.compare_digest(str(key)[:64].encode(), picklist.key.encode())


def _annotated(qs: QuerySet[PickList], viewer: User | None) -> QuerySet[PickList]:
    qs = qs.select_related("owner", "owner__user", "owner__shop")
    if viewer is None:
        return qs.annotate(editable=Value(False), followed=Value(False))
    mine = PickList.objects.filter(editor_condition(viewer), pk=OuterRef("pk"))
    follows = PickListFollow.objects.filter(picklist=OuterRef("pk"), user=viewer)
    return qs.annotate(editable=Exists(mine), followed=Exists(follows))


def picklist_for_viewer(
    *, picklist_id: int, viewer: User | None, key: str | None = None
) -> PickList | None:
    """The list if the viewer may see it (public; unlisted to its editors, its followers and
    whoever brings its key), annotated with `editable` and `followed`; else None (→ 404).
    One query."""
    found = _annotated(PickList.objects.filter(pk=picklist_id), viewer).first()
    if found is None:
        return None
    if found.visibility == PickList.Visibility.PUBLIC:
        return found
    if found.editable or found.followed or key_matches(found, key):  # type: ignore[attr-defined]
        return found
    return None


def picklist_items(*, picklist: PickList, viewer: User | None) -> list[PickListItem]:
    """The list's items in their order, each with its product's card details, leaving out
    products the viewer may not see. Queries: items (1) and products with their details (4)."""
    products = product_list(viewer=viewer)
    return list(
        PickListItem.objects.filter(picklist=picklist, product__in=visible_products(viewer))
        .prefetch_related(Prefetch("product", queryset=products))
        .order_by("position", "id")
    )


def picklist_item(*, picklist: PickList, item_id: int) -> PickListItem | None:
    """One item of the list by id, or None."""
    return PickListItem.objects.filter(picklist=picklist, pk=item_id).first()


# --- lists of lists --------------------------------------------------------------------------
def owner_name_and_url(picklist: PickList) -> tuple[str, str]:
    """The display name and page path of a list's owner, a shop or a person (the owner's
    handle with its shop or person loaded)."""
    owner = picklist.owner
    if owner.kind == "shop":
        return owner.shop.name, owner.shop.get_absolute_url()
    return owner.user.name, owner.user.get_absolute_url()


def expertise_by_actor(actor_ids: list[int]) -> dict[int, list[str]]:
    """{person's Handle id: the categories they are a verified expert in}: one query."""
    out: dict[int, list[str]] = defaultdict(list)
    if not actor_ids:
        return out
    rows = (
        Expertise.objects.filter(user__actor_id__in=set(actor_ids))
        .annotate(category_name=category_name_lookup("category__"))
        .order_by("category_name")
        .values_list("user__actor_id", "category_name")
    )
    for actor_id, name in rows:
        out[actor_id].append(name)
    return out


@dataclass
class ListPage(Page):
    """A page of lists with their owners' expertise ({Handle id: category names})."""

    expertise: dict[int, list[str]] = field(default_factory=dict)


def _page_of(qs: QuerySet[PickList], *, cursor: str | None, limit: int | str | None) -> ListPage:
    size = clamp_limit(limit)
    after = decode_cursor(cursor)
    qs = qs.order_by("-pk")
    if after is not None:
        qs = qs.filter(pk__lt=after)
    rows = list(qs[: size + 1])
    more = len(rows) > size
    rows = rows[:size]
    return ListPage(
        items=rows,
        next_cursor=encode_cursor(rows[-1].pk) if more and rows else None,
        expertise=expertise_by_actor([p.owner_id for p in rows]),
    )


def public_picklists_page(
    *,
    viewer: User | None,
    cursor: str | None,
    limit: int | str | None,
    owner_id: int | None = None,
) -> ListPage:
    """Public lists, newest first (of one owner when given), with the viewer's facts and the
    owners' expertise. Two queries."""
    qs = PickList.objects.filter(visibility=PickList.Visibility.PUBLIC)
    if owner_id is not None:
        qs = qs.filter(owner_id=owner_id)
    return _page_of(_annotated(qs, viewer), cursor=cursor, limit=limit)


def recent_public_picklists(*, limit: int) -> list[PickList]:
    """The newest public lists with their owners, for a short list of links (the signed-in
    home page): one query."""
    qs = PickList.objects.filter(visibility=PickList.Visibility.PUBLIC).select_related("owner")
    return list(qs.order_by("-pk")[:limit])


def picklists_for_api(
    *, viewer: User | None, cursor: str | None, limit: int | str | None, mine: bool = False
) -> ListPage:
    """The lists the API lists: the public ones, or with `mine` the ones the viewer edits
    (unlisted included)."""
    if mine:
        qs = PickList.objects.filter(editor_condition(viewer))
        return _page_of(_annotated(qs, viewer), cursor=cursor, limit=limit)
    return public_picklists_page(viewer=viewer, cursor=cursor, limit=limit)


def picklists_editable_by(user: User) -> list[PickList]:
    """The lists `user` edits (theirs and their shops'), newest first, at most 200."""
    qs = _annotated(PickList.objects.filter(editor_condition(user)), user)
    return list(qs.order_by("-pk")[:MINE_MAX])


def picklists_followed_by(user: User) -> list[PickList]:
    """The lists `user` follows that they may still see, most recently followed first."""
    follows = PickListFollow.objects.filter(user=user)
    qs = _annotated(PickList.objects.filter(pk__in=follows.values("picklist_id")), user)
    return list(qs.order_by("-pk")[:MINE_MAX])


def listed_for(viewer: User | None) -> Q:
    """The lists a product page counts and names for `viewer`: the public ones and their own
    (someone else's unlisted list is neither counted nor named; see `product_page`)."""
    return Q(visibility=PickList.Visibility.PUBLIC) | editor_condition(viewer)


def product_picklists_page(
    *, product: Product, viewer: User | None, cursor: str | None, limit: int | str | None
) -> ListPage:
    """The public lists a product is on, newest first."""
    qs = PickList.objects.filter(
        visibility=PickList.Visibility.PUBLIC, items__product=product
    ).distinct()
    return _page_of(_annotated(qs, viewer), cursor=cursor, limit=limit)


# --- automatic lists -----------------------------------------------------------------------
@dataclass(frozen=True)
class AutoKind:
    slug: str
    title: Promise
    description: Promise


AUTO_KINDS: dict[str, AutoKind] = {
    k.slug: k
    for k in (
        AutoKind(
            "popular",
            _("Most popular this week"),
            _("What people liked, shared and talked about most, recent activity counting most."),
        ),
        AutoKind(
            "shared",
            _("Most shared"),
            _("Shared by the most people in the last 7 days, counting shares of posts about it."),
        ),
        AutoKind(
            "new",
            _("New and noteworthy"),
            _("Added in the last 30 days and already getting attention."),
        ),
    )
}


def auto_categories() -> list[Category]:
    """The top-level categories that hold active products (in them or below): one query for
    the tree and one for the categories in use."""
    used = set(
        visible_products(None)
        .filter(category__isnull=False)
        .values_list("category_id", flat=True)
        .distinct()
    )
    tree = list(Category.objects.order_by("name"))
    parents = {c.pk: c.parent_id for c in tree}

    def root(pk: int) -> int:
        seen: set[int] = set()
        while parents.get(pk) is not None and pk not in seen:
            seen.add(pk)
            pk = parents[pk]  # type: ignore[assignment]
        return pk

    roots = {root(pk) for pk in used}
    return [c for c in tree if c.pk in roots]


def _in_category(category: Category) -> QuerySet[Product]:
    return product_list(viewer=None, status=Product.Status.ACTIVE).filter(
        category_id__in=category_and_descendants(category)
    )


def _in_order(qs: QuerySet[Product], ids: list[int]) -> list[Product]:
    found = {p.pk: p for p in qs.filter(pk__in=ids)}
    return [found[pk] for pk in ids if pk in found]


def _most_shared_ids(category_ids: list[int], limit: int) -> list[int]:
    """Products by how many distinct people (accounts, or anonymous visitors) shared them or
    followed a share link to them or to a post tagging them, in the last 7 days."""
    since = timezone.now() - AUTO_WINDOW
    who = Coalesce(Cast("actor_id", output_field=CharField()), "visitor")
    events = Event.objects.filter(
        kind__in=[Event.Kind.SHARE, Event.Kind.SHARE_CLICK], created_at__gte=since
    ).annotate(who=who)
    in_category = Product.objects.filter(
        category_id__in=category_ids, status=Product.Status.ACTIVE
    ).values("pk")
    people: dict[int, set[str]] = defaultdict(set)
    direct = (
        events.filter(object_type="product", object_id__in=in_category)
        .values_list("object_id", "who")
        .distinct()[:SHARES_SCANNED]
    )
    for product_id, person in direct:
        people[product_id].add(person)
    tags = PostProduct.objects.filter(product_id__in=in_category)
    via_posts = (
        events.filter(object_type="post", object_id__in=tags.values("post_id"))
        .values_list("object_id", "who")
        .distinct()[:SHARES_SCANNED]
    )
    by_post: dict[int, set[str]] = defaultdict(set)
    for post_id, person in via_posts:
        by_post[post_id].add(person)
    if by_post:
        for post_id, product_id in tags.filter(post_id__in=list(by_post)).values_list(
            "post_id", "product_id"
        ):
            people[product_id] |= by_post[post_id]
    ranked = sorted(people.items(), key=lambda kv: (-len(kv[1]), -kv[0]))
    return [pk for pk, _who in ranked[:limit]]


def auto_list(*, category: Category, kind: str, limit: int = AUTO_SIZE) -> list[Product]:
    """An automatic list of the category (and the categories below it), computed on read:

    - `popular`: by trending heat (time-decayed engagement), products someone engaged with;
    - `shared`: by distinct people sharing in 7 days (see `_most_shared_ids`);
    - `new`: products added in 30 days with some engagement, newest first.

    Each returns visible products with their card details; a few queries, bounded."""
    qs = _in_category(category)
    if kind == "popular":
        ids = list(
            ProductTrend.objects.filter(product__in=qs.values("pk"), accounts__gt=0)
            .order_by("-heat", "-product_id")
            .values_list("product_id", flat=True)[:limit]
        )
        return _in_order(qs, ids)
    if kind == "shared":
        return _in_order(qs, _most_shared_ids(category_and_descendants(category), limit))
    if kind == "new":
        recent = qs.filter(created_at__gte=timezone.now() - NEW_WINDOW).filter(
            Q(engagement__like_count__gt=0)
            | Q(engagement__comment_count__gt=0)
            | Q(engagement__share_count__gt=0)
            | Q(engagement__post_count__gt=0)
            | Q(trend__accounts__gt=0)
        )
        return list(recent.distinct().order_by("-pk")[:limit])
    raise ValueError(f"No automatic list {kind!r}.")
