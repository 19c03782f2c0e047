"""Poll pages: vote, the results htmx refreshes, and the shop's "make it a product";
partnerships: the creator's and the shop team's list, the proposal form and the answers."""

from django.urls import path

from agora.engagement import views

app_name = "engagement_web"
urlpatterns = [
    path("polls/<id:poll_id>/results", views.poll_results, name="poll-results"),
    path("polls/<id:poll_id>/vote", views.poll_vote, name="poll-vote"),
    path("polls/<id:poll_id>/make-product", views.poll_make_product, name="poll-make-product"),
    path("me/partnerships", views.partnerships, name="partnerships"),
    path(
        "partnerships/<id:partnership_id>/<str:action>",
        views.partnership_action,
        name="partnership-action",
    ),
]
