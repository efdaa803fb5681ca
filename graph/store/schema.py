"""Constraints and indexes (idempotent), and bringing an older store up to what the reads expect."""

from __future__ import annotations

import logging
from functools import reduce

from neo4j import Driver

from graph import queries
from graph.dates import tie_period
from graph.db import WRITE_RETRY_S
from graph.model import MODEL
from graph.search import KEYS_VERSION, search_props
from graph.store.writes import merged_props

BATCH = 10_000
log = logging.getLogger(__name__)


def apply_schema(driver: Driver, database: str) -> None:
    with driver.session(database=database, max_transaction_retry_time=WRITE_RETRY_S) as session:
        for statement in [*queries.SCHEMA, *queries.ACCESS_SCHEMA]:
            session.run(statement).consume()
        folded = _add_tie_id_constraints(session)
        session.run(queries.AWAIT_INDEXES).consume()
        if folded + _add_tie_periods(session) + _add_search_keys(session):
            session.run(queries.BUMP_VERSION).consume()  # answers cached before the backfill are stale


def _add_tie_id_constraints(session) -> int:
    """One tie id per type, enforced by Neo4j. A store from before the constraint may hold the same
    id twice (writers that raced): those copies are folded into one first, as corroboration would
    have made them, or the constraint could not be created. The copies folded."""
    have = {r["name"] for r in session.run(queries.TIE_ID_CONSTRAINTS)}
    plain = {r["name"] for r in session.run(queries.PLAIN_TIE_ID_INDEXES)}
    all_folded = 0
    for tie_type in MODEL.provenance_types:
        name = queries.tie_id_name(tie_type)
        if name in have:
            continue
        folded = _fold_duplicates(session, tie_type)
        if folded:
            log.warning("%s: folded %d duplicate ties into the ones they repeat", tie_type, folded)
        all_folded += folded
        if name in plain:  # the index before the constraint: the constraint brings its own
            session.run(queries.drop_index(name)).consume()
        session.run(queries.tie_id_constraint(tie_type)).consume()
    return all_folded


def _fold_duplicates(session, tie_type: str) -> int:
    """Each group of same-id ties becomes its first copy holding every copy's sources and evidence
    (graph/merging.py); the other copies are deleted, in one transaction. The copies removed."""

    def work(tx) -> int:
        keep, drop = [], []
        for group in tx.run(queries.duplicate_ties(tie_type)):
            first, *rest = sorted(group["copies"], key=lambda c: (len(c["element_id"]), c["element_id"]))
            props = reduce(lambda a, b: merged_props(tie_type, a, b["props"]), rest, first["props"])
            keep.append({"element_id": first["element_id"], "props": props})
            drop += [c["element_id"] for c in rest]
        if keep:
            tx.run(queries.UPDATE_TIES, rows=keep).consume()
            tx.run(queries.DELETE_TIES, element_ids=drop).consume()
        return len(drop)

    return session.execute_write(work)


def _add_tie_periods(session) -> int:
    """Ties written before periods were stored (graph/dates.py `tie_period`) get theirs; how many."""
    done = 0
    while True:
        rows = session.run(queries.TIES_WITHOUT_PERIOD, limit=BATCH).data()
        if not rows:
            return done
        done += len(rows)
        for row in rows:
            row["props"] = dict(
                zip(
                    MODEL.tie_internal_fields,
                    tie_period(row.pop("valid_from"), row.pop("first_seen"), row.pop("valid_to")),
                    strict=True,
                )
            )
        session.run(queries.UPDATE_TIES, rows=rows).consume()


def _add_search_keys(session) -> int:
    """Entities written before the current search keys (graph/search.py) get them; how many."""
    done = 0
    while True:
        found = session.run(queries.ENTITIES_WITHOUT_SEARCH_KEYS, version=KEYS_VERSION, limit=BATCH).data()
        if not found:
            return done
        done += len(found)
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
