"""/tags/<tag>: every post with the hashtag the viewer may see, newest first, with its count."""

from __future__ import annotations

from django.http import Http404
from django.urls import reverse
from django.views.decorators.http import require_GET

from agora.core.viewer import viewer
from agora.social.selectors.post_rows import post_rows_page
from agora.social.selectors.tags import clean_tag, tag_post_count
from agora.social.views._common import is_htmx, render_kept, render_page
from agora.social.views._row_cards import row_cards

TAG_PAGE = 20


@require_GET
def tag_page(request, tag: str):
    name = clean_tag(tag)
    if not name or len(name) > 100:
        raise Http404
    me = viewer(request)
    page = post_rows_page(viewer=me, tag=name, cursor=request.GET.get("cursor"), limit=TAG_PAGE)
    context = {
        "tag": name,
        "count": tag_post_count(name),
        "cards": row_cards(page, viewer=me, request=request),
        "more_url": (
            f"{reverse('social_web:tag', args=[name])}?cursor={page.next_cursor}"
            if page.next_cursor
            else None
        ),
    }
    if is_htmx(request):
        return render_page(request, "social/timeline.html", context)
    # Outside the cards (live) the page shows the tag and its count.
    return render_kept(request, "social/tag.html", context, name, context["count"])
