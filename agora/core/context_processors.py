from typing import Any

from django.conf import settings
from django.http import HttpRequest


def site(request: HttpRequest) -> dict[str, Any]:
    return {
        "AGORA_BASE_URL": settings.AGORA_BASE_URL,
        "LANGUAGES_CHOICES": settings.LANGUAGES,
    }
