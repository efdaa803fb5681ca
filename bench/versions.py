"""Two revisions side by side, in one run: the same work through each version's public faces only.

What it measures, for an old revision (`--base`, default ca319e8, the commit before issue 9) and a new
one (`--head`, default the working tree of this checkout), printed as old, new and new/old:

- **ingest**: `python -m cli ingest file F` of one synthetic document (bench/generate.py of the head
  tree, seed 0) into each version's empty database, wall time and ties/s; then the same file again
  (every tie already there: the corroboration path).
- **API**: each version served by `python -m cli serve`; for `GET /entities?q=`, `/entities/{id}`,
  `/entities/{id}/neighbors?depth=2&limit=200`, `/paths?max_hops=4`, `/ties/conflicts` and `/events`:
  p50/p99 ms and req/s with `--clients` concurrent httpx clients (threads, one Client each, at most
  `--requests` requests and `--time-cap` seconds per load), and p50 with one client. Parameters are
  drawn from the document as bench/api.py and bench/routes.py draw them (names, a typo in a third of the
  searches, hubs for 10% of the entity requests, ordinary entities, pairs of them).
- **analytics**: the first call after the load (cold) and the median of repeats (cached) of
  `/analytics/centrality?metric=pagerank`, `metric=betweenness`, `/analytics/communities` and
  `/analytics/brokers`, in that order (the first builds the projection the others reuse); the cold
  calls again after each API is restarted, `--rounds` times in all, the lower time kept.
- **text ingest**: the 12 articles of bench/corpus (dates from gold.yaml) POSTed one after another to
  `POST /documents` of each version, on fresh databases holding only the seed (`python -m cli ingest
  seed`): articles/s and 600-word-equivalent articles/s (words / 600 / seconds, as bench/extraction.py
  counts them); then the same 12 again (duplicates: nothing to write).
- **same answers**: a few of those GET requests, the analytics and the document outcomes, compared as
  "the old JSON is a subset of the new one" (extra keys in the new answer are allowed; a list must have
  the same items in the same order, and a reordering is reported as one difference; floats equal to
  1e-9 relative, and the count of those that are not bit-equal is printed). Every difference is listed.

How: the base (and `--head REV`, if given) is checked out with `git worktree add --detach` under a temp
dir, removed at the end. Both versions run with the same interpreter (`--python`, default this one),
with `cwd` and `PYTHONPATH` set to their own tree (the run prints which `graph` package each imports)
and their bytecode cached outside the trees. Each version has its own embedded Neo4j (`python -m cli
db start`, temp data dir, free port, `ECOGRAPH_NEO4J_HEAP=--heap`), stopped with `db stop` at the end
whatever happens. The machine has 2 cores, so both databases and APIs run at once but only one version
is ever under load: every measure alternates old and new (loads in ABBA rounds, the better figure of
each kept; one-client, cached and document requests alternate request by request; ingest is old then
new, its reload new then old, one measure each). Loopback only; nothing is written into the repository.
On a failure the logs stay in the temp dir (`--keep` keeps everything).

    .venv/bin/python bench/versions.py [--base ca319e8] [--head REV] [--entities 20000 --ties 60000]
        [--requests 200] [--clients 10] [--rounds 2] [--time-cap 60] [--heap 4g] [--keep]
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import yaml
from rich.console import Console
from rich.table import Table

console = Console(width=None if sys.stdout.isatty() else 160)
HERE = Path(__file__).resolve().parent
API_KEY = "bench-key"
SEED = 7  # the requests drawn (bench/api.py's seed)
DOCUMENT_SEED = 0  # the synthetic document (bench/ingest.py's and bench/api.py's)
WORDS_PER_ARTICLE = 600
CLI_TIMEOUT_S = 3600.0  # one `python -m cli …` command at most
START_TIMEOUT_S = 300.0  # a database or an API coming up
REQUEST_TIMEOUT_S = 120.0
ANALYTICS_TIMEOUT_S = 1800.0
DOCUMENT_TIMEOUT_S = 600.0
CACHED_REPEATS = 20
COMPARE_LIMIT = 8  # differences shown per request
PACKAGES = ("api", "cli", "graph", "ingest", "viz")


# --- the two versions ------------------------------------------------------------------------------


class BenchError(RuntimeError):
    pass


def free_port(taken: set[int]) -> int:
    """A free TCP port on 127.0.0.1, not one handed out before in this run."""
    for _ in range(100):
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            port = sock.getsockname()[1]
        if port not in taken:
            taken.add(port)
            return port
    raise BenchError("no free port on 127.0.0.1")


def tail(path: Path, lines: int = 25) -> str:
    try:
        return "\n".join(path.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


@dataclass
class Version:
    """One revision: its tree, its databases (one per phase) and its API, all driven through its CLI."""

    label: str  # "old" / "new"
    rev: str  # what was asked for, and the commit it is
    tree: Path
    python: str
    work: Path  # this version's temp dir (logs, data dirs, bytecode)
    heap: str
    ports: set[int]
    data_dir: Path | None = None
    bolt_port: int | None = None
    started_dbs: list[Path] = field(default_factory=list)
    api: subprocess.Popen | None = None
    api_port: int | None = None
    logs: int = 0

    def env(self) -> dict[str, str]:
        env = {
            k: v
            for k, v in os.environ.items()
            if not k.startswith(("NEO4J_", "ECOGRAPH_")) and k not in ("PYTHONPATH", "PYTHONHOME")
        }
        env.update(
            PYTHONPATH=str(self.tree),
            PYTHONPYCACHEPREFIX=str(self.work / "pycache"),
            ECOGRAPH_API_KEY=API_KEY,
            ECOGRAPH_NEO4J_HEAP=self.heap,
        )
        if self.data_dir is not None:
            env.update(ECOGRAPH_DATA_DIR=str(self.data_dir), ECOGRAPH_BOLT_PORT=str(self.bolt_port))
        return env

    def log(self, what: str) -> Path:
        self.logs += 1
        (self.work / "logs").mkdir(parents=True, exist_ok=True)
        return self.work / "logs" / f"{self.logs:02d}-{what}.log"

    def run(self, args: list[str], what: str, timeout: float = CLI_TIMEOUT_S) -> tuple[float, str]:
        """`python args…` in the tree; wall seconds and output. A failure raises with the output's tail."""
        log = self.log(what)
        began = time.perf_counter()
        with log.open("wb") as out:
            try:
                result = subprocess.run(
                    [self.python, *args],
                    cwd=self.tree,
                    env=self.env(),
                    stdin=subprocess.DEVNULL,
                    stdout=out,
                    stderr=subprocess.STDOUT,
                    timeout=timeout,
                    check=False,
                )
            except subprocess.TimeoutExpired as exc:
                raise BenchError(f"{self.label}: {what} took over {timeout:.0f} s; see {log}") from exc
        elapsed = time.perf_counter() - began
        if result.returncode != 0:
            raise BenchError(f"{self.label}: {what} exited {result.returncode}:\n{tail(log)}")
        return elapsed, log.read_text(encoding="utf-8", errors="replace")

    def cli(self, *args: str, what: str, timeout: float = CLI_TIMEOUT_S) -> float:
        return self.run(["-m", "cli", *args], what, timeout)[0]

    # The database of a phase.

    def start_db(self, name: str) -> float:
        self.data_dir = self.work / name
        self.bolt_port = free_port(self.ports)
        self.started_dbs.append(self.data_dir)  # stopped at the end even if the start fails half-way
        port = str(self.bolt_port)
        return self.cli(
            "db", "start", "--data-dir", str(self.data_dir), "--bolt-port", port, what=f"db-start-{name}"
        )

    def stop_db(self, data_dir: Path) -> None:
        previous, self.data_dir = self.data_dir, data_dir
        try:
            self.cli("db", "stop", "--data-dir", str(data_dir), what="db-stop", timeout=START_TIMEOUT_S)
        finally:
            self.data_dir = previous
        self.started_dbs.remove(data_dir)

    # The API over the current database.

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.api_port}"

    def serve(self) -> float:
        """`python -m cli serve` in the background; seconds until /health answers 200."""
        self.api_port = free_port(self.ports)
        log = self.log("serve")
        began = time.perf_counter()
        with log.open("wb") as out:
            self.api = subprocess.Popen(
                [self.python, "-m", "cli", "serve", "--host", "127.0.0.1", "--port", str(self.api_port)],
                cwd=self.tree,
                env=self.env(),
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + START_TIMEOUT_S
        while True:
            if self.api.poll() is not None:
                raise BenchError(f"{self.label}: the API exited while starting:\n{tail(log)}")
            try:
                if httpx.get(f"{self.url}/health", timeout=10).status_code == 200:
                    return time.perf_counter() - began
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise BenchError(f"{self.label}: the API did not answer on {self.url}:\n{tail(log)}")
            time.sleep(0.2)

    def stop_api(self) -> None:
        if self.api is None:
            return
        process, self.api = self.api, None
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=30)

    def health(self) -> dict:
        response = httpx.get(f"{self.url}/health", timeout=REQUEST_TIMEOUT_S)
        response.raise_for_status()
        return response.json()

    def client(self, timeout: float = REQUEST_TIMEOUT_S) -> httpx.Client:
        return httpx.Client(base_url=self.url, timeout=httpx.Timeout(timeout))


