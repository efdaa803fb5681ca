"""Per-caller admission for an expensive route: a token bucket of statements per minute, and a bound
on how many of one caller's statements run at once."""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from graph.errors import EcographError


class TooMany(EcographError):
    """Refused for now; `retry_after_s` says when a retry can succeed."""

    def __init__(self, message: str, retry_after_s: int):
        super().__init__(message)
        self.retry_after_s = retry_after_s


@dataclass
class _Caller:
    tokens: float
    at: float
    running: int = 0


class CallerLimiter:
    """`rate_per_min` admissions per caller and minute (bursts up to that many), at most `concurrent`
    at a time. Callers idle long enough to have a full bucket are forgotten, so the table stays small."""

    FORGET_ABOVE = 10_000  # callers remembered before idle ones are dropped

    def __init__(self, rate_per_min: int, concurrent: int, clock: Callable[[], float] = time.monotonic):
        self.rate_per_s = rate_per_min / 60
        self.capacity = float(rate_per_min)
        self.concurrent = concurrent
        self._clock = clock
        self._callers: dict[str, _Caller] = {}
        self._lock = threading.Lock()

    def enter(self, caller: str) -> None:
        with self._lock:
            now = self._clock()
            state = self._callers.get(caller)
            if state is None:
                self._forget_idle(now)
                state = self._callers[caller] = _Caller(self.capacity, now)
            state.tokens = min(self.capacity, state.tokens + (now - state.at) * self.rate_per_s)
            state.at = now
            if state.running >= self.concurrent:
                raise TooMany(f"too many statements at once: {self.concurrent} per caller at a time", 1)
            if state.tokens < 1:
                wait = math.ceil((1 - state.tokens) / self.rate_per_s)
                raise TooMany(f"too many statements: {self.capacity:g} a minute per caller", wait)
            state.tokens -= 1
            state.running += 1

    def leave(self, caller: str) -> None:
        with self._lock:
            state = self._callers.get(caller)
            if state is not None:
                state.running = max(0, state.running - 1)

    def __len__(self) -> int:
        """How many callers are remembered."""
        return len(self._callers)

    def _forget_idle(self, now: float) -> None:
        if len(self._callers) < self.FORGET_ABOVE:
            return
        full_after = self.capacity / self.rate_per_s
        for caller, state in list(self._callers.items()):
            if state.running == 0 and now - state.at >= full_after:
                del self._callers[caller]
