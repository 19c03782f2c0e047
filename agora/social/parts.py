"""The social parts of pages that other apps compose (the storefront's shop, profile and product
pages), and of social's own answers that swap them: each function returns the context its
partial template renders, read through the social selectors. Templates only render it.

| function | partial template |
| --- | --- |
| `follow_box(request, owner)` | `social/follow.html` |
| `follow_box_html(request, follow)` | the same, as HTML: kept per what it shows |
| `actor_posts(request, owner)` | `social/actor_section.html` |
| `post_cards(request, posts)` | `social/timeline.html` (each `social/post_card.html`) |
| `feed_preview(request, size=)` | `social/timeline.html` (the signed-in home's feed) |
| `product_actions(request, product)` | `social/product_actions.html` |

The product page's parts, cached as HTML, are `social.product_parts`.
"""

from __future__ import annotations

from django.template.defaultfilters import urlencode
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.html import conditional_escape, escape
from django.utils.safestring import SafeString

from agora.accounts.models import Handle
from agora.core.bounded import BoundedLRU
from agora.core.fragments import Fragment, Slots, csrf_token
from agora.core.viewer import viewer
from agora.social.selectors.feed_rows import feed_rows
from agora.social.selectors.graph import FollowFacts, actor_by_handle, follow_facts
from agora.social.selectors.post_rows import post_rows_page
from agora.social.selectors.posts import viewer_facts
from agora.social.views import _cards, _queries
from agora.social.views._common import managed_shop_ids, page_path
from agora.social.views._row_cards import row_card, row_cards

PROFILE_POSTS = 10
_FACTS_MEMO = "_agora_product_social"


def _actor_of(owner):
    """The Handle of a Shop or a User, without a query when the owner knows its actor id
    (its name and kind are the owner's); looked up for accounts made outside the services."""
    if owner is None:
        return None

    if getattr(owner, "actor_id", None):
        is_shop = owner._meta.model_name == "shop"
        kind = Handle.Kind.SHOP if is_shop else Handle.Kind.PERSON
        return Handle(pk=owner.actor_id, name=owner.handle, kind=kind)

    return actor_by_handle(getattr(owner, "handle", ""))


# --- Profiles: a person's or shop's page ---------------------------------------------------


def follow_context(request, actor, *, facts: FollowFacts | None = None) -> dict:
    """Follower and following counts of `actor` (a Handle) and whether the viewer follows it
    (`facts`, when the page read them with its own row: `follow_facts_of_row`)."""
    me = viewer(request)
    counts, following = facts if facts is not None else follow_facts(actor=actor, viewer=me)
    return {
        "actor": actor,
        "counts": counts,
        "following": following,
        "is_self": me is not None and me.actor_id == actor.pk,
        "signed_in": me is not None,
        "next": page_path(request),
    }


def follow_box(request, owner, *, facts: FollowFacts | None = None) -> dict:
    """The follow box of a person or shop (a User or a Shop): counts and the Follow / Unfollow
    button (`facts`: the counts and the viewer's follow, when already read)."""
    actor = _actor_of(owner)
    if actor is None:
        return {"actor": None}
    return follow_context(request, actor, facts=facts)


# Follow boxes rendered once per process for what they show and the language, split at the
# slots for the page's CSRF token and address (`follow_box_html`).
_FOLLOW_BOXES: BoundedLRU[tuple, Fragment] = BoundedLRU(2048)


