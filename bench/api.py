"""API benchmark: latency and throughput of the real HTTP API under a bounded concurrent load on loopback,
against the same Cypher run bare through the driver, plus cold and cached analytics. One run, one machine.

A synthetic ecosystem (bench/generate.py) is loaded through the real loader into an embedded Neo4j started
in a temporary directory; the API (uvicorn, one process) then runs in a child process, so that its Python
does not share a GIL with the load generator. Each of `--clients` client threads keeps its own HTTP
connection (one httpx.Client each) and takes the next request from a fixed list (`--requests` per
endpoint) until the list is done or `--time-cap` seconds have passed. Before each endpoint is measured,
`--warmup` other requests run the same way over HTTP and then through the driver, uncounted (Neo4j's JIT,
the API's pool of Bolt connections). The "driver" columns run, with the same concurrency and the same
parameters, the Cypher statements the route runs (graph/queries.py, each in a read transaction as
graph.store.Graph.query runs it): what the API adds over them is HTTP, FastAPI, pydantic, JSON and the
Python of graph/answers.py and graph/store/.

    python bench/api.py [--entities 100000] [--ties 300000] [--clients 10] [--requests 300] [--time-cap 60]
"""

from __future__ import annotations

import argparse
import math
import os
import random
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import httpx  # noqa: E402
from rich.console import Console  # noqa: E402
from rich.table import Table  # noqa: E402

from bench.ingest import free_port, synthetic  # noqa: E402
from graph import embedded, queries  # noqa: E402
from graph.db import open_driver  # noqa: E402
from graph.model import MODEL, fold  # noqa: E402
from graph.search import lucene_query  # noqa: E402
from graph.settings import Settings  # noqa: E402
from graph.store import Graph  # noqa: E402
from ingest.formats import read_mapping  # noqa: E402
from ingest.loader import load  # noqa: E402

console = Console(width=None if sys.stdout.isatty() else 200)
DB = "neo4j"
SEED = 7
# Targets (printed as PASS/MISS, never asserted).
P99_TARGET_MS = 50.0
OVERHEAD_TARGET = 1.5
CACHED_TARGET_MS = 50.0
COLD_TARGET_S = 60.0
ANALYTICS_TIMEOUT_S = 900.0


# --- the API in a child process ----------------------------------------------------------------------


def settings_for(home: Path, port: int) -> Settings:
    return Settings(_env_file=None, neo4j_uri=None, ecograph_data_dir=home.parent, ecograph_bolt_port=port)


def serve(port: int, data_dir: Path, bolt_port: int) -> None:
    """The child process: the real app on 127.0.0.1:`port`, as `make up` serves it (one uvicorn worker)."""
    import uvicorn

    from api.main import create_app

    settings = Settings(
        _env_file=None, neo4j_uri=None, ecograph_data_dir=data_dir, ecograph_bolt_port=bolt_port
    )
    uvicorn.run(create_app(settings), host="127.0.0.1", port=port, log_level="warning", access_log=False)


