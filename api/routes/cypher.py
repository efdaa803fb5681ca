from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request

from api.auth import Caller, CallerDep
from api.deps import GraphDep, SettingsDep
from api.rate_limit import TooMany
from api.schemas import CypherIn, CypherOut
from graph.cypher_allow import DEFAULT_LIMITS as _LIMITS
from graph.cypher_guard import run_read_only
from graph.records import json_value

router = APIRouter(tags=["cypher"])

_DESCRIPTION = f"""Run a **read-only** Cypher statement with parameters.

**Allowed**: read queries made of MATCH, OPTIONAL MATCH, WHERE, WITH, UNWIND, RETURN, ORDER BY,
SKIP/OFFSET, LIMIT, UNION, `CALL {{ … }}` subqueries and `CALL` of the read-only procedures
(db.labels, db.relationshipTypes, db.propertyKeys, db.schema.*, db.index.fulltext.query*),
with Neo4j's built-in functions. Everything else is refused with 403 before Neo4j sees it:
writes (CREATE, MERGE, SET, DELETE, REMOVE, FOREACH), SHOW and TERMINATE, every other
administration command, LOAD CSV, USE, `IN TRANSACTIONS`, EXPLAIN/PROFILE, other procedures and
user-defined functions. A keyword inside a string, a comment, `backticks`, or used as a property
key, label or map key is just text (as a variable or alias, put it in backticks). Neo4j's own
plan (EXPLAIN) is checked as well.

**Refused with 422 before Neo4j parses it**, because Neo4j's parser hangs on them or Neo4j checks
neither memory nor its timeout inside one expression (a single `RETURN` can exhaust its heap):

- more than {_LIMITS.length:,} characters, brackets nested deeper than {_LIMITS.depth},
  more than {_LIMITS.operators:,} operators or {_LIMITS.arithmetic} arithmetic ones (Neo4j's parser
  stalls on a few hundred `+ x`); `;` (one statement at a time);
- `range()` anywhere but `UNWIND range(…) AS x` (which streams rows and is stopped by the timeout)
  with bounds other than integer literals or parameters, or building more than
  {_LIMITS.values:,} values counting enclosing iterations; a comprehension, `reduce()` or
  `all/any/none/single()` over more elements than that;
- an iteration over a list of unknown size nested in another one unless it walks something
  derived from the enclosing element (`[p IN paths | [n IN nodes(p) | n.name]]` is fine);
- `reduce()` whose accumulator appears twice or inside a function/bracket (it can double each
  step), that contains `replace()`, or whose steps² × growth exceeds {_LIMITS.reduce_work:,};
- `replace()` with an empty search string, inside `replace()`, or growing text past
  {_LIMITS.chars:,} characters; literals and parameters adding more than {_LIMITS.chars:,}
  characters to one statement, or more than {_LIMITS.per_element:,} per element of an unknown list;
- parameters nested deeper than {_LIMITS.param_depth}, integers outside 64 bits, strings over
  {_LIMITS.param_string:,} characters ({_LIMITS.param_chars:,} in all), lists or maps over
  {_LIMITS.param_items:,} entries ({_LIMITS.param_values:,} values in all).

Each message names the limit and where (line, column, offset; or the parameter's path).

It runs in a READ transaction that the server stops after `ECOGRAPH_CYPHER_TIMEOUT_S` (10 s) or
once it holds more than `ECOGRAPH_CYPHER_MEMORY_MB` (256 MiB) of heap (422 saying which). At most
`ECOGRAPH_CYPHER_ROW_LIMIT` (1000) rows come back, with `truncated`. Each caller (a person signed in or
by key, else the client address) gets `ECOGRAPH_CYPHER_RATE_PER_MIN` (60) statements a
minute and `ECOGRAPH_CYPHER_CONCURRENT` (2) at once; beyond, 429 with `Retry-After`.
"""


def _caller_key(request: Request, caller: Caller | None) -> str:
    """Whose budget a statement counts against: the signed-in person or key (known to api/auth.py,
    so a made-up key is a 401, not a fresh budget), else the client's address."""
    if caller is not None:
        return "person:" + caller.name
    return "ip:" + (request.client.host if request.client else "unknown")


@router.post(
    "/cypher",
    response_model=CypherOut,
    description=_DESCRIPTION,
    responses={
        403: {"description": "Not a read query: a write, an administration command, a procedure or "
              "function off the list"},
        422: {"description": "Over a limit (size, nesting, operators, expression work, parameters), "
              "does not parse, or was stopped: too slow or too much memory"},
        429: {"description": "Too many statements from this caller; `Retry-After` says when to retry"},
    },
)  # fmt: skip
def post_cypher(
    body: CypherIn, request: Request, graph: GraphDep, settings: SettingsDep, who: CallerDep
):
    limiter, caller = request.app.state.cypher_limiter, _caller_key(request, who)
    try:
        limiter.enter(caller)
    except TooMany as exc:
        raise HTTPException(429, str(exc), headers={"Retry-After": str(exc.retry_after_s)}) from exc
    try:
        result = run_read_only(
            graph,
            body.query,
            body.params,
            timeout_s=settings.ecograph_cypher_timeout_s,
            row_limit=settings.ecograph_cypher_row_limit,
            memory_cap_bytes=settings.ecograph_cypher_memory_mb * 2**20,
            limits=_LIMITS,
        )
    finally:
        limiter.leave(caller)
    return {
        "columns": result.columns,
        "rows": [json_value(row) for row in result.rows],
        "truncated": result.truncated,
    }
