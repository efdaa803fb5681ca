"""Read-only Cypher for analysts: a statement runs only if our own allow-list (graph/cypher_allow.py)
accepts it before Neo4j parses it, and then Neo4j's own plan says it only reads.

The driver's READ access mode is routing, not access control, so the second check is: EXPLAIN the
statement, accept only a read-only plan (query type "r") made of operators that touch nothing
outside the graph (no LOAD CSV, no SHOW or TERMINATE, no procedure outside the read-only list), then
run it in a READ transaction with a server-side timeout and a memory cap, keeping at most
`row_limit` rows.

The memory cap: Neo4j Community only has a per-transaction limit for *every* transaction
(`db.memory.transaction.max`), which would also cap the loader's one-transaction imports. So the
statement's transaction is tagged, and a watch polls Neo4j's own estimate of its heap use
(SHOW TRANSACTIONS) and has the server terminate it past the cap. Neo4j's global transaction pool
(70% of the heap by default) still stops anything the watch is too slow to see.
"""

from __future__ import annotations

import logging
import re
import secrets
import threading
from dataclasses import dataclass

from neo4j import Driver, Query
from neo4j.exceptions import ClientError, CypherSyntaxError, Neo4jError, TransientError
from neo4j.graph import Node, Path

from graph import cypher_allow, queries
from graph.cypher_allow import DEFAULT_LIMITS, READ_ONLY_PROCEDURES, Limits
from graph.db import is_out_of_memory
from graph.errors import Forbidden, InvalidInput
from graph.store import Graph

log = logging.getLogger(__name__)

FORBIDDEN_OPERATORS = (
    "LoadCSV",
    "Create",
    "Merge",
    "Delete",
    "SetProperty",
    "SetLabels",
    "RemoveLabels",
    "SetNodeProperty",
    "SetRelationshipProperty",
    "Foreach",
    "TransactionApply",
    "TransactionForeach",
    "EmptyResult",
    "Show",  # SHOW TRANSACTIONS/SETTINGS/…: their plan is a "read" but exposes other clients' queries
    "Terminate",
)


@dataclass
class CypherResult:
    columns: list[str]
    rows: list[dict]
    truncated: bool


def _operators(plan: dict) -> list[dict]:
    found = [plan]
    for child in plan.get("children") or []:
        found += _operators(child)
    return found


_EXPLAIN = "EXPLAIN "
_POSITION = re.compile(r"\(line (\d+), column (\d+) \(offset: (\d+)\)\)")


def _as_typed(message: str) -> str:
    """Neo4j's syntax error about `EXPLAIN <statement>`, told about the statement as the analyst typed it.

    >>> _as_typed("Invalid input (line 1, column 18 (offset: 17))")
    'Invalid input (line 1, column 10 (offset: 9))'
    """
    found = _POSITION.search(message)
    if not found:
        return message
    line, column, offset = (int(group) for group in found.groups())
    shift = len(_EXPLAIN)
    column = column - shift if line == 1 else column
    message = _POSITION.sub(f"(line {line}, column {column} (offset: {offset - shift}))", message, count=1)
    if line == 1:
        message = message.replace('"' + _EXPLAIN, '"', 1).replace("\n" + " " * shift, "\n", 1)
    return message


def check_read_only(driver: Driver, database: str, statement: str, params: dict) -> None:
    """Raise Forbidden unless the statement's plan only reads the graph; InvalidInput if it does not parse."""
    text = statement.strip()
    if not text:
        raise InvalidInput([("query", "empty statement")])
    try:
        with driver.session(database=database, default_access_mode="READ") as session:
            summary = session.run(Query(_EXPLAIN + text, timeout=10), params).consume()
    except CypherSyntaxError as exc:
        raise InvalidInput([("query", _as_typed(exc.message or str(exc)))]) from exc
    except ClientError as exc:
        # Administration commands, writes routed to a read session and the like land here.
        raise Forbidden(f"refused: {exc.message or exc.code}") from exc
    if summary.query_type != "r":
        raise Forbidden(
            f"refused: only read-only statements are allowed (this one is {summary.query_type!r})"
        )
    for operator in _operators(summary.plan or {}):
        name = str(operator.get("operatorType", "")).split("@")[0]
        if any(name.startswith(bad) for bad in FORBIDDEN_OPERATORS):
            raise Forbidden(f"refused: the plan contains {name}")
        if name == "ProcedureCall":
            details = str((operator.get("args") or {}).get("Details", "")).lower()
            procedure = details.split("(")[0].strip()
            if procedure not in READ_ONLY_PROCEDURES:
                raise Forbidden(f"refused: procedure {procedure or '?'} is not on the read-only list")