@contextmanager
def api_server(home: Path, bolt_port: int, log: Path) -> Iterator[tuple[str, int]]:
    """The API's base URL and process id, once /health answers."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    command = [sys.executable, __file__, "--serve", str(port), "--data-dir", str(home.parent)]
    command += ["--bolt-port", str(bolt_port)]
    with log.open("wb") as out:
        process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 120
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"the API exited while starting:\n{log.read_text(errors='replace')}")
            try:
                if httpx.get(f"{url}/health", timeout=30).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"the API did not answer on {url}:\n{log.read_text(errors='replace')}")
            time.sleep(0.2)
        yield url, process.pid
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


# --- a bounded concurrent load ------------------------------------------------------------------------


def cpu_seconds(pid: int) -> float:
    """User + system CPU time a process has used so far (all its threads), from /proc; NaN elsewhere."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return math.nan
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@dataclass
class Run:
    """Latencies (seconds) of one load, each with the tag of its request (e.g. hub / ordinary)."""

    samples: list[tuple[str, float]] = field(default_factory=list)
    errors: Counter = field(default_factory=Counter)
    outcomes: Counter = field(default_factory=Counter)
    wall: float = 0.0
    capped: bool = False
    cpu: dict[str, float] = field(default_factory=dict)  # CPU seconds each watched process used

    def cpu_ms_per_request(self, names: tuple[str, ...]) -> str:
        if not self.n or not self.cpu:
            return "—"
        values = [self.cpu.get(name, math.nan) for name in names]
        return " · ".join("—" if math.isnan(v) else f"{v / self.n * 1000:.1f}" for v in values)

    def latencies(self, tag: str | None = None) -> list[float]:
        return sorted(dt for t, dt in self.samples if tag is None or t == tag)

    @property
    def n(self) -> int:
        return len(self.samples)

    @property
    def rate(self) -> float:
        return self.n / self.wall if self.wall else 0.0

    def pct(self, q: float, tag: str | None = None) -> float:
        """Nearest-rank percentile, in milliseconds."""
        values = self.latencies(tag)
        if not values:
            return math.nan
        return values[max(0, math.ceil(q / 100 * len(values)) - 1)] * 1000


Item = tuple[str, Any]  # (tag, argument of the call)


def run_load(
    items: list[Item],
    call: Callable[[Any, Any], Any],
    open_client: Callable[[], Any],
    *,
    clients: int,
    cap_s: float,
    check: Callable[[Any], str | None] | None = None,
    watch: dict[str, int] | None = None,
) -> Run:
    """`clients` threads, each with its own client, take the next item until none is left or time is up.

    `call(client, argument)` is timed; `check(result)`, if given, runs after the clock stops and names an
    outcome to count (e.g. "found"). `watch` names processes ({"client": pid, …}) whose CPU time the run
    used is recorded."""
    run = Run()
    lock = threading.Lock()
    queue = iter(items)
    barrier = threading.Barrier(clients + 1)
    clock: dict[str, float] = {}

    def worker() -> None:
        with open_client() as client:
            barrier.wait()
            while True:
                if time.perf_counter() > clock["deadline"]:
                    run.capped = True
                    return
                with lock:
                    item = next(queue, None)
                if item is None:
                    return
                tag, argument = item
                began = time.perf_counter()
                try:
                    result = call(client, argument)
                except Exception as exc:  # counted and shown, never fatal: a benchmark reports
                    with lock:
                        run.errors[f"{type(exc).__name__}: {str(exc)[:80]}"] += 1
                    continue
                elapsed = time.perf_counter() - began
                outcome = check(result) if check else None
                with lock:
                    run.samples.append((tag, elapsed))
                    if outcome:
                        run.outcomes[outcome] += 1

    threads = [threading.Thread(target=worker, daemon=True) for _ in range(clients)]
    for thread in threads:
        thread.start()
    watch = watch or {}
    cpu_before = {name: cpu_seconds(pid) for name, pid in watch.items()}
    clock["deadline"] = time.perf_counter() + cap_s
    began = time.perf_counter()
    barrier.wait()
    for thread in threads:
        thread.join()
    run.wall = time.perf_counter() - began
    run.cpu = {name: cpu_seconds(pid) - cpu_before[name] for name, pid in watch.items()}
    return run


def one_at_a_time(
    items: list[Item], over_http: Callable[[Any], Any], over_driver: Callable[[Any, Any], Any], driver
) -> tuple[Run, Run]:
    """Each item over HTTP then through the driver, alternately, so that both see the same machine."""
    runs = Run(), Run()
    for tag, argument in items:
        for run, call in zip(runs, (over_http, lambda a: over_driver(driver, a)), strict=True):
            began = time.perf_counter()
            try:
                call(argument)
            except Exception as exc:
                run.errors[f"{type(exc).__name__}: {str(exc)[:80]}"] += 1
                continue
            run.samples.append((tag, time.perf_counter() - began))
    return runs