def git(repo: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-C", str(repo), *args], capture_output=True, text=True, check=True, timeout=300
    ).stdout.strip()


def checkout(repo: Path, rev: str, where: Path, added: list[Path]) -> Path:
    """`git worktree add --detach` (recorded in `added` first, so that it is removed whatever happens)."""
    added.append(where)
    git(repo, "worktree", "add", "--detach", str(where), rev)
    return where


def remove_checkouts(repo: Path, added: list[Path]) -> None:
    for where in added:
        try:
            git(repo, "worktree", "remove", "--force", str(where))
        except subprocess.CalledProcessError as exc:
            console.print(f"[yellow]git worktree remove {where}: {exc.stderr.strip()}")
            shutil.rmtree(where, ignore_errors=True)
    if added:
        subprocess.run(["git", "-C", str(repo), "worktree", "prune"], check=False, timeout=60)


# --- what to ask: drawn from the document ------------------------------------------------------------


def typo(word: str, rng: random.Random) -> str:
    """One edit inside a word (drop, double or swap a letter), never its first letter (bench/api.py)."""
    i = rng.randrange(1, len(word) - 1)
    edit = rng.choice(("drop", "double", "swap"))
    if edit == "drop":
        return word[:i] + word[i + 1 :]
    if edit == "double":
        return word[:i] + word[i] + word[i:]
    return word[:i] + word[i + 1] + word[i] + word[i + 2 :]


