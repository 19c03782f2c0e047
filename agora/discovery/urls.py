"""The discovery pages (one views module per feature)."""

from django.urls import path  # noqa: F401

from agora.discovery import views  # noqa: F401

app_name = "discovery_web"
urlpatterns: list = []
