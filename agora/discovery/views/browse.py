"""Category pages: `/c` (every category as a tree with its product counts) and `/c/<slug>`
(breadcrumb, subcategories, the filters form and the category's products, a page at a time).

`filter_form()` prepares the filters form for any product listing (the shop page includes the
same form): the values to show again, one message per invalid field, the sorts, and the
category or shop choices. Invalid values are left out of the listing and named above it;
everything else still applies. Works without JavaScript (a GET form). `filters_html()` renders
it; the form as a listing first shows it (no filter asked for) is the same for everyone, so it
is cached per version of its choices (`core.fragments`), the page's address filled in."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.http import Http404
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.html import escape
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from agora.catalog.cards import product_cards_html
from agora.core import fragments
from agora.core.templatetags.frozen import page_key, render_frozen_page
from agora.discovery.selectors.browse import (
    SORTS,
    CategoryNode,
    Parsed,
    catalog_index,
    category_by_slug,
    category_shops,
    category_tree,
    flatten,
    product_query_from,
    products_page,
)

PRODUCTS_PER_PAGE = 24
CATEGORY_TEMPLATE = "discovery/category_detail.html"
FILTERS_TEMPLATE = "discovery/_filters.html"
FILTER_NAMES = ("min_price", "max_price", "in_stock", "sort", "shop", "category")
SORT_LABELS = {
    "popular": _("Popular"),
    "newest": _("Newest"),
    "price_asc": _("Price: low to high"),
    "price_desc": _("Price: high to low"),
}
FIELD_LABELS = {
    "min_price": _("Lowest price"),
    "max_price": _("Highest price"),
    "in_stock": _("In stock"),
    "sort": _("Sort"),
    "shop": _("Shop"),
    "category": _("Category"),
}


@dataclass
class FilterForm:
    """What `discovery/_filters.html` shows: the values asked for, the errors by field, the
    sorts and the category (shop page) or shop (category page) choices."""

    values: dict[str, str]
    errors: dict[str, str]
    sorts: list[tuple[str, Any]]
    categories: list[CategoryNode] = field(default_factory=list)
    shops: list[tuple[str, str]] = field(default_factory=list)
    currency: str = ""
    active: bool = False  # any filter set: offer to clear them

    @property
    def error_list(self) -> list[tuple[Any, str]]:
        return [(FIELD_LABELS.get(name, name), message) for name, message in self.errors.items()]


def filter_form(
    params: Any,
    parsed: Parsed,
    *,
    categories: list[CategoryNode] | None = None,
    shops: list[tuple[str, str]] | None = None,
    currency: str = "",
) -> FilterForm:
    """The filters form for a listing, refilled from the query string `params`."""
    values = {n: str(params.get(n, ""))[:64].replace("\x00", "") for n in FILTER_NAMES}
    values["sort"] = parsed.query.sort
    values["in_stock"] = "true" if parsed.query.in_stock else ""
    active = any(values[n] for n in ("min_price", "max_price", "in_stock", "shop", "category"))
    return FilterForm(
        values=values,
        errors=parsed.errors,
        sorts=[(s, SORT_LABELS[s]) for s in SORTS],
        categories=flatten(categories or []),
        shops=shops or [],
        currency=currency,
        active=active or parsed.query.sort != "popular",
    )


def _choices_key(form: FilterForm) -> tuple:
    """Everything the form shows besides its values: the category and shop choices with
    their counts, and the currency."""
    categories = tuple(
        (node.category.slug, node.category.display_name, node.depth, node.product_count)
        for node in form.categories
    )
    return (categories, tuple(form.shops), form.currency)


def filters_html(request, form: FilterForm) -> SafeString:
    """The filters form of a listing at `request.path` (`discovery/_filters.html`). Before any
    filter is asked for (no filter in the query string), it is the same for everyone: cached
    per version of its choices and language, the page's address filled in."""
    if form.active or form.errors or any(request.GET.get(n) for n in FILTER_NAMES):
        return SafeString(
            render_to_string(FILTERS_TEMPLATE, {"filters": form, "action": request.path})
        )

    def render_form(slots: fragments.Slots) -> dict[str, str]:
        context = {"filters": form, "action": slots["action"]}
        return {"form": render_to_string(FILTERS_TEMPLATE, context)}

    part = fragments.cached("listing-filters", _choices_key(form), render_form)["form"]
    return part.fill(action=escape(request.path))


@require_GET
def category_index(request):
    """Every category as a tree, with how many products each holds (subcategories included)."""
    return render(request, "discovery/category_index.html", {"tree": category_tree()})


@require_GET
def category_detail(request, slug: str):
    category = category_by_slug(slug)
    if category is None:
        raise Http404
    parsed = product_query_from(request.GET, category=category)
    page = products_page(
        parsed.query,
        cursor=request.GET.get("cursor"),
        limit=PRODUCTS_PER_PAGE,
        details="card",
    )
    index = catalog_index()
    filters = filter_form(request.GET, parsed, shops=category_shops(category))
    ancestors = index.ancestors(category)
    count = index.count(category.pk)
    subcategories = category_tree(root=category)
    filters_part = filters_html(request, filters)
    cards = product_cards_html(page.items)  # cached whole, with their labels
    context = {
        "category": category,
        "ancestors": ancestors,
        "count": count,
        "subcategories": subcategories,
        "filters": filters,
        "filters_html": filters_part,
        "cards": cards,
        "page": page,
        # The page is the same for every viewer but for base.html's live holes (header,
        # messages, CSRF token): kept whole under everything it shows (see core.frozen).
        "page_key": page_key(
            "category",
            CATEGORY_TEMPLATE,
            request.get_full_path(),  # the pager's link keeps the query string
            category.slug,
            category.display_name,
            tuple((node.slug, node.display_name) for node in ancestors),
            count,
            tuple(
                (node.category.slug, node.category.display_name, node.product_count)
                for node in subcategories
            ),
            filters.active,
            page.next_cursor,
            str(filters_part),
            *cards.cache_keys,  # each names its card's HTML
        ),
    }
    return render_frozen_page(request, CATEGORY_TEMPLATE, context)
