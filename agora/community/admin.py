"""The operator's screens for community: each part registers its models in its own module."""

from agora.community import admin_forums, admin_questions, admin_reviews  # noqa: F401
