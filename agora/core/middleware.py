"""Language without URL prefixes: ?lang= (one request) > cookie > profile > Accept-Language > en."""

from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_vary_headers

_SUPPORTED = {code for code, _name in settings.LANGUAGES}


def _pick(value: str | None) -> str | None:
    if not value:
        return None
    code = value.strip().lower().split("-")[0]
    return code if code in _SUPPORTED else None


class LanguageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = (
            _pick(request.GET.get("lang"))
            or _pick(request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME))
            or self._profile_language(request)
            or _pick(translation.get_language_from_request(request, check_path=False))
            or settings.LANGUAGE_CODE
        )
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        patch_vary_headers(response, ("Accept-Language", "Cookie"))
        translation.deactivate()
        return response

    @staticmethod
    def _profile_language(request) -> str | None:
        # Authentication runs after this middleware; read the session's user lazily and
        # only when the session says someone is signed in.
        session = getattr(request, "session", None)
        if session is None or "_auth_user_id" not in session:
            return None
        language = session.get("agora_language")
        return _pick(language)
