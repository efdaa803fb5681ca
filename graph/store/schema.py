"""Constraints and indexes (idempotent), and bringing an older store up to what the reads expect."""

from __future__ import annotations

from neo4j import Driver

from graph import queries
from graph.dates import tie_period
from graph.model import MODEL
from graph.search import KEYS_VERSION, search_props

BATCH = 10_000


def apply_schema(driver: Driver, database: str) -> None:
    statements = [
        *queries.SCHEMA,
        *(queries.tie_id_index(t) for t in MODEL.provenance_types),
        *queries.ACCESS_SCHEMA,
    ]
    with driver.session(database=database) as session:
        for statement in statements:
            session.run(statement).consume()
        session.run(queries.AWAIT_INDEXES).consume()
        _add_tie_periods(session)
        _add_search_keys(session)


def _add_tie_periods(session) -> None:
    """Ties written before periods were stored (graph/dates.py `tie_period`) get theirs."""
    while True:
        rows = session.run(queries.TIES_WITHOUT_PERIOD, limit=BATCH).data()
        if not rows:
            return
        for row in rows:
            row["props"] = dict(
                zip(
                    MODEL.tie_internal_fields,
                    tie_period(row.pop("valid_from"), row.pop("first_seen"), row.pop("valid_to")),
                    strict=True,
                )
            )
        session.run(queries.UPDATE_TIES, rows=rows).consume()


def _add_search_keys(session) -> None:
    """Entities written before the current search keys (graph/search.py) get them."""
    while True:
        found = session.run(queries.ENTITIES_WITHOUT_SEARCH_KEYS, version=KEYS_VERSION, limit=BATCH).data()
        if not found:
            return
        rows = [
            {
                "id": e["id"],
                "props": search_props(
                    e["name"] or e["id"], e["aliases"] or [], e["kind"], e["labels"] or [], e["description"]
                ),
            }
            for e in found
        ]
        session.run(queries.SET_SEARCH_KEYS, rows=rows).consume()