@dataclass
class Workload:
    search: list[str]
    typos: list[str]  # the search terms with a typo
    entity: list[str]
    neighbors: list[str]
    paths: list[tuple[str, str]]
    hub: str  # the biggest
    small: list[str]  # entities with three ties (bench/routes.py's {small})
    hubs: int
    hub_min_degree: int


def workload(document: dict, n: int, hub_share: float) -> Workload:
    rng = random.Random(SEED)
    degree: Counter = Counter()
    for tie in document["ties"]:
        degree[tie["source"]] += 1
        degree[tie["target"]] += 1
    ranked = [i for i, _ in degree.most_common()]
    hubs = ranked[: max(10, len(document["entities"]) // 1000)]  # the top 0.1% by degree
    hub_set = set(hubs)
    ordinary = [e["id"] for e in document["entities"] if degree[e["id"]] >= 1 and e["id"] not in hub_set]
    names = [e["name"] for e in document["entities"]]
    search, typos = [], []
    for _ in range(n):
        name = rng.choice(names)
        if rng.random() < 1 / 3:
            word, _, rest = name.partition(" ")
            search.append(f"{typo(word, rng)} {rest}".strip())
            typos.append(search[-1])
        else:
            search.append(name)
    entity = [rng.choice(hubs) if rng.random() < hub_share else rng.choice(ordinary) for _ in range(n)]
    neighbors = [rng.choice(ordinary) for _ in range(n)]
    paths = [tuple(rng.sample(ordinary, 2)) for _ in range(n)]
    small = [e["id"] for e in document["entities"] if degree[e["id"]] == 3][:3]
    return Workload(search, typos, entity, neighbors, paths, hubs[0], small, len(hubs), degree[hubs[-1]])


# --- a bounded concurrent load ----------------------------------------------------------------------


@dataclass
class Load:
    latencies: list[float] = field(default_factory=list)  # seconds
    errors: Counter = field(default_factory=Counter)
    wall: float = 0.0
    capped: bool = False

    @property
    def rate(self) -> float:
        return len(self.latencies) / self.wall if self.wall else math.nan

    def pct(self, q: float) -> float:
        """Nearest-rank percentile, in milliseconds."""
        values = sorted(self.latencies)
        if not values:
            return math.nan
        return values[max(0, math.ceil(q / 100 * len(values)) - 1)] * 1000


Call = Callable[[httpx.Client, Any], httpx.Response]


def timed(call: Call, client: httpx.Client, argument: Any, load: Load, lock: threading.Lock) -> None:
    began = time.perf_counter()
    try:
        call(client, argument).raise_for_status()
    except Exception as exc:  # counted and shown, never fatal: a benchmark reports
        with lock:
            load.errors[f"{type(exc).__name__}: {str(exc)[:80]}"] += 1
        return
    elapsed = time.perf_counter() - began
    with lock:
        load.latencies.append(elapsed)


def run_load(version: Version, items: list, call: Call, clients: int, cap_s: float) -> Load:
    """`clients` threads, each with its own httpx.Client, take the next item until none is left or the
    time cap has passed."""
    load = Load()
    lock = threading.Lock()
    queue = iter(items)
    barrier = threading.Barrier(clients + 1)
    clock: dict[str, float] = {}

    def worker() -> None:
        with version.client() as client:
            barrier.wait()
            while True:
                if time.perf_counter() > clock["deadline"]:
                    load.capped = True
                    return
                with lock:
                    item = next(queue, StopIteration)
                if item is StopIteration:
                    return
                timed(call, client, item, load, lock)

    threads = [threading.Thread(target=worker, daemon=True) for _ in range(clients)]
    for thread in threads:
        thread.start()
    clock["deadline"] = time.perf_counter() + cap_s
    began = time.perf_counter()
    barrier.wait()
    for thread in threads:
        thread.join(timeout=cap_s + 2 * REQUEST_TIMEOUT_S)
    load.wall = time.perf_counter() - began
    return load


def alternating(
    versions: tuple[Version, Version], items: list, call: Call, timeout: float = REQUEST_TIMEOUT_S
) -> tuple[Load, Load]:
    """One client per version; each item old then new, then new then old for the next one, and so on."""
    loads = Load(), Load()
    lock = threading.Lock()
    clients = [v.client(timeout) for v in versions]
    try:
        for i, item in enumerate(items):
            for k in (0, 1) if i % 2 == 0 else (1, 0):
                began = time.perf_counter()
                timed(call, clients[k], item, loads[k], lock)
                loads[k].wall += time.perf_counter() - began
    finally:
        for client in clients:
            client.close()
    return loads


# --- the same answers? ------------------------------------------------------------------------------


def short(value: Any, width: int = 60) -> str:
    text = json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= width else text[: width - 1] + "…"


def subset_diffs(old: Any, new: Any, path: str, out: list, near: list[int]) -> None:
    """Where `old` is not contained in `new`: (JSON path, old, new). Dicts: every old key, its value
    contained in the new one; lists: the same length, item by item; floats: equal to 1e-9 relative."""
    if isinstance(old, dict):
        if not isinstance(new, dict):
            out.append((path, short(old), short(new)))
            return
        for key, value in old.items():
            if key not in new:
                out.append((f"{path}.{key}", short(value), "(missing)"))
            else:
                subset_diffs(value, new[key], f"{path}.{key}", out, near)
    elif isinstance(old, list):
        if not isinstance(new, list):
            out.append((path, short(old), short(new)))
            return
        inner: list = []
        inner_near = [0]
        for i, (a, b) in enumerate(zip(old, new, strict=False)):
            subset_diffs(a, b, f"{path}[{i}]", inner, inner_near)
        if len(old) != len(new):
            out.append((path, f"{len(old)} items", f"{len(new)} items"))
        if inner and len(old) == len(new) and permutation(old, new):
            out.append((path, "the same items", "in another order"))
        else:
            out.extend(inner)
            near[0] += inner_near[0]
    elif isinstance(old, bool) or isinstance(new, bool):
        if type(old) is not type(new) or old != new:
            out.append((path, short(old), short(new)))
    elif isinstance(old, float | int) and isinstance(new, float | int):
        if old != new:
            if math.isclose(old, new, rel_tol=1e-9, abs_tol=1e-12):
                near[0] += 1
            else:
                out.append((path, short(old), short(new)))
    elif old != new:
        out.append((path, short(old), short(new)))


def permutation(old: list, new: list, limit: int = 500) -> bool:
    """Every old item contained in a distinct new one (short lists only)."""
    if len(old) > limit:
        return False
    unused = list(range(len(new)))
    for a in old:
        for j in unused:
            found: list = []
            subset_diffs(a, new[j], "", found, [0])
            if not found:
                unused.remove(j)
                break
        else:
            return False
    return True


@dataclass
class Comparison:
    request: str
    statuses: tuple[int, int]
    sizes: tuple[int, int]  # bytes of each answer
    diffs: list[tuple[str, str, str]]
    near: int  # floats equal to 1e-9 but not bit-equal


def compare(request: str, old: httpx.Response, new: httpx.Response) -> Comparison:
    statuses = (old.status_code, new.status_code)
    diffs: list = []
    near = [0]
    try:
        subset_diffs(old.json(), new.json(), "$", diffs, near)
    except ValueError as exc:
        diffs.append(("(body)", "not JSON", str(exc)[:60]))
    return Comparison(request, statuses, (len(old.content), len(new.content)), diffs, near[0])


def compare_get(versions: tuple[Version, Version], path: str, params: dict | None = None) -> Comparison:
    answers = []
    for version in versions:
        with version.client(ANALYTICS_TIMEOUT_S) as client:
            answers.append(client.get(path, params=params))
    query = "&".join(f"{k}={v}" for k, v in (params or {}).items())
    return compare(f"GET {path}" + (f"?{query}" if query else ""), *answers)


# --- the report -------------------------------------------------------------------------------------


@dataclass
class Row:
    measure: str
    old: float
    new: float
    unit: str  # "s", "ms", "/s" or "" (a count)
    note: str = ""


def number(value: float, unit: str) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    if unit == "":
        return f"{value:,.0f}"
    if abs(value) >= 100:
        return f"{value:,.0f}"
    if abs(value) >= 10:
        return f"{value:,.1f}"
    return f"{value:,.2f}"


def ratio(old: float, new: float) -> str:
    if not old or math.isnan(old) or math.isnan(new):
        return "—"
    return f"{new / old:.2f}×"


def report(title: str, rows: list[Row], comparisons: list[Comparison], phases: list, header: list) -> None:
    table = Table(title="setup")
    table.add_column("what")
    table.add_column("value")
    for what, value in header:
        table.add_row(what, value)
    console.print(table)

    table = Table(
        title=title,
        caption="times (s, ms): new/old above 1 is slower; rates (/s): above 1 is faster. Load figures: "
        "the better of the ABBA rounds for each.",
    )
    table.add_column("measure")
    table.add_column("old", justify="right")
    table.add_column("new", justify="right")
    table.add_column("new/old", justify="right")
    table.add_column("notes")
    for row in rows:
        unit = {"s": " s", "ms": " ms", "/s": "/s", "": ""}[row.unit]
        if row.measure.startswith("—"):
            table.add_section()
            table.add_row(f"[bold]{row.measure[1:].strip()}", "", "", "", "")
            continue
        table.add_row(
            row.measure,
            number(row.old, row.unit) + unit,
            number(row.new, row.unit) + unit,
            ratio(row.old, row.new),
            row.note,
        )
    console.print(table)

    table = Table(
        title="same answers? old JSON ⊆ new JSON (extra keys allowed; lists item by item; floats to 1e-9)"
    )
    table.add_column("request")
    table.add_column("status old/new")
    table.add_column("bytes old/new", justify="right")
    table.add_column("result")
    table.add_column(f"differences (first {COMPARE_LIMIT}): path: old → new")
    for c in comparisons:
        ok = c.statuses == (200, 200) and not c.diffs
        if ok:
            result = "[green]same[/]"
        elif c.statuses != (200, 200):
            result = f"[red]HTTP {c.statuses[0]}/{c.statuses[1]}[/], {len(c.diffs)} differences"
        else:
            result = f"[red]{len(c.diffs)} differences[/]"
        if c.near:
            result += f" ({c.near} floats equal to 1e-9, not bit-equal)"
        shown = "\n".join(f"{p}: {o} → {n}" for p, o, n in c.diffs[:COMPARE_LIMIT])
        sizes = f"{c.sizes[0]:,}/{c.sizes[1]:,}"
        table.add_row(c.request, f"{c.statuses[0]}/{c.statuses[1]}", sizes, result, shown)
    console.print(table)

    table = Table(title="wall time of each phase (both versions)")
    table.add_column("phase")
    table.add_column("s", justify="right")
    for phase, seconds in phases:
        table.add_row(phase, f"{seconds:,.1f}")
    table.add_row("total", f"{sum(s for _, s in phases):,.1f}")
    console.print(table)


# --- the run ----------------------------------------------------------------------------------------


def section(rows: list[Row], title: str) -> None:
    rows.append(Row(f"— {title}", math.nan, math.nan, ""))


def error_note(loads: list[Load]) -> str:
    """Errors and time caps of old/new loads, given as [old, new, old, new, …]."""
    notes = []
    for i, load in enumerate(loads):
        label = ("old", "new")[i % 2]
        if load.errors:
            error, _ = load.errors.most_common(1)[0]
            notes.append(f"{label}: {sum(load.errors.values())} errors ({error})")
        if load.capped:
            notes.append(f"{label}: time cap")
    return "; ".join(notes)


def bench_ingest(versions: tuple[Version, Version], document: Path, ties: int, rows: list[Row]) -> None:
    section(rows, f"ingest: python -m cli ingest file ({ties:,} ties)")
    first = [0.0, 0.0]
    for k in (0, 1):
        console.print(f"[dim]ingest file: {versions[k].label} …")
        first[k] = versions[k].cli("ingest", "file", str(document), what="ingest-file")
    again = [0.0, 0.0]
    for k in (1, 0):
        console.print(f"[dim]ingest file again: {versions[k].label} …")
        again[k] = versions[k].cli("ingest", "file", str(document), what="ingest-file-again")
    rows.append(Row("ingest file into an empty database: wall", *first, "s", "CLI process, start to exit"))
    rows.append(Row("  throughput", ties / first[0], ties / first[1], "/s", "ties per second of wall"))
    rows.append(Row("same file again (corroboration): wall", *again, "s"))
    rows.append(Row("  throughput", ties / again[0], ties / again[1], "/s", "ties per second of wall"))


def endpoints(work: Workload) -> list[tuple[str, list, Call]]:
    def search(c: httpx.Client, term: str) -> httpx.Response:
        return c.get("/entities", params={"q": term})

    def entity(c: httpx.Client, entity_id: str) -> httpx.Response:
        return c.get(f"/entities/{entity_id}")

    def neighbors(c: httpx.Client, entity_id: str) -> httpx.Response:
        return c.get(f"/entities/{entity_id}/neighbors", params={"depth": 2, "limit": 200})

    def paths(c: httpx.Client, pair: tuple[str, str]) -> httpx.Response:
        return c.get("/paths", params={"source": pair[0], "target": pair[1], "max_hops": 4})

    def conflicts(c: httpx.Client, _: Any) -> httpx.Response:
        return c.get("/ties/conflicts")

    def events(c: httpx.Client, _: Any) -> httpx.Response:
        return c.get("/events")

    n = len(work.search)
    return [
        ("GET /entities?q=", work.search, search),
        ("GET /entities/{id}", work.entity, entity),
        ("GET /entities/{id}/neighbors depth 2", work.neighbors, neighbors),
        ("GET /paths max_hops 4", work.paths, paths),
        ("GET /ties/conflicts", [None] * n, conflicts),
        ("GET /events", [None] * n, events),
    ]


def bench_api(versions: tuple[Version, Version], work: Workload, args, rows: list[Row]) -> None:
    warm = args.warmup
    for e, (name, items, call) in enumerate(endpoints(work)):
        section(rows, f"{name}")
        console.print(f"[dim]{name}: warm-up, one client, then {args.clients} clients × {args.rounds} …")
        warmed = [run_load(version, items[:warm], call, args.clients, args.time_cap) for version in versions]
        counted = items[warm:]
        serial = alternating(versions, counted[: args.serial], call)
        rounds: list[list[Load]] = [[], []]
        for r in range(args.rounds):
            for k in (0, 1) if (r + e) % 2 == 0 else (1, 0):
                rounds[k].append(run_load(versions[k], counted, call, args.clients, args.time_cap))
        every = [
            Load(errors=sum((load.errors for load in [*rounds[k], serial[k]]), warmed[k].errors.copy()))
            for k in (0, 1)
        ]
        for k in (0, 1):
            every[k].capped = any(load.capped for load in rounds[k])
        done = "/".join(str(min(len(load.latencies) for load in rounds[k])) for k in (0, 1))
        note = error_note(every) or f"{done} requests a round"
        rows.append(
            Row(
                f"p50 ({args.clients} clients)",
                *(min(load.pct(50) for load in rounds[k]) for k in (0, 1)),
                "ms",
                note,
            )
        )
        rows.append(Row("p99", *(min(load.pct(99) for load in rounds[k]) for k in (0, 1)), "ms"))
        rows.append(Row("throughput", *(max(load.rate for load in rounds[k]) for k in (0, 1)), "/s"))
        rows.append(Row("p50 (1 client)", serial[0].pct(50), serial[1].pct(50), "ms", f"{args.serial} each"))


ANALYTICS = [
    ("centrality pagerank", "/analytics/centrality", {"metric": "pagerank"}),
    ("centrality betweenness", "/analytics/centrality", {"metric": "betweenness"}),
    ("communities", "/analytics/communities", {}),
    ("brokers", "/analytics/brokers", {}),
]


def bench_analytics(
    versions: tuple[Version, Version], rounds: int, rows: list[Row], comparisons: list
) -> None:
    """Cold calls in `rounds` rounds (each API restarted before every round but the first, which makes
    its analytics cold again; the lower time kept), then cached repeats on the last round's APIs."""
    section(
        rows,
        f"analytics (one client; cold = first call after the load or an API restart, in this order; "
        f"best of {rounds})",
    )
    cold = {name: [[], []] for name, _, _ in ANALYTICS}
    notes: list[str] = []
    for r in range(rounds):
        if r:
            for version in versions:
                version.stop_api()
                version.serve()
        for i, (name, path, params) in enumerate(ANALYTICS):
            for k in (0, 1) if (i + r) % 2 == 0 else (1, 0):
                console.print(f"[dim]analytics {name}: cold (round {r + 1}), {versions[k].label} …")
                with versions[k].client(ANALYTICS_TIMEOUT_S) as client:
                    began = time.perf_counter()
                    response = client.get(path, params=params)
                    if response.status_code == 200:
                        cold[name][k].append(time.perf_counter() - began)
                    else:
                        notes.append(f"{versions[k].label} {name}: HTTP {response.status_code}")
    for name, path, params in ANALYTICS:

        def call(c: httpx.Client, _: Any, path: str = path, params: dict = params) -> httpx.Response:
            return c.get(path, params=params)

        cached = alternating(versions, [None] * CACHED_REPEATS, call, ANALYTICS_TIMEOUT_S)
        mine = [n for n in notes if n.split(" ", 1)[1].startswith(name + ":")]
        rows.append(
            Row(
                f"{name}: cold",
                *(min(times) if times else math.nan for times in cold[name]),
                "s",
                "; ".join(mine),
            )
        )
        rows.append(
            Row(
                f"{name}: cached",
                *(
                    statistics.median(load.latencies) * 1000 if load.latencies else math.nan
                    for load in cached
                ),
                "ms",
                error_note(list(cached)) or f"median of {CACHED_REPEATS}",
            )
        )
        comparisons.append(compare_get(versions, path, params))


def corpus(tree: Path) -> list[tuple[str, str, str | None]]:
    """(name, text, published) for each article of bench/corpus, in file order."""
    folder = tree / "bench" / "corpus"
    gold = yaml.safe_load((folder / "gold.yaml").read_text(encoding="utf-8"))["documents"]
    articles = []
    for path in sorted(folder.glob("*.txt")):
        published = (gold.get(path.stem) or {}).get("published")
        articles.append((path.stem, path.read_text(encoding="utf-8"), str(published) if published else None))
    return articles


def bench_text(
    versions: tuple[Version, Version], articles: list, seeds: list[float], rows: list[Row], comparisons: list
) -> None:
    words = sum(len(text.split()) for _, text, _ in articles)
    section(rows, f"text ingest: POST /documents, {len(articles)} articles ({words:,} words), seed graph")
    rows.append(
        Row("python -m cli ingest seed into a fresh database: wall", *seeds, "s", "before the articles")
    )
    times: list[list[float]] = [[], []]
    outcomes: list[list[Any]] = [[], []]
    again: list[list[float]] = [[], []]
    notes: list[str] = []
    clients = [v.client(DOCUMENT_TIMEOUT_S) for v in versions]
    headers = {"X-API-Key": API_KEY}
    try:
        for rounds, store in ((1, times), (2, again)):
            for i, (name, text, published) in enumerate(articles):
                form = {"text": text, "title": name}
                if published:
                    form["published"] = published
                for k in (0, 1) if (i + rounds) % 2 == 1 else (1, 0):
                    console.print(
                        f"[dim]POST /documents {name} ({'again' if rounds == 2 else 'new'}): "
                        f"{versions[k].label} …"
                    )
                    began = time.perf_counter()
                    response = clients[k].post("/documents", data=form, headers=headers)
                    elapsed = time.perf_counter() - began
                    store[k].append(elapsed)
                    if response.status_code != 200:
                        notes.append(f"{versions[k].label} {name}: HTTP {response.status_code}")
                    if rounds == 1:
                        outcomes[k].append(response)
    finally:
        for client in clients:
            client.close()
    n = len(articles)
    total = [sum(t) for t in times]
    rest = [sum(t[1:]) for t in times]
    rows.append(Row("all articles, one after another: wall", *total, "s", "; ".join(notes[:3])))
    rows.append(Row("  articles/s", n / total[0], n / total[1], "/s"))
    rows.append(
        Row(
            "  600-word articles/s",
            words / WORDS_PER_ARTICLE / total[0],
            words / WORDS_PER_ARTICLE / total[1],
            "/s",
            "words / 600 / seconds",
        )
    )
    rows.append(Row("  first article (loads spaCy)", times[0][0], times[1][0], "s"))
    words_rest = sum(len(text.split()) for _, text, _ in articles[1:])
    rows.append(
        Row(
            f"  articles 2–{n}: 600-word articles/s",
            words_rest / WORDS_PER_ARTICLE / rest[0],
            words_rest / WORDS_PER_ARTICLE / rest[1],
            "/s",
        )
    )
    ties = [sum(len(r.json().get("ties", [])) for r in o if r.status_code == 200) for o in outcomes]
    rows.append(Row("  ties in the outcomes", *ties, "", "should be equal"))
    rows.append(Row("the same articles again (duplicates): wall", *(sum(t) for t in again), "s"))
    rows.append(Row("  articles/s", *(n / sum(t) for t in again), "/s"))
    for (name, _, _), old, new in zip(articles, *outcomes, strict=True):
        comparisons.append(compare(f"POST /documents {name}", old, new))


def compare_reads(versions: tuple[Version, Version], work: Workload, comparisons: list) -> None:
    requests: list[tuple[str, dict | None]] = [("/health", None)]
    requests += [("/entities", {"q": term}) for term in [*work.search[:2], *work.typos[:1]]]
    requests += [(f"/entities/{i}", None) for i in [work.hub, *work.small[:2]]]
    requests += [(f"/entities/{i}/neighbors", {"depth": 2, "limit": 200}) for i in work.neighbors[:2]]
    requests += [("/paths", {"source": a, "target": b, "max_hops": 4}) for a, b in work.paths[:2]]
    requests += [("/ties/conflicts", None), ("/events", None)]
    for path, params in requests:
        comparisons.append(compare_get(versions, path, params))


def describe(repo: Path, rev: str | None) -> str:
    if rev is None:
        dirty = git(repo, "status", "--porcelain", "--untracked-files=no")
        return f"working tree of {repo} at {git(repo, 'rev-parse', '--short', 'HEAD')}" + (
            " (+ uncommitted changes)" if dirty else ""
        )
    return f"{rev} = {git(repo, 'rev-parse', '--short', rev + '^{commit}')}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", default="ca319e8", help="the old revision")
    parser.add_argument("--head", default=None, help="the new revision (default: this working tree)")
    parser.add_argument("--entities", type=int, default=20_000)
    parser.add_argument("--ties", type=int, default=60_000)
    parser.add_argument("--requests", type=int, default=200, help="counted requests per endpoint and round")
    parser.add_argument("--clients", type=int, default=10, help="concurrent clients (threads)")
    parser.add_argument(
        "--warmup", type=int, default=30, help="uncounted requests per endpoint, each version"
    )
    parser.add_argument("--serial", type=int, default=40, help="one-client requests per endpoint, each")
    parser.add_argument("--rounds", type=int, default=2, help="ABBA rounds per endpoint (best kept)")
    parser.add_argument("--time-cap", type=float, default=60.0, help="seconds per load at most")
    parser.add_argument("--hub-share", type=float, default=0.1, help="share of entity requests on hubs")
    parser.add_argument("--heap", default="4g", help="ECOGRAPH_NEO4J_HEAP of every database")
    parser.add_argument("--python", default=sys.executable, help="the interpreter both versions run with")
    parser.add_argument("--keep", action="store_true", help="keep the temp dir (logs, stores)")
    args = parser.parse_args()
    for name in ("requests", "clients", "rounds", "entities", "ties"):
        if getattr(args, name) < 1:
            parser.error(f"--{name} must be at least 1")
    args.serial = min(args.serial, args.requests)

    def interrupted(signum, _frame):
        raise KeyboardInterrupt(f"signal {signum}")

    signal.signal(signal.SIGTERM, interrupted)
    repo = Path(git(HERE, "rev-parse", "--show-toplevel"))
    tmp = Path(tempfile.mkdtemp(prefix="ecograph-versions-", dir="/tmp"))
    checkouts: list[Path] = []
    versions: tuple[Version, Version] | None = None
    rows: list[Row] = []
    setup_rows: list[Row] = []
    comparisons: list[Comparison] = []
    phases: list[tuple[str, float]] = []
    load_before = os.getloadavg()
    header = [
        ("old (--base)", describe(repo, args.base)),
        ("new (--head)", describe(repo, args.head)),
        ("python", f"{args.python} ({sys.version.split()[0]} here)"),
        ("size", f"{args.entities:,} entities, {args.ties:,} ties, seed {DOCUMENT_SEED}"),
        (
            "load",
            f"{args.clients} clients, {args.requests} requests per round, {args.rounds} rounds, "
            f"warm-up {args.warmup}, one client {args.serial}, cap {args.time_cap:.0f} s",
        ),
        ("temp dir", str(tmp)),
    ]
    title = f"old vs new: {args.entities:,} entities, {args.ties:,} ties"
    ok = False
    began_all = time.perf_counter()
    try:
        began = time.perf_counter()
        base_tree = checkout(repo, args.base, tmp / "base", checkouts)
        head_tree = repo if args.head is None else checkout(repo, args.head, tmp / "head", checkouts)
        ports: set[int] = set()
        versions = (
            Version("old", args.base, base_tree, args.python, tmp / "old", args.heap, ports),
            Version(
                "new", args.head or "working tree", head_tree, args.python, tmp / "new", args.heap, ports
            ),
        )
        for version in versions:
            version.work.mkdir(parents=True)
            _, out = version.run(
                ["-c", "import graph, sys; print(graph.__file__)"], what="which-graph", timeout=120
            )
            graph_file = out.strip().splitlines()[-1]
            console.print(f"{version.label}: graph is {graph_file}")
            header.append((f"{version.label}: graph.__file__", graph_file))
            if not Path(graph_file).resolve().is_relative_to(version.tree.resolve()):
                raise BenchError(f"{version.label} imports {graph_file}, not its own tree {version.tree}")
            if (version.tree / ".env").exists():
                console.print(f"[yellow]{version.tree}/.env exists: its settings apply to {version.label}")
            packages = [p for p in PACKAGES if (version.tree / p).is_dir()]
            version.run(["-m", "compileall", "-q", *packages], what="compileall", timeout=600)
        phases.append(("check out, import check, compile", time.perf_counter() - began))

        began = time.perf_counter()
        document = tmp / "synthetic.json"
        generate = ["bench/generate.py", "--entities", str(args.entities), "--ties", str(args.ties)]
        generate += ["--seed", str(DOCUMENT_SEED), "--out", str(document)]
        versions[1].run(generate, what="generate")
        work = workload(
            json.loads(document.read_text(encoding="utf-8")), args.warmup + args.requests, args.hub_share
        )
        header.append(("hubs", f"top {work.hubs} by degree (≥ {work.hub_min_degree}), biggest {work.hub}"))
        phases.append(("generate the document, draw the requests", time.perf_counter() - began))

        began = time.perf_counter()
        section(setup_rows, "databases and APIs")
        starts = [versions[k].start_db("synthetic") for k in (0, 1)]
        setup_rows.append(Row("db start (new store)", *starts, "s"))
        phases.append(("db start ×2", time.perf_counter() - began))

        began = time.perf_counter()
        bench_ingest(versions, document, args.ties, rows)
        phases.append(("ingest file ×2, again ×2", time.perf_counter() - began))

        began = time.perf_counter()
        serve = [versions[k].serve() for k in (0, 1)]
        setup_rows.append(Row("API start (until /health answers)", *serve, "s"))
        health = [v.health() for v in versions]
        for what in ("entities", "ties"):
            setup_rows.append(Row(f"{what} in the database (/health)", health[0][what], health[1][what], ""))
        bench_api(versions, work, args, rows)
        compare_reads(versions, work, comparisons)
        phases.append(("API loads", time.perf_counter() - began))

        began = time.perf_counter()
        bench_analytics(versions, args.rounds, rows, comparisons)
        phases.append(("analytics", time.perf_counter() - began))

        began = time.perf_counter()
        for version in versions:
            version.stop_api()
            version.stop_db(version.data_dir)
            shutil.rmtree(version.data_dir, ignore_errors=True)
        seeds = [0.0, 0.0]
        for k in (0, 1):
            versions[k].start_db("text")
            seeds[k] = versions[k].cli("ingest", "seed", what="ingest-seed")
        for version in versions:
            version.serve()
        bench_text(versions, corpus(head_tree), seeds, rows, comparisons)
        phases.append(("text ingest (fresh databases with the seed)", time.perf_counter() - began))
        ok = True
    except BenchError as exc:
        console.print(f"[red]failed:[/] {exc}")
    finally:
        if versions is not None:
            for version in versions:
                version.stop_api()
            for version in versions:
                for data_dir in list(version.started_dbs):
                    try:
                        version.stop_db(data_dir)
                    except BenchError as exc:
                        console.print(f"[red]{exc}")
        remove_checkouts(repo, checkouts)
        if args.keep:
            console.print(f"kept {tmp}")
        elif ok:
            shutil.rmtree(tmp, ignore_errors=True)
        else:  # the logs stay for a look; the stores go
            for version in versions or ():
                for name in ("synthetic", "text", "pycache"):
                    shutil.rmtree(version.work / name, ignore_errors=True)
            (tmp / "synthetic.json").unlink(missing_ok=True)
            console.print(f"logs kept in {tmp}")
        load_after = os.getloadavg()
        header.append(("load average (1 min) before / after", f"{load_before[0]:.2f} / {load_after[0]:.2f}"))
        header.append(("wall time of this run", f"{time.perf_counter() - began_all:,.0f} s"))
        report(title, setup_rows + rows, comparisons, phases, header)
    if not ok:
        sys.exit(1)


if __name__ == "__main__":
    main()
