"""`<id:pk>` in page URLs: a primary key, 1..2**53 like the API's `Id`. A larger number is no
address at all (404), never a query the database cannot run (SQLite's OverflowError)."""

from __future__ import annotations

from agora.core.schemas import MAX_ID


class IdConverter:
    regex = "[0-9]{1,16}"

    def to_python(self, value: str) -> int:
        number = int(value)
        if not 1 <= number <= MAX_ID:
            raise ValueError("out of range")  # the pattern does not match: 404
        return number

    def to_url(self, value: int) -> str:
        return str(int(value))
