"""Read-only Cypher for analysts: a statement runs only if Neo4j's own plan says it only reads.

The driver's READ access mode is routing, not access control, so the check is: EXPLAIN the statement,
accept only a read-only plan (query type "r") made of operators that touch nothing outside the graph
(no LOAD CSV, no procedure outside a small read-only allow-list), then run it in a READ transaction
with a server-side timeout, keeping at most `row_limit` rows.
"""

from __future__ import annotations

from dataclasses import dataclass

from neo4j import Driver, Query
from neo4j.exceptions import ClientError, CypherSyntaxError

from graph.errors import Forbidden, InvalidInput

READ_ONLY_PROCEDURES = frozenset(
    {
        "db.labels",
        "db.relationshiptypes",
        "db.propertykeys",
        "db.index.fulltext.querynodes",
        "db.index.fulltext.queryrelationships",
        "db.schema.visualization",
        "db.schema.nodetypeproperties",
        "db.schema.reltypeproperties",
    }
)
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


def check_read_only(driver: Driver, database: str, statement: str, params: dict) -> None:
    """Raise Forbidden unless the statement's plan only reads the graph; InvalidInput if it does not parse."""
    text = statement.strip()
    if not text:
        raise InvalidInput([("query", "empty statement")])
    try:
        with driver.session(database=database, default_access_mode="READ") as session:
            summary = session.run(Query("EXPLAIN " + text, timeout=10), params).consume()
    except CypherSyntaxError as exc:
        raise InvalidInput([("query", exc.message or str(exc))]) from exc
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


def run_read_only(
    driver: Driver,
    database: str,
    statement: str,
    params: dict | None = None,
    *,
    timeout_s: float = 10.0,
    row_limit: int = 1000,
) -> CypherResult:
    params = params or {}
    check_read_only(driver, database, statement, params)

    def work(tx):
        result = tx.run(statement, params)
        columns = list(result.keys())
        rows = []
        for record in result:
            if len(rows) == row_limit:
                return columns, rows, True
            rows.append(dict(record))
        return columns, rows, False

    try:
        with driver.session(database=database, default_access_mode="READ") as session:
            tx = session.begin_transaction(timeout=timeout_s)
            try:
                columns, rows, truncated = work(tx)
            finally:
                tx.rollback()
    except ClientError as exc:
        raise InvalidInput([("query", exc.message or str(exc))]) from exc
    return CypherResult(columns, rows, truncated)