def warm_up(
    items: list[Item], call: Callable[[Any, Any], Any], open_client: Callable[[], Any], **load
) -> None:
    """Uncounted requests at the same concurrency: Neo4j's JIT and the API's Bolt connections warm up."""
    run = run_load(items, call, open_client, **load)
    for error, count in run.errors.items():
        console.print(f"[yellow]warm-up: {count} requests failed: {error}")


# --- what is asked: the routes over HTTP, and the same Cypher through the driver -----------------------


def http_get(path: str, query: dict | None = None) -> Callable[[httpx.Client, Any], httpx.Response]:
    def call(client: httpx.Client, _: Any) -> httpx.Response:
        response = client.get(path, params=query)
        response.raise_for_status()
        return response

    return call


def http_search(client: httpx.Client, term: str) -> httpx.Response:
    response = client.get("/entities", params={"q": term})
    response.raise_for_status()
    return response


def http_entity(client: httpx.Client, entity_id: str) -> httpx.Response:
    response = client.get(f"/entities/{entity_id}")
    response.raise_for_status()
    return response


def http_neighbors(client: httpx.Client, entity_id: str) -> httpx.Response:
    response = client.get(f"/entities/{entity_id}/neighbors", params={"depth": 2, "limit": 200})
    response.raise_for_status()
    return response


def http_paths(client: httpx.Client, pair: tuple[str, str]) -> httpx.Response:
    response = client.get("/paths", params={"source": pair[0], "target": pair[1], "max_hops": 4})
    response.raise_for_status()
    return response


def _read(driver, statement: str, **parameters: Any) -> list:
    """One statement in a read transaction, as graph.store.Graph.query runs it."""
    return Graph(driver, DB).query(statement, **parameters)


def _sources_of(ties: list) -> list[str]:
    """What Reader.cite asks SOURCES_BY_ID for."""
    return sorted({s for r in ties for s in (r["sources"] or [])})


def _cite(driver, ties: list) -> None:
    wanted = _sources_of(ties)
    if wanted:
        _read(driver, queries.SOURCES_BY_ID, ids=wanted)


def driver_search(driver, term: str) -> list:
    """Reader.search: one SEARCH statement (route defaults: limit 20, offset 0, no kind or label)."""
    return _read(
        driver,
        queries.SEARCH,
        lucene=lucene_query(term),
        folded=fold(term),
        kind=None,
        label=None,
        limit=20,
        offset=0,
    )


def driver_entity(driver, entity_id: str) -> list:
    """GET /entities/{id}: resolve, tie_summary, entity_ties (first page) and its one cite."""
    _read(driver, queries.ENTITIES_BY_ID, ids=[entity_id])
    _read(driver, queries.ENTITY_TIE_SUMMARY, id=entity_id, statuses=None)
    rows = _read(driver, queries.ENTITY_TIES, id=entity_id, statuses=None, limit=1000, offset=0)
    _cite(driver, [row["r"] for row in rows])
    return rows


NEIGHBORS_CYPHER = queries.neighbors(2, MODEL.provenance_types)
NEIGHBORS_STATUSES = list(MODEL.status_policy.shown)
PATHS_CYPHER = queries.shortest_paths(4, MODEL.provenance_types, every=False, k=1)
PATHS_STATUSES = list(MODEL.status_policy.facts)


def driver_neighbors(driver, entity_id: str) -> list:
    """GET /entities/{id}/neighbors?depth=2&limit=200: resolve, the ego network, one cite."""
    _read(driver, queries.ENTITIES_BY_ID, ids=[entity_id])
    record = _read(
        driver,
        NEIGHBORS_CYPHER,
        id=entity_id,
        kinds=None,
        statuses=NEIGHBORS_STATUSES,
        limit=200,
        **{"from": None, "to": None},  # no date range asked
    )[0]
    _cite(driver, [t["r"] for t in record["ties"]])
    return record


