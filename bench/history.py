"""What the history costs a write: the same synthetic import loaded with its change record (the real
path) and with the record switched off, into an empty store (everything new) and again (everything
corroborated, so `before` holds every tie); plus what a key lookup costs per request. One run, one
machine; the two variants alternate so that a warming cache favours neither.

    python bench/history.py [--entities 20000] [--ties 60000] [--lookups 300]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from rich.console import Console  # noqa: E402
from rich.table import Table  # noqa: E402

from bench.ingest import free_port, synthetic  # noqa: E402
from graph import changes, embedded, users  # noqa: E402
from graph.db import open_driver  # noqa: E402
from graph.settings import Settings  # noqa: E402
from graph.store import Graph  # noqa: E402
from ingest.formats import read_mapping  # noqa: E402
from ingest.loader import load  # noqa: E402

console = Console()
RECORDED = changes.DocumentChange


class _Unrecorded:
    """The write without its change record (for this measurement only)."""

    def __init__(self, *_, **__):
        pass

    def record(self, *_):
        return None


def _timed_load(graph: Graph, document: dict, recorded: bool) -> float:
    changes.DocumentChange = RECORDED if recorded else _Unrecorded  # type: ignore[misc]
    began = time.perf_counter()
    load(graph, read_mapping(document, "synthetic"), default_method="imported")
    return time.perf_counter() - began


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entities", type=int, default=20_000)
    parser.add_argument("--ties", type=int, default=60_000)
    parser.add_argument("--lookups", type=int, default=300)
    args = parser.parse_args()

    home = Path(tempfile.mkdtemp(prefix="ecograph-bench-")) / "neo4j"
    port = free_port()
    embedded.start(home, port, heap="2g")
    settings = Settings(
        _env_file=None, neo4j_uri=None, ecograph_data_dir=home.parent, ecograph_bolt_port=port
    )
    driver = open_driver(settings)
    graph = Graph(driver, "neo4j")
    document = synthetic(args.entities, args.ties)
    fresh: dict[bool, list[float]] = {True: [], False: []}
    again: dict[bool, list[float]] = {True: [], False: []}
    try:
        graph.apply_schema()
        for recorded in (True, False, False, True):
            graph.reset()
            fresh[recorded].append(_timed_load(graph, document, recorded))
            again[recorded].append(_timed_load(graph, document, recorded))
        changes.DocumentChange = RECORDED  # type: ignore[misc]
        [sizes] = graph.query(
            "MATCH (c:Change) RETURN max(size(c.before)) AS before, max(size(c.after)) AS after"
        )
        ring = users.keyring(home.parent)
        key = users.add(graph, ring, "bench", "editor")
        began = time.perf_counter()
        for _ in range(args.lookups):
            users.by_key(graph, ring, key)
        lookup = (time.perf_counter() - began) / args.lookups
        began = time.perf_counter()
        for _ in range(args.lookups):
            graph.query("RETURN 1 AS one")
        trivial = (time.perf_counter() - began) / args.lookups
    finally:
        driver.close()
        embedded.stop(home)

    def mean(values: list[float]) -> float:
        return sum(values) / len(values)

    table = Table(title=f"history: {args.entities:,} entities, {args.ties:,} ties, one run (2 shared cores)")
    table.add_column("measure")
    table.add_column("value", justify="right")
    for label, runs in (("into an empty store", fresh), ("again (all corroborated)", again)):
        table.add_row(f"import {label}, with its change", f"{mean(runs[True]):.1f} s")
        table.add_row(f"import {label}, unrecorded", f"{mean(runs[False]):.1f} s")
        table.add_row(f"ratio recorded / unrecorded, {label}", f"{mean(runs[True]) / mean(runs[False]):.2f}×")
    table.add_row("largest change: before / after (JSON)", f"{sizes['before']:,} / {sizes['after']:,} chars")
    table.add_row("key lookup per request (users.by_key)", f"{lookup * 1000:.2f} ms")
    table.add_row("ratio key lookup / a trivial query", f"{lookup / trivial:.2f}×")
    console.print(table)


if __name__ == "__main__":
    main()
