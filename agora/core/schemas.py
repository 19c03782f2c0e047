"""The base of every API schema, and the bounded types every input uses.

`Schema` refuses control characters in every string a body or a query carries: each field's
value is walked (nested lists and dicts, dict keys included) and a C0 control or DEL is a 422
naming the field. Multi-line texts (post text, comments, descriptions) opt in to tab, newline
and carriage return by being typed `LongText`; U+0000 is refused everywhere (PostgreSQL cannot
store it). Nested schemas check their own fields. Responses are not checked: output schemas may share the
base (and input shapes such as `OptionIn` appear in responses).

Integers are bounded in the schema so that no number reaches the database out of its column's
range (SQLite's `OverflowError`, PostgreSQL's "out of range"): `Id` for primary keys (what
JavaScript counts exactly), `Amount` for money in minor units, `Count` for quantities, stock and
limits. Path parameters use them too (`post_id: Id`).
"""

from __future__ import annotations

import re
from typing import Annotated, Any, Final, get_args, get_origin

import ninja
from pydantic import BaseModel, Field, ValidationInfo, field_validator

MAX_ID: Final = 2**53
MAX_AMOUNT: Final = 10**12  # minor units: ten billion in a two-decimal currency
MAX_COUNT: Final = 10**9  # fits a 32-bit integer column


class _MultiLine:
    """The marker `LongText` carries: tab, newline and carriage return are welcome."""

    def __repr__(self) -> str:
        return "MultiLine"


MULTILINE: Final = _MultiLine()

LongText = Annotated[str, MULTILINE]
Id = Annotated[int, Field(ge=1, le=MAX_ID)]
Amount = Annotated[int, Field(ge=0, le=MAX_AMOUNT)]
Count = Annotated[int, Field(ge=0, le=MAX_COUNT)]

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_CONTROL_IN_LONG_TEXT = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

CONTROL_MESSAGE: Final = "Control characters are not allowed."


def has_control_characters(value: str, *, multiline: bool = False) -> bool:
    """True when `value` holds a C0 control or DEL (tab, newline, CR allowed if multiline)."""
    pattern = _CONTROL_IN_LONG_TEXT if multiline else _CONTROL
    return pattern.search(value) is not None


def _holds_control(value: Any, multiline: bool) -> bool:
    if isinstance(value, str):
        return has_control_characters(value, multiline=multiline)
    if isinstance(value, BaseModel):
        return False  # a nested schema has checked its own fields
    if isinstance(value, dict):
        return any(
            _holds_control(k, False) or _holds_control(v, multiline) for k, v in value.items()
        )
    if isinstance(value, list | tuple | set | frozenset):
        return any(_holds_control(v, multiline) for v in value)
    return False


def _marked(annotation: Any) -> bool:
    if annotation is MULTILINE:
        return True
    if get_origin(annotation) is Annotated:
        return any(m is MULTILINE for m in annotation.__metadata__) or _marked(
            get_args(annotation)[0]
        )
    return any(_marked(arg) for arg in get_args(annotation))


class Schema(ninja.Schema):
    """ninja's Schema, refusing control characters in every string it is given."""

    @field_validator("*", mode="after")
    @classmethod
    def _refuse_control_characters(cls, value: Any, info: ValidationInfo) -> Any:
        if value is None or isinstance(value, int | float | bool):
            return value
        if info.context and "response_status" in info.context:
            return value  # ninja serializing a response: what is stored is what is shown
        field = cls.model_fields.get(info.field_name or "")
        multiline = field is not None and (
            any(m is MULTILINE for m in field.metadata) or _marked(field.annotation)
        )
        if _holds_control(value, multiline):
            raise ValueError(CONTROL_MESSAGE)
        return value


class MoneyOut(Schema):
    """Money in a response: minor units, ISO 4217 currency, and the amount as people read it."""

    amount: int
    currency: str
    formatted: str
