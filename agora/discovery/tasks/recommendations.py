"""For you: recomputing recommendations in the background."""

from __future__ import annotations

from django.tasks import task

from agora.accounts.models import User
from agora.discovery.services import recommendations as services


@task()
def recommendations_refresh(user_id: int) -> int:
    """Recomputes one person's recommendations (queued when their feed opens and the stored
    ones are stale). Idempotent; a person deleted meanwhile is skipped."""
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        return 0
    return services.recommendations_compute(user=user)


@task()
def recommendations_refresh_all() -> int:
    """Recomputes every active person's recommendations. Idempotent."""
    return services.recommendations_compute_all()
