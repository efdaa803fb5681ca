"""The write routes never block the event loop, and their bodies and error lists are bounded
(issue 12 item 4), against a real server and the real Neo4j."""

from __future__ import annotations

import io
import json
import select
import socket
import threading
from collections.abc import Iterable, Iterator

import httpx
import pytest

from api.main import create_app
from api.routes import imports
from tests.conftest import TEST_API_KEY, Server, free_port

pytestmark = pytest.mark.integration
KEY = {"X-API-Key": TEST_API_KEY}


@pytest.fixture
def app(settings, db):
    return create_app(settings)


@pytest.fixture
def server(app) -> Iterator[Server]:
    with Server(app, free_port()) as running:
        yield running


def _document(ties: int) -> bytes:
    orgs = [{"id": f"org:loop-{i:04d}", "name": f"Loop {i:04d}", "kind": "Organization"} for i in range(50)]
    return json.dumps(
        {
            "sources": [{"id": "src:loop", "title": "Loop"}],
            "entities": orgs,
            "ties": [
                {
                    "source": orgs[i % 50]["id"],
                    "target": orgs[(i + 1) % 50]["id"],
                    "type": "PARTNERS_WITH",
                    "sources": ["src:loop"],
                    "evidence": "said",
                    "properties": {"n": i},
                }
                for i in range(ties)
            ],
        }
    ).encode()


def test_health_and_reads_answer_while_imports_are_being_written(app, server) -> None:
    """Three imports at once: two hold the writer pool (api/offload.py), the third waits for a writer,
    and /health and a read still answer beside them."""
    started, release = threading.Semaphore(0), threading.Event()
    writing: list[int] = []
    graph = app.state.graph
    real = graph.write.document

    def held(**rows):  # the real write, once the test has seen /health answer during it
        writing.append(1)
        started.release()
        assert release.wait(60)
        return real(**rows)

    graph.write.document = held
    responses: list[httpx.Response] = []

    def post() -> None:
        files = {"file": ("big.json", _document(2000), "application/json")}
        responses.append(httpx.post(f"{server.url}/import", files=files, headers=KEY, timeout=120))

    importers = [threading.Thread(target=post) for _ in range(3)]
    for importer in importers:
        importer.start()
    try:
        assert started.acquire(timeout=60) and started.acquire(timeout=60)
        health = httpx.get(f"{server.url}/health", timeout=30)
        entities = httpx.get(f"{server.url}/entities", params={"q": "loop"}, timeout=30)
        assert all(importer.is_alive() for importer in importers)  # the loop answered beside them
        assert len(writing) == 2  # the third waits for a writer
    finally:
        release.set()
        for importer in importers:
            importer.join(120)
    assert health.status_code == 200 and health.json()["ties"] == 0
    assert entities.status_code == 200
    assert [r.status_code for r in responses] == [200, 200, 200], [r.text for r in responses]
    assert [r.json()["ties"] for r in responses] == [2000, 2000, 2000]
    assert len(writing) == 3


def _raw(server: Server, path: str, length: str, body_chunks: Iterable[bytes] = ()) -> tuple[bytes, int]:
    """Send a multipart request's head (`length`: its Content-Length or Transfer-Encoding line), then
    body chunks until the server answers; (its answer, chunks sent)."""
    head = (
        f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nX-API-Key: {TEST_API_KEY}\r\n"
        f"Content-Type: multipart/form-data; boundary=xyz\r\n{length}\r\n\r\n"
    )
    sent = 0
    port = int(server.url.rsplit(":", 1)[1])
    with socket.create_connection(("127.0.0.1", port), timeout=30) as sock:
        sock.sendall(head.encode())
        for chunk in body_chunks:
            if select.select([sock], [], [], 0)[0]:
                break
            try:
                sock.sendall(chunk)
            except (BrokenPipeError, ConnectionResetError):
                break
            sent += 1
        answer = b""
        while b"\r\n\r\n" not in answer or not answer.rstrip().endswith(b"}"):
            data = sock.recv(65536)
            if not data:
                break
            answer += data
    return answer, sent


def _json_body(answer: bytes) -> tuple[int, dict]:
    head, _, body = answer.partition(b"\r\n\r\n")
    status = int(head.split()[1])
    if b"transfer-encoding: chunked" in head.lower():
        body = body.split(b"\r\n", 1)[1].rsplit(b"\r\n0\r\n", 1)[0]
    return status, json.loads(body)


def test_an_oversize_import_is_413_from_its_content_length_before_any_body_is_sent(server) -> None:
    answer, _ = _raw(server, "/import", f"Content-Length: {imports.BODY_CAP + 1}")  # and no byte of it
    status, body = _json_body(answer)
    assert status == 413
    assert body["detail"].startswith("the request body is larger than 209.8 MB")
    assert body["detail"].endswith("the cap of POST /import")


def test_a_chunked_document_is_stopped_once_it_passes_the_cap(server) -> None:
    part = b'--xyz\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\n\r\n'
    block = b"x" * 65536
    chunks = 400  # 26 MB offered, 13 times the cap

    def body() -> Iterator[bytes]:
        yield b"%x\r\n%s\r\n" % (len(part), part)
        for _ in range(chunks):
            yield b"%x\r\n%s\r\n" % (len(block), block)

    answer, sent = _raw(server, "/documents", "Transfer-Encoding: chunked", body())
    status, detail = _json_body(answer)
    assert status == 413, detail
    assert "the cap of POST /documents" in detail["detail"]
    assert sent < chunks  # answered before the rest was sent


def test_an_import_with_5000_errors_lists_the_first_100_and_the_total(http) -> None:
    rows = "name,kind\n" + "".join(f"Thing {i},Alien\n" for i in range(5000))
    files = {"file": ("entities.csv", io.BytesIO(rows.encode()), "text/csv")}
    response = http.post("/import", files=files, headers=KEY)
    assert response.status_code == 422
    body = response.json()
    assert (len(body["detail"]), body["total"], body["summary"]) == (100, 5000, "first 100 errors of 5,000")
    assert body["detail"][0]["where"] == "entities.csv:2.kind"
    assert len(response.content) < 50_000


def test_a_few_errors_are_all_listed_with_their_total(http) -> None:
    files = {"file": ("entities.csv", io.BytesIO(b"name,kind\nA,Alien\nB,Ghost\n"), "text/csv")}
    body = http.post("/import", files=files, headers=KEY).json()
    assert (len(body["detail"]), body["total"], "summary" in body) == (2, 2, False)


def test_an_unauthorised_import_is_refused(http) -> None:
    files = {"file": ("a.json", io.BytesIO(_document(1)), "application/json")}
    assert http.post("/import", files=files).status_code == 401
    assert http.post("/import", files=files, headers={"X-API-Key": "wrong"}).status_code == 401
