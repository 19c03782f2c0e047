"""Tracked shares: one personal short link /s/CODE per (sharer, post or product), its clicks.

A link is created once: concurrent requests by the same person meet on the unique constraint
and all answer with the same code; only the request that created it bumps the share counter.
A click counts once per visitor per day (ShareClick's unique constraint); only a new click row
bumps the link's click counter, records the event and notifies the sharer.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import quote, urlencode

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from agora.analytics.services import event_record
from agora.catalog.selectors import product_media
from agora.core.errors import InvalidInput
from agora.core.urls_util import absolute_url
from agora.social.models import Notification, Post, ProductEngagement, ShareClick, ShareLink
from agora.social.selectors.posts import post_disclosures
from agora.social.services.actors import actor_for_user
from agora.social.services.notifications import notify

if TYPE_CHECKING:
    from agora.accounts.models import User
    from agora.catalog.models import Product
    from agora.social.selectors.posts import Viewer

CHANNELS = ("link", "x", "facebook", "pinterest", "whatsapp", "email")
CODE_BYTES = 9  # 12 url-safe characters
CODE_ATTEMPTS = 5
VISITOR_COOKIE = "agora_vid"
VISITOR_COOKIE_AGE = 365 * 24 * 3600
REF_COOKIE = "agora_ref"
REF_COOKIE_AGE = 30 * 24 * 3600
SHARE_TEXT_LENGTH = 140
AD_TAG = "#ad"  # ends the shared text of a creator's paid post


@dataclass
class Share:
    link: ShareLink
    url: str
    intent_url: str
    created: bool
    text: str = ""  # what the intents carry along the link


def _new_code() -> str:
    return secrets.token_urlsafe(CODE_BYTES)


def _target_filter(target: Post | Product) -> dict[str, Post | Product]:
    return {"post": target} if isinstance(target, Post) else {"product": target}


def _shop_id(target: Post | Product) -> int | None:
    if not isinstance(target, Post):
        return target.shop_id
    author = target.author
    return author.shop.pk if author.kind == "shop" else None


def _get_or_create_link(*, user: User, target: Post | Product) -> tuple[ShareLink, bool]:
    fields = _target_filter(target)
    existing = ShareLink.objects.filter(sharer=user, **fields).first()
    if existing is not None:
        return existing, False
    for _attempt in range(CODE_ATTEMPTS):
        try:
            with transaction.atomic():
                return ShareLink.objects.create(code=_new_code(), sharer=user, **fields), True
        except IntegrityError:
            # Either someone else's request for the same (sharer, object) won, or (rarely)
            # the random code was taken: look for the winner, else try another code.
            existing = ShareLink.objects.filter(sharer=user, **fields).first()
            if existing is not None:
                return existing, False
    raise IntegrityError("Could not allocate a share code.")


def _share_text(target: Post | Product) -> str:
    """What a share carries along its link: the post's text (shortened) or the product's
    title; a creator's paid post ends with "#ad", as advertising rules ask."""
    if not isinstance(target, Post):
        return target.title
    post = target
    paid = post.pk in post_disclosures(posts=[post])
    room = SHARE_TEXT_LENGTH - len(AD_TAG) - 1 if paid else SHARE_TEXT_LENGTH
    text = " ".join((post.text or "").split())
    if len(text) > room:
        text = text[: room - 1].rstrip() + "…"
    text = text or _("A post by @%(handle)s on Agora") % {"handle": post.author.name}
    return f"{text} {AD_TAG}" if paid else text


def _share_image(target: Post | Product) -> str | None:
    if not isinstance(target, Post):
        media = list(target.media.all())
    else:
        media = [pm.media for pm in target.post_media.all()]
        if not media:  # a post without photos shows its first tagged product's image
            for tag in target.product_tags.all():
                media = list(product_media(tag.product))
                if media:
                    break
    images = [m for m in media if m.kind == "image"]
    return absolute_url(images[0].file.url) if images else None


def _q(params: dict[str, str | None]) -> str:
    # quote, not quote_plus: mailto: and some intents read "+" literally.
    return urlencode({k: v for k, v in params.items() if v}, quote_via=quote)


def channel_url(*, channel: str, url: str) -> str:
    """The short link as sent through `channel`: `/s/CODE?c=<channel>`, so the visits it brings
    are counted per channel; the personal link itself ("link") stays bare."""
    return url if channel == "link" else f"{url}?{urlencode({'c': channel})}"


