from __future__ import annotations

from fastapi import APIRouter

from api.deps import DatabaseDep, DriverDep
from api.schemas import CypherIn, CypherOut
from graph.cypher_guard import run_read_only
from graph.records import json_value

router = APIRouter(tags=["cypher"])

ROW_LIMIT = 1000
TIMEOUT_S = 10.0


@router.post(
    "/cypher", response_model=CypherOut, responses={403: {"description": "Not a read-only statement"}}
)
def post_cypher(body: CypherIn, driver: DriverDep, database: DatabaseDep):
    """Run a **read-only** Cypher statement with parameters.

    Neo4j's own plan (EXPLAIN) must say the statement only reads; writes, schema and admin commands,
    LOAD CSV and procedures outside a small read-only list are refused with 403 and change nothing.
    It runs in a READ transaction with a 10 s server-side timeout; at most 1000 rows come back.
    """
    result = run_read_only(
        driver, database, body.query, body.params, timeout_s=TIMEOUT_S, row_limit=ROW_LIMIT
    )
    return {
        "columns": result.columns,
        "rows": [json_value(row) for row in result.rows],
        "truncated": result.truncated,
    }
