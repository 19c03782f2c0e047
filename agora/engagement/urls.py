"""Poll pages: vote, the results htmx refreshes, and the shop's "make it a product";
partnerships: the creator's and the shop team's list, the proposal form and the answers."""

from django.urls import path

from agora.engagement import views

app_name = "engagement_web"
urlpatterns = [
    path("polls/<id:poll_id>/results", views.poll_results, name="poll-results"),
    path("polls/<id:poll_id>/vote", views.poll_vote, name="poll-vote"),
    path("polls/<id:poll_id>/make-product", views.poll_make_product, name="poll-make-product"),
    path("me/rewards", views.my_rewards, name="my-rewards"),
    path("dashboard/<str:handle>/referral-program", views.program_edit, name="referral-program"),
    # Loyalty: my points and credit, their history, spending them; the team's settings.
    path("me/points", views.my_points, name="my-points"),
    path("me/points/<str:handle>", views.wallet_history, name="wallet-history"),
    path("me/points/<str:handle>/redeem", views.points_redeem, name="points-redeem"),
    path("me/credit/<str:handle>/redeem", views.credit_redeem, name="credit-redeem"),
    path("dashboard/<str:handle>/loyalty", views.loyalty_settings, name="loyalty-settings"),
    path("campaigns/new", views.campaign_new, name="campaign-new"),
    path("campaigns/<id:campaign_id>", views.campaign_page, name="campaign"),
    path("campaigns/<id:campaign_id>/publish", views.campaign_publish, name="campaign-publish"),
    path("campaigns/<id:campaign_id>/end", views.campaign_end, name="campaign-end"),
    path("campaigns/<id:campaign_id>/winners", views.campaign_winners, name="campaign-winners"),
    path("badges", views.badges_index, name="badges"),
    path("badges/<slug:kind>", views.badge_page, name="badge"),
    path("me/partnerships", views.partnerships, name="partnerships"),
    path(
        "partnerships/<id:partnership_id>/<str:action>",
        views.partnership_action,
        name="partnership-action",
    ),
]
