"""Text ingest benchmark: spaCy's parse of a batch in one process or two, then `ecograph ingest texts`
end to end (first run, then the same command again: all duplicates). One run, one machine.

The parse comparison runs `TextPipeline.parse` (the ruler holding the seed's names) over the corpus's
texts, repeated up to each size, with `n_process=1` and `n_process=2` in turn, `--repeat` times; it
prints each time and the median. The end-to-end part starts an embedded Neo4j in a temporary
directory, loads the seed (`ecograph ingest seed`), and times the real command as a user types it.
Then, in this process with spaCy loaded once (the parse comparison loaded it),
the same corpus into a fresh copy of the seed through `ingest_corpus`, in batches and one by one. The
corpus is read where it is, never copied.

    python bench/texts.py [--corpus DIR ...] [--sizes 30 200] [--repeat 3] [--no-cli]
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
import warnings
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from rich.console import Console  # noqa: E402
from rich.table import Table  # noqa: E402

from bench.ingest import free_port  # noqa: E402
from graph import embedded  # noqa: E402
from graph.db import open_driver  # noqa: E402
from graph.model import make_id  # noqa: E402
from graph.settings import Settings  # noqa: E402
from graph.store import Graph  # noqa: E402
from ingest.seed import load_seed, read_seed  # noqa: E402
from ingest.text.corpus import open_corpus  # noqa: E402
from ingest.text.models import KnownEntity  # noqa: E402
from ingest.text.pipeline import TextPipeline  # noqa: E402
from ingest.text_ingest import BATCH, ingest_corpus  # noqa: E402

console = Console(width=None if sys.stdout.isatty() else 200)
CORPUS = [Path("/work/shared/corpus/fr-news/a"), Path("/work/shared/corpus/fr-news/b")]
REPO = Path(__file__).resolve().parents[1]


def seed_entities() -> list[KnownEntity]:
    out = []
    for record in read_seed().entities:
        e = record.data
        entity_id = e.get("id") or make_id(e["kind"], e["name"])
        out.append(
            KnownEntity(
                id=entity_id,
                name=e["name"],
                kind=e["kind"],
                labels=e.get("labels") or [],
                aliases=e.get("aliases") or [],
            )
        )
    return out


def compare_parse(texts: list[str], sizes: list[int], repeat: int) -> None:
    began = time.perf_counter()
    pipeline = TextPipeline(seed_entities())
    console.print(
        f"model loaded in {time.perf_counter() - began:.1f} s; load average {os.getloadavg()[0]:.1f}"
    )
    table = Table(title="TextPipeline.parse: seconds per batch (median of the runs, each run in brackets)")
    for column in ("documents", "words", "n_process=1", "n_process=2", "2 vs 1"):
        table.add_column(column, justify="right")
    for size in sizes:
        batch = (texts * (size // len(texts) + 1))[:size]
        times: dict[int, list[float]] = {1: [], 2: []}
        for _ in range(repeat):
            for n_process in (1, 2):
                began = time.perf_counter()
                pipeline.parse(batch, n_process=n_process)
                times[n_process].append(time.perf_counter() - began)
        one, two = statistics.median(times[1]), statistics.median(times[2])
        table.add_row(
            str(size),
            f"{sum(len(t.split()) for t in batch):,}",
            f"{one:.2f} [{' '.join(f'{t:.1f}' for t in times[1])}]",
            f"{two:.2f} [{' '.join(f'{t:.1f}' for t in times[2])}]",
            f"{one / two:.2f}×",
        )
    console.print(table)
    console.print(f"load average after: {os.getloadavg()[0]:.1f}")


def end_to_end(paths: list[Path]) -> None:
    home = Path(tempfile.mkdtemp(prefix="ecograph-bench-texts-")) / "neo4j"
    port = free_port()
    embedded.start(home, port)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NEO4J_", "ECOGRAPH_"))}
    env.update(ECOGRAPH_DATA_DIR=str(home.parent), ECOGRAPH_BOLT_PORT=str(port), COLUMNS="200")

    def ecograph(*args: str) -> tuple[float, str]:
        began = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-m", "cli", *args], capture_output=True, text=True, env=env, cwd=REPO
        )
        seconds = time.perf_counter() - began
        if done.returncode not in (0, 1):
            raise SystemExit(f"ecograph {' '.join(args)} failed ({done.returncode}): {done.stderr}")
        return seconds, done.stdout

    driver = open_driver(
        Settings(_env_file=None, neo4j_uri=None, ecograph_data_dir=home.parent, ecograph_bolt_port=port)
    )
    graph = Graph(driver, "neo4j")
    try:
        ecograph("ingest", "seed")
        corpus = open_corpus(paths)
        words = sum(len(item.article.text.split()) for item in corpus if item.article)
        table = Table(title="ecograph ingest texts " + " ".join(map(str, paths)))
        for column in ("run", "documents", "new", "duplicate", "skipped", "seconds", "articles/s", "load"):
            table.add_column(column, justify="right")

        def row(run: str, seconds: float, statuses: dict[str, int]) -> None:
            total = sum(statuses.values())
            table.add_row(
                run,
                str(total),
                *(str(statuses.get(s, 0)) for s in ("new", "duplicate", "skipped")),
                f"{seconds:.1f}",
                f"{total / seconds:.1f}",
                f"{os.getloadavg()[0]:.1f}",
            )

        for run in ("command, first run (model load included)", "command, second run (all duplicates)"):
            seconds, out = ecograph("ingest", "texts", *map(str, paths))
            statuses = {
                s: int(re.search(rf"documents {s}\s*│\s*(\d+)", out).group(1))
                for s in ("new", "duplicate", "skipped")
            }
            row(run, seconds, statuses)
        # In one process with spaCy already loaded: what a long corpus runs at, batched or not.
        list(ingest_corpus(graph, [next(iter(corpus))]))  # loads this process's pipeline
        for batch_size in (BATCH, 1):
            graph.reset()
            load_seed(graph)
            began = time.perf_counter()
            statuses = Counter(r.status for r in ingest_corpus(graph, corpus, batch_size=batch_size))
            row(f"in process, model loaded, batches of {batch_size}", time.perf_counter() - began, statuses)
        console.print(table)
        console.print(f"{words:,} words, {words / len(corpus):.0f} per article")
    finally:
        driver.close()
        embedded.stop(home)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, nargs="+", default=CORPUS)
    parser.add_argument("--sizes", type=int, nargs="+", default=[30, 200])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-cli", action="store_true", help="only the parse comparison")
    args = parser.parse_args()
    warnings.filterwarnings("ignore", message=r"\[W036\]")
    texts = [item.article.text for item in open_corpus(args.corpus) if item.article]
    compare_parse(texts, args.sizes, args.repeat)
    if not args.no_cli:
        end_to_end(args.corpus)


if __name__ == "__main__":
    main()
