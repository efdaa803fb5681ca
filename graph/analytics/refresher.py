"""Analytics recomputed in the background after a write: one thread at a time, never blocking a request.

`submit(key, job)` queues `job` under `key`; a key already waiting is not queued twice (its newer job
replaces it), and a short quiet period before the thread starts lets a burst of writes end first, so
it computes once, for the version the graph has reached. The thread runs the jobs one after the
other and ends when none is left; `submit` starts a new one when needed. A job answers whether it
computed anything (False when the answer was already there), which `computed` counts.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable

log = logging.getLogger(__name__)

QUIET_S = 0.2
THREAD_NAME = "ecograph-analytics-refresh"


class Refresher:
    def __init__(self, quiet_s: float = QUIET_S):
        self.quiet_s = quiet_s
        self.computed = 0
        self._lock = threading.Lock()
        self._waiting: OrderedDict[Hashable, Callable[[], bool]] = OrderedDict()
        self._thread: threading.Thread | None = None

    def submit(self, key: Hashable, job: Callable[[], bool]) -> None:
        with self._lock:
            self._waiting[key] = job
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name=THREAD_NAME, daemon=True)
                self._thread.start()

    def _run(self) -> None:
        time.sleep(self.quiet_s)
        while True:
            with self._lock:
                if not self._waiting:
                    self._thread = None
                    return
                _, job = self._waiting.popitem(last=False)
            try:
                did = job()
            except Exception:  # Neo4j away, say: logged; the next stale request submits it again
                log.exception("analytics recomputation failed")
                continue
            if did:
                with self._lock:
                    self.computed += 1
