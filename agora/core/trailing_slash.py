"""One address per page: the other trailing-slash form redirects to the canonical one.

Most pages have no trailing slash (`/cart`, `/@ana`); a few Django-provided ones have one
(`/admin/`, `/dashboard/`). Django's CommonMiddleware (APPEND_SLASH) already sends `/dashboard`
to `/dashboard/`; this pattern, the last of the root URLconf, does the reverse: `/cart/?x=1`
answers 301 to `/cart?x=1` (308 for other methods, which keeps the method and body).

The converter matches only when the address without its slash resolves, so an unknown
`/nowhere/` stays a plain 404, and APPEND_SLASH never sends an unknown `/nowhere` to
`/nowhere/`.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponsePermanentRedirect
from django.urls import Resolver404, path, register_converter, resolve
from django.utils.encoding import iri_to_uri
from django.utils.http import escape_leading_slashes
from django.views.decorators.csrf import csrf_exempt


class _ResolvesWithoutSlash:
    regex = r".*[^/]"

    def to_python(self, value: str) -> str:
        try:
            resolve("/" + value)
        except Resolver404:
            raise ValueError(value) from None
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(_ResolvesWithoutSlash, "resolves_without_slash")


@csrf_exempt  # it changes nothing: the page it points to checks CSRF itself
def remove_slash(request: HttpRequest, path: str) -> HttpResponsePermanentRedirect:
    target = request.path[:-1]  # keeps SCRIPT_NAME; the pattern only matches a trailing "/"
    query = request.META.get("QUERY_STRING", "")
    location = escape_leading_slashes(iri_to_uri(target)) + ("?" + query if query else "")
    keep_method = request.method not in {"GET", "HEAD"}
    return HttpResponsePermanentRedirect(location, preserve_request=keep_method)


urlpatterns = [path("<resolves_without_slash:path>/", remove_slash, name="remove-slash")]
