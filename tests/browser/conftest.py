"""Browser fixtures: Debian's Chromium through Playwright, a watched page, and a tiny local site.

`browser_page` works with any server on 127.0.0.1 (the tiny site here, or the real API): it records
every request, aborts those to any other host, and collects console errors, page errors and dialogs;
call `assert_clean()` at the end of a test. `viz_site` serves rendered pages, /viz/assets/* and stubs.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Dialog, Page, Request, Route, sync_playwright

from graph.model import fold
from tests.browser import sample_graph
from tests.browser.tinyserver import TinySite

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
LOCAL_HOSTS = {"127.0.0.1"}
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


@pytest.fixture(scope="session")
def chromium() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@dataclass
class BrowserSession:
    page: Page
    requests: list[str] = field(default_factory=list)
    external_requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def screenshot(self, name: str) -> Path:
        ARTIFACTS.mkdir(exist_ok=True)
        path = ARTIFACTS / f"{re.sub(r'[^A-Za-z0-9_.-]+', '-', name)}.png"
        self.page.screenshot(path=str(path))
        return path

    def wait_stable(self, timeout_ms: int = 30_000) -> None:
        """Until the explorer says its layout has settled (physics off, nothing moves any more)."""
        # a function, not an expression: Playwright evals expressions, which the page's CSP forbids
        self.page.wait_for_function("() => document.body.dataset.stable === 'true'", timeout=timeout_ms)

    # ---- the explorer, through its read-only test hook (window.ecographExplorer) ----

    def node_point(self, node_id: str) -> tuple[float, float]:
        """Where `node_id` is drawn, in page coordinates."""
        point = self.page.evaluate(
            """(id) => {
                const net = window.ecographExplorer.network;
                const dom = net.canvasToDOM(net.getPositions([id])[id]);
                const box = document.querySelector('#graph canvas').getBoundingClientRect();
                return [box.left + dom.x, box.top + dom.y];
            }""",
            node_id,
        )
        return point[0], point[1]

    def edge_point(self, edge_id: str) -> tuple[float, float]:
        """A point on `edge_id` (curved edges leave their chord): searched with network.getEdgeAt."""
        point = self.page.evaluate(
            """(id) => {
                const net = window.ecographExplorer.network;
                const [from, to] = net.getConnectedNodes(id);
                const p = net.getPositions([from, to]);
                const a = net.canvasToDOM(p[from]), b = net.canvasToDOM(p[to]);
                const len = Math.hypot(b.x - a.x, b.y - a.y), nx = (a.y - b.y) / len, ny = (b.x - a.x) / len;
                const box = document.querySelector('#graph canvas').getBoundingClientRect();
                for (const t of [0.5, 0.4, 0.6, 0.3, 0.7]) {
                    for (let off = 0; off <= len / 2; off += 2) {
                        for (const side of [1, -1]) {
                            const q = {
                                x: a.x + (b.x - a.x) * t + side * off * nx,
                                y: a.y + (b.y - a.y) * t + side * off * ny,
                            };
                            if (net.getEdgeAt(q) === id && net.getNodeAt(q) === undefined) {
                                return [box.left + q.x, box.top + q.y];
                            }
                        }
                    }
                }
                return null;
            }""",
            edge_id,
        )
        assert point, f"edge {edge_id} is not drawn anywhere clickable"
        return point[0], point[1]

    def click_node(self, node_id: str, *, double: bool = False) -> None:
        x, y = self.node_point(node_id)
        if double:
            self.page.mouse.dblclick(x, y)
        else:
            self.page.mouse.click(x, y)

    def drawn_node_ids(self) -> set[str]:
        """The nodes on the canvas now (filters and expansions applied)."""
        return set(self.page.evaluate("Object.keys(window.ecographExplorer.network.getPositions())"))

    def painted_pixels(self, at_least: int = 1, timeout_s: float = 5.0) -> int:
        """How many pixels of the graph canvas are not transparent, once at least `at_least` are (the
        last frame may still be on its way when the layout reports stable, on a busy machine)."""
        deadline = time.monotonic() + timeout_s
        painted = self._painted()
        while painted < at_least and time.monotonic() < deadline:
            time.sleep(0.1)
            painted = self._painted()
        return painted

    def _painted(self) -> int:
        return self.page.evaluate(
            """() => {
                const canvas = document.querySelector('#graph canvas');
                const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
                let painted = 0;
                for (let i = 3; i < pixels.length; i += 4) if (pixels[i] > 0) painted++;
                return painted;
            }"""
        )

    def assert_clean(self) -> None:
        assert self.external_requests == [], f"requests left 127.0.0.1: {self.external_requests}"
        assert self.console_errors == [], f"console errors: {self.console_errors}"
        assert self.page_errors == [], f"page errors: {self.page_errors}"
        assert self.dialogs == [], f"dialogs opened: {self.dialogs}"


@pytest.fixture
def browser_page(chromium: Browser) -> Iterator[BrowserSession]:
    context = chromium.new_context(viewport={"width": 1400, "height": 860}, locale="fr-FR")
    page = context.new_page()
    session = BrowserSession(page=page)

    def route(route: Route, request: Request) -> None:
        session.requests.append(request.url)
        if request.url.startswith("data:") or urlsplit(request.url).hostname in LOCAL_HOSTS:
            route.continue_()
        else:
            session.external_requests.append(request.url)
            route.abort()

    def console(message: ConsoleMessage) -> None:
        if message.type == "error":
            session.console_errors.append(message.text)

    def dialog(box: Dialog) -> None:
        session.dialogs.append(box.message)
        box.dismiss()

    context.route("**/*", route)
    page.on("console", console)
    page.on("pageerror", lambda error: session.page_errors.append(str(error)))
    page.on("dialog", dialog)
    yield session
    context.close()


@pytest.fixture
def viz_site(tmp_path: Path) -> Iterator[TinySite]:
    site = TinySite(tmp_path).start()
    yield site
    site.stop()


def _search(nodes: list[dict]):
    def answer(path: str, query: dict[str, list[str]]) -> tuple[int, object]:
        q = fold(query.get("q", [""])[0])
        limit = int(query.get("limit", ["10"])[0])
        hits = [n for n in nodes if any(q in fold(name) for name in [n["name"], *n["aliases"]])]
        items = [{"id": n["id"], "name": n["name"], "kind": n["kind"]} for n in hits[:limit]]
        return 200, {"items": items, "total": len(hits)}

    return answer


def _neighbors(nodes: list[dict], edges: list[dict]):
    by_id = {n["id"]: n for n in nodes}

    def answer(path: str, query: dict[str, list[str]]) -> tuple[int, object]:
        entity_id = path.removeprefix("/entities/").removesuffix("/neighbors")
        if entity_id not in by_id:
            return 404, {"detail": f"no entity {entity_id}"}
        ties = [e for e in edges if entity_id in (e["source"], e["target"])]
        ids = {entity_id} | {e["source"] for e in ties} | {e["target"] for e in ties}
        return 200, {"nodes": [by_id[i] for i in sorted(ids)], "edges": ties}

    return answer


@pytest.fixture
def sample_api(viz_site: TinySite) -> TinySite:
    """The tiny site answering /entities and /entities/{id}/neighbors from the sample graph."""
    nodes = sample_graph.NODES + sample_graph.HIDDEN_NODES
    edges = sample_graph.EDGES + sample_graph.HIDDEN_EDGES
    viz_site.stub("/entities", _search(nodes))
    viz_site.stub("/entities/", _neighbors(nodes, edges))
    return viz_site
