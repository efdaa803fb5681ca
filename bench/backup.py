"""Backup and restore (issue 12.9): time and size against a full JSON export of the same graph, and what
a backup costs a writer that arrives while it runs. One run, one machine, ratios from that run.

A synthetic ecosystem (bench/generate.py, seed 0) is loaded through the real loader into an embedded
Neo4j started in a temporary directory (removed at the end). Then, in this order: `ecograph export
--format json`'s work (graph.answers.export, written to a file); `graph.backup.backup` once uncounted
(Neo4j's caches warm), then at the default gzip level and at level 1; a review decision alone (the
median of 5) and the same decision sent while a backup runs (its wait is the writers' cost), checked
to be outside that backup by restoring it; then a fresh backup, `graph.backup.restore` of it into the
emptied store in one transaction, and the export compared with the one before.

    python bench/backup.py [--entities 20000] [--ties 60000] [--heap 2g]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from rich.console import Console  # noqa: E402
from rich.table import Table  # noqa: E402

from bench.ingest import free_port, synthetic  # noqa: E402
from graph import answers, backup, embedded  # noqa: E402
from graph.db import open_driver  # noqa: E402
from graph.settings import Settings  # noqa: E402
from graph.store import Graph  # noqa: E402
from ingest.formats import read_mapping  # noqa: E402
from ingest.loader import load  # noqa: E402

console = Console(width=None if sys.stdout.isatty() else 160)


def timed(work):
    began = time.perf_counter()
    result = work()
    return time.perf_counter() - began, result


def mb(path: Path) -> str:
    return f"{path.stat().st_size / 1e6:.1f} MB"


def decision_seconds(graph: Graph, tie_id: str, status: str) -> float:
    seconds, _ = timed(lambda: graph.write.set_tie_status(tie_id, status, "2026-12-04T00:00:00+00:00"))
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entities", type=int, default=20_000)
    parser.add_argument("--ties", type=int, default=60_000)
    parser.add_argument("--heap", default="2g")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="ecograph-bench-backup-"))
    home, port = work / "neo4j", free_port()
    embedded.start(home, port, heap=args.heap)
    try:
        settings = Settings(_env_file=None, neo4j_uri=None, ecograph_data_dir=work, ecograph_bolt_port=port)
        driver = open_driver(settings)
        graph = Graph(driver, "neo4j")
        graph.apply_schema()
        load_s, _ = timed(lambda: load(graph, read_mapping(synthetic(args.entities, args.ties), "bench")))
        rows = {"load (validate and write)": f"{load_s:.1f} s"}

        export_path = work / "export.json"
        export_s, exported = timed(lambda: answers.export(graph, "json"))
        export_path.write_bytes(exported.content)
        backup_path, other_path = work / "graph.backup.gz", work / "graph.level1.gz"
        backup.backup(graph, work / "warm-up.gz")  # uncounted: the first read warms Neo4j's caches
        backup_s, header = timed(lambda: backup.backup(graph, backup_path))
        default_level = backup.GZIP_LEVEL
        backup.GZIP_LEVEL = 1
        other_s, _ = timed(lambda: backup.backup(graph, other_path))
        backup.GZIP_LEVEL = default_level
        rows |= {
            "nodes / relationships": f"{header.nodes:,} / {header.relationships:,}",
            "full JSON export (`export --format json`)": f"{export_s:.1f} s, {mb(export_path)}",
            f"backup (gzip level {default_level})": f"{backup_s:.1f} s, {mb(backup_path)}",
            "backup (gzip level 1)": f"{other_s:.1f} s, {mb(other_path)}",
            "ratio: backup / export, time": f"{backup_s / export_s:.2f}×",
            "ratio: backup / export, size": f"{backup_path.stat().st_size / export_path.stat().st_size:.2f}×",
        }

        tie_id = graph.query("MATCH ()-[r:PARTNERS_WITH]->() RETURN r.id AS id LIMIT 1")[0]["id"]
        alone = statistics.median(
            decision_seconds(graph, tie_id, s) for s in ("accepted", "retracted") * 2 + ("accepted",)
        )
        holding = threading.Event()
        during: list[float] = []

        def on_header(_: backup.BackupHeader) -> None:
            holding.set()  # the lock is held from here until the backup is done

        def decide_during() -> None:
            holding.wait()
            during.append(decision_seconds(graph, tie_id, "retracted"))

        writer = threading.Thread(target=decide_during)
        writer.start()
        locked_s, _ = timed(lambda: backup.backup(graph, work / "again.gz", on_header=on_header))
        writer.join()
        rows |= {
            "review decision alone (median of 5)": f"{alone * 1000:.0f} ms",
            "the same decision sent as a backup starts": f"{during[0]:.1f} s (backup: {locked_s:.1f} s)",
        }

        # What the backup taken while the decision waited holds: the status from before it.
        graph.reset()
        backup.restore(graph, work / "again.gz")
        waited_out = graph.read.ties_by_id([tie_id])[0]["status"] == "accepted"
        rows["the waiting decision is outside that backup"] = "yes" if waited_out else "NO"
        graph.write.set_tie_status(tie_id, "retracted", "2026-12-04T00:00:00+00:00")

        before = answers.export(graph, "json").content
        backup.backup(graph, backup_path)
        graph.reset()
        restore_s, summary = timed(lambda: backup.restore(graph, backup_path))
        same = answers.export(graph, "json").content == before
        rows |= {
            "restore into the emptied store": f"{restore_s:.1f} s in {summary.transactions} transaction(s)",
            "ratio: restore / load": f"{restore_s / load_s:.2f}×",
            "export after restore == export before": "yes" if same else "NO",
        }
        driver.close()
    finally:
        embedded.stop(home)
        shutil.rmtree(work, ignore_errors=True)

    table = Table(
        title=f"backup and restore, {args.entities:,} entities / {args.ties:,} ties, heap {args.heap}"
    )
    table.add_column("measure")
    table.add_column("value", justify="right")
    for measure, value in rows.items():
        table.add_row(measure, value)
    console.print(table)


if __name__ == "__main__":
    main()
