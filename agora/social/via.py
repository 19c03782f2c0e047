"""Where a page view came from (Event.via), decided from the request's facts alone.

`share:<channel>` when the visitor arrived through a share link in the last 30 minutes (the
`agora_via` cookie the /s/CODE redirect sets), else from the Referer: `post` (a post page),
`search` (/search...), `feed` (/feed or the home page), `internal` (any other page of this
site), `external` (another site), `direct` (no Referer). A pure function: tested without
requests.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from agora.social.services.shares import CHANNELS

VIA_COOKIE = "agora_via"
VIA_COOKIE_AGE = 30 * 60  # a share counts for the views of the next half hour
SHARE_PREFIX = "share:"
_POST_PATH = re.compile(r"^/posts/\d+(/|$)")


def share_via(channel: str | None) -> str:
    """`share:<channel>` for a known channel, `share:link` for anything else."""
    channel = (channel or "").strip().lower()
    return SHARE_PREFIX + (channel if channel in CHANNELS else "link")


def via_of(*, via_cookie: str = "", referer: str = "", host: str = "") -> str:
    """Where a view came from: the share cookie when valid, else the Referer relative to
    this site's `host` (the request's Host, e.g. "agora.example" or "127.0.0.1:8000")."""
    if via_cookie.startswith(SHARE_PREFIX) and via_cookie[len(SHARE_PREFIX) :] in CHANNELS:
        return via_cookie
    referer = referer.strip()
    if not referer:
        return "direct"
    try:
        parts = urlsplit(referer)
    except ValueError:
        return "external"
    if parts.scheme not in {"http", "https"} or not host:
        return "external"
    if (parts.netloc or "").lower() != host.lower():
        return "external"
    path = parts.path or "/"
    if _POST_PATH.match(path):
        return "post"
    if path == "/search" or path.startswith("/search/"):
        return "search"
    if path in {"/", "/feed", "/feed/"}:
        return "feed"
    return "internal"
