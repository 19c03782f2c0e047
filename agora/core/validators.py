"""Validators shared by every domain: names that cannot pretend to be someone else's.

Bidi overrides and isolates (U+202A–U+202E, U+2066–U+2069) reorder what follows them, and
zero-width characters (U+200B–U+200F, U+2060, U+FEFF, the Arabic letter mark U+061C) are
invisible: either lets "ana" and "a\u200bna", or a reversed "ana", look like the same name.
The services refuse them in display names and shop names, so the API and the forms agree.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from agora.core.errors import InvalidInput

INVISIBLE_OR_BIDI = frozenset(
    chr(code)
    for code in (
        *range(0x200B, 0x2010),  # zero width space, ZWNJ, ZWJ, LRM, RLM
        *range(0x202A, 0x202F),  # LRE, RLE, PDF, LRO, RLO
        *range(0x2066, 0x206A),  # LRI, RLI, FSI, PDI
        0x2060,  # word joiner
        0xFEFF,  # zero width no-break space (BOM)
        0x061C,  # Arabic letter mark
    )
)


def first_invisible_or_bidi(value: str) -> str | None:
    """The first forbidden character in `value`, or None."""
    return next((ch for ch in value or "" if ch in INVISIBLE_OR_BIDI), None)


def _message(char: str) -> str:
    return _(
        "Remove the invisible or text-direction character %(code)s: it can make a name look "
        "like someone else's."
    ) % {"code": f"U+{ord(char):04X}"}


def validate_no_invisible_or_bidi(value: str) -> None:
    """A Django validator (forms, model fields): ValidationError naming the character."""
    char = first_invisible_or_bidi(value)
    if char is not None:
        raise ValidationError(_message(char), code="invisible_or_bidi")


def require_visible_text(value: str, *, field: str) -> str:
    """For services: InvalidInput (422) on `field` when `value` has a forbidden character."""
    char = first_invisible_or_bidi(value)
    if char is not None:
        raise InvalidInput.field(field, _message(char))
    return value
