"""Blocking work of the write routes, run off the event loop in a small pool of its own.

Parsing, validating and writing an import (or reading an article) takes seconds of CPU and database
time; on the event loop it stalled every other request. Here it runs in at most WRITERS threads per
app, apart from the threadpool that sync routes (reads, /health) use, so imports sent at once queue
for a writer instead of taking the threads the reads need.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TypeVar

import anyio
from fastapi import Request

WRITERS = 2  # the machine's cores; Neo4j serialises writes to the same ties anyway
T = TypeVar("T")


async def off_the_loop(request: Request, work: Callable[..., T], *args) -> T:
    """`work(*args)` in one of the app's writer threads; its result or its exception."""
    state = request.app.state
    limiter = getattr(state, "write_limiter", None)
    if limiter is None:  # made on the app's own loop, at its first write
        limiter = state.write_limiter = anyio.CapacityLimiter(WRITERS)
    return await anyio.to_thread.run_sync(partial(work, *args), limiter=limiter)
