"""`RouteCache`: the site's routes behind one resolver that keeps each path's match.

Django resolves a path by trying the URLconf's patterns in order, every time: each `""`
include that does not match raises and catches a `Resolver404`, and a match carries a list of
every pattern tried before it (for the debug 404 page), one new list per pattern, freed only by
the cyclic garbage collector (they hang off the request). A category page is found after
several hundred patterns: about 80 µs and 80 lists a request. Which view a path reaches, with
which arguments, is a function of the path alone (no converter here reads the database or the
request), so the match is kept per path (bounded, least recently used dropped first) and the
next request for that path skips the walk. Only matches are kept: a path that matches nothing
is walked every time and keeps nothing. With DEBUG every path is walked, so the 404 page lists
what was tried.
"""

from __future__ import annotations

from django.conf import settings
from django.urls import ResolverMatch, URLResolver
from django.urls.resolvers import RoutePattern

from agora.core.bounded import BoundedLRU

KEPT_PATHS = 4096


class RouteCache(URLResolver):
    """Like `path("", include(patterns))`, with each path's match kept."""

    def __init__(self, patterns: list, *, size: int = KEPT_PATHS) -> None:
        super().__init__(RoutePattern("", is_endpoint=False), patterns)
        self.kept: BoundedLRU[str, ResolverMatch] = BoundedLRU(size)

    def resolve(self, path: str) -> ResolverMatch:
        path = str(path)
        if settings.DEBUG:
            return super().resolve(path)
        found = self.kept.get(path)
        if found is None:
            found = super().resolve(path)  # Resolver404 when nothing matches: not kept
            # What the debug 404 page shows (hundreds of lists); nothing reads it otherwise.
            found.tried = None
            self.kept.put(path, found)
        return found
