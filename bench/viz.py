"""How the explorer page scales: render time, page weight, time until settled, and responsiveness.

    .venv/bin/python bench/viz.py [--sizes 500 2000 5000] [--runs 3] [--json bench/results/viz.json]

Graphs come from a seeded, skewed-degree generator (preferential attachment, about 3 ties per
entity, tie types allowed by the model), dated as the API dates them: events have a start date, ties
a valid_from, or only a first report (first_seen), or nothing. Each page is rendered by
viz.render_page and opened in Debian's Chromium; requests are answered from memory (page and
/viz/assets/*), nothing else loads.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import statistics
import sys
import time
from pathlib import Path

# Run as a script, this file's folder comes first on sys.path and its name would hide the viz package.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]

from playwright.sync_api import Page, Route, sync_playwright  # noqa: E402

from graph.model import MODEL  # noqa: E402
from viz import asset_bytes, media_type, render_page  # noqa: E402
from viz.assets import SCRIPTS, STYLESHEETS  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ORIGIN = "http://127.0.0.1:9"  # never contacted: every request is fulfilled by the route below
KIND_SHARE = {"Organization": 0.55, "Person": 0.25, "Place": 0.12, "Event": 0.08}
SYLLABLES = ["ma", "ré", "tech", "lab", "sud", "nova", "inno", "port", "bio", "cité", "ox", "ter"]


def generate(n: int, *, ties_per_node: int = 3, seed: int = 1) -> tuple[list[dict], list[dict]]:
    """A preferential-attachment graph in the API's shapes: a few hubs, many small actors."""
    rng = random.Random(seed)
    kinds = rng.choices(list(KIND_SHARE), weights=list(KIND_SHARE.values()), k=n)
    nodes = [
        {
            "id": f"{MODEL.kinds[kind].prefix}:n{i}",
            "name": "".join(rng.choices(SYLLABLES, k=rng.randint(2, 4))).title() + f" {i}",
            "kind": kind,
            "labels": sorted(MODEL.kinds[kind].labels)[:1],
            "aliases": [],
            "description": None,
            **(_event_dates(rng) if kind == "Event" else {}),
        }
        for i, kind in enumerate(kinds)
    ]
    types_for = {
        (a, b): [
            t.name for t in MODEL.ties.values() if a in t.from_kinds and b in t.to_kinds and t.provenance
        ]
        for a in KIND_SHARE
        for b in KIND_SHARE
    }
    edges: list[dict] = []
    attachment: list[int] = [0]  # each index once per tie end: picking from it favours hubs
    for i in range(1, n):
        for j in {rng.choice(attachment) for _ in range(ties_per_node)}:
            a, b = (i, j) if types_for[(kinds[i], kinds[j])] else (j, i)
            options = types_for[(kinds[a], kinds[b])]
            if not options:
                continue
            tie_type = rng.choice(options)
            edges.append(_tie(len(edges), tie_type, nodes[a]["id"], nodes[b]["id"], rng))
            attachment += [i, j]
        attachment.append(i)
    degree: dict[str, int] = {}
    for edge in edges:
        for end in (edge["source"], edge["target"]):
            degree[end] = degree.get(end, 0) + 1
    top = max(degree.values())
    for node in nodes:
        node["score"] = degree.get(node["id"], 0) / top
    return nodes, edges


YEARS = range(2005, 2025)


def _month(rng: random.Random) -> str:
    return f"{rng.choice(YEARS)}-{rng.randint(1, 12):02d}"


def _event_dates(rng: random.Random) -> dict:
    day = f"{_month(rng)}-{rng.randint(1, 28):02d}"
    return {"start_date": day, "end_date": day, "date_precision": "day"}


def _tie_dates(rng: random.Random) -> dict:
    """Six ties in ten with a validity start (one of those also an end), three only first reported."""
    draw = rng.random()
    if draw < 0.6:
        start = _month(rng)
        end = f"{int(start[:4]) + rng.randint(1, 6)}-{start[5:]}" if draw < 0.15 else None
        return {"valid_from": start, "valid_to": end, "first_seen": None}
    return {"valid_from": None, "valid_to": None, "first_seen": _month(rng) if draw < 0.9 else None}


