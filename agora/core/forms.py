"""What every Django form and every hand-read form value goes through before the database.

`Form` (and `TextGuardMixin` for Django's own forms) adds one validator to each text field: a C0
control character or DEL is a field error shown in the form; multi-line fields (a `Textarea`)
keep tab, newline and carriage return. Views that read a value of `request.POST` by hand pass
it through `clean_text` (a 422 `InvalidInput` the view shows like any domain error) and parse
numbers with `parse_int` / `parse_id`, which refuse what no column can hold.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext as _

from agora.core.errors import InvalidInput
from agora.core.schemas import MAX_ID, has_control_characters


@deconstructible
class ControlCharacterValidator:
    """Refuses C0 controls and DEL (tab, newline and carriage return too unless multiline)."""

    code = "control_characters"

    def __init__(self, *, multiline: bool = False):
        self.multiline = multiline

    def __call__(self, value: object) -> None:
        if isinstance(value, str) and has_control_characters(value, multiline=self.multiline):
            raise ValidationError(_("Control characters are not allowed."), code=self.code)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, ControlCharacterValidator) and other.multiline == self.multiline

    def __hash__(self) -> int:
        return hash((type(self), self.multiline))


def _guard(field: forms.Field) -> None:
    if isinstance(field, forms.CharField) and not any(
        isinstance(v, ControlCharacterValidator) for v in field.validators
    ):
        multiline = isinstance(field.widget, forms.Textarea)
        field.validators.append(ControlCharacterValidator(multiline=multiline))
    if isinstance(field, forms.IntegerField):
        # An id or a count no column can hold is an error in the form, not an overflow.
        if field.max_value is None:
            field.validators.append(MaxValueValidator(MAX_ID))
        if field.min_value is None:
            field.validators.append(MinValueValidator(-MAX_ID))


class TextGuardMixin:
    """Put first in a form's bases: every CharField (EmailField, SlugField... too) refuses
    control characters; a Textarea's field keeps tab, newline and carriage return. An
    IntegerField without bounds gets +/- 2**53."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():  # type: ignore[attr-defined]
            _guard(field)


class Form(TextGuardMixin, forms.Form):
    """The base of Agora's forms."""


def clean_text(value: str | None, *, field: str, multiline: bool = False) -> str:
    """A value read by hand from `request.POST`: 422 on `field` when it holds a control character."""
    text = value or ""
    if has_control_characters(text, multiline=multiline):
        raise InvalidInput.field(field, _("Control characters are not allowed."))
    return text


def parse_int(value: object, *, low: int = -MAX_ID, high: int = MAX_ID) -> int | None:
    """An integer from a form or query value, or None when it is not one in low..high."""
    try:
        text = str(value).strip()
        number = int(text) if len(text) <= 20 else None
    except (TypeError, ValueError):
        return None
    return number if number is not None and low <= number <= high else None


def parse_id(value: object) -> int | None:
    """A primary key (1..2**53) from a form or query value, else None."""
    return parse_int(value, low=1, high=MAX_ID)
