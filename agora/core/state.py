"""Explicit state machines (STYLE.md §6): a model's `TRANSITIONS` table says where each
`status` may go; one helper moves an object along it with one conditional UPDATE."""

from __future__ import annotations

from typing import Any

from django.db import models

from agora.core.errors import Conflict


def state_move(
    obj: models.Model,
    to: str,
    *,
    illegal: str,
    changed: str,
    **fields: Any,
) -> None:
    """Moves `obj` from its current `status` to `to` if `type(obj).TRANSITIONS` allows it and
    nobody moved it first; `fields` are written in the same UPDATE. Either refusal is a 409
    `illegal_transition`: `illegal` (formatted with `current` and `to`) when the table forbids
    the move, `changed` when another request moved the row meanwhile."""
    model = type(obj)
    current = obj.status  # type: ignore[attr-defined]
    if to not in model.TRANSITIONS.get(current, set()):  # type: ignore[attr-defined]
        raise Conflict(illegal % {"current": current, "to": to}, code="illegal_transition")
    if not model._default_manager.filter(pk=obj.pk, status=current).update(status=to, **fields):
        raise Conflict(changed, code="illegal_transition")
    obj.refresh_from_db()
