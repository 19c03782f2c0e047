"""The discovery pages (one views module per feature)."""

from django.urls import path

from agora.discovery.views import browse

app_name = "discovery_web"
urlpatterns: list = [
    path("c", browse.category_index, name="categories"),
    path("c/<slug:slug>", browse.category_detail, name="category"),
]
