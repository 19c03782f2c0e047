from django.urls import path

from agora.social import views_shares

app_name = "social"
urlpatterns = [
    path("s/<str:code>", views_shares.share_redirect, name="share-redirect"),
]
