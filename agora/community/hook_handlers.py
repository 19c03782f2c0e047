"""Community's handlers on the hooks of the apps below it, registered once at start-up.

Each part registers its own: reviews (`register_reviews`), questions (`register_questions`),
communities (`register_forums`).
"""


def register_reviews() -> None:
    """Reviews: moderation targets, the review request after delivery."""


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
