"""/search?q=&type=: tabs per kind, the product filters, results as the cards each kind has
elsewhere (product cards, post cards, shop cards), an empty state and a "Show more" pager.
Works without JavaScript: one GET form."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from agora.catalog.cards import product_cards_html
from agora.catalog.selectors import categories
from agora.core.templatetags.frozen import page_key, render_frozen_page
from agora.core.viewer import viewer
from agora.discovery.selectors.browse import SORTS as PRODUCT_SORTS
from agora.discovery.selectors.search import (
    OTHER_SORTS,
    SearchQuery,
    search_page,
    search_query_from,
)
from agora.social import parts as social_parts

PAGE_SIZE = 24
TEMPLATE = "discovery/search.html"
TABS = (
    ("products", _("Products")),
    ("posts", _("Posts")),
    ("people", _("People")),
    ("shops", _("Shops")),
    ("tags", _("Hashtags")),
)
SORT_LABELS = {
    "relevance": _("Best match"),
    "popular": _("Popular"),
    "newest": _("Newest"),
    "price_asc": _("Price, low to high"),
    "price_desc": _("Price, high to low"),
}


def _tabs(query: SearchQuery) -> list[dict]:
    return [
        {
            "kind": kind,
            "label": label,
            "current": kind == query.kind,
            "url": "?" + urlencode(SearchQuery(text=query.text, kind=kind).params()),
        }
        for kind, label in TABS
    ]


def _sorts(query: SearchQuery) -> list[dict]:
    names: tuple[str, ...] = (
        ("relevance", *PRODUCT_SORTS) if query.kind == "products" else OTHER_SORTS
    )
    if not query.words:
        names = tuple(n for n in names if n != "relevance")
    return [{"value": n, "label": SORT_LABELS[n], "current": n == query.sort} for n in names]


@require_GET
def search(request: HttpRequest) -> HttpResponse:
    parsed = search_query_from(request.GET)
    query = parsed.query
    me = viewer(request)
    page = search_page(
        query, viewer=me, cursor=request.GET.get("cursor"), limit=PAGE_SIZE, details="card"
    )
    shown = categories() if query.kind == "products" else []
    context: dict[str, Any] = {
        "query": query,
        "errors": parsed.errors,
        # Errors of fields the form shows beside them are not repeated above it.
        "other_errors": [
            message
            for name, message in parsed.errors.items()
            if name not in {"shop", "min_price", "max_price"}
        ],
        "page": page,
        "tabs": _tabs(query),
        "sorts": _sorts(query),
        "categories": shown,
        "filtered": bool(query.products.params().keys() - {"sort"}),
    }
    if query.kind == "products":
        # Listing cards with their "Popular on Agora" labels, each one's HTML cached whole.
        cards = product_cards_html(page.items)
        context["products"] = cards
        # The page shows what its address asks for, the categories to filter by and the
        # results (the cards' keys name their HTML): kept whole under them (core.frozen), as
        # a category page is. Posts carry each viewer's own like and repost: never kept.
        context["page_key"] = page_key(
            "search",
            TEMPLATE,
            request.get_full_path(),
            tuple((c.pk, c.slug, c.path) for c in shown),
            page.fuzzy,
            page.next_cursor,
            *cards.cache_keys,
        )
        return render_frozen_page(request, TEMPLATE, context)
    if query.kind == "posts":
        context["cards"] = social_parts.post_cards(request, page.items)
    else:
        context["rows"] = page.items
    return render(request, TEMPLATE, context)
