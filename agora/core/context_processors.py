from django.conf import settings


def site(request):
    return {
        "AGORA_BASE_URL": settings.AGORA_BASE_URL,
        "LANGUAGES_CHOICES": settings.LANGUAGES,
    }
