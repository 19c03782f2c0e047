"""Cursor pagination: `?cursor=&limit=` → {"items": [...], "next_cursor": "..." | null}.

Every JSON list goes through one django-ninja paginator, `CursorPagination`:

    @router.get("/shops", response={200: list[ShopOut], **errors(401)})
    @paginate(CursorPagination)
    def shop_list(request):
        return Listing(selectors.shops_list(), each=ShopOut.from_shop)

A queryset is paged by keyset on the primary key, newest first unless the decorator says
`newest_first=False` (comments read oldest first): stable while new rows arrive (no duplicates,
no gaps). A list in another order (the feed's ranking, "From the community") has its selector
build the `Page` with its own keys through the same cursor codec. The limit is clamped to
1..100 and never an error; a cursor that does not decode starts the list over.

A hot list whose items are built to their schema by construction (the feed, the product list)
takes `@paginate_unvalidated(CursorPagination)` instead: the same parameters, the same
published `Paged<Item>`, but the page is written as JSON at once, without django-ninja
validating every item again; each such list has a test that checks its real answers against the
published OpenAPI document.

An api module with paginated views does without `from __future__ import annotations`:
django-ninja's `@paginate` resolves the view's annotations in its own module, where names like
`Id` or a filter schema are unknown (vitalik/django-ninja#1717).

The HTML pages use the same `paginate()` and `Page` (`_partials/pager.html` links `next_cursor`).
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import partial, wraps
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from ninja.pagination import PaginationBase, make_response_paginated
from ninja.utils import contribute_operation_args, contribute_operation_callback
from pydantic import Field

from agora.core.api import json_response
from agora.core.schemas import MAX_ID, Schema

DEFAULT_LIMIT = 20
MAX_LIMIT = 100
LIMIT_DESCRIPTION = f"Items per page, {DEFAULT_LIMIT} by default; clamped to 1..{MAX_LIMIT}."


def clamp_limit(limit: int | str | None) -> int:
    """`limit` as a page size in 1..100: missing or not a whole number is the default (20)."""
    try:
        value = int(limit) if limit not in (None, "") else DEFAULT_LIMIT
    except (TypeError, ValueError):
        value = DEFAULT_LIMIT
    return max(1, min(MAX_LIMIT, value))


# --- the cursor codec ---------------------------------------------------------------------------
# A cursor is `<kind>:<key>:<key>...` in URL-safe base64 without padding, so it goes into a
# query string as it is. The kind names the list's order and the codec's version ("v1" primary
# key, "t1" the timeline, "c1" the community order): a cursor of another kind or version, with
# the wrong number of keys, a key that is not a plain 64-bit integer, or bytes that are not
# base64 at all is no cursor, and the list starts over.
PK_CURSOR = "v1"
MAX_CURSOR_LENGTH = 200
_BASE64 = re.compile(r"[A-Za-z0-9_-]+={0,2}")
_KEY = re.compile(r"-?[0-9]{1,19}")
_BIGINT = range(-(2**63), 2**63)


def encode_cursor(*keys: int, kind: str = PK_CURSOR) -> str:
    """The cursor after a row whose sort keys are `keys` (a primary key by default)."""
    raw = ":".join([kind, *(str(int(k)) for k in keys)])
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode_keys(cursor: str | None, *, kind: str, size: int) -> tuple[int, ...] | None:
    """The `size` keys in a cursor of `kind`, or None for no cursor or anything tampered with
    (never an exception: a bad cursor starts the list over)."""
    if not cursor or not isinstance(cursor, str) or len(cursor) > MAX_CURSOR_LENGTH:
        return None
    if not _BASE64.fullmatch(cursor):
        return None
    try:
        raw = base64.b64decode(cursor.rstrip("=") + "=" * (-len(cursor.rstrip("=")) % 4), b"-_")
        parts = raw.decode("ascii").split(":")
    except (binascii.Error, ValueError):  # UnicodeDecodeError is a ValueError
        return None
    if parts[0] != kind or len(parts) != size + 1:
        return None
    if not all(_KEY.fullmatch(p) for p in parts[1:]):
        return None
    keys = tuple(int(p) for p in parts[1:])
    return keys if all(k in _BIGINT for k in keys) else None


def decode_cursor(cursor: str | None) -> int | None:
    """The primary key (or count) in a one-key cursor, or None to start over."""
    keys = decode_keys(cursor, kind=PK_CURSOR, size=1)
    # A number no id column can hold is a bad cursor too.
    return keys[0] if keys is not None and 0 <= keys[0] <= MAX_ID + 1 else None


# --- pages --------------------------------------------------------------------------------------
@dataclass
class Page:
    """One page of a list; selectors subclass it to carry what the page's rows share (the
    viewer's likes, ...)."""

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


# A selector that builds its own page: called with `cursor=` and the clamped `limit=`, it returns
# a Page (for a one-page list: called with `limit=` only, it may return a plain list).
PageSelector = Callable[..., Page | list]


