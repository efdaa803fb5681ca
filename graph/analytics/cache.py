"""What the analytics service keeps between requests: values of the current graph version, the latest
answer to each question whatever its version, and their keys."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable, Mapping
from typing import Any

MISSING = object()


class ProjectionCache:
    """Projections and results of one graph version, the newest seen (any write bumps the version).

    `get(version, key, compute)` answers the stored value for `key`, or stores `compute()`. A newer
    version empties the cache; a value computed for an older one (a slow request's) is answered but
    not kept. Keys are any hashable, e.g. `("pagerank", filters_tuple)`. At most `maxsize` values are
    kept, least recently used dropped first. Thread-safe; two threads asking for the same missing key
    may both compute it.

    >>> cache, calls = ProjectionCache(), []
    >>> cache.get(1, "answer", lambda: calls.append("computed") or 42)
    42
    >>> cache.get(1, "answer", lambda: calls.append("computed") or 42), calls
    (42, ['computed'])
    >>> cache.get(2, "answer", lambda: 43), cache.lookup(1, "answer") is MISSING
    (43, True)
    """

    def __init__(self, maxsize: int = 16):
        self.maxsize = maxsize
        self._lock = threading.Lock()
        self._version: int | None = None
        self._values: OrderedDict[Hashable, Any] = OrderedDict()

    def lookup(self, version: int, key: Hashable) -> Any:
        """The value kept for `key` at `version`, or MISSING."""
        with self._lock:
            if version != self._version or key not in self._values:
                return MISSING
            self._values.move_to_end(key)
            return self._values[key]

    def put(self, version: int, key: Hashable, value: Any) -> None:
        with self._lock:
            if self._version is None or version > self._version:
                self._version = version
                self._values.clear()
            if version == self._version:
                self._values[key] = value
                self._values.move_to_end(key)
                while len(self._values) > self.maxsize:
                    self._values.popitem(last=False)

    def get(self, version: int, key: Hashable, compute: Callable[[], Any]) -> Any:
        value = self.lookup(version, key)
        if value is MISSING:
            value = compute()
            self.put(version, key, value)
        return value

    def clear(self) -> None:
        with self._lock:
            self._version = None
            self._values.clear()


class LatestAnswers:
    """The newest answer to each question with the version it is of, kept across versions so that
    after a write the previous one can be served (marked) while the new one is computed.

    >>> latest = LatestAnswers(maxsize=2)
    >>> latest.remember("q", 3, {"n": 1}); latest.remember("q", 2, {"n": 0})  # older: ignored
    >>> latest.get("q")
    (3, {'n': 1})
    """

    def __init__(self, maxsize: int = 32):
        self.maxsize = maxsize
        self._lock = threading.Lock()
        self._answers: OrderedDict[Hashable, tuple[int, Any]] = OrderedDict()

    def get(self, key: Hashable) -> tuple[int, Any] | None:
        with self._lock:
            found = self._answers.get(key)
            if found is not None:
                self._answers.move_to_end(key)
            return found

    def remember(self, key: Hashable, version: int, answer: Any) -> None:
        with self._lock:
            known = self._answers.get(key)
            if known is not None and known[0] > version:
                return
            self._answers[key] = (version, answer)
            self._answers.move_to_end(key)
            while len(self._answers) > self.maxsize:
                self._answers.popitem(last=False)


def freeze(filters: Mapping[str, Iterable | None]) -> tuple:
    """A hashable cache key for projection filters.

    >>> freeze({"types": ["OWNS"], "statuses": ("accepted",), "kinds": None})
    (('kinds', None), ('statuses', ('accepted',)), ('types', ('OWNS',)))
    """
    return tuple(sorted((name, None if v is None else tuple(sorted(v))) for name, v in filters.items()))
