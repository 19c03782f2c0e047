"""Site-wide request middleware.

`RequestGuard`: no control character in a URL reaches a view or the database. A path holding
one is a 404 (no page has such an address); a query string holding one is refused (400, or 422
naming the parameter under /api/); a cookie holding one is ignored, as if it were not sent.
It runs before the session middleware, so it guards every request before a session is read.

Language without URL prefixes: ?lang= (one request) > cookie > profile > Accept-Language > en.
"""

from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import BadRequest
from django.http import Http404, HttpRequest, JsonResponse
from django.http.response import HttpResponseBase
from django.utils import translation
from django.utils.cache import patch_vary_headers

from agora.core.errors import error_body
from agora.core.schemas import CONTROL_MESSAGE, has_control_characters

_SUPPORTED = {code for code, _name in settings.LANGUAGES}
_API_PREFIX = "/api/"


def _pick(value: str | None) -> str | None:
    if not value:
        return None
    code = value.strip().lower().split("-")[0]
    return code if code in _SUPPORTED else None


def guard_request(request: HttpRequest) -> JsonResponse | None:
    """None when the request's URL and cookies are clean; else the response refusing it.

    Cookies with control characters are dropped (the session one included: the request then
    starts a fresh session) rather than refused, so a bad cookie never locks anybody out."""
    api = request.path_info.startswith(_API_PREFIX)
    if has_control_characters(request.path_info):
        if api:
            return JsonResponse(error_body("not_found", "Not found."), status=404)
        raise Http404("No such page.")
    bad = [
        key
        for key, values in request.GET.lists()
        if has_control_characters(key) or any(has_control_characters(v) for v in values)
    ]
    if bad:
        if api:
            fields = {
                (key if not has_control_characters(key) else "query"): [CONTROL_MESSAGE]
                for key in bad
            }
            first = next(iter(fields))
            body = error_body("invalid", f"Invalid value for {first}.", fields)
            return JsonResponse(body, status=422)
        raise BadRequest("Control characters in the query string.")
    cookies = request.COOKIES
    if any(has_control_characters(k) or has_control_characters(v) for k, v in cookies.items()):
        request.COOKIES = {
            k: v
            for k, v in cookies.items()
            if not (has_control_characters(k) or has_control_characters(v))
        }
    return None


class RequestGuard:
    """First of our middleware, before sessions are read: a dropped session cookie simply
    starts a fresh session."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        refused = guard_request(request)
        if refused is not None:
            return refused
        return self.get_response(request)


class LanguageMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
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
    def _profile_language(request: HttpRequest) -> str | None:
        # Authentication runs after this middleware; read the session's user lazily and
        # only when the session says someone is signed in.
        session = getattr(request, "session", None)
        if session is None or "_auth_user_id" not in session:
            return None
        language = session.get("agora_language")
        return _pick(language)
