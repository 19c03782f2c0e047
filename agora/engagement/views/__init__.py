"""Engagement's pages, one module per feature."""

from agora.engagement.views.polls import (
    poll_make_product,
    poll_results,
    poll_vote,
    polls_html,
)

__all__ = [
    "poll_make_product",
    "poll_results",
    "poll_vote",
    "polls_html",
]
from agora.engagement.views.campaigns import (  # noqa: E402
    campaign_end,
    campaign_new,
    campaign_page,
    campaign_publish,
    campaign_winners,
)

__all__ += [
    "campaign_end",
    "campaign_new",
    "campaign_page",
    "campaign_publish",
    "campaign_winners",
]
from agora.engagement.views.badges import (  # noqa: E402
    author_badges_html,
    badge_page,
    badges_index,
    badges_line,
)

__all__ += ["author_badges_html", "badge_page", "badges_index", "badges_line"]
