"""Read answers kept per graph version, with ETags: a pure ASGI middleware (`AnswerCache`) and the store
it keeps (`AnswerStore`).

Every write bumps the graph version (`Graph.version()`), so an answer stored under a version is that
version's answer, and the first request that sees a new version drops the old generation whole. Each
GET answer of the read routes goes out with `ETag: "<version>-<hash of the body>"`, `Cache-Control:
no-cache` (a browser or client may keep it, but asks again with `If-None-Match`, and gets a bodiless
304 while it is still the answer) and `X-Ecograph-Cache: hit|miss`. When the version cannot be read
(Neo4j down), the request goes to the route untouched, which answers 503 itself.

Only the read routes whose answer is a function of the graph, the path and the query string are kept:
not /health (live counts), /viz (a fresh CSP nonce per page), /export (downloads, possibly huge),
/cypher (POST), nor /analytics (graph/analytics keeps its own answers, and may answer stale on purpose).
"""

from __future__ import annotations

import asyncio
import hashlib
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import parse_qsl

import anyio.to_thread
from neo4j.exceptions import DriverError, Neo4jError
from starlette.types import ASGIApp, Message, Receive, Scope, Send

CACHED_PREFIXES = ("/entities", "/paths", "/connections", "/ties", "/sources", "/events")
# Request headers that change an answer, and so are part of its key: no read route looks at one today.
VARY: tuple[bytes, ...] = ()
# Bytes an entry costs beyond its body, headers and key (the objects holding them), roughly.
ENTRY_OVERHEAD = 400
# An answer larger than this share of the budget is served but not kept: one export-sized answer must
# not push out hundreds of small ones.
LARGEST_SHARE = 8

Key = tuple


@dataclass(frozen=True)
class Answer:
    headers: tuple[tuple[bytes, bytes], ...]  # the route's own, ETag and Cache-Control added
    body: bytes
    etag: bytes


def cacheable(path: str) -> bool:
    """
    >>> [cacheable(p) for p in ("/entities", "/entities/org:x/neighbors", "/entitiesx", "/health")]
    [True, True, False, False]
    """
    return any(path == p or path.startswith(p + "/") for p in CACHED_PREFIXES)


def answer_key(path: str, query_string: bytes, headers: Iterable[tuple[bytes, bytes]]) -> Key:
    """What an answer depends on besides the graph: the path, the query's parameters sorted by name
    (repeated ones keep their order, which a route may read) and the VARY headers.

    >>> answer_key("/paths", b"target=b&source=a&types=X&types=Y", []) == answer_key(
    ...     "/paths", b"source=a&types=X&target=b&types=Y", [])
    True
    >>> answer_key("/ties", b"type=X&type=Y", []) == answer_key("/ties", b"type=Y&type=X", [])
    False
    """
    query = parse_qsl(query_string.decode("latin-1"), keep_blank_values=True)
    varying = tuple(sorted((name, value) for name, value in headers if name in VARY))
    return ("GET", path, tuple(sorted(query, key=lambda pair: pair[0])), varying)


def entity_tag(version: int, body: bytes) -> bytes:
    return f'"{version}-{hashlib.blake2b(body, digest_size=16).hexdigest()}"'.encode()


def matches(if_none_match: bytes | None, etag: bytes) -> bool:
    """If-None-Match compares weakly: a `W/` tag matches, and `*` matches any answer.

    >>> matches(b'"1-ab", W/"2-cd"', b'"2-cd"'), matches(b"*", b'"3-ef"'), matches(b'"1-ab"', b'"1-ac"')
    (True, True, False)
    >>> matches(b"W/*", b'"3-ef"')
    False
    """
    if not if_none_match:
        return False
    tags = [tag.strip() for tag in if_none_match.split(b",")]
    return b"*" in tags or etag in {tag.removeprefix(b"W/") for tag in tags}


def _cost(key: Key, answer: Answer) -> int:
    return (
        ENTRY_OVERHEAD + len(answer.body) + sum(len(n) + len(v) for n, v in answer.headers) + len(repr(key))
    )


