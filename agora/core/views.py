"""Site-wide views with no domain logic: health, rate-limit page, bare benchmark view, media."""

import mimetypes
from functools import cache
from pathlib import Path
from typing import Literal

from django.core.files.storage import default_storage
from django.db import connection
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
    JsonResponse,
)
from django.views import defaults
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from agora.core.errors import error_body
from agora.core.sniff import sniff_mime


@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # any database failure means unhealthy
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


_ICONS = Path(__file__).resolve().parent / "static" / "agora" / "icons"
_ROOT_ICONS = {"favicon.ico": "image/x-icon", "apple-touch-icon.png": "image/png"}


@cache
def _icon_bytes(name: str) -> bytes:
    return (_ICONS / name).read_bytes()


@require_GET
@cache_control(public=True, max_age=7 * 86400)
def root_icon(request: HttpRequest, name: str) -> HttpResponse:
    """/favicon.ico and /apple-touch-icon.png: the addresses browsers and phones ask for
    without reading the page (the pages link the same files under /static/ too)."""
    if name not in _ROOT_ICONS:
        raise Http404
    return HttpResponse(_icon_bytes(name), content_type=_ROOT_ICONS[name])


def _api(request: HttpRequest) -> bool:
    return request.path_info.startswith("/api/")


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """404 in the API's one error body under /api/ (an unknown address or one whose path
    parameter matches no route), the site's page elsewhere."""
    if _api(request):
        return JsonResponse(error_body("not_found", "Not found."), status=404)
    return defaults.page_not_found(request, exception)


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    """400 for what Django refuses before any view (an unreadable multipart body, a bad
    query string): the API's error body under /api/."""
    if _api(request):
        return JsonResponse(error_body("bad_request", "The request is malformed."), status=400)
    return defaults.bad_request(request, exception)


def server_error(request: HttpRequest) -> HttpResponse:
    if _api(request):
        return JsonResponse(error_body("server_error", "Something went wrong."), status=500)
    return defaults.server_error(request)


def ratelimited(request: HttpRequest, exception: Exception | None = None) -> JsonResponse:
    response = JsonResponse(
        error_body("rate_limited", "Too many requests; try again later."), status=429
    )
    response["Retry-After"] = "60"
    return response


def bench_bare(request: HttpRequest) -> HttpResponse:
    """A tiny response through the full middleware: the yardstick `make bench` compares pages to."""
    return HttpResponse("ok", content_type="text/plain")


MAX_RANGE_BYTES = 4 * 1024 * 1024


def _parse_range(header: str, size: int) -> tuple[int, int] | Literal["unsatisfiable"] | None:
    """One `bytes=start-end` range (or suffix `bytes=-n`), capped at MAX_RANGE_BYTES."""
    if not header.startswith("bytes=") or "," in header:
        return None
    first, _, last = header[6:].strip().partition("-")
    try:
        if first == "":
            length = int(last)
            if length <= 0:
                return "unsatisfiable"
            start, end = max(0, size - length), size - 1
        else:
            start = int(first)
            end = int(last) if last else size - 1
    except ValueError:
        return None
    if start >= size or end < start:
        return "unsatisfiable"
    end = min(end, size - 1, start + MAX_RANGE_BYTES - 1)
    return start, end


@require_GET
@cache_control(public=True, max_age=86400)
def serve_media(request: HttpRequest, path: str) -> HttpResponseBase:
    """Serve uploaded media with its sniffed type and nosniff (works with DEBUG off)."""
    if ".." in path.split("/") or path.startswith("/"):
        raise Http404
    if not default_storage.exists(path):
        raise Http404
    try:
        handle = default_storage.open(path, "rb")
    except (OSError, ValueError):  # a folder (IsADirectoryError), a file used as a folder...
        raise Http404 from None
    head = handle.read(8192)
    handle.seek(0)
    content_type = sniff_mime(head) or mimetypes.guess_type(path)[0] or "application/octet-stream"
    if content_type in {"text/html", "image/svg+xml", "application/xhtml+xml"}:
        content_type = "application/octet-stream"
    size = default_storage.size(path)
    byte_range = _parse_range(request.headers.get("Range", ""), size)
    if byte_range == "unsatisfiable":
        handle.close()
        response: HttpResponseBase = HttpResponse(status=416)
        response["Content-Range"] = f"bytes */{size}"
        return response
    if byte_range:
        # Browsers (Safari above all) need byte ranges to play and seek video.
        start, end = byte_range
        handle.seek(start)
        body = handle.read(end - start + 1)
        handle.close()
        response = HttpResponse(body, status=206, content_type=content_type)
        response["Content-Range"] = f"bytes {start}-{end}/{size}"
    else:
        response = FileResponse(handle, content_type=content_type)
    response["Accept-Ranges"] = "bytes"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
