"""Absolute URLs always start from AGORA_BASE_URL, never from the request's Host header; and
the one check for where a `next` may send someone back to."""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.utils.http import url_has_allowed_host_and_scheme

if TYPE_CHECKING:
    from django.http import HttpRequest


def absolute_url(path: str) -> str:
    if path.startswith(("http://", "https://")):
        return path
    return settings.AGORA_BASE_URL + (path if path.startswith("/") else "/" + path)


def safe_next(request: HttpRequest, target: str | None, default: str) -> str:
    """`target` as a path on this site (path, query and fragment), else `default`.

    Another site, another scheme (`javascript:`), a protocol-relative `//host` or `/\\host`
    and a path that does not start with "/" all give `default`. An absolute URL is accepted
    only on AGORA_BASE_URL's host (the one origin; the Host header is never trusted) and, on
    a secure request, only over HTTPS; its scheme and host are dropped."""
    if not target:
        return default
    allowed = {urlsplit(settings.AGORA_BASE_URL).netloc}
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts=allowed, require_https=request.is_secure()
    ):
        return default
    parts = urlsplit(target)
    if not parts.path.startswith("/") or parts.path.startswith("//") or "\\" in target:
        return default
    return urlunsplit(("", "", parts.path, parts.query, parts.fragment))
