"""The list of shops. (A shop's own page, `/@handle`, is the storefront's.)"""

from __future__ import annotations

from django.shortcuts import render
from django.views.decorators.http import require_GET

from agora.core.pagination import paginate
from agora.shops.selectors import shops_list

SHOPS_PER_PAGE = 30


@require_GET
def shop_list(request):
    page = paginate(shops_list(), cursor=request.GET.get("cursor"), limit=SHOPS_PER_PAGE)
    return render(request, "shops/shop_list.html", {"shops": page.items, "page": page})