class MemoryWatch:
    """Has Neo4j terminate the transaction tagged `token` once its estimated heap use passes the cap."""

    def __init__(self, driver: Driver, database: str, cap_bytes: int, *, interval_s: float = 0.02):
        self.token = secrets.token_hex(12)
        self.cap_bytes = cap_bytes
        self.used_bytes: int | None = None  # set when the watch terminated the transaction
        self._driver, self._database, self._interval_s = driver, database, interval_s
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._watch, name="cypher-memory-watch", daemon=True)

    def __enter__(self) -> MemoryWatch:
        self._thread.start()
        return self

    def __exit__(self, *_) -> None:
        self._done.set()
        self._thread.join()

    @property
    def tripped(self) -> bool:
        return self.used_bytes is not None

    def _watch(self) -> None:
        try:
            with self._driver.session(database=self._database) as session:
                # A statement that ends within the first interval is never polled.
                while not self._done.wait(self._interval_s):
                    for record in session.run(queries.TRANSACTION_MEMORY, token=self.token):
                        used = record["bytes"] or 0
                        if used > self.cap_bytes:
                            session.run(queries.TERMINATE_TRANSACTIONS, ids=[record["id"]]).consume()
                            self.used_bytes = used
                            return
        except Neo4jError as exc:  # e.g. a user not allowed to list transactions on an external server
            log.warning("the /cypher memory watch stopped: %s", exc.message or exc)


def _mebibytes(count: int) -> str:
    return f"{count / 2**20:,.0f} MiB"


def _refuse_private(value) -> None:
    """An unlabelled MATCH reaches people and sessions too: no answer may carry one of those nodes
    or a map with their keys (`properties(n)`)."""
    if isinstance(value, Node):
        if value.labels & queries.PRIVATE_LABELS:
            raise Forbidden("refused: the answer holds a person or a session, which are not readable here")
    elif isinstance(value, Path):
        for node in value.nodes:
            _refuse_private(node)
    elif isinstance(value, dict):
        if queries.PRIVATE_KEYS & value.keys():
            raise Forbidden("refused: the answer holds a person's or a session's key hash")
        for item in value.values():
            _refuse_private(item)
    elif isinstance(value, list):
        for item in value:
            _refuse_private(item)


def run_read_only(
    graph: Graph,
    statement: str,
    params: dict | None = None,
    *,
    timeout_s: float = 10.0,
    row_limit: int = 1000,
    memory_cap_bytes: int = 256 * 2**20,
    limits: Limits = DEFAULT_LIMITS,
) -> CypherResult:
    params = params or {}
    cypher_allow.check(statement, params, limits)
    driver, database = graph.driver, graph.database
    check_read_only(driver, database, statement, params)

    def work(tx):
        result = tx.run(statement, params)
        columns = list(result.keys())
        rows: list[dict] = []
        for record in result:
            if len(rows) == row_limit:
                return columns, rows, True
            row = dict(record)
            _refuse_private(row)
            rows.append(row)
        return columns, rows, False

    watch = MemoryWatch(driver, database, memory_cap_bytes)
    try:
        with driver.session(database=database, default_access_mode="READ") as session, watch:
            tx = session.begin_transaction(timeout=timeout_s, metadata={"ecograph_watch": watch.token})
            try:
                columns, rows, truncated = work(tx)
            finally:
                tx.rollback()
    except ClientError as exc:
        raise InvalidInput([("query", _refusal(exc, watch, timeout_s))]) from exc
    except TransientError as exc:
        if not is_out_of_memory(exc):
            raise
        raise InvalidInput([("query", _refusal(exc, watch, timeout_s))]) from exc
    return CypherResult(columns, rows, truncated)


def _refusal(exc: Neo4jError, watch: MemoryWatch, timeout_s: float) -> str:
    """What to tell the analyst when Neo4j stopped the statement, or refused it while running."""
    if watch.tripped:
        return (
            f"stopped: the statement needed more than {_mebibytes(watch.cap_bytes)} of memory "
            f"(about {_mebibytes(watch.used_bytes or 0)} when it was stopped); "
            "aggregate, add a LIMIT or narrow the match"
        )
    if is_out_of_memory(exc):
        return f"stopped: the statement needed more memory than Neo4j allows ({exc.message})"
    if "TransactionTimedOut" in (exc.code or ""):
        return f"stopped: the statement ran longer than {timeout_s:g} s; narrow the match or add a LIMIT"
    return exc.message or str(exc)
