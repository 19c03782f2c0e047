"""The analytics panels the dashboard lends to pages below it: social's post page calls the
`post_insights_panel` slot (registered in `DashboardConfig.ready`) for its author or shop team
only. The panel itself loads with htmx from the dashboard (`views.analytics.post_panel`), so
the post page costs no query more; without JavaScript it is a link to the full page."""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import SafeString


def post_insights_panel(*, request: Any, post: Any) -> SafeString:
    """Social's `post_insights_panel` slot: the placeholder of a post's panel."""
    args = [post.author.name, post.pk]
    context = {
        "panel_url": reverse("dashboard:analytics-post-panel", args=args),
        "full_url": reverse("dashboard:analytics-post", args=args),
    }
    return SafeString(render_to_string("dashboard/analytics_panel_slot.html", context))
