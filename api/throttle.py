"""Slowing down guessed sign-ins: after a few failures for one name or from one client, the next
attempt waits out a window that doubles with every further failure (capped), whether its key is
right or not. Kept in memory: a restart forgets, which only helps the legitimate user."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

FREE_FAILURES = 3  # typos cost nothing
FIRST_WAIT_S = 1.0
LONGEST_WAIT_S = 15 * 60.0
REMEMBERED = 10_000  # names and clients tracked at most (the oldest are forgotten first)


@dataclass
class _Record:
    failures: int = 0
    blocked_until: float = 0.0


class SignInThrottle:
    def __init__(self, clock: Callable[[], float] = time.monotonic):
        self._clock = clock
        self._records: dict[str, _Record] = {}
        self._lock = threading.Lock()

    def wait_s(self, *keys: str) -> float:
        """How long these (a name, a client) must still wait before an attempt is considered."""
        current = self._clock()
        with self._lock:
            waits = [self._records[k].blocked_until - current for k in keys if k in self._records]
        return max([0.0, *waits])

    def failed(self, *keys: str) -> int:
        """Count a failure against each key; the most failures any of them has now."""
        current = self._clock()
        most = 0
        with self._lock:
            for key in keys:
                record = self._records.pop(key, None) or _Record()
                record.failures += 1
                beyond = record.failures - FREE_FAILURES
                if beyond > 0:
                    wait = min(FIRST_WAIT_S * 2 ** min(beyond - 1, 20), LONGEST_WAIT_S)
                    record.blocked_until = current + wait
                self._records[key] = record  # re-inserted last: dict order is recency
                most = max(most, record.failures)
            while len(self._records) > REMEMBERED:
                del self._records[next(iter(self._records))]
        return most

    def succeeded(self, *keys: str) -> None:
        with self._lock:
            for key in keys:
                self._records.pop(key, None)
