"""A small mapping bounded in size that forgets the least recently used entry first.

Process-local memos (kept renderings, the last few reports' HTML) use it; what it holds must be
safe to lose at any time. Threads of one process may share it: a race can at worst drop an
entry a moment early or keep one a moment long, never return a value under another key.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Hashable
from contextlib import suppress


class BoundedLRU[K: Hashable, V]:
    def __init__(self, size: int) -> None:
        if size < 1:
            raise ValueError("size must be at least 1")
        self.size = size
        self._items: OrderedDict[K, V] = OrderedDict()

    def get(self, key: K) -> V | None:
        found = self._items.get(key)
        if found is not None:
            with suppress(KeyError):  # another thread dropped it meanwhile
                self._items.move_to_end(key)
        return found

    def put(self, key: K, value: V) -> None:
        self._items[key] = value
        while len(self._items) > self.size:
            with suppress(KeyError):  # another thread of the process got there first
                self._items.popitem(last=False)

    def clear(self) -> None:
        self._items.clear()

    def __len__(self) -> int:
        return len(self._items)

    def __contains__(self, key: object) -> bool:
        return key in self._items

    def oldest_first(self) -> list[K]:
        """The keys, least recently used first."""
        return list(self._items)
