from __future__ import annotations

from fastapi import APIRouter

from api.deps import GraphDep, SettingsDep
from api.schemas import CypherIn, CypherOut
from graph.cypher_guard import run_read_only
from graph.records import json_value

router = APIRouter(tags=["cypher"])


@router.post(
    "/cypher",
    response_model=CypherOut,
    responses={
        403: {"description": "Not a read-only statement"},
        422: {"description": "Does not parse, or was stopped: too slow or too much memory"},
    },
)
def post_cypher(body: CypherIn, graph: GraphDep, settings: SettingsDep):
    """Run a **read-only** Cypher statement with parameters.

    Neo4j's own plan (EXPLAIN) must say the statement only reads; writes, schema and admin commands,
    LOAD CSV and procedures outside a small read-only list are refused with 403 and change nothing.

    It runs in a READ transaction that the server stops after `ECOGRAPH_CYPHER_TIMEOUT_S` (10 s) or
    once it holds more than `ECOGRAPH_CYPHER_MEMORY_MB` (256 MiB) of heap; both answer 422 saying
    which limit was hit. At most `ECOGRAPH_CYPHER_ROW_LIMIT` (1000) rows come back, with `truncated`.
    """
    result = run_read_only(
        graph,
        body.query,
        body.params,
        timeout_s=settings.ecograph_cypher_timeout_s,
        row_limit=settings.ecograph_cypher_row_limit,
        memory_cap_bytes=settings.ecograph_cypher_memory_mb * 2**20,
    )
    return {
        "columns": result.columns,
        "rows": [json_value(row) for row in result.rows],
        "truncated": result.truncated,
    }
