"""Every GET route once, on a running API serving the synthetic ecosystem: which ones stay quick at scale.

Load the graph first (same sizes and seed as the other benches), serve it, then point this at it:

    python bench/generate.py --entities 100000 --ties 300000 --seed 0 --out eco.json
    ecograph ingest file eco.json && ecograph serve --port 8000 &
    python bench/routes.py --url http://127.0.0.1:8000 --document eco.json

The ids asked about come from the document: the biggest hub, an entity with three ties, the second
hub, the first event and the first source. Each route is called `--repeat` times after one warm-up
call; the table gives the median time and the size of the answer. Analytics are left to bench/api.py.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from collections import Counter
from pathlib import Path

import httpx
from rich.console import Console
from rich.table import Table


def subjects(document: dict) -> dict[str, str]:
    degree: Counter = Counter()
    for tie in document["ties"]:
        degree[tie["source"]] += 1
        degree[tie["target"]] += 1
    (hub, _), (second, _) = degree.most_common(2)
    small = next(e["id"] for e in document["entities"] if degree[e["id"]] == 3)
    pair = next(e["id"] for e in document["entities"] if degree[e["id"]] == 3 and e["id"] != small)
    event = next(e["id"] for e in document["entities"] if e["kind"] == "Event")
    return {
        "hub": hub,
        "second": second,
        "small": small,
        "pair": pair,
        "event": event,
        "source": document["sources"][0]["id"],
        "name": document["entities"][0]["name"],
    }


def routes(s: dict[str, str]) -> list[tuple[str, dict]]:
    return [
        ("/health", {}),
        ("/entities", {"q": s["name"]}),
        (f"/entities/{s['hub']}", {}),
        (f"/entities/{s['small']}", {}),
        (f"/entities/{s['hub']}/neighbors", {"depth": 1}),
        (f"/entities/{s['small']}/neighbors", {"depth": 3}),
        (f"/entities/{s['hub']}/timeline", {}),
        ("/paths", {"source": s["small"], "target": s["hub"], "max_hops": 6}),
        ("/paths", {"source": s["small"], "target": s["pair"], "max_hops": 6, "k": 5}),
        ("/connections", {"a": s["hub"], "b": s["second"]}),
        ("/ties", {"source": s["hub"]}),
        ("/sources", {}),
        (f"/sources/{s['source']}", {}),
        ("/events", {}),
        ("/events", {"actor": s["hub"]}),
        ("/ties/conflicts", {}),
        ("/export", {"format": "json", "entity": s["small"], "depth": 2}),
        ("/viz", {}),
        (f"/viz/entity/{s['hub']}", {}),
    ]


def shown(text: str, chosen: dict[str, str]) -> str:
    """A path or query with the ids it names written as {hub}, {small}…, so the table stays narrow."""
    for role, value in chosen.items():
        if role != "name":
            text = text.replace(value, "{" + role + "}")
    return text


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="http://127.0.0.1:8000")
    parser.add_argument("--document", type=Path, required=True, help="the generated JSON that was loaded")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    chosen = subjects(json.loads(args.document.read_text(encoding="utf-8")))

    table = Table(title=f"GET routes on {args.url}, median of {args.repeat} after one warm-up call")
    for column in ("route", "query", "status", "ms", "bytes"):
        table.add_column(column, justify="right" if column in ("status", "ms", "bytes") else "left")
    with httpx.Client(base_url=args.url, timeout=600) as client:
        for path, query in routes(chosen):
            client.get(path, params=query)
            times, response = [], None
            for _ in range(args.repeat):
                began = time.perf_counter()
                response = client.get(path, params=query)
                times.append(time.perf_counter() - began)
            table.add_row(
                shown(path, chosen),
                shown(" ".join(f"{k}={v}" for k, v in query.items()), chosen),
                str(response.status_code),
                f"{statistics.median(times) * 1000:,.0f}",
                f"{len(response.content):,}",
            )
    Console().print(table)


if __name__ == "__main__":
    main()
