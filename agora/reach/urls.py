"""The reach pages (one views module per feature)."""

from django.urls import path

from agora.reach.views import cards, feeds

app_name = "reach_web"
urlpatterns: list = [
    path("cards/<str:kind>/<id:object_id>.png", cards.card_image, name="card-image"),
    path(
        "feeds/<str:handle>/<str:filename>",
        feeds.feed,
        name="feed",
    ),
    path("dashboard/<str:handle>/feeds", feeds.feed_linter, name="feed-linter"),
]
