"""GET /s/CODE[?c=<channel>]: the tracked short link. Redirects to the shared post or product
page; the channel the link was sent through (`c`, from the share intents) is remembered for
half an hour in the `agora_via` cookie, so the views it brings say where they came from.

The Location is always a path we build from the object (never a URL from the request), so
`?next=https://evil.example` and the like can't turn it into an open redirect.
"""

from __future__ import annotations

import re

from django.conf import settings
from django.http import Http404, HttpResponseRedirect
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from agora.catalog.selectors import visible_products
from agora.core.viewer import viewer
from agora.social.models import ShareLink
from agora.social.selectors.posts import visible_posts
from agora.social.services import shares
from agora.social.via import SHARE_PREFIX, VIA_COOKIE, VIA_COOKIE_AGE, share_via

_VISITOR_RE = re.compile(r"^[A-Za-z0-9_-]{16,60}$")


def _target_path(link: ShareLink, viewer) -> str | None:
    """The page path of the link's object if the visitor may see it, else None."""
    if link.post_id:
        post = visible_posts(viewer).filter(pk=link.post_id).only("pk").first()
        return post.get_absolute_url() if post else None
    if not link.product_id:  # a link points at a post or a product (check constraint)
        return None
    product = (
        visible_products(viewer)
        .filter(pk=link.product_id)
        .select_related("shop")
        .only("pk", "slug", "shop__handle")
        .first()
    )
    return product.get_absolute_url() if product else None


def _visitor_id(request) -> tuple[str, bool]:
    """(anonymous visitor id, whether it is new and must be set as a cookie)."""
    vid = request.COOKIES.get(shares.VISITOR_COOKIE, "")
    if _VISITOR_RE.match(vid):
        return vid, False
    return shares.new_visitor_id(), True


def _cookie(response, name: str, value: str, max_age: int) -> None:
    response.set_cookie(
        name,
        value,
        max_age=max_age,
        httponly=True,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )


@never_cache
@require_safe
def share_redirect(request, code: str):
    link = (
        ShareLink.objects.select_related(
            "sharer", "sharer__actor", "post__author", "post__author__shop", "product"
        )
        .filter(code=code)
        .first()
    )
    if link is None:
        raise Http404("No such share link.")
    me = viewer(request)
    path = _target_path(link, me)
    if path is None:
        raise Http404("No such post or product.")
    response = HttpResponseRedirect(path)
    vid, new = _visitor_id(request)
    if new:
        _cookie(response, shares.VISITOR_COOKIE, vid, shares.VISITOR_COOKIE_AGE)
    via = share_via(request.GET.get("c"))  # ?c=<channel> of the intent; unknown → link
    # HEAD requests come from link unfurlers and checkers, not people: they don't count.
    if request.method == "GET":
        shares.share_click_record(
            link=link, visitor_id=vid, user=me, channel=via.removeprefix(SHARE_PREFIX)
        )
    _cookie(response, shares.REF_COOKIE, link.code, shares.REF_COOKIE_AGE)
    # The views of the next half hour say they came through this share (Event.via).
    _cookie(response, VIA_COOKIE, via, VIA_COOKIE_AGE)
    return response
