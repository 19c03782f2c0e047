"""Cursor pagination: `?cursor=&limit=` → {"items": [...], "next_cursor": "..." | null}.

Keyset on the primary key, newest first: stable while new rows arrive (no duplicates, no gaps).
The limit is clamped to 1..100 and never an error.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from agora.core.schemas import MAX_ID, Schema

DEFAULT_LIMIT = 20
MAX_LIMIT = 100


def clamp_limit(limit: int | str | None) -> int:
    try:
        value = int(limit) if limit not in (None, "") else DEFAULT_LIMIT
    except (TypeError, ValueError):
        value = DEFAULT_LIMIT
    return max(1, min(MAX_LIMIT, value))


def encode_cursor(pk: int) -> str:
    return base64.urlsafe_b64encode(f"v1:{pk}".encode()).decode().rstrip("=")


def decode_cursor(cursor: str | None) -> int | None:
    if not cursor:
        return None
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        prefix, pk = raw.split(":", 1)
        value = int(pk) if prefix == "v1" and len(pk) <= 20 else None
    except (ValueError, UnicodeDecodeError):
        return None
    # Out of range is a bad cursor (a number the database can't compare): start over.
    return value if value is not None and 0 <= value <= MAX_ID + 1 else None


def fits_bigint(*values: int) -> bool:
    """For cursors holding several numbers: each fits a 64-bit column (else the cursor is bad)."""
    return all(-(2**63) <= v < 2**63 for v in values)


@dataclass
class Page:
    items: list[Any]
    next_cursor: str | None


def paginate(
    queryset: QuerySet, *, cursor: str | None, limit: int | str | None, newest_first: bool = True
) -> Page:
    """A page of `queryset` by primary key after `cursor` (newest first unless told
    otherwise, e.g. comments read oldest first); a bad cursor starts over."""
    size = clamp_limit(limit)
    after = decode_cursor(cursor)
    qs = queryset.order_by("-pk" if newest_first else "pk")
    if after is not None:
        qs = qs.filter(pk__lt=after) if newest_first else qs.filter(pk__gt=after)
    rows = list(qs[: size + 1])
    more = len(rows) > size
    rows = rows[:size]
    return Page(items=rows, next_cursor=encode_cursor(rows[-1].pk) if more and rows else None)


class PageParams(Schema):
    """`?cursor=&limit=` of every list (the limit is clamped, never refused)."""

    cursor: str | None = None
    limit: str | None = None


class LimitParams(Schema):
    """`?limit=` of a list without pages."""

    limit: str | None = None