@dataclass(frozen=True)
class Listing:
    """What a list endpoint returns to `CursorPagination`: where the rows come from and how a
    page of them is shown.

    `source` is a queryset (keyset on the primary key), a `PageSelector` or a `Page` built
    already. `each` turns one row into what the response schema reads; `out` turns a whole page
    (for what its rows share, e.g. the viewer's likes fetched in one query) into the items.
    """

    source: QuerySet | PageSelector | Page
    each: Callable[[Any], Any] | None = None
    out: Callable[[Any], Iterable[Any]] | None = None

    def __post_init__(self) -> None:
        if self.each is not None and self.out is not None:
            raise TypeError("Give a Listing `each` or `out`, not both.")

    def show(self, page: Page) -> Page:
        if self.out is not None:
            return Page(items=list(self.out(page)), next_cursor=page.next_cursor)
        if self.each is not None:
            return Page(items=[self.each(row) for row in page.items], next_cursor=page.next_cursor)
        return page


class CursorParams(Schema, PaginationBase.Input):
    """`?cursor=&limit=` of every list (the limit is clamped, never refused)."""

    cursor: str | None = Field(
        None, description="`next_cursor` of the previous page; none for the first page."
    )
    limit: str | None = Field(None, description=LIMIT_DESCRIPTION)


class LimitParams(Schema, PaginationBase.Input):
    """`?limit=` of a list that is one page."""

    limit: str | None = Field(None, description=LIMIT_DESCRIPTION)


class PageOut(Schema):
    """Every list's answer; django-ninja names each list's own `Paged<Item>`."""

    items: list[Any]
    next_cursor: str | None = Field(
        description="Pass as `cursor` for the next page; null on the last page."
    )


class CursorPagination(PaginationBase):
    """The paginator of every JSON list: `?cursor=&limit=` in, `{"items", "next_cursor"}` out.

    The view returns a `Listing`, a queryset or a `Page`, and declares `response=list[Item]`:
    django-ninja publishes the list as `Paged<Item>`, built on `PageOut`.
    """

    Input: type[PaginationBase.Input] = CursorParams

    # A nested class, as in django-ninja's own paginators: their base `Output` carries a
    # `count` this list has not, so `PageOut` cannot stand in its place as a plain attribute.
    # Each list's `Paged<Item>` is built on it.
    class Output(PageOut):
        pass

    def __init__(self, *, newest_first: bool = True, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.newest_first = newest_first

    def paginate_queryset(
        self, queryset: Any, pagination: Any, request: Any, **params: Any
    ) -> dict[str, Any]:
        cursor = getattr(pagination, "cursor", None)
        page = self.page(queryset, cursor=cursor, limit=pagination.limit)
        return {"items": page.items, "next_cursor": page.next_cursor}

    def page(self, result: Any, *, cursor: str | None, limit: int | str | None) -> Page:
        """The page a view's `result` (a Listing, queryset, selector or Page) stands for."""
        listing = result if isinstance(result, Listing) else Listing(result)
        return listing.show(self.fetch(listing.source, cursor=cursor, limit=limit))

    def fetch(self, source: Any, *, cursor: str | None, limit: int | str | None) -> Page:
        if isinstance(source, Page):
            return source
        if isinstance(source, QuerySet):
            return paginate(source, cursor=cursor, limit=limit, newest_first=self.newest_first)
        if callable(source):
            page = source(cursor=cursor, limit=clamp_limit(limit))
            if isinstance(page, Page):
                return page
        raise TypeError(f"A paginated view returns a Listing, queryset or Page, not {source!r}.")


class OnePagePagination(CursorPagination):
    """For lists that are one page by nature (the popular tags, grouped notifications):
    `?limit=` only, the same `{"items", "next_cursor": null}` out. The view's selector is called
    with `limit=` alone."""

    Input = LimitParams

    def fetch(self, source: Any, *, cursor: str | None, limit: int | str | None) -> Page:
        if isinstance(source, Page):
            return source
        if callable(source):
            return _as_page(source(limit=clamp_limit(limit)))
        raise TypeError(
            f"A one-page view returns a Listing of a selector or a Page, not {source!r}."
        )


def _as_page(result: Page | list) -> Page:
    return result if isinstance(result, Page) else Page(items=list(result), next_cursor=None)


# --- lists built by construction ----------------------------------------------------------------
def paginate_unvalidated(
    paginator_class: type[CursorPagination] = CursorPagination, **params: Any
) -> Callable[[Callable[..., Any]], Callable[..., HttpResponse]]:
    """`@paginate(...)` for a hot list whose view returns a `Listing` of items already in
    their schema's shape (plain dicts, lists, str, int, bool, None, datetimes): the same
    `?cursor=&limit=` and the same `Paged<Item>` in OpenAPI, but the page goes out as JSON at
    once, skipping django-ninja's validation of every item. Keep a test of the real answers
    against the published document for each view that uses it."""
    paginator = paginator_class(**params)

    def decorate(func: Callable[..., Any]) -> Callable[..., HttpResponse]:
        @wraps(func)
        def view(request: HttpRequest, **kwargs: Any) -> HttpResponse:
            pagination = kwargs.pop("ninja_pagination", None) or paginator.Input()
            page = paginator.page(
                func(request, **kwargs),
                cursor=getattr(pagination, "cursor", None),
                limit=getattr(pagination, "limit", None),
            )
            return json_response({"items": page.items, "next_cursor": page.next_cursor})

        contribute_operation_args(view, "ninja_pagination", paginator.Input, paginator.InputSource)
        contribute_operation_callback(view, partial(make_response_paginated, paginator))
        view._ninja_is_paginated = True  # type: ignore[attr-defined]
        return view

    return decorate
