"""Warm answers under load: the API with its answer cache, without it, and the bare driver, on a uniform
workload and on one that follows popularity (Zipf), plus analytics after a write. One run, one machine.

A synthetic ecosystem (bench/generate.py) is loaded into an embedded Neo4j in a temporary directory.
Two API processes serve it side by side (bench/api.py's child process): one with the answer cache
(ECOGRAPH_ANSWER_CACHE_MB=64) and stale analytics, one without either. For each workload and endpoint
the same request list runs against the cached API, the uncached API and the route's Cypher through the
driver, one after the other, with `--clients` concurrent clients (bench/api.py's load loop), after
`--warmup` uncounted requests drawn the same way (so the cache is as warm as a running service's).

Popularity: entities ranked by degree; in the Zipf workload the entity of rank k is asked with weight
1 / k^s (s = 1.1), as explorers and analysts come back to the same hubs; uniform draws any entity.

After the loads, analytics after a write: a pagerank is asked (cold), one entity and tie are written,
and the first request after it is timed on both APIs: the cached one answers the previous version
(marked stale) while it recomputes in the background, the other computes while the request waits.

    python bench/answers.py [--entities 5000] [--ties 15000] [--requests 1000] [--clients 10]
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager, nullcontext
from itertools import accumulate
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import httpx  # noqa: E402
from rich.table import Table  # noqa: E402

from bench.api import (  # noqa: E402
    Run,
    api_server,
    console,
    driver_entity,
    driver_neighbors,
    driver_search,
    http_entity,
    http_neighbors,
    http_search,
    ms,
    ratio,
    run_load,
    settings_for,
    verdict,
    warm_up,
)
from bench.ingest import free_port, synthetic  # noqa: E402
from graph import embedded  # noqa: E402
from graph.db import open_driver  # noqa: E402
from graph.store import Graph  # noqa: E402
from ingest.formats import read_mapping  # noqa: E402
from ingest.loader import load  # noqa: E402

DB = "neo4j"
SEED = 11
ZIPF_S = 1.1
P99_TARGET_MS = 50.0  # Zipf workload, with the cache
THROUGHPUT_TARGET = 0.9  # uniform workload: API with the cache / bare driver
STALE_TARGET_MS = 100.0
ANALYTICS_TIMEOUT_S = 900.0


def popularity(document: dict) -> list[dict]:
    """Entities with at least one tie, most tied first (ties by id for a stable order)."""
    degree: Counter = Counter()
    for tie in document["ties"]:
        degree[tie["source"]] += 1
        degree[tie["target"]] += 1
    tied = [e for e in document["entities"] if degree[e["id"]]]
    return sorted(tied, key=lambda e: (-degree[e["id"]], e["id"]))


def draws(ranked: list[dict], n: int, rng: random.Random, zipf: bool) -> list[dict]:
    if not zipf:
        return [rng.choice(ranked) for _ in range(n)]
    weights = list(accumulate(1 / (k**ZIPF_S) for k in range(1, len(ranked) + 1)))
    return rng.choices(ranked, cum_weights=weights, k=n)


@contextmanager
def environment(**values: str) -> Iterator[None]:
    """The API child process reads its settings from the environment it is started with."""
    before = {k: os.environ.get(k) for k in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for k, v in before.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def cache_outcome(response: httpx.Response) -> str:
    return response.headers.get("x-ecograph-cache", "uncached")


ENDPOINTS = (
    ("search", lambda e: e["name"], http_search, driver_search),
    ("entity", lambda e: e["id"], http_entity, driver_entity),
    ("neighbors", lambda e: e["id"], http_neighbors, driver_neighbors),  # depth 2, at most 200
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entities", type=int, default=5000)
    parser.add_argument("--ties", type=int, default=15000)
    parser.add_argument("--clients", type=int, default=10)
    parser.add_argument("--requests", type=int, default=1000, help="counted requests per endpoint and run")
    parser.add_argument("--warmup", type=int, default=100, help="uncounted requests first, drawn alike")
    parser.add_argument("--time-cap", type=float, default=60.0, help="seconds per load at most")
    parser.add_argument("--workloads", nargs="+", default=["uniform", "zipf"], choices=["uniform", "zipf"])
    parser.add_argument(
        "--endpoints", nargs="+", default=[e[0] for e in ENDPOINTS], choices=[e[0] for e in ENDPOINTS]
    )
    parser.add_argument(
        "--uncached-first",
        action="store_true",
        help="run the uncached API before the cached one (drift check)",
    )
    args = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="ecograph-bench-answers-"))
    home, bolt_port = tmp / "neo4j", free_port()
    embedded.start(home, bolt_port, heap="2g")
    try:
        driver = open_driver(settings_for(home, bolt_port))
        try:
            rows, after_write, setup = bench(args, driver, home, bolt_port, tmp)
        finally:
            driver.close()
    finally:
        embedded.stop(home)
        shutil.rmtree(tmp, ignore_errors=True)
    report(args, setup, rows, after_write)


def bench(args, driver, home: Path, bolt_port: int, tmp: Path):
    graph = Graph(driver, DB)
    graph.apply_schema()
    document = synthetic(args.entities, args.ties)
    began = time.perf_counter()
    load(graph, read_mapping(document, "synthetic"), default_method="imported")
    counts = graph.read.counts()
    setup = [
        ("in the database", f"{counts['entities']:,} entities, {counts['ties']:,} ties"),
        ("load", f"{time.perf_counter() - began:.1f} s"),
        ("machine", f"{os.cpu_count()} cores, shared with other sessions' test runs and benchmarks"),
    ]
    ranked = popularity(document)
    del document
    rng = random.Random(SEED)
    n = args.warmup + args.requests
    workloads = {"uniform": draws(ranked, n, rng, zipf=False), "zipf": draws(ranked, n, rng, zipf=True)}
    for name, drawn in workloads.items():
        distinct = len({e["id"] for e in drawn[args.warmup :]})
        setup.append(
            (f"{name}: distinct entities in the counted requests", f"{distinct:,} of {args.requests:,}")
        )

    rows = []
    with ExitStack() as stack:
        with environment(ECOGRAPH_ANSWER_CACHE_MB="64", ECOGRAPH_ANALYTICS_STALE="true"):
            cached, _ = stack.enter_context(api_server(home, bolt_port, tmp / "cached.log"))
        with environment(ECOGRAPH_ANSWER_CACHE_MB="0", ECOGRAPH_ANALYTICS_STALE="false"):
            uncached, _ = stack.enter_context(api_server(home, bolt_port, tmp / "uncached.log"))

        def client(url: str):
            return lambda: httpx.Client(base_url=url, timeout=httpx.Timeout(120.0))

        load_args = {"clients": args.clients, "cap_s": args.time_cap}
        for workload, drawn in workloads.items():
            for endpoint, argument, over_http, over_driver in ENDPOINTS:
                items = [(workload, argument(e)) for e in drawn]
                warm, counted = items[: args.warmup], items[args.warmup :]
                if endpoint not in args.endpoints or workload not in args.workloads:
                    continue
                console.print(f"[dim]{workload} {endpoint}: cached API, uncached API, driver …")
                order = (uncached, cached) if args.uncached_first else (cached, uncached)
                measured: dict[str, Run] = {}
                for url in order:
                    warm_up(warm, over_http, client(url), **load_args)
                    measured[url] = run_load(
                        counted, over_http, client(url), check=cache_outcome, **load_args
                    )
                runs = [measured[cached], measured[uncached]]
                warm_up(warm, over_driver, lambda: nullcontext(driver), **load_args)
                runs.append(run_load(counted, over_driver, lambda: nullcontext(driver), **load_args))
                rows.append((workload, endpoint, *runs))

        after_write = analytics_after_a_write(graph, cached, uncached, hub=ranked[0]["id"])
    return rows, after_write, setup


def analytics_after_a_write(
    graph: Graph, cached: str, uncached: str, hub: str
) -> list[tuple[str, float, str]]:
    """Pagerank asked cold on both APIs, then one write (a newcomer tied to the hub), then the first
    request after it on each."""
    query = {"metric": "pagerank", "top": 20}
    found: list[tuple[str, float, str]] = []
    with (
        httpx.Client(base_url=cached, timeout=ANALYTICS_TIMEOUT_S) as fast,
        httpx.Client(base_url=uncached, timeout=ANALYTICS_TIMEOUT_S) as slow,
    ):
        for name, http in (("cached", fast), ("uncached", slow)):
            began = time.perf_counter()
            body = http.get("/analytics/centrality", params=query).json()
            found.append(
                (f"{name} API: first pagerank (cold)", time.perf_counter() - began, f"v{body['version']}")
            )
        document = {
            "sources": [{"id": "src:bench-write", "title": "bench write"}],
            "entities": [{"name": "Bench Newcomer", "kind": "Organization"}],
            "ties": [
                {
                    "source": "Bench Newcomer",
                    "target": hub,
                    "type": "PARTNERS_WITH",
                    "sources": ["src:bench-write"],
                }
            ],
        }
        written = load(graph, read_mapping(document, "write")).version
        began = time.perf_counter()
        body = fast.get("/analytics/centrality", params=query).json()
        note = f"v{body['version']} of v{body['current_version']}, stale={body['stale']}"
        found.append(("cached API: first pagerank after the write", time.perf_counter() - began, note))
        while body["version"] < written and time.perf_counter() - began < ANALYTICS_TIMEOUT_S:
            time.sleep(0.05)
            body = fast.get("/analytics/centrality", params=query).json()
        found.append(
            ("cached API: until the new version is served", time.perf_counter() - began, f"v{written}")
        )
        began = time.perf_counter()
        body = slow.get("/analytics/centrality", params=query).json()
        note = f"v{body['version']} of v{body['current_version']}, stale={body['stale']}"
        found.append(("uncached API: first pagerank after the write", time.perf_counter() - began, note))
    return found


def report(args, setup: list, rows: list, after_write: list) -> None:
    console.print(f"[bold]setup: {args.entities:,} entities, {args.ties:,} ties")
    for step, value in setup:
        console.print(f"  {step}: {value}")

    table = Table(
        title=f"{args.clients} clients, {args.requests} counted requests per run after {args.warmup} "
        "warm-up ones; the three runs of a row one after the other"
        + (" (uncached API first)" if args.uncached_first else " (cached API first)"),
        caption="cache/no: with the answer cache / without it; driver: the route's Cypher through the "
        "driver at the same concurrency; × ratios are of throughput (req/s), measured in this run",
    )
    for column in ("workload", "endpoint", "hits"):
        table.add_column(column)
    for column in ("p50 ms", "p99 ms", "req/s"):
        for who in ("cache", "no", "driver"):
            table.add_column(f"{who} {column}", justify="right")
    for column in ("cache/no", "no/driver", "cache/driver", "targets"):
        table.add_column(column, justify="right")
    for workload, endpoint, cache, plain, bare in rows:
        hits = cache.outcomes.get("hit", 0) / max(1, sum(cache.outcomes.values()))
        cells = [workload, endpoint, f"{hits:.0%}"]
        cells += [ms(run.pct(50)) for run in (cache, plain, bare)]
        cells += [ms(run.pct(99)) for run in (cache, plain, bare)]
        cells += [f"{run.rate:,.0f}" for run in (cache, plain, bare)]
        cells += [ratio(cache.rate, plain.rate), ratio(plain.rate, bare.rate), ratio(cache.rate, bare.rate)]
        if workload == "zipf":
            cells.append(f"p99<{P99_TARGET_MS:.0f}ms {verdict(cache.pct(99) < P99_TARGET_MS)}")
        else:
            cells.append(
                f"≥{THROUGHPUT_TARGET}× driver {verdict(cache.rate >= THROUGHPUT_TARGET * bare.rate)}"
            )
        errors = sum(sum(run.errors.values()) for run in (cache, plain, bare))
        if errors or any(run.capped for run in (cache, plain, bare)):
            cells[-1] += (
                f" ({errors} errors{', time cap' if any(r.capped for r in (cache, plain, bare)) else ''})"
            )
        table.add_row(*cells)
    console.print(table)

    table = Table(title="analytics after a write (one client)")
    table.add_column("request")
    table.add_column("seconds", justify="right")
    table.add_column("answer")
    for name, seconds, note in after_write:
        if "after the write" in name and name.startswith("cached"):
            note += f" <{STALE_TARGET_MS:.0f}ms {verdict(seconds * 1000 < STALE_TARGET_MS)}"
        table.add_row(name, f"{seconds:.3f}", note)
    console.print(table)


if __name__ == "__main__":
    main()
