"""The per-caller limiter of POST /cypher on its own, on a clock the test moves."""

from __future__ import annotations

import pytest

from api.rate_limit import CallerLimiter, TooMany


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_a_caller_gets_a_burst_then_waits_for_refill() -> None:
    clock = Clock()
    limiter = CallerLimiter(rate_per_min=6, concurrent=10, clock=clock)
    for _ in range(6):
        limiter.enter("a")
        limiter.leave("a")
    with pytest.raises(TooMany) as refused:
        limiter.enter("a")
    assert str(refused.value) == "too many statements: 6 a minute per caller"
    assert refused.value.retry_after_s == 10  # one statement every 10 s
    limiter.enter("b")  # another caller has its own bucket
    clock.now += 10
    limiter.enter("a")
    with pytest.raises(TooMany):
        limiter.enter("a")


def test_a_caller_runs_at_most_so_many_at_once() -> None:
    limiter = CallerLimiter(rate_per_min=100, concurrent=2, clock=Clock())
    limiter.enter("a")
    limiter.enter("a")
    with pytest.raises(TooMany) as refused:
        limiter.enter("a")
    assert (str(refused.value), refused.value.retry_after_s) == (
        "too many statements at once: 2 per caller at a time",
        1,
    )
    limiter.enter("b")
    limiter.leave("a")
    limiter.enter("a")


def test_idle_callers_are_forgotten_so_the_table_stays_bounded(monkeypatch) -> None:
    clock = Clock()
    limiter = CallerLimiter(rate_per_min=60, concurrent=1, clock=clock)
    monkeypatch.setattr(CallerLimiter, "FORGET_ABOVE", 3)
    for caller in ("a", "b", "c"):
        limiter.enter(caller)
        limiter.leave(caller)
    limiter.enter("busy")
    clock.now += 60  # a full minute idle: the first three buckets are full again
    limiter.enter("d")
    assert len(limiter) == 2  # "busy" (still running) and "d"
