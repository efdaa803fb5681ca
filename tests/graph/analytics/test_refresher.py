"""The background recomputation, without Neo4j: one job at a time, a key waiting once."""

from __future__ import annotations

import threading
import time

from graph.analytics.refresher import Refresher


def wait_for(condition, deadline_s: float = 30) -> None:
    deadline = time.monotonic() + deadline_s
    while not condition():
        assert time.monotonic() < deadline, "the refresher did not finish"
        time.sleep(0.01)


def test_jobs_run_one_at_a_time_and_a_waiting_key_waits_once() -> None:
    refresher, lock = Refresher(quiet_s=0), threading.Lock()
    started, gate = threading.Event(), threading.Event()
    running, most, ran = [0], [0], []

    def job(name: str):
        def run() -> bool:
            with lock:
                running[0] += 1
                most[0] = max(most[0], running[0])
            started.set()
            gate.wait(30)
            with lock:
                running[0] -= 1
                ran.append(name)
            return True

        return run

    refresher.submit("a", job("a"))
    assert started.wait(30)  # "a" is running: what follows waits behind it
    for key in "bcabcab":
        refresher.submit(key, job(key))
    gate.set()
    wait_for(lambda: refresher.computed == 4)
    assert ran == ["a", "b", "c", "a"] and most[0] == 1


def test_a_failing_job_is_logged_and_the_next_one_still_runs(caplog) -> None:
    refresher, done = Refresher(quiet_s=0), threading.Event()

    def broken() -> bool:
        raise RuntimeError("Neo4j went away")

    refresher.submit("x", broken)
    refresher.submit("y", lambda: done.set() or True)
    assert done.wait(30)
    wait_for(lambda: refresher.computed == 1)
    assert "analytics recomputation failed" in caplog.text


def test_a_job_that_found_its_answer_there_is_not_counted() -> None:
    refresher, done = Refresher(quiet_s=0), threading.Event()
    refresher.submit("x", lambda: False)
    refresher.submit("y", lambda: done.set() or True)
    assert done.wait(30)
    wait_for(lambda: refresher.computed == 1)
    assert refresher.computed == 1