def driver_paths(driver, pair: tuple[str, str]) -> list:
    """GET /paths?max_hops=4: resolve twice, the shortest paths, one cite for all of them."""
    source, target = pair
    _read(driver, queries.ENTITIES_BY_ID, ids=[source])
    _read(driver, queries.ENTITIES_BY_ID, ids=[target])
    rows = _read(
        driver,
        PATHS_CYPHER,
        source=source,
        target=target,
        statuses=PATHS_STATUSES,
        **{"from": None, "to": None},  # no as_of
        limit=25,
    )
    _cite(driver, [t["r"] for row in rows for t in row["ties"]])
    return rows


def found_path(response: httpx.Response) -> str:
    return "found" if response.json()["paths"] else "none"


def found_hits(response: httpx.Response) -> str:
    return "hits" if response.json()["items"] else "none"


# --- what to ask: sampled from the generated document --------------------------------------------------


def typo(word: str, rng: random.Random) -> str:
    """One edit inside a word (drop, double or swap a letter), never its first letter."""
    i = rng.randrange(1, len(word) - 1)
    edit = rng.choice(("drop", "double", "swap"))
    if edit == "drop":
        return word[:i] + word[i + 1 :]
    if edit == "double":
        return word[:i] + word[i] + word[i:]
    return word[:i] + word[i + 1] + word[i] + word[i + 2 :]


@dataclass
class Workload:
    search: list[Item]
    entity: list[Item]
    neighbors: list[Item]
    paths: list[Item]
    hub_min_degree: int
    hubs: int


