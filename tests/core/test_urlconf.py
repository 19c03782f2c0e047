"""The root URLconf lists the storefront's pages first (the busiest: home, /@handle, a
product page), so they are found after a handful of patterns. That is only right while no
other route can match a path they match: every pattern is checked here against paths of
theirs, and theirs against a sample of the other apps' paths."""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, resolve

STOREFRONT_VIEWS = {"home", "handle_page", "product_detail", "shop_list"}
THEIR_PATHS = ["", "@atelier", "@at.elier-nord_2", "@atelier/products/linen-shirt", "shops"]
OTHER_PATHS = [
    "@atelier/posts",
    "@atelier/follow",
    "@atelier/unfollow",
    "@atelier/products/linen-shirt/reviews",
    "@atelier/products/linen-shirt/reviews/new",
    "feed",
    "cart/",
]


def _regex(pattern) -> str:
    return pattern.pattern.regex.pattern.removeprefix("^").removesuffix(r"\Z")


def _leaves(resolver: URLResolver, prefix: str = ""):
    """(full regex, view name) of every route, includes flattened."""
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            yield from _leaves(entry, prefix + _regex(entry))
        elif isinstance(entry, URLPattern):
            name = getattr(entry.callback, "__name__", repr(entry.callback))
            yield re.compile(f"^{prefix}{_regex(entry)}" + r"\Z"), name


def test_only_the_storefront_matches_its_paths():
    routes = list(_leaves(get_resolver()))
    assert len(routes) > 100  # the whole URLconf was walked
    for path in THEIR_PATHS:
        matching = {name for regex, name in routes if regex.match(path)}
        assert matching and matching <= STOREFRONT_VIEWS, (path, matching)


@pytest.mark.parametrize("path", OTHER_PATHS)
def test_the_other_apps_keep_their_handle_routes(path):
    assert resolve(f"/{path}").func.__name__ not in STOREFRONT_VIEWS


@pytest.mark.parametrize("path", THEIR_PATHS)
def test_the_storefront_pages_resolve_to_the_storefront(path):
    assert resolve(f"/{path}").func.__name__ in STOREFRONT_VIEWS