def _tie(index: int, tie_type: str, source: str, target: str, rng: random.Random) -> dict:
    candidate = rng.random() < 0.15
    return {
        **_tie_dates(rng),
        "id": f"tie:{index}",
        "type": tie_type,
        "source": source,
        "target": target,
        "directed": MODEL.ties[tie_type].directed,
        "confidence": round(rng.uniform(0.5, 1.0), 2),
        "status": "candidate" if candidate else "accepted",
        "stage": "planned" if candidate and rng.random() < 0.3 else None,
        "properties": {},
        "sources": [
            {
                "id": f"src:{index % 97}",
                "title": f"Article {index % 97}",
                "url": f"https://example.org/articles/{index % 97}",
                "publisher": "Example Press",
                "published": "2017-12-07",
                "evidence": "A short paraphrase of what the article says about this tie.",
            }
        ],
    }


def degree_answer(nodes: list[dict], edges: list[dict]) -> str:
    """What /analytics/centrality?metric=degree&top=1000 would answer for this graph (its shape)."""
    ranked = sorted(nodes, key=lambda n: -n["score"])[:1000]
    return json.dumps(
        {
            "items": [{key: n[key] for key in ("id", "name", "kind", "score")} for n in ranked],
            "method": {"function": "networkx.degree_centrality", "arguments": {}},
            "graph": {"filters": {"statuses": ["accepted"]}, "nodes": len(nodes), "edges": len(edges)},
        }
    )


def _serve(page: Page, html: str, centrality: str = "{}") -> None:
    def answer(route: Route) -> None:
        path = route.request.url.removeprefix(ORIGIN).split("?")[0]
        if path == "/bench.html":
            route.fulfill(status=200, body=html, content_type="text/html; charset=utf-8")
        elif path == "/analytics/centrality":
            route.fulfill(status=200, body=centrality, content_type="application/json")
        elif path.startswith("/viz/assets/"):
            name = path.removeprefix("/viz/assets/")
            route.fulfill(status=200, body=asset_bytes(name), content_type=media_type(name))
        else:
            route.abort()

    page.route("**/*", answer)


def _redraw_ms(page: Page, move: str) -> float:
    """Time from a camera move to the end of the redraw it causes."""
    return page.evaluate(
        """(move) => new Promise((resolve) => {
            const net = window.ecographExplorer.network;
            const start = performance.now();
            net.once('afterDrawing', () => resolve(performance.now() - start));
            const view = net.getViewPosition(), scale = net.getScale();
            if (move === 'pan') net.moveTo({position: {x: view.x + 300 / scale, y: view.y}, scale: scale});
            else net.moveTo({position: view, scale: scale * 1.6});
        })""",
        move,
    )


def _slider_moves(page: Page, moves: int = 7) -> dict:
    """Moves of the time bar's date across the span (1/8 to 7/8, back and forth): the time the
    page's own handler takes (filtering and the DataSet update), and until the redraw it causes."""
    return page.evaluate(
        """async (moves) => {
            const net = window.ecographExplorer.network;
            const slider = document.getElementById('time-at');
            const low = Number(slider.min), high = Number(slider.max);
            const handler = [], drawn = [], shown = [];
            for (let i = 0; i < moves; i++) {
                const share = [1, 7, 3, 6, 2, 5, 4][i % 7] / 8;
                slider.value = String(Math.round(low + (high - low) * share));
                const start = performance.now();
                const painted = new Promise((resolve) => net.once('afterDrawing', resolve));
                slider.dispatchEvent(new Event('input', {bubbles: true}));
                handler.push(performance.now() - start);
                await painted;
                drawn.push(performance.now() - start);
                shown.push(window.ecographExplorer.shownNodeIds().length);
            }
            /* the DataSet path the bar avoids: one node's `hidden` through nodes.update, until drawn */
            const dataset = [];
            for (const hidden of [true, false, true, false]) {
                const id = window.ecographExplorer.nodes.getIds()[0];
                const start = performance.now();
                const painted = new Promise((resolve) => net.once('afterDrawing', resolve));
                window.ecographExplorer.nodes.update([{id: id, hidden: hidden}]);
                await painted;
                dataset.push(performance.now() - start);
            }
            const median = (xs) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)];
            return {
                dataset_one_node_ms: median(dataset),
                slider_handler_ms: median(handler),
                slider_drawn_ms: median(drawn),
                slider_drawn_max_ms: Math.max(...drawn),
                slider_shown_min: Math.min(...shown),
                slider_shown_max: Math.max(...shown),
            };
        }""",
        moves,
    )


