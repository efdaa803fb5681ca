"""What the analytics service keeps between requests: values per graph version, and their keys."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable, Mapping
from typing import Any


class ProjectionCache:
    """Projections and results kept while the graph version is unchanged (any write changes it).

    `get(version, key, compute)` answers the stored value for `key`, or stores `compute()`; a new
    version empties the cache. Keys are any hashable, e.g. `("pagerank", filters_tuple)`. At most
    `maxsize` values are kept, least recently used dropped first. Thread-safe; two threads asking
    for the same missing key may both compute it.

    >>> cache, calls = ProjectionCache(), []
    >>> cache.get("v1", "answer", lambda: calls.append("computed") or 42)
    42
    >>> cache.get("v1", "answer", lambda: calls.append("computed") or 42), calls
    (42, ['computed'])
    >>> cache.get("v2", "answer", lambda: 43)
    43
    """

    def __init__(self, maxsize: int = 16):
        self.maxsize = maxsize
        self._lock = threading.Lock()
        self._version: str | None = None
        self._values: OrderedDict[Hashable, Any] = OrderedDict()

    def get(self, version: str, key: Hashable, compute: Callable[[], Any]) -> Any:
        with self._lock:
            if version != self._version:
                self._version = version
                self._values.clear()
            elif key in self._values:
                self._values.move_to_end(key)
                return self._values[key]
        value = compute()
        with self._lock:
            if version == self._version:
                self._values[key] = value
                while len(self._values) > self.maxsize:
                    self._values.popitem(last=False)
        return value

    def clear(self) -> None:
        with self._lock:
            self._version = None
            self._values.clear()


def freeze(filters: Mapping[str, Iterable | None]) -> tuple:
    """A hashable cache key for projection filters.

    >>> freeze({"types": ["OWNS"], "statuses": ("accepted",), "kinds": None})
    (('kinds', None), ('statuses', ('accepted',)), ('types', ('OWNS',)))
    """
    return tuple(sorted((name, None if v is None else tuple(sorted(v))) for name, v in filters.items()))