class AnswerStore:
    """The answers of one graph version, least recently used dropped first past `capacity` bytes.

    Used from the event loop only (one thread), so it takes no lock.

    >>> store = AnswerStore(capacity=8 * 1000)
    >>> store.put(1, ("a",), Answer((), b"x" * 100, b'"1-x"'))  # a version never seen: not kept
    >>> store.get(1, ("a",)) is None
    True
    >>> store.put(1, ("a",), Answer((), b"x" * 100, b'"1-x"'))
    >>> store.get(1, ("a",)).body[:3], len(store)
    (b'xxx', 1)
    >>> store.get(2, ("a",)) is None, len(store)  # a new version drops the old generation
    (True, 0)
    """

    def __init__(self, capacity: int):
        self.capacity = capacity
        self.used = 0
        self.version: int | None = None
        self._answers: OrderedDict[Key, Answer] = OrderedDict()

    def __len__(self) -> int:
        return len(self._answers)

    def get(self, version: int, key: Key) -> Answer | None:
        if version != self.version:
            self._answers.clear()
            self.used, self.version = 0, version
            return None
        answer = self._answers.get(key)
        if answer is not None:
            self._answers.move_to_end(key)
        return answer

    def put(self, version: int, key: Key, answer: Answer) -> None:
        """Keep `answer` if it is of the current version (a slow request's answer of an older version
        is not) and small enough."""
        cost = _cost(key, answer)
        if version != self.version or cost > self.capacity // LARGEST_SHARE:
            return
        previous = self._answers.pop(key, None)
        if previous is not None:
            self.used -= _cost(key, previous)
        self._answers[key] = answer
        self.used += cost
        while self.used > self.capacity:
            old_key, old = self._answers.popitem(last=False)
            self.used -= _cost(old_key, old)


_OURS = (b"etag", b"cache-control", b"x-ecograph-cache")


class SharedVersionReads:
    """Requests that arrive together share one read of the graph version, never one that began before
    they arrived (it could miss a write committed since): while a read runs, newcomers wait for the
    next one, which starts when it ends. Under load that is one read for a handful of requests,
    not one each. None when Neo4j cannot be reached."""

    def __init__(self) -> None:
        self._next: asyncio.Future[int | None] | None = None
        self._running = False
        self._task: asyncio.Task | None = None  # held: the loop keeps only a weak reference

    async def read(self, graph) -> int | None:
        if self._next is None:
            self._next = asyncio.get_running_loop().create_future()
        batch = self._next
        if not self._running:
            self._start(graph)
        return await asyncio.shield(batch)

    def _start(self, graph) -> None:
        batch, self._next, self._running = self._next, None, True
        assert batch is not None
        self._task = asyncio.get_running_loop().create_task(self._run(graph, batch))

    async def _run(self, graph, batch: asyncio.Future[int | None]) -> None:
        try:
            batch.set_result(await anyio.to_thread.run_sync(graph.version))
        except (DriverError, Neo4jError, OSError):
            batch.set_result(None)
        except Exception as exc:  # no waiter is left hanging; they fail as the route would have
            batch.set_exception(exc)
        finally:
            if not batch.done():
                batch.cancel()
            self._running = False
            if self._next is not None:
                self._start(graph)


class AnswerCache:
    """The middleware: GET answers of the read routes from the store, or from the route and then kept."""

    def __init__(self, app: ASGIApp, megabytes: float):
        self.app = app
        self.store = AnswerStore(int(megabytes * 2**20))
        self.versions = SharedVersionReads()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "GET" or not cacheable(scope["path"]):
            await self.app(scope, receive, send)
            return
        if any(name == b"x-api-key" for name, _ in scope["headers"]):  # its route checks the key
            await self.app(scope, receive, send)
            return
        version = await self._version(scope)
        if version is None:
            await self.app(scope, receive, send)
            return
        key = answer_key(scope["path"], scope["query_string"], scope["headers"])
        answer, outcome = self.store.get(version, key), b"hit"
        if answer is None:
            answer, outcome = await self._ask_route(scope, receive, send, version), b"miss"
            if answer is None:  # not a 200: already sent as the route gave it
                return
            self.store.put(version, key, answer)
        ours = [(b"etag", answer.etag), (b"cache-control", b"no-cache"), (b"x-ecograph-cache", outcome)]
        if matches(dict(scope["headers"]).get(b"if-none-match"), answer.etag):
            await send({"type": "http.response.start", "status": 304, "headers": ours})
            await send({"type": "http.response.body", "body": b""})
            return
        headers = [*answer.headers, *ours]
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": answer.body})

    async def _version(self, scope: Scope) -> int | None:
        graph = scope["app"].state.graph
        return None if graph is None else await self.versions.read(graph)

    async def _ask_route(self, scope: Scope, receive: Receive, send: Send, version: int) -> Answer | None:
        """The route's answer, whole; None when it was not a 200, which then goes out unchanged."""
        messages: list[Message] = []

        async def keep(message: Message) -> None:
            messages.append(message)

        await self.app(scope, receive, keep)
        start = next((m for m in messages if m["type"] == "http.response.start"), None)
        if start is None or start["status"] != 200:
            for message in messages:
                await send(message)
            return None
        body = b"".join(m.get("body", b"") for m in messages if m["type"] == "http.response.body")
        headers = tuple((n, v) for n, v in start.get("headers", ()) if n.lower() not in _OURS)
        return Answer(headers, body, entity_tag(version, body))
