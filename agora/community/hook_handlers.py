"""Community's handlers on the hooks of the apps below it, registered once at start-up.

Each part registers its own: reviews (`register_reviews`), questions (`register_questions`),
communities (`register_forums`).
"""


def register_reviews() -> None:
    """Reviews: moderation targets, the review request after delivery."""
    from django.utils.translation import gettext_lazy  # noqa: PLC0415

    from agora.commerce import hooks as commerce_hooks  # noqa: PLC0415
    from agora.community.models import Review  # noqa: PLC0415
    from agora.community.selectors.reviews import review_for_viewer  # noqa: PLC0415
    from agora.community.services import reviews  # noqa: PLC0415
    from agora.moderation import targets  # noqa: PLC0415
    from agora.moderation.selectors import ReportSummary  # noqa: PLC0415

    def summary(review: Review) -> ReportSummary:
        words = f"{review.rating}★ {review.title or review.text}"
        return {
            "exists": True,
            "summary": words[:120],
            "url": review.get_absolute_url(),
            "hidden": review.is_hidden,
        }

    def hide(*, moderator: object, target: Review, note: str = "") -> None:
        reviews.review_hidden_set(review=target, hidden=True)

    targets.register(
        targets.TargetKind(
            name="review",
            label=gettext_lazy("Review"),
            load=lambda ids: Review.objects.select_related("author").in_bulk(ids),
            visible=lambda target_id, viewer: (
                review_for_viewer(review_id=target_id, viewer=viewer) is not None
            ),
            summary=summary,
            hide=hide,
            account=lambda review: review.author,
        )
    )
    commerce_hooks.order_delivered.register(_review_request)


def _review_request(*, order: object) -> None:
    from agora.community.services.reviews_requests import (  # noqa: PLC0415
        review_request_after_delivery,
    )

    review_request_after_delivery(order=order)  # type: ignore[arg-type]


def register_questions() -> None:
    """Questions and answers: moderation targets ("question", "answer")."""
    from agora.community.services import questions_moderation  # noqa: PLC0415

    questions_moderation.register()


def register_forums() -> None:
    """Communities: moderation targets, a community with each new shop."""


def register() -> None:
    register_reviews()
    register_questions()
    register_forums()
