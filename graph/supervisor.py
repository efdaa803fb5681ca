"""Brings the embedded Neo4j back when it dies without being told to (a crash, the OOM exit, kill -9).

`ecograph db stop` removes the launcher's state file; a crash leaves it behind with a pid that is no
longer ours, which is how the two are told apart. Restarts are bounded, with a growing wait between
tries, and every step is logged; `problem` says what is going on for `/health` meanwhile.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence
from pathlib import Path

from graph import embedded
from graph.errors import EmbeddedNeo4jError

log = logging.getLogger(__name__)

BACKOFF_S = (1, 2, 4, 8, 16, 32)  # one restart after each wait; then it gives up


class Supervisor:
    def __init__(
        self,
        home: Path,
        port: int,
        *,
        heap: str = "2g",
        interval_s: float = 1.0,
        backoff_s: Sequence[float] = BACKOFF_S,
    ):
        self.home, self.port, self.heap = home, port, heap
        self.interval_s, self.backoff_s = interval_s, tuple(backoff_s)
        self.problem: str | None = None
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._watch, name="neo4j-supervisor", daemon=True)

    def start(self) -> Supervisor:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()
        self._thread.join(5)

    def _watch(self) -> None:
        while not self._stopping.wait(self.interval_s):
            if embedded.crashed(self.home):
                self._restart()
            elif self.problem and embedded.read_state(self.home) is not None:
                self.problem = None  # someone started it by hand after we gave up

    def _restart(self) -> None:
        tries = len(self.backoff_s)
        for attempt, wait_s in enumerate(self.backoff_s, start=1):
            self.problem = f"Neo4j stopped unexpectedly; restarting it (try {attempt} of {tries})"
            log.warning("%s, in %gs; log: %s", self.problem, wait_s, embedded.EmbeddedPaths(self.home).log)
            if self._stopping.wait(wait_s):
                return
            try:
                embedded.start(self.home, self.port, heap=self.heap)
            except EmbeddedNeo4jError as exc:
                log.error("restart %d of %d failed: %s", attempt, tries, exc)
                continue
            self.problem = None
            log.warning("Neo4j is back on port %d after %d tries", self.port, attempt)
            return
        self.problem = (
            f"Neo4j stopped unexpectedly and {tries} restarts failed; `ecograph db start` shows why"
        )
        log.error(self.problem)