def _overlay_ms(page: Page) -> dict:
    """Size by degree from the (stubbed) analytics answer until drawn: first with the fetch, then
    back to the page's sizes and to degree again, from the answer the page keeps."""
    return page.evaluate(
        """async () => {
            const net = window.ecographExplorer.network;
            const select = document.getElementById('size-by');
            const legend = document.getElementById('structure-legend');
            let drawn = 0;
            net.on('afterDrawing', () => (drawn = performance.now()));
            const frame = () => new Promise((resolve) => requestAnimationFrame(() => resolve()));
            const pick = async (value) => {
                const start = performance.now();
                select.value = value;
                select.dispatchEvent(new Event('change', {bubbles: true}));
                while (!(legend.dataset.state === 'ready' && legend.dataset.shows === value)) {
                    await new Promise((resolve) => setTimeout(resolve, 5));
                }
                await frame();
                await frame();  // the redraw the update asked for is done by now
                return drawn - start;
            };
            const first = await pick('degree');
            const back = await pick('');
            const warm = await pick('degree');
            return {overlay_first_ms: first, overlay_back_ms: back, overlay_warm_ms: warm};
        }"""
    )


def _click_to_panel_ms(page: Page) -> float:
    node_id, x, y = page.evaluate(
        """() => {
            const net = window.ecographExplorer.network;
            const box = document.querySelector('#graph canvas').getBoundingClientRect();
            const positions = net.getPositions();
            let best = null;
            for (const [id, p] of Object.entries(positions)) {  // the node drawn nearest the middle
                const d = net.canvasToDOM(p);
                const off = Math.hypot(d.x - box.width / 2, d.y - box.height / 2);
                if (!best || off < best[0]) best = [off, id, box.left + d.x, box.top + d.y];
            }
            return best.slice(1);
        }"""
    )
    start = time.perf_counter()
    page.mouse.click(x, y)
    page.locator("#panel").wait_for(state="visible")
    elapsed = (time.perf_counter() - start) * 1000
    shown = page.locator("#panel h2").inner_text()
    assert shown, f"the panel opened empty for {node_id}"
    return elapsed


def measure(page: Page, n: int) -> dict:
    nodes, edges = generate(n)
    start = time.perf_counter()
    html = render_page(nodes, edges, title=f"bench {n}", page="graph")
    render_ms = (time.perf_counter() - start) * 1000
    standalone = render_page(nodes, edges, title=f"bench {n}", page="graph", assets="inline")
    assets = sum(len(asset_bytes(name)) for name in (*SCRIPTS, *STYLESHEETS))

    _serve(page, html, degree_answer(nodes, edges))
    start = time.perf_counter()
    page.goto(f"{ORIGIN}/bench.html")
    page.wait_for_function("() => document.body.dataset.stable === 'true'", polling="raf", timeout=180_000)
    stable_ms = (time.perf_counter() - start) * 1000
    result = {
        "nodes": n,
        "edges": len(edges),
        "server_layout": not json.loads(_options(html))["physics"]["enabled"],
        "render_ms": render_ms,
        "html_bytes": len(html.encode()),
        "html_gzip_bytes": len(gzip.compress(html.encode(), compresslevel=6)),
        "served_bytes": len(html.encode()) + assets,
        "standalone_bytes": len(standalone.encode()),
        "stable_ms": stable_ms,
        "pan_ms": statistics.median(_redraw_ms(page, "pan") for _ in range(5)),
        "zoom_ms": statistics.median(_redraw_ms(page, "zoom") for _ in range(3)),
    }
    page.evaluate("() => window.ecographExplorer.network.fit({animation: false})")
    result["click_to_panel_ms"] = _click_to_panel_ms(page)
    result.update(_slider_moves(page))
    result.update(_overlay_ms(page))
    page.unroute("**/*")
    return result


