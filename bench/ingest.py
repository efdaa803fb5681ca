"""Ingest benchmark: the real loader (validate, then UNWIND batches in one transaction, merged in Python,
new ties created and known ones updated) against a per-row MERGE loop, on a synthetic ecosystem, plus
`db start` time cold and warm, and what the race guard costs the loader (the tie id constraints and
the lock taken on known ties, against a plain id index and no lock), in alternating rounds. One run,
one machine.

    python bench/ingest.py [--entities 100000] [--ties 300000] [--sample 3000] [--guard-rounds 2]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from rich.console import Console  # noqa: E402
from rich.table import Table  # noqa: E402

from bench.generate import generate  # noqa: E402
from graph import embedded, queries  # noqa: E402
from graph.db import open_driver  # noqa: E402
from graph.model import MODEL, make_tie_id  # noqa: E402
from graph.settings import Settings  # noqa: E402
from graph.store import Graph  # noqa: E402
from ingest.formats import read_mapping, read_path  # noqa: E402
from ingest.loader import load, validate  # noqa: E402

console = Console()
DB = "neo4j"
PER_ROW = """
MATCH (a:Entity {id: $source}) MATCH (b:Entity {id: $target})
MERGE (a)-[r:%s {id: $id}]->(b)
SET r.sources = $sources, r.evidence = $evidence, r.confidence = $confidence, r.status = $status
"""


PLAIN_ID_INDEX = "CREATE INDEX %s IF NOT EXISTS FOR ()-[r:%s]-() ON (r.id)"
NO_LOCK = "UNWIND $ids AS id RETURN count(id) AS ids"


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def synthetic(entities: int, ties: int) -> dict:
    """The generated ecosystem in the import format (tie ids are ours to derive, so they are dropped)."""
    document = generate(entities, ties, seed=0)
    for tie in document["ties"]:
        tie.pop("id", None)
    return document


def _unguarded(graph: Graph) -> None:
    """The store and writer before the race guard: a plain id index per tie type, and no lock."""
    for tie_type in MODEL.provenance_types:
        name = queries.tie_id_name(tie_type)
        graph.driver.execute_query(f"DROP CONSTRAINT {name} IF EXISTS", database_=DB)
        graph.driver.execute_query(PLAIN_ID_INDEX % (name, tie_type), database_=DB)
    graph.driver.execute_query(queries.AWAIT_INDEXES, database_=DB)
    queries.lock_ties = lambda tie_type: NO_LOCK  # type: ignore[assignment]


def guard_cost(graph: Graph, document: dict, rounds: int) -> dict[str, tuple[float, float]]:
    """Best (load, reload) seconds with and without the guard, rounds alternating which goes first."""
    lock_ties = queries.lock_ties
    best: dict[str, tuple[float, float]] = {}
    for round_ in range(rounds):
        for guarded in (round_ % 2 == 1, round_ % 2 == 0):
            graph.reset()
            if guarded:
                queries.lock_ties = lock_ties  # type: ignore[assignment]
                graph.apply_schema()  # drops the plain indexes, creates the constraints
            else:
                _unguarded(graph)
            began = time.perf_counter()
            load(graph, read_mapping(document, "synthetic"))
            first = time.perf_counter() - began
            began = time.perf_counter()
            load(graph, read_mapping(document, "synthetic"))
            again = time.perf_counter() - began
            key = "guarded" if guarded else "unguarded"
            before = best.get(key, (float("inf"), float("inf")))
            best[key] = (min(before[0], first), min(before[1], again))
    queries.lock_ties = lock_ties  # type: ignore[assignment]
    graph.apply_schema()
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entities", type=int, default=100_000)
    parser.add_argument("--ties", type=int, default=300_000)
    parser.add_argument("--sample", type=int, default=3000, help="ties written by the per-row loop")
    parser.add_argument("--guard-rounds", type=int, default=2, help="rounds of the race guard's cost")
    args = parser.parse_args()

    home = Path(tempfile.mkdtemp(prefix="ecograph-bench-")) / "neo4j"
    port = free_port()
    began = time.perf_counter()
    embedded.start(home, port, heap="4g")
    cold = time.perf_counter() - began
    embedded.stop(home)
    began = time.perf_counter()
    embedded.start(home, port, heap="4g")
    warm = time.perf_counter() - began

    settings = Settings(
        _env_file=None, neo4j_uri=None, ecograph_data_dir=home.parent, ecograph_bolt_port=port
    )
    driver = open_driver(settings)
    graph = Graph(driver, DB)
    try:
        graph.apply_schema()
        began = time.perf_counter()
        document = synthetic(args.entities, args.ties)
        generated = time.perf_counter() - began
        # The file path users take: reading the JSON from disk with line-aware records, against a bare
        # json.loads of the same bytes.
        json_path = home.parent / "synthetic.json"
        json_path.write_text(json.dumps(document, indent=1), encoding="utf-8")
        began = time.perf_counter()
        json.loads(json_path.read_bytes())
        bare_json = time.perf_counter() - began
        began = time.perf_counter()
        read_path(json_path)
        file_read = time.perf_counter() - began
        raw = read_mapping(document, "synthetic")
        began = time.perf_counter()
        validate(graph, raw, default_method="imported")
        validation = time.perf_counter() - began
        began = time.perf_counter()
        report = load(graph, raw, default_method="imported")
        loaded = time.perf_counter() - began
        ours = report.ties / loaded

        # The naive way: one auto-commit MERGE per tie, on fresh ties between the same entities.
        sample = document["ties"][: args.sample]
        began = time.perf_counter()
        for tie in sample:
            driver.execute_query(
                PER_ROW % tie["type"],
                source=tie["source"],
                target=tie["target"],
                id=make_tie_id(tie["type"], tie["source"], tie["target"], {"naive": 1}),
                sources=tie["sources"],
                evidence=list(tie.get("evidence") or []),
                confidence=tie.get("confidence", 1.0),
                status=tie.get("status", "accepted"),
                database_=DB,
            )
        naive = len(sample) / (time.perf_counter() - began)
        again_began = time.perf_counter()
        load(graph, read_mapping(synthetic(args.entities, args.ties), "synthetic"))
        reload_s = time.perf_counter() - again_began
        counts = graph.read.counts()
        guard = guard_cost(graph, synthetic(args.entities, args.ties), args.guard_rounds)
    finally:
        driver.close()
        embedded.stop(home)

    table = Table(title=f"ingest: {args.entities:,} entities, {args.ties:,} ties (2 cores)")
    table.add_column("measure")
    table.add_column("value", justify="right")
    table.add_row("db start, cold (new store; Maven cache warm)", f"{cold:.1f} s")
    table.add_row("db start, warm (existing store)", f"{warm:.1f} s")
    table.add_row("generate synthetic document", f"{generated:.1f} s")
    table.add_row("read the JSON file (ingest.formats.read_path)", f"{file_read:.1f} s")
    table.add_row("ratio file read / bare json.loads", f"{file_read / bare_json:.2f}×")
    table.add_row("validate (of which, in load)", f"{validation:.1f} s")
    table.add_row("load: validate + write, one transaction", f"{loaded:.1f} s")
    table.add_row("loader throughput", f"{ours:,.0f} ties/s")
    table.add_row(f"per-row MERGE loop ({len(sample):,} ties)", f"{naive:,.0f} ties/s")
    table.add_row("ratio loader / per-row loop", f"{ours / naive:.1f}×")
    table.add_row("reload of the same document (idempotent)", f"{reload_s:.1f} s")
    table.add_row("ties in the database after reload", f"{counts['ties']:,}")
    (load_on, reload_on), (load_off, reload_off) = guard["guarded"], guard["unguarded"]
    table.add_row(
        f"load, race guard on / off (best of {args.guard_rounds})", f"{load_on:.1f} / {load_off:.1f} s"
    )
    table.add_row("ratio load guarded / unguarded", f"{load_on / load_off:.2f}×")
    table.add_row("reload (all corroborated), guard on / off", f"{reload_on:.1f} / {reload_off:.1f} s")
    table.add_row("ratio reload guarded / unguarded", f"{reload_on / reload_off:.2f}×")
    console.print(table)


if __name__ == "__main__":
    main()
