"""A tiny HTTP server on 127.0.0.1 for browser tests: rendered pages from a folder, the explorer's
assets from viz.assets, and stub JSON endpoints standing in for the API.

Pages published with a nonce are sent with the Content-Security-Policy the API uses, so a test
also proves the page runs under it.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from viz import assets

CSP = (
    "default-src 'none'; script-src 'self' 'nonce-{nonce}'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)

# A stub gets the decoded path and the query (name -> list of values); returns (status, JSON body).
Stub = Callable[[str, dict[str, list[str]]], tuple[int, object]]


class TinySite:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.nonces: dict[str, str] = {}
        self.stubs: dict[str, Stub] = {}
        self.requests: list[str] = []
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def publish(self, name: str, html: str, *, nonce: str | None = None) -> str:
        """Write a page under the site root; returns its URL."""
        (self.root / name).write_text(html, encoding="utf-8")
        if nonce:
            self.nonces[name] = nonce
        return f"{self.base_url}/{name}"

    def stub(self, path_prefix: str, answer: Stub) -> None:
        """Answer GET requests whose path starts with `path_prefix` (longest prefix wins)."""
        self.stubs[path_prefix] = answer

    def start(self) -> TinySite:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
                site.requests.append(self.path)
                parts = urlsplit(self.path)
                path = unquote(parts.path)
                if path.startswith("/viz/assets/"):
                    self._asset(path.removeprefix("/viz/assets/"))
                    return
                prefix = max((p for p in site.stubs if path.startswith(p)), key=len, default=None)
                if prefix is not None:
                    status, body = site.stubs[prefix](path, parse_qs(parts.query))
                    self._send(status, json.dumps(body).encode(), "application/json")
                    return
                self._page(path.lstrip("/"))

            def _asset(self, name: str) -> None:
                try:
                    self._send(200, assets.asset_bytes(name), assets.media_type(name))
                except assets.UnknownAsset:
                    self._send(404, b"{}", "application/json")

            def _page(self, name: str) -> None:
                file = (site.root / name).resolve()
                if not (file.is_file() and file.parent == site.root.resolve()):
                    self._send(404, b"{}", "application/json")
                    return
                headers = {}
                if name in site.nonces:
                    headers["Content-Security-Policy"] = CSP.format(nonce=site.nonces[name])
                self._send(200, file.read_bytes(), "text/html; charset=utf-8", headers)

            def _send(
                self, status: int, body: bytes, media: str, headers: dict[str, str] | None = None
            ) -> None:
                self.send_response(HTTPStatus(status))
                self.send_header("Content-Type", media)
                self.send_header("Content-Length", str(len(body)))
                self.send_header("Cache-Control", "no-store")
                for key, value in (headers or {}).items():
                    self.send_header(key, value)
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: object) -> None:  # noqa: A002
                pass  # keep test output quiet

        return Handler
