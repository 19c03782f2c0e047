"""The discovery pages (one views module per feature)."""

from django.urls import path

from agora.discovery import views  # noqa: F401
from agora.discovery.views import trending

app_name = "discovery_web"
urlpatterns: list = [
    path("trending", trending.trending_page, name="trending"),
]
