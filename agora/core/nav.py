"""Which section of the site a path belongs to, for the header, menu and tab bar: one word
worked out once per request and part of the frozen header's key (`{% frozen %}`), so the
links marked `aria-current` are kept with the rest of the header instead of each being
re-tested on every request."""

from __future__ import annotations

# Exact paths and the section they mark.
_EXACT = {
    "/": "home",
    "/feed": "feed",
    "/shops": "shops",
    "/c": "categories",
    "/trending": "trending",
    "/notifications": "notifications",
    "/lists": "lists",
    "/search": "search",
    "/for-you": "for-you",
    "/cart": "cart",
    "/login": "login",
}
# Prefixes, tried in order after the exact paths.
_PREFIXES = (
    ("/c/", "categories"),
    ("/lists/", "list"),
    ("/communities", "communities"),
    ("/moderation/", "moderation"),
    ("/settings", "settings"),
)
# The tab bar's "Discover" covers these.
DISCOVER = frozenset({"search", "trending", "categories", "lists", "list", "for-you"})


def section_of(path: str, profile_path: str | None = None) -> str:
    """The section `path` is in ("" for none): `profile_path` is the signed-in person's own
    page (`/@ana`), which marks "profile"."""
    exact = _EXACT.get(path)
    if exact is not None:
        return exact
    if profile_path is not None and path == profile_path:
        return "profile"
    if "/dashboard/" in path:
        return "dashboard"
    for prefix, section in _PREFIXES:
        if path.startswith(prefix):
            return section
    return ""
