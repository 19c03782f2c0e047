"""The review request after delivery: a notification and an e-mail asking the buyer to review
what they received, each linking to the review form for that order line."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from agora.commerce.models import Order, OrderLine
from agora.community.models import Review
from agora.core.scheduling import enqueue
from agora.core.urls_util import absolute_url
from agora.social.models import Notification
from agora.social.services.notifications import notify_people


def review_form_url(line: OrderLine) -> str:
    """The review form of that order line's product, naming the line (a relative URL)."""
    product = line.product
    path = reverse("community:review-new", args=[product.shop.handle, product.slug])
    return f"{path}?line={line.pk}"


def _lines_to_review(order: Order) -> list[OrderLine]:
    """The order's lines of products still there that the buyer has not reviewed, one per
    product."""
    if order.buyer_id is None:
        return []
    lines = list(
        OrderLine.objects.filter(order=order, product__isnull=False)
        .select_related("product__shop")
        .order_by("pk")
    )
    reviewed = set(
        Review.objects.filter(
            author_id=order.buyer_id, product_id__in=[line.product_id for line in lines]
        ).values_list("product_id", flat=True)
    )
    seen: set[int] = set()
    wanted = []
    for line in lines:
        if line.product_id in reviewed or line.product_id in seen:
            continue
        seen.add(line.product_id)
        wanted.append(line)
    return wanted


def review_request_after_delivery(*, order: Order) -> int:
    """Runs in the delivery's transaction (commerce's `order_delivered` hook): notifies the
    buyer once per product of the order they have not reviewed (`REVIEW_REQUEST`, never twice
    for one line) and enqueues the e-mail on commit. Returns the notifications written."""
    lines = _lines_to_review(order)
    if not lines or order.buyer_id is None:
        return 0
    shop = lines[0].product.shop
    written = 0
    if shop.actor is not None:
        for line in lines:
            written += notify_people(
                user_ids=[order.buyer_id],
                kind=Notification.Kind.REVIEW_REQUEST,
                actor=shop.actor,
                url=review_form_url(line),
                subject=line.product.title,
            )
    order_id = order.pk
    transaction.on_commit(
        lambda: enqueue("agora.community.tasks_reviews.send_review_request", order_id)
    )
    return written


def review_request_send(*, order_id: int) -> int:
    """E-mails the buyer of a delivered order, in their language, a link to the review form
    of each product they have not reviewed. Runs after commit (a task); returns the number
    of messages sent (0 or 1)."""
    order = Order.objects.select_related("buyer", "shop").filter(pk=order_id).first()
    if order is None or order.buyer is None:
        return 0
    lines = _lines_to_review(order)
    if not lines:
        return 0
    buyer = order.buyer
    with translation.override(buyer.language or settings.LANGUAGE_CODE):
        context = {
            "name": buyer.name,
            "shop": order.shop.name,
            "number": order.number,
            "lines": [
                {"title": line.product.title, "url": absolute_url(review_form_url(line))}
                for line in lines
            ],
        }
        subject = _("How was your order %(number)s? Write a review") % {"number": order.number}
        body = render_to_string("community/reviews/emails/review_request.txt", context)
    recipient = order.email or buyer.email
    if not recipient:
        return 0
    return send_mail(subject, body, None, [recipient])
