"""/notifications: grouped ("Ana and 3 others liked your post"), marked read on view."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.urls import reverse
from django.utils.text import Truncator
from django.views.decorators.http import require_GET

from agora.social import hooks
from agora.social.selectors.notifications import notification_groups
from agora.social.selectors.posts import visible_posts
from agora.social.services.notifications import notifications_mark_read
from agora.social.views._common import render_page
from agora.social.views.profile import actor_display

GROUPS = 50


def _link(group, posts: dict, me) -> str:
    if group.url:
        return group.url
    if group.kind in ("badge_earned", "badge_lost"):
        return reverse("shops:handle", args=[me.username])  # badges show on the profile
    if group.kind == "follow":
        return reverse("shops:handle", args=[group.actors[0].name]) if group.actors else ""
    if group.kind.startswith("partnership_"):
        return str(hooks.partnerships_url())
    if group.post_id in posts:
        anchor = "#comments" if group.kind in ("comment", "reply") else ""
        return reverse("social_web:post", args=[group.post_id]) + anchor
    return ""


@login_required
@require_GET
def notifications(request):
    groups = notification_groups(user=request.user, limit=GROUPS)
    post_ids = {g.post_id for g in groups if g.post_id}
    posts = {
        p.pk: Truncator(" ".join(p.text.split())).chars(90)
        for p in visible_posts(request.user).filter(pk__in=post_ids).only("pk", "text")
    }
    rows = [
        {
            "group": g,
            "actors": [actor_display(a) for a in g.actors],
            "excerpt": posts.get(g.post_id, "") if g.post_id is not None else "",
            # Community kinds name their subject in the sentence itself.
            "url": _link(g, posts, request.user),
        }
        for g in groups
    ]
    # Seen now: the badge in the navigation (rendered below) drops to zero.
    notifications_mark_read(user=request.user)
    return render_page(request, "social/notifications.html", {"rows": rows})
