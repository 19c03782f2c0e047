"""/tags/<tag>: every post with the hashtag the viewer may see, newest first, with its count."""

from __future__ import annotations

from django.http import Http404
from django.urls import reverse
from django.views.decorators.http import require_GET

from agora.core.pagination import paginate
from agora.core.viewer import viewer
from agora.social.selectors.posts import viewer_facts
from agora.social.selectors.tags import clean_tag, tag_by_name, tag_posts
from agora.social.views import _cards
from agora.social.views._common import is_htmx, managed_shop_ids, render_page

TAG_PAGE = 20


@require_GET
def tag_page(request, tag: str):
    name = clean_tag(tag)
    if not name or len(name) > 100:
        raise Http404
    me = viewer(request)
    page = paginate(
        tag_posts(name=name, viewer=me), cursor=request.GET.get("cursor"), limit=TAG_PAGE
    )
    facts = viewer_facts(viewer=me, post_ids=[p.pk for p in page.items])
    found = tag_by_name(name)
    context = {
        "tag": name,
        "count": found.post_count if found else 0,
        "cards": _cards.cards(
            page.items, facts=facts, viewer=me, shop_ids=managed_shop_ids(me), request=request
        ),
        "more_url": (
            f"{reverse('social_web:tag', args=[name])}?cursor={page.next_cursor}"
            if page.next_cursor
            else None
        ),
    }
    if is_htmx(request):
        return render_page(request, "social/timeline.html", context)
    return render_page(request, "social/tag.html", context)