def _options(html: str) -> str:
    marker = '<script type="application/json" id="ecograph-data">'
    data = json.loads(html.split(marker, 1)[1].split("</script>", 1)[0])
    return json.dumps(data["vis"]["options"])


def median_of(runs: list[dict]) -> dict:
    """One row per size: the median of each measured figure over the runs."""
    return {key: statistics.median_low(run[key] for run in runs) for key in runs[0]}


def report(results: list[dict]) -> None:
    head = (
        f"{'nodes':>6} {'edges':>6} {'layout':>7} {'render':>8} {'html':>8} {'gzip':>8} {'+assets':>8}"
        f" {'alone':>8} {'stable':>8} {'pan':>7} {'zoom':>7} {'click':>7} {'slider':>7} {'drawn':>7}"
    )
    print(head)
    print("-" * len(head))
    for r in results:
        print(
            f"{r['nodes']:>6} {r['edges']:>6} {'server' if r['server_layout'] else 'browser':>7}"
            f" {r['render_ms']:>6.0f}ms {r['html_bytes'] / 1e6:>6.2f}MB {r['html_gzip_bytes'] / 1e6:>6.2f}MB"
            f" {r['served_bytes'] / 1e6:>6.2f}MB {r['standalone_bytes'] / 1e6:>6.2f}MB"
            f" {r['stable_ms']:>6.0f}ms {r['pan_ms']:>5.0f}ms {r['zoom_ms']:>5.0f}ms"
            f" {r['click_to_panel_ms']:>5.0f}ms"
            f" {r['slider_handler_ms']:>5.0f}ms {r['slider_drawn_ms']:>5.0f}ms"
        )
        print(
            f"{'':>6} slider: slowest move {r['slider_drawn_max_ms']:.0f}ms until drawn,"
            f" {r['slider_shown_min']:,}-{r['slider_shown_max']:,} of {r['nodes']:,} entities shown;"
            f" until drawn / pan x{r['slider_drawn_ms'] / max(r['pan_ms'], 0.1):.1f};"
            f" one node hidden through the DataSet {r['dataset_one_node_ms']:.0f}ms"
            f" (x{r['dataset_one_node_ms'] / max(r['slider_drawn_ms'], 0.1):.1f} a whole move)"
        )
        print(
            f"{'':>6} size by degree: {r['overlay_first_ms']:.0f}ms (fetched),"
            f" back {r['overlay_back_ms']:.0f}ms, again {r['overlay_warm_ms']:.0f}ms (kept answer)"
        )
    base = results[0]
    print(f"\nratios against {base['nodes']} nodes:")
    for r in results[1:]:
        size = r["nodes"] / base["nodes"]
        print(
            f"  {r['nodes']:>5} nodes (x{size:.0f}): render x{r['render_ms'] / base['render_ms']:.1f},"
            f" html x{r['html_bytes'] / base['html_bytes']:.1f},"
            f" stable x{r['stable_ms'] / base['stable_ms']:.1f},"
            f" pan x{r['pan_ms'] / max(base['pan_ms'], 0.1):.1f},"
            f" click x{r['click_to_panel_ms'] / base['click_to_panel_ms']:.1f},"
            f" slider x{r['slider_drawn_ms'] / max(base['slider_drawn_ms'], 0.1):.1f}"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[500, 2000, 5000])
    parser.add_argument("--runs", type=int, default=3, help="runs per size; the median is reported")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args(argv)
    results = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for n in args.sizes:
            runs = []
            for _ in range(args.runs):
                context = browser.new_context(viewport={"width": 1400, "height": 860})
                runs.append(measure(context.new_page(), n))
                context.close()
            results.append(median_of(runs))
        browser.close()
    report(results)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(results, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
