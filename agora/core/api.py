"""Shared API plumbing: one error body for every failure, the error schema for OpenAPI, and
the JSON renderer every answer goes through."""

from __future__ import annotations

from typing import Any

import orjson
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.renderers import BaseRenderer
from ninja.responses import NinjaJSONEncoder

from agora.core.errors import DomainError, error_body
from agora.core.schemas import Schema

# --- JSON out ------------------------------------------------------------------------------------
# orjson writes what json.dumps wrote, several times faster: what it doesn't know natively goes to
# django-ninja's encoder (Decimal as a string, lazy translations, pydantic models, ...), and so do
# datetimes, dates and times, so they keep Django's ISO 8601 spelling (milliseconds, "Z" for UTC)
# rather than orjson's. Non-ASCII text is written as UTF-8 instead of \u escapes: the same JSON.
_ENCODER = NinjaJSONEncoder()
_OPTIONS = orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_NON_STR_KEYS


def _default(value: Any) -> Any:
    return _ENCODER.default(value)


def json_bytes(data: Any) -> bytes:
    """`data` as JSON, the way every API answer is written."""
    return orjson.dumps(data, default=_default, option=_OPTIONS)


def json_response(data: Any, *, status: int = 200) -> HttpResponse:
    """An answer built without django-ninja's response validation: for hot lists whose items
    are built to their schema by construction (and tested against the published document)."""
    return HttpResponse(
        json_bytes(data), status=status, content_type="application/json; charset=utf-8"
    )


class JSONRenderer(BaseRenderer):
    """django-ninja's renderer for the whole API (`NinjaAPI(renderer=JSONRenderer())`)."""

    media_type = "application/json"

    def render(self, request: HttpRequest, data: Any, *, response_status: int) -> bytes:
        return json_bytes(data)


class ErrorDetail(Schema):
    code: str
    message: str
    fields: dict[str, list[str]] = {}


class ErrorOut(Schema):
    error: ErrorDetail


def errors(*statuses: int) -> dict[int, type[ErrorOut]]:
    """`responses={201: ProductOut, **errors(401, 404, 422)}` declares the error schema."""
    return dict.fromkeys(statuses, ErrorOut)


_HTTP_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "too_large",
    429: "rate_limited",
}


# What pydantic puts in an error's location for the member of a union that failed
# ("comment_to_buy.bool", "category.int"): not part of the JSON path.
_UNION_TAGS = {"bool", "int", "float", "str", "bytes", "none", "list", "dict", "is-instance"}


def _field_path(loc: tuple | list) -> str:
    # ("body", "payload", "price", "amount") -> "price.amount"; ("query", "limit") -> "limit"
    parts = [
        str(p)
        for p in loc
        if isinstance(p, int)
        or not (p in _UNION_TAGS or "[" in p or p.startswith(("constrained-", "literal")))
    ]
    if parts and parts[0] in {"body", "query", "path", "form", "file", "header", "cookie"}:
        parts = parts[1:]
    if len(parts) > 1 and parts[0] in {"payload", "data", "body"}:
        parts = parts[1:]
    return ".".join(parts) or "body"


def _validation_response(api: NinjaAPI, request: HttpRequest, exc: ValidationError) -> HttpResponse:
    fields: dict[str, list[str]] = {}
    for err in exc.errors:
        loc = err.get("loc", ())
        if err.get("type") == "missing" and len(loc) <= 2 and loc and loc[0] == "body":
            return api.create_response(
                request, error_body("bad_request", "The request body is missing."), status=400
            )
        message = str(err.get("msg", "Invalid value.")).removeprefix("Value error, ")
        fields.setdefault(_field_path(loc), []).append(message)
    first = next(iter(fields), "body")
    return api.create_response(
        request,
        error_body("invalid", f"Invalid value for {first}.", fields),
        status=422,
    )


def install_error_handlers(api: NinjaAPI) -> None:
    @api.exception_handler(DomainError)
    def domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
        response = api.create_response(request, exc.body(), status=exc.status)
        retry_after = getattr(exc, "retry_after", None)
        if retry_after:
            response["Retry-After"] = str(retry_after)
        return response

    @api.exception_handler(ValidationError)
    def validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        return _validation_response(api, request, exc)

    @api.exception_handler(AuthenticationError)
    def auth_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        return api.create_response(
            request,
            error_body("unauthorized", "A valid bearer token is required."),
            status=401,
        )

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        code = _HTTP_CODES.get(exc.status_code, "error")
        return api.create_response(request, error_body(code, str(exc)), status=exc.status_code)

    @api.exception_handler(Http404)
    def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return api.create_response(request, error_body("not_found", "Not found."), status=404)
