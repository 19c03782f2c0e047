"""The operator's screens."""

from django.contrib import admin  # noqa: F401
