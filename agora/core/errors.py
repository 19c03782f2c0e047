"""Domain errors: raised by services, turned into one error body by the API and the views.

Body: {"error": {"code": "...", "message": "...", "fields": {...}}}
"""

from __future__ import annotations

from typing import ClassVar

from django.utils.translation import gettext


class DomainError(Exception):
    status: ClassVar[int] = 400
    code: ClassVar[str] = "bad_request"

    def __init__(self, message: str, *, code: str | None = None, fields: dict | None = None):
        super().__init__(message)
        self.message = message
        if code:
            self.code = code  # type: ignore[misc]
        self.fields = fields or {}

    def body(self) -> dict:
        return {"error": {"code": self.code, "message": self.message, "fields": self.fields}}


class InvalidInput(DomainError):
    status = 422
    code = "invalid"

    @classmethod
    def field(cls, path: str, message: str) -> InvalidInput:
        return cls(message, fields={path: [message]})


class NotFound(DomainError):
    status = 404
    code = "not_found"


class PermissionDenied(DomainError):
    status = 403
    code = "forbidden"


class Conflict(DomainError):
    status = 409
    code = "conflict"


class Unauthorized(DomainError):
    status = 401
    code = "unauthorized"


def error_body(code: str, message: str, fields: dict | None = None) -> dict:
    return {"error": {"code": code, "message": message, "fields": fields or {}}}


class FieldErrors:
    """Collects messages per field path ("variants.1.sku") while a service checks its input,
    then raises them all as one InvalidInput naming the first field."""

    def __init__(self) -> None:
        self.fields: dict[str, list[str]] = {}

    def add(self, path: str, message: str) -> None:
        self.fields.setdefault(path, []).append(message)

    def raise_if_any(self) -> None:
        if self.fields:
            first = next(iter(self.fields))
            raise InvalidInput(
                gettext("Invalid value for %(field)s.") % {"field": first}, fields=self.fields
            )