def workload(document: dict, n: int, rng: random.Random, hub_share: float) -> Workload:
    degree: Counter = Counter()
    for tie in document["ties"]:
        degree[tie["source"]] += 1
        degree[tie["target"]] += 1
    ranked = [i for i, _ in degree.most_common()]
    hubs = ranked[: max(10, len(document["entities"]) // 1000)]  # the top 0.1% by degree
    hub_set = set(hubs)
    ordinary = [e["id"] for e in document["entities"] if degree[e["id"]] >= 1 and e["id"] not in hub_set]
    names = [e["name"] for e in document["entities"]]

    search = []
    for _ in range(n):
        name = rng.choice(names)
        if rng.random() < 1 / 3:
            word, _, rest = name.partition(" ")
            search.append(("typo", f"{typo(word, rng)} {rest}".strip()))
        else:
            search.append(("exact", name))
    entity = [
        ("hub", rng.choice(hubs)) if rng.random() < hub_share else ("ordinary", rng.choice(ordinary))
        for _ in range(n)
    ]
    neighbors = [("ordinary", rng.choice(ordinary)) for _ in range(n)]
    paths = [("pair", tuple(rng.sample(ordinary, 2))) for _ in range(n)]
    return Workload(search, entity, neighbors, paths, degree[hubs[-1]], len(hubs))


# --- the report -----------------------------------------------------------------------------------------


def ms(value: float) -> str:
    return "—" if value is None or math.isnan(value) else f"{value:,.1f}"


def verdict(ok: bool) -> str:
    return "[green]PASS[/]" if ok else "[red]MISS[/]"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entities", type=int, default=100_000)
    parser.add_argument("--ties", type=int, default=300_000)
    parser.add_argument("--clients", type=int, default=10, help="concurrent clients (threads)")
    parser.add_argument("--requests", type=int, default=300, help="counted requests per endpoint")
    parser.add_argument("--warmup", type=int, default=50, help="uncounted requests per endpoint first")
    parser.add_argument("--serial", type=int, default=60, help="of the counted ones, also run one at a time")
    parser.add_argument("--time-cap", type=float, default=60.0, help="seconds per endpoint load at most")
    parser.add_argument("--hub-share", type=float, default=0.1, help="share of entity requests on hubs")
    parser.add_argument("--serve", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--data-dir", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--bolt-port", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(args.serve, args.data_dir, args.bolt_port)
        return

    setup: list[tuple[str, str]] = []
    tmp = Path(tempfile.mkdtemp(prefix="ecograph-bench-api-"))
    home = tmp / "neo4j"
    bolt_port = free_port()
    began = time.perf_counter()
    embedded.start(home, bolt_port, heap="4g")
    setup.append(("db start (new store)", f"{time.perf_counter() - began:.1f} s"))
    try:
        driver = open_driver(settings_for(home, bolt_port))
        try:
            endpoints, analytics = bench(args, driver, home, bolt_port, tmp, setup)
        finally:
            driver.close()
    finally:
        embedded.stop(home)
        shutil.rmtree(tmp, ignore_errors=True)  # the store: 0.5 GB at full size
    report(args, setup, endpoints, analytics)


@dataclass
class Endpoint:
    """One endpoint's measures: under load and one client at a time, over HTTP and bare driver."""

    name: str
    api: Run
    serial: Run | None = None
    bare: Run | None = None
    bare_serial: Run | None = None
    targets: bool = False  # the p99 and overhead targets apply

    def tags(self) -> list[str]:
        """The kinds of request in the list (hub / ordinary, exact / typo), when there are several."""
        tags = sorted({t for t, _ in self.api.samples})
        return tags if len(tags) > 1 else []


def bench(args, driver, home: Path, bolt_port: int, tmp: Path, setup: list) -> tuple[list, list]:
    Graph(driver, DB).apply_schema()
    began = time.perf_counter()
    document = synthetic(args.entities, args.ties)
    setup.append(("generate synthetic document", f"{time.perf_counter() - began:.1f} s"))
    began = time.perf_counter()
    load(Graph(driver, DB), read_mapping(document, "synthetic"), default_method="imported")
    setup.append(("load (validate + write, one transaction)", f"{time.perf_counter() - began:.1f} s"))
    counts = Graph(driver, DB).read.counts()
    setup.append(("in the database", f"{counts['entities']:,} entities, {counts['ties']:,} ties"))

    rng = random.Random(SEED)
    work = workload(document, args.requests + args.warmup, rng, args.hub_share)
    del document
    setup.append(("hubs (top 0.1% by degree)", f"{work.hubs} entities, degree ≥ {work.hub_min_degree}"))
    split = args.warmup
    cap = args.time_cap

    endpoints: list[Endpoint] = []
    analytics: list[tuple[str, float, float, str]] = []
    began = time.perf_counter()
    neo4j_pid = embedded.read_state(home).pid
    with api_server(home, bolt_port, tmp / "api.log") as (url, api_pid):
        watch = {"client": os.getpid(), "API": api_pid, "Neo4j": neo4j_pid}
        setup.append(
            ("API start (child process, until /health answers)", f"{time.perf_counter() - began:.1f} s")
        )

        def http_client() -> httpx.Client:
            return httpx.Client(base_url=url, timeout=httpx.Timeout(120.0))

        def bare() -> nullcontext:
            return nullcontext(driver)

        cases = [
            ("search", work.search, http_search, driver_search, found_hits, True),
            ("entity", work.entity, http_entity, driver_entity, None, True),
            ("neighbors depth 2", work.neighbors, http_neighbors, driver_neighbors, None, True),
            ("paths max_hops 4", work.paths, http_paths, driver_paths, found_path, False),
        ]
        for name, items, over_http, over_driver, check, targeted in cases:
            warm, counted = items[:split], items[split:]
            console.print(f"[dim]{name}: warm-up, one at a time, then API with {args.clients} clients …")
            warm_up(warm, over_http, http_client, clients=args.clients, cap_s=cap)
            warm_up(warm, over_driver, bare, clients=args.clients, cap_s=cap)
            with http_client() as client:
                serial, bare_serial = one_at_a_time(
                    counted[: args.serial], lambda arg, c=client, f=over_http: f(c, arg), over_driver, driver
                )
            api_run = run_load(
                counted, over_http, http_client, clients=args.clients, cap_s=cap, check=check, watch=watch
            )
            console.print(f"[dim]{name}: driver, {args.clients} clients …")
            bare_run = run_load(counted, over_driver, bare, clients=args.clients, cap_s=cap, watch=watch)
            endpoints.append(Endpoint(name, api_run, serial, bare_run, bare_serial, targeted))

        # Analytics: the first pagerank call builds the projection (all nodes and ties out of Neo4j, into
        # networkx) and computes; later first calls reuse the projection the API cached.
        calls = [
            ("pagerank", "/analytics/centrality", {"metric": "pagerank", "top": 20}),
            ("degree", "/analytics/centrality", {"metric": "degree", "top": 20}),
            ("betweenness", "/analytics/centrality", {"metric": "betweenness", "top": 20}),
            ("brokers", "/analytics/brokers", {"top": 10}),
            ("communities", "/analytics/communities", {}),
        ]
        notes = {
            "pagerank": "first analytics call: builds the projection (Neo4j → networkx), then pagerank",
            "degree": "projection cached",
            "betweenness": "projection cached; betweenness",
            "brokers": "projection and betweenness cached (same key); cut vertices",
            "communities": "projection cached; Louvain",
        }
        cold: dict[str, float] = {}
        with httpx.Client(base_url=url, timeout=ANALYTICS_TIMEOUT_S) as client:
            for metric, path, query in calls:
                console.print(f"[dim]analytics {metric}: cold …")
                began = time.perf_counter()
                response = client.get(path, params=query)
                cold[metric] = time.perf_counter() - began
                if response.status_code != 200:
                    notes[metric] += f" — HTTP {response.status_code}: {response.text[:120]}"
                elif metric == "betweenness":
                    arguments = response.json()["method"]["arguments"]
                    notes[metric] += f" (k={arguments['k']} sampled)" if "k" in arguments else " (exact)"
                if metric == "pagerank":
                    console.print(f"[dim]centrality pagerank (cached): one client then {args.clients} …")
                    call = http_get(path, query)
                    items = [("cached", None)] * (args.requests + split)
                    warm_up(items[:split], call, http_client, clients=args.clients, cap_s=cap)
                    serial = run_load(
                        items[split : split + args.serial],
                        call,
                        lambda: nullcontext(client),
                        clients=1,
                        cap_s=cap,
                    )
                    cached = run_load(
                        items[split:], call, http_client, clients=args.clients, cap_s=cap, watch=watch
                    )
                    endpoints.append(Endpoint("centrality pagerank (cached)", cached, serial))
            for metric, path, query in calls:
                began = time.perf_counter()
                client.get(path, params=query)
                analytics.append((metric, cold[metric], time.perf_counter() - began, notes[metric]))
    return endpoints, analytics


def ratio(a: float, b: float) -> str:
    return "—" if not b or math.isnan(a) or math.isnan(b) else f"{a / b:.2f}×"


def report(args, setup: list, endpoints: list[Endpoint], analytics: list) -> None:
    table = Table(title=f"setup: {args.entities:,} entities, {args.ties:,} ties (2 cores, shared)")
    table.add_column("step")
    table.add_column("value", justify="right")
    for step, value in setup:
        table.add_row(step, value)
    console.print(table)

    table = Table(
        title=f"API under load: {args.clients} clients on loopback, {args.requests} requests per endpoint "
        f"(cap {args.time_cap:.0f} s), after {args.warmup} warm-up ones over HTTP and the driver",
        caption="driver: the route's Cypher statements, each in a read transaction, same parameters, same "
        "concurrency (threads sharing one driver); overhead: API p50 / driver p50, and API req/s / "
        "driver req/s",
    )
    for column in ("endpoint", "n", "p50 ms", "p99 ms", "req/s", "driver p50 ms", "driver req/s"):
        table.add_column(column, justify="left" if column == "endpoint" else "right")
    table.add_column("overhead p50", justify="right")
    table.add_column("overhead req/s", justify="right")
    table.add_column("targets")
    table.add_column("notes")
    for e in endpoints:
        api, bare = e.api, e.bare
        p50, p99 = api.pct(50), api.pct(99)
        cells = [e.name, f"{api.n}", ms(p50), ms(p99), f"{api.rate:,.1f}"]
        if bare is not None:
            cells += [
                ms(bare.pct(50)),
                f"{bare.rate:,.1f}",
                ratio(p50, bare.pct(50)),
                ratio(api.rate, bare.rate),
            ]
        else:
            cells += ["—"] * 4
        targets, notes = [], []
        if e.targets:
            targets.append(f"p99<{P99_TARGET_MS:.0f}ms {verdict(p99 < P99_TARGET_MS)}")
            targets.append(f"≤{OVERHEAD_TARGET}× {verdict(p50 / bare.pct(50) <= OVERHEAD_TARGET)}")
        elif bare is None:
            targets.append(f"p99<{CACHED_TARGET_MS:.0f}ms {verdict(p99 < CACHED_TARGET_MS)}")
        for label, run in (("", api), ("driver: ", bare)):
            if run is not None and run.errors:
                notes.append(f"{label}{sum(run.errors.values())} errors: {run.errors.most_common(1)[0][0]}")
            if run is not None and run.capped:
                notes.append(f"{label}time cap")
        if api.outcomes:
            notes.append(", ".join(f"{k} {v}" for k, v in sorted(api.outcomes.items())))
        table.add_row(*cells, " ".join(targets), "; ".join(notes))
        for tag in e.tags():  # the same runs' requests, split by kind
            sub = [
                f"  of which {tag}",
                f"{len(api.latencies(tag))}",
                ms(api.pct(50, tag)),
                ms(api.pct(99, tag)),
            ]
            sub.append("")
            if bare is not None:
                sub += [ms(bare.pct(50, tag)), "", ratio(api.pct(50, tag), bare.pct(50, tag)), ""]
            else:
                sub += [""] * 4
            table.add_row(*sub, "", "", style="dim")
    console.print(table)

    table = Table(
        title=f"where the time goes: one request at a time (the first {args.serial} of each list, HTTP and "
        f"driver alternately), "
        f"and CPU per request under load",
        caption="CPU ms/req: CPU time the client (this process, httpx or the driver), the API process and "
        "Neo4j used during the load, divided by the requests served",
    )
    table.add_column("endpoint")
    for column in ("1 client p50 ms", "1 client driver p50 ms", "1 client overhead", "driver p99 ms"):
        table.add_column(column, justify="right")
    table.add_column("API load: CPU ms/req client · API · Neo4j", justify="right")
    table.add_column("driver load: CPU ms/req client · Neo4j", justify="right")
    for e in endpoints:
        for tag in [None, *e.tags()]:
            one = e.serial.pct(50, tag) if e.serial else math.nan
            one_bare = e.bare_serial.pct(50, tag) if e.bare_serial else math.nan
            cells = [
                e.name if tag is None else f"  of which {tag}",
                ms(one),
                ms(one_bare),
                ratio(one, one_bare),
            ]
            cells.append(ms(e.bare.pct(99, tag)) if e.bare else "—")
            if tag is None:
                cells.append(e.api.cpu_ms_per_request(("client", "API", "Neo4j")))
                cells.append(e.bare.cpu_ms_per_request(("client", "Neo4j")) if e.bare else "—")
                table.add_row(*cells)
            else:
                table.add_row(*cells, "", "", style="dim")
    console.print(table)

    table = Table(
        title="analytics over HTTP, one client: each route's first call (cold), then one repeat (cached)"
    )
    table.add_column("analytics")
    table.add_column("cold s", justify="right")
    table.add_column("cached ms", justify="right")
    table.add_column("targets")
    table.add_column("what the cold call did")
    for metric, cold, again, note in analytics:
        targets = f"cold<{COLD_TARGET_S:.0f}s {verdict(cold < COLD_TARGET_S)} "
        targets += f"cached<{CACHED_TARGET_MS:.0f}ms {verdict(again * 1000 < CACHED_TARGET_MS)}"
        table.add_row(metric, f"{cold:,.2f}", f"{again * 1000:,.1f}", targets, note)
    console.print(table)


if __name__ == "__main__":
    main()
