"""The site's routes behind `core.routing.RouteCache`: each path's match kept once found, the
same as Django's own walk of the patterns."""

from __future__ import annotations

import pytest
from django.http import HttpResponse
from django.urls import Resolver404, URLResolver, get_resolver, include, path
from django.urls.resolvers import RegexPattern

from agora.core.routing import RouteCache
from agora.urls import routes


def view(request, **kwargs):
    return HttpResponse("ok")


class Counted:
    """A route that counts how often the walk reaches it."""

    def __init__(self, route):
        self.route, self.calls = route, 0

    def __getattr__(self, name):
        return getattr(self.route, name)

    def resolve(self, path):
        self.calls += 1
        return self.route.resolve(path)


@pytest.fixture
def small():
    first = Counted(path("a/<int:n>", view, name="a"))
    cache = RouteCache([first, path("", include(([path("b/<str:s>", view, name="b")], "bee")))])
    return cache, first


SITE_PATHS = [
    "",
    "@atelier",
    "@atelier/products/linen-shirt",
    "@atelier/posts",
    "posts/5",
    "feed",
    "c/bench-goods",
    "tags/coffee",
    "cart",
    "cart/",
    "dashboard/",
    "api/v1/feed",
]


@pytest.mark.parametrize("site_path", SITE_PATHS)
def test_the_site_resolves_as_a_plain_walk_of_its_routes(site_path):
    plain = URLResolver(RegexPattern(r"^/"), routes)

    expected = plain.resolve(f"/{site_path}")
    for _ in range(2):  # found, then kept
        got = get_resolver().resolve(f"/{site_path}")
        assert (got.func, got.args, got.kwargs, got.url_name, got.namespaces, got.route) == (
            expected.func,
            expected.args,
            expected.kwargs,
            expected.url_name,
            expected.namespaces,
            expected.route,
        )


def test_a_kept_path_skips_the_walk(small):
    cache, first = small

    found = cache.resolve("b/linen")
    again = cache.resolve("b/linen")

    assert first.calls == 1
    assert again is found and found.kwargs == {"s": "linen"} and found.namespaces == ["bee"]
    assert found.tried is None  # the walk's record is not kept with it


def test_a_path_that_matches_nothing_is_walked_each_time_and_kept_nowhere(small):
    cache, first = small

    for _ in range(2):
        with pytest.raises(Resolver404):
            cache.resolve("nowhere")

    assert first.calls == 2 and len(cache.kept) == 0


def test_the_kept_paths_are_bounded():
    cache = RouteCache([path("a/<int:n>", view)], size=2)

    for n in range(3):
        cache.resolve(f"a/{n}")

    assert len(cache.kept) == 2 and "a/0" not in cache.kept


def test_with_debug_every_path_is_walked_and_keeps_what_was_tried(small, settings):
    settings.DEBUG = True
    cache, first = small

    cache.resolve("b/linen")
    match = cache.resolve("b/linen")

    assert first.calls == 2 and match.tried and len(cache.kept) == 0


@pytest.mark.django_db
def test_each_request_gets_its_own_match(client):
    one = client.get("/c/nowhere-at-all").wsgi_request.resolver_match
    two = client.get("/c/nowhere-at-all").wsgi_request.resolver_match

    assert one is not two and one.kwargs == two.kwargs == {"slug": "nowhere-at-all"}
