"""Background work of reviews: thin and idempotent; the services do the work."""

from __future__ import annotations

from django.tasks import task

from agora.community.services import reviews_requests


@task()
def send_review_request(order_id: int) -> int:
    """E-mails the buyer of a delivered order the review request (enqueued on commit)."""
    return reviews_requests.review_request_send(order_id=order_id)