def intent_url(
    *, channel: str, url: str, text: str, image: str | None = None, tagged: bool = True
) -> str:
    """The network's share-intent address carrying the short link (url-encoded), tagged with
    the channel (`?c=`) unless `tagged` is False (a page's own address, shared by a visitor)."""
    if tagged:
        url = channel_url(channel=channel, url=url)
    if channel == "x":
        return "https://x.com/intent/post?" + _q({"url": url, "text": text})
    if channel == "facebook":
        return "https://www.facebook.com/sharer/sharer.php?" + _q({"u": url})
    if channel == "pinterest":
        return "https://www.pinterest.com/pin/create/button/?" + _q(
            {"url": url, "media": image, "description": text}
        )
    if channel == "whatsapp":
        return "https://wa.me/?" + _q({"text": f"{text} {url}".strip()})
    if channel == "email":
        return "mailto:?" + _q({"subject": text, "body": f"{text}\n\n{url}".strip()})
    return url


def public_intents(*, url: str, text: str) -> dict[str, str]:
    """Each network's share-intent address for a page's own absolute address: what visitors,
    who have no personal link, share. Writes nothing."""
    return {
        channel: intent_url(channel=channel, url=url, text=text, tagged=False)
        for channel in CHANNELS
        if channel != "link"
    }


def share_create(
    *,
    user: User,
    channel: str,
    post: Post | None = None,
    product: Product | None = None,
    source: str = "api",
) -> Share:
    """The sharer's personal short link to a post or a product (the caller checked that they
    can see it), and the intent URL of `channel`. Idempotent per (sharer, object): the first
    call creates the link, bumps the object's share counter (F()) and records a "share" event,
    atomically; later and concurrent calls return the same code and change nothing."""
    channel = (channel or "").strip().lower()
    if channel not in CHANNELS:
        raise InvalidInput.field(
            "channel", _("Choose one of: %(channels)s.") % {"channels": ", ".join(CHANNELS)}
        )
    target: Post | Product
    if post is not None and product is None:
        target = post
    elif product is not None and post is None:
        target = product
    else:
        raise ValueError("Share exactly one post or one product.")
    with transaction.atomic():
        link, created = _get_or_create_link(user=user, target=target)
        if created:
            if isinstance(target, Post):
                Post.objects.filter(pk=target.pk).update(share_count=F("share_count") + 1)
            else:
                ProductEngagement.objects.get_or_create(product_id=target.pk)
                ProductEngagement.objects.filter(product_id=target.pk).update(
                    share_count=F("share_count") + 1
                )
            event_record(
                kind="share",
                object_type="post" if isinstance(target, Post) else "product",
                object_id=target.pk,
                actor=user,
                shop_id=_shop_id(target),
                source=source,
            )
    url = absolute_url(link.get_absolute_url())
    text = _share_text(target)
    return Share(
        link=link,
        url=url,
        intent_url=intent_url(
            channel=channel,
            url=url,
            text=text,
            image=_share_image(target),
        ),
        created=created,
        text=text,
    )


def new_visitor_id() -> str:
    """A random, URL-safe id (128 bits) for an anonymous visitor's cookie."""
    return secrets.token_urlsafe(16)


def share_click_record(
    *, link: ShareLink, visitor_id: str = "", user: Viewer = None, channel: str = "link"
) -> bool:
    """Counts a click on `link` once per visitor (the signed-in person, else the anonymous
    visitor id of the agora_vid cookie) per UTC day. On a counted click, atomically: the click
    row, link.click_count + 1 (F()), a "share_click" event (source "share", via
    "share:<channel>", an unknown channel counting as "link") and a notification to the
    sharer, unless the sharer clicked their own link. Returns whether it counted."""
    channel = channel if channel in CHANNELS else "link"
    clicker = user if user is not None and user.is_authenticated else None
    if clicker is None and not visitor_id:
        raise ValueError("An anonymous click needs a visitor id.")
    visitor = f"u:{clicker.pk}" if clicker is not None else f"v:{visitor_id}"
    with transaction.atomic():
        try:
            with transaction.atomic():
                ShareClick.objects.create(link=link, visitor=visitor, day=timezone.now().date())
        except IntegrityError:
            return False
        ShareLink.objects.filter(pk=link.pk).update(click_count=F("click_count") + 1)
        target = link.post if link.post is not None else link.product
        if target is None:  # the check constraint: a link points at a post or a product
            raise ValueError("A share link points at a post or a product.")
        event_record(
            kind="share_click",
            object_type="post" if isinstance(target, Post) else "product",
            object_id=target.pk,
            actor=clicker,
            visitor="" if clicker is not None else visitor_id,
            shop_id=_shop_id(target),
            source="share",
            via=f"share:{channel}",
        )
        if not (clicker is not None and clicker.pk == link.sharer_id):
            sharer_actor = actor_for_user(user=link.sharer)
            # An anonymous visitor has no actor: the sharer's own handle stands in and the
            # notification selectors show it as "someone".
            notify(
                recipients_of=sharer_actor,
                kind=Notification.Kind.SHARE_CLICK,
                actor=actor_for_user(user=clicker) if clicker is not None else sharer_actor,
                post=link.post,
                exclude_user_id=clicker.pk if clicker is not None else None,
            )
    return True
