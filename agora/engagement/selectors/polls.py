"""Poll reads besides what a viewer sees of them (that is `poll_rows`, read as rows): the poll
to act on, the polls due to close, an option's voters, and the pieces both share (the vote
count subquery, the winner rule, a proposal's values).
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.db.models import Count, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce

from agora.engagement.models import Poll, PollVote
from agora.social.selectors.posts import visible_posts

if TYPE_CHECKING:
    from agora.accounts.models import User


def proposed_values(proposed: dict[str, Any] | None) -> dict[str, str]:
    """A proposal's option values {name: value} in the order the shop gave them."""
    pairs = (proposed or {}).get("options") or []
    return {str(name): str(value) for name, value in pairs}


def first_most_voted[T](candidates: list[tuple[T, int]]) -> T | None:
    """The candidate with the most votes among (candidate, votes) pairs given in the poll's
    order, the earliest of those tied; None when nobody voted."""
    best: tuple[T, int] | None = None
    for candidate, votes in candidates:
        if votes and (best is None or votes > best[1]):
            best = (candidate, votes)
    return best[0] if best is not None else None


def vote_count() -> Coalesce:
    """An option's number of votes (0 for none), a subquery on the option's row."""
    votes = (
        PollVote.objects.filter(option=OuterRef("pk"))
        .order_by()
        .values("option")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(votes, output_field=IntegerField()), Value(0))


def _signed_in(viewer: Any) -> User | None:
    return viewer if getattr(viewer, "is_authenticated", False) else None


def poll_for_action(*, poll_id: int, viewer: Any = None) -> Poll | None:
    """The poll row with its post, author and shop if the viewer may see the post, else
    None (→ 404): enough to vote or act on it."""
    return (
        Poll.objects.select_related("post", "post__author", "post__author__shop")
        .filter(pk=poll_id, post__in=visible_posts(_signed_in(viewer)))
        .first()
    )


def polls_due(*, now: datetime) -> list[Poll]:
    """Polls past their deadline that nobody has closed yet, oldest deadline first."""
    return list(Poll.objects.filter(closed_at__isnull=True, closes_at__lte=now).order_by("pk"))


def option_voter_ids(*, option_id: int) -> list[int]:
    """The people who voted for this option."""
    return list(PollVote.objects.filter(option_id=option_id).values_list("voter_id", flat=True))