def follow_box_html(request, follow: dict) -> SafeString:
    """The follow box (`social/follow.html`) of a `follow_box` dict as HTML: kept per what it
    shows (the actor, counts, whether the viewer follows it, is it, is signed in) and the
    language; the CSRF token and the address it comes back to go in per request."""
    actor = follow.get("actor")
    if actor is None:
        return SafeString("")
    counts = follow["counts"]
    signed_in = bool(follow["signed_in"])
    key = (
        translation.get_language(),
        actor.pk,
        actor.name,
        actor.kind,
        tuple(sorted(counts.items())),
        bool(follow["following"]),
        bool(follow["is_self"]),
        signed_in,
    )
    fragment = _FOLLOW_BOXES.get(key)
    if fragment is None:
        slots = Slots()
        context = {**follow, "next": slots["next"], "csrf_token": slots["csrf"]}
        fragment = slots.split(render_to_string("social/follow.html", context))
        _FOLLOW_BOXES.put(key, fragment)
    next_url = follow.get("next") or ""
    return fragment.fill(
        csrf=csrf_token(request),
        # `{{ next }}` in the form of a signed-in person, `{{ next|urlencode }}` in a link
        next=conditional_escape(next_url) if signed_in else escape(urlencode(next_url)),
    )


def posts_page(request, actor, *, size: int, cursor: str | None = None) -> dict:
    """A page of `actor`'s posts as cards for the viewer, and the URL of the next page."""
    me = viewer(request)
    page = post_rows_page(viewer=me, author_id=actor.pk, cursor=cursor, limit=size)
    cards = row_cards(page, viewer=me, request=request)
    more = (
        f"{reverse('social_web:actor-posts', args=[actor.name])}?cursor={page.next_cursor}"
        if page.next_cursor
        else None
    )
    return {"cards": cards, "more_url": more, "actor": actor}


def post_cards(request, posts) -> list:
    """Cards (`social/post_card.html`, as `social/timeline.html` lists them) for a page of
    posts another app read through the social selectors (`with_details(visible_posts(...))`):
    the viewer's likes and reposts and the editable ones read once for the whole page."""
    me = viewer(request)
    posts = list(posts)
    facts = viewer_facts(viewer=me, post_ids=[p.pk for p in posts])
    shop_ids = managed_shop_ids(me) if posts else set()
    return _cards.cards(posts, facts=facts, viewer=me, shop_ids=shop_ids, request=request)


def feed_preview(request, *, size: int) -> dict:
    """The first `size` items of the signed-in viewer's home timeline as cards, and the
    feed's address when there are more (the home page shows them above discovery)."""
    user = request.user
    page = feed_rows(user=user, cursor=None, limit=size)
    shop_ids = managed_shop_ids(user) if page.items else set()
    actor_id = user.actor_id  # read once: `request.user` is a lazy object
    cards = [
        row_card(
            item.post,
            liked=page.facts.liked,
            reposted=page.facts.reposted,
            actor_id=actor_id,
            shop_ids=shop_ids,
            reposted_by=item.reposted_by,
        )
        for item in page.items
    ]
    _cards.with_polls(_cards.with_badges(cards), request=request)
    return {"cards": cards, "more": page.next_cursor is not None}


def actor_posts(request, owner, *, posted: bool = True) -> dict:
    """The latest posts of a person or shop (a User or a Shop), with infinite scroll to the
    rest; nothing is read when the page already knows the owner never posted (`posted`)."""
    actor = _actor_of(owner)
    if actor is None:
        return {"cards": []}
    who = {"name": owner.name}
    if not posted:
        return {"cards": [], "more_url": None, "actor": actor, "who": who}
    return {**posts_page(request, actor, size=PROFILE_POSTS), "who": who}


# --- The product page --------------------------------------------------------------------


def _facts(request, product) -> dict:
    """The product's counters and the viewer's like, read once per request (the buy box and
    the community section both show them)."""
    memo = request.__dict__.setdefault(_FACTS_MEMO, {})
    if product.pk not in memo:
        memo[product.pk] = _queries.product_social_facts(product=product, user=viewer(request))
    return memo[product.pk]


def forget_product_facts(request) -> None:
    """After a like or unlike: the next `product_actions` reads the new count."""
    request.__dict__.pop(_FACTS_MEMO, None)


def product_actions(request, product) -> dict:
    """Like (with its count) and Share buttons for a product's buy box."""
    return {
        "product": product,
        "social": _facts(request, product),
        "signed_in": request.user.is_authenticated,
        "next": page_path(request),
    }
