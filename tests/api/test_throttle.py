"""Failed sign-ins slowed per name and per client (api/throttle.py): pure, on a clock we move."""

from __future__ import annotations

from api.throttle import FREE_FAILURES, LONGEST_WAIT_S, REMEMBERED, SignInThrottle


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_the_first_failures_are_free_then_the_window_doubles() -> None:
    clock = Clock()
    throttle = SignInThrottle(clock)
    for _ in range(FREE_FAILURES):
        throttle.failed("name:a", "client:x")
        assert throttle.wait_s("name:a", "client:x") == 0
    waits = []
    for _ in range(4):
        throttle.failed("name:a", "client:x")
        waits.append(throttle.wait_s("name:a"))
    assert waits == [1.0, 2.0, 4.0, 8.0]
    clock.now += 8.0
    assert throttle.wait_s("name:a", "client:x") == 0


def test_a_name_is_slowed_from_any_client_and_a_client_for_any_name() -> None:
    throttle = SignInThrottle(Clock())
    for i in range(FREE_FAILURES + 1):
        throttle.failed("name:admin", f"client:{i}")
    assert throttle.wait_s("name:admin", "client:new") > 0
    for i in range(FREE_FAILURES + 1):
        throttle.failed(f"name:{i}", "client:bot")
    assert throttle.wait_s("name:someone-else", "client:bot") > 0
    assert throttle.wait_s("name:someone-else", "client:new") == 0


def test_the_window_is_capped_and_success_clears_the_name() -> None:
    throttle = SignInThrottle(Clock())
    for _ in range(5000):
        throttle.failed("name:a")
    assert throttle.wait_s("name:a") == LONGEST_WAIT_S
    throttle.succeeded("name:a")
    assert throttle.wait_s("name:a") == 0


def test_memory_stays_bounded_forgetting_the_oldest() -> None:
    throttle = SignInThrottle(Clock())
    for i in range(REMEMBERED + 10):
        for _ in range(FREE_FAILURES + 1):
            throttle.failed(f"client:{i}")
    assert throttle.wait_s("client:0") == 0  # forgotten
    assert throttle.wait_s(f"client:{REMEMBERED + 9}") > 0
