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

    def unhide(*, moderator: object, target: Review, note: str = "") -> None:
        reviews.review_hidden_set(review=target, hidden=False)

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
            unhide=unhide,
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
    # Imported here: models load after the apps registry (hook_handlers is imported in ready()).
    from django.utils.translation import gettext_lazy  # noqa: PLC0415

    from agora.community.models import Reply, Thread  # noqa: PLC0415
    from agora.community.selectors import forums as forum_selectors  # noqa: PLC0415
    from agora.community.services import forums as forum_services  # noqa: PLC0415
    from agora.community.services import forums_threads  # noqa: PLC0415
    from agora.moderation import targets  # noqa: PLC0415
    from agora.shops import hooks as shop_hooks  # noqa: PLC0415

    def thread_summary(thread: Thread) -> dict:
        return {
            "exists": True,
            "summary": thread.title,
            "url": thread.get_absolute_url(),
            "hidden": thread.is_hidden,
        }

    def reply_summary(reply: Reply) -> dict:
        return {
            "exists": True,
            "summary": reply.text[:200],
            "url": reply.get_absolute_url(),
            "hidden": reply.is_hidden,
        }

    targets.register(
        targets.TargetKind(
            name="thread",
            label=gettext_lazy("Thread"),
            load=lambda ids: Thread.objects.select_related("community", "author").in_bulk(ids),
            visible=lambda target_id, viewer: (
                forum_selectors.thread_for_viewer(thread_id=target_id, viewer=viewer) is not None
            ),
            summary=thread_summary,  # type: ignore[arg-type]
            hide=lambda *, moderator, target, note: forums_threads.thread_hidden_set(
                thread=target, hidden=True
            ),
            unhide=lambda *, moderator, target, note: forums_threads.thread_hidden_set(
                thread=target, hidden=False
            ),
            account=lambda thread: thread.author,
        )
    )
    targets.register(
        targets.TargetKind(
            name="reply",
            label=gettext_lazy("Reply"),
            load=lambda ids: Reply.objects.select_related(
                "thread", "thread__community", "author"
            ).in_bulk(ids),
            visible=lambda target_id, viewer: (
                forum_selectors.reply_for_viewer(reply_id=target_id, viewer=viewer) is not None
            ),
            summary=reply_summary,  # type: ignore[arg-type]
            hide=lambda *, moderator, target, note: forums_threads.reply_hidden_set(
                reply=target, hidden=True
            ),
            unhide=lambda *, moderator, target, note: forums_threads.reply_hidden_set(
                reply=target, hidden=False
            ),
            account=lambda reply: reply.author,
        )
    )
    shop_hooks.shop_changed.register(
        lambda *, shop, **_: forum_services.shop_community_ensure(shop=shop)
    )


def register() -> None:
    register_reviews()
    register_questions()
    register_forums()
