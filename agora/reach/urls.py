"""The reach pages (one views module per feature)."""

from django.urls import path  # noqa: F401

from agora.reach import views  # noqa: F401

app_name = "reach_web"
urlpatterns: list = []
