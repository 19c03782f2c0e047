"""/trending: what trends now, in three tabs (products, posts, hashtags), ranked by the
time-decayed count of distinct accounts. `type=` picks the tab (`kind=` is an alias; anything
else shows products); `cursor=` pages on. Works without JavaScript: the tabs and "Show more"
are plain links."""

from __future__ import annotations

from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from agora.discovery.selectors import trending as selectors
from agora.social import parts as social_parts

PAGE_SIZE = 24
TABS = (
    ("products", _("Products")),
    ("posts", _("Posts")),
    ("tags", _("Hashtags")),
)


@require_GET
def trending_page(request):
    raw = request.GET.get("type") or request.GET.get("kind") or ""
    kind = selectors.trending_kind(raw.replace("\x00", "")) or selectors.DEFAULT_KIND
    page = selectors.trending(kind, cursor=request.GET.get("cursor"), limit=PAGE_SIZE)
    for row in page.items:
        row.trending = selectors.trend_of(row)
    context = {
        "kind": kind,
        "tabs": [
            {"kind": k, "label": label, "url": f"{reverse('discovery_web:trending')}?type={k}"}
            for k, label in TABS
        ],
        "page": page,
        "items": page.items,
        "min_accounts": selectors.min_accounts(),
        "half_life": selectors.half_life_hours(),
    }
    if kind == "products":
        context["popular_ids"] = selectors.popular_product_ids(p.pk for p in page.items)
    elif kind == "posts":
        context["cards"] = social_parts.post_cards(request, page.items)
    response = render(request, "discovery/trending.html", context)
    patch_vary_headers(response, ("Cookie",))
    return response
