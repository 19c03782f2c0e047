"""Absolute URLs always start from AGORA_BASE_URL, never from the request's Host header; the
one check for where a `next` may send someone back to; and cached reversing of hot links."""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING
from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import get_script_prefix, reverse
from django.utils.http import url_has_allowed_host_and_scheme

if TYPE_CHECKING:
    from django.http import HttpRequest


@lru_cache(maxsize=8192)
def _reversed(name: str, args: tuple[str | int, ...], prefix: str) -> str:
    return reverse(name, args=args)


def reverse_cached(name: str, *args: str | int) -> str:
    """`reverse(name, args=args)`, kept per process for the hottest links (a person's or a
    shop's `/@handle`, a post, a product: several per card, 20 to 60 µs each through the
    nested URLconf). A URL is a pure function of its name, arguments and the script prefix,
    all in the key: nothing to invalidate (but a test's other URLconf, below)."""
    return _reversed(name, args, get_script_prefix())


@receiver(setting_changed)
def _forget(*, setting: str, **kwargs: object) -> None:
    if setting == "ROOT_URLCONF":
        _reversed.cache_clear()


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
