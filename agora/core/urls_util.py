"""Absolute URLs always start from AGORA_BASE_URL, never from the request's Host header."""

from django.conf import settings


def absolute_url(path: str) -> str:
    if path.startswith(("http://", "https://")):
        return path
    return settings.AGORA_BASE_URL + (path if path.startswith("/") else "/" + path)
