"""A small mapping bounded in size that forgets the least recently used entry first.

Process-local memos (kept renderings, the last few reports' HTML) use it; what it holds must be
safe to lose at any time. It is bounded by its number of entries and, when given a `weigh`
function (a text's length), by their total weight, so a few large entries cannot grow a
worker's memory past the bound. Threads of one process may share it: writes take a lock; a
read at worst misses an entry another thread is dropping.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from contextlib import suppress


class BoundedLRU[K: Hashable, V]:
    def __init__(
        self,
        size: int,
        *,
        max_weight: int | None = None,
        weigh: Callable[[V], int] | None = None,
    ) -> None:
        if size < 1:
            raise ValueError("size must be at least 1")
        if (max_weight is None) != (weigh is None):
            raise ValueError("max_weight and weigh go together")
        self.size = size
        self.max_weight = max_weight
        self._weigh = weigh
        self._items: OrderedDict[K, V] = OrderedDict()
        self._weights: dict[K, int] = {}
        self.weight = 0
        self._lock = threading.Lock()

    def get(self, key: K) -> V | None:
        found = self._items.get(key)
        if found is not None:
            with suppress(KeyError):  # another thread dropped it meanwhile
                self._items.move_to_end(key)
        return found

    def put(self, key: K, value: V) -> None:
        weight = self._weigh(value) if self._weigh is not None else 0
        if self.max_weight is not None and weight > self.max_weight:
            return  # larger than the whole store: not kept at all
        with self._lock:
            self.weight += weight - self._weights.get(key, 0)
            self._items[key] = value
            self._items.move_to_end(key)
            self._weights[key] = weight
            while len(self._items) > self.size or (
                self.max_weight is not None and self.weight > self.max_weight
            ):
                old, _ = self._items.popitem(last=False)
                self.weight -= self._weights.pop(old)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
            self._weights.clear()
            self.weight = 0

    def __len__(self) -> int:
        return len(self._items)

    def __contains__(self, key: object) -> bool:
        return key in self._items

    def oldest_first(self) -> list[K]:
        """The keys, least recently used first."""
        return list(self._items)
