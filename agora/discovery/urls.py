"""The discovery pages (one views module per feature)."""

from django.urls import path

from agora.discovery.views import search

app_name = "discovery_web"
urlpatterns: list = [
    path("search", search.search, name="search"),
]
