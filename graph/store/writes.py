"""The write side: a whole document in one transaction, and review decisions.

Each batch first locks and reads what is stored for its ids, merges in Python (graph/merging.py),
then writes complete property maps: new ties are CREATEd, known ones updated by element id. No
statement reads what it writes, so Neo4j plans no Eager step, and the summary can say which ties
were new and which were corroborated.

Writers may run at once (two imports, a document, a review). A known tie is locked before it is read,
so corroborations of it queue up and each reads the one before. A new tie is guarded by the tie id
constraint (graph/store/schema.py): when another writer created the same id first, our CREATE waits
for it to commit and fails, and the whole document is written again, now corroborating that tie.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from neo4j import ManagedTransaction, Transaction
from neo4j.exceptions import ConstraintError, TransientError

from graph import changes, queries
from graph.db import WRITE_RETRY_S, is_out_of_memory
from graph.errors import InvalidInput
from graph.merging import alias_props, merged_aliases, merged_tie
from graph.model import MODEL
from graph.search import search_props
from graph.store.rows import entity_rows, source_rows, tie_rows, with_period

if TYPE_CHECKING:
    from graph.store import Graph

BATCH = 5000
# A deadlock with a concurrent writer, or a tie id it created first, is retried; anything else fails
# at once. Each constraint retry follows another writer's commit, so five cover four writers at once.
WRITE_ATTEMPTS = 5
_TOO_LARGE = (
    "nothing was written: these {rows:,} entities and ties do not fit in one Neo4j transaction's memory; "
    "split the file, or give Neo4j more heap (ECOGRAPH_NEO4J_HEAP for the embedded default)"
)


@dataclass
class WriteSummary:
    sources: int = 0
    entities: int = 0
    ties: int = 0
    mentions: int = 0
    version: int = 0
    by_type: dict[str, int] = field(default_factory=dict)
    tie_ids: list[str] = field(default_factory=list)  # the id of each tie written, in the order given
    created: list[str] = field(default_factory=list)  # ids of the ties this write created
    corroborated: list[str] = field(default_factory=list)  # ids of known ties it added sources to


Step = Callable[[Transaction, list[dict], WriteSummary], None]


def _write_entities(statement: str) -> Step:
    def write(tx: Transaction, rows: list[dict], _: WriteSummary) -> None:
        stored = {
            r["id"]: r.data() for r in tx.run(queries.EXISTING_ALIASES, ids=[row["id"] for row in rows])
        }
        merged = []
        for row in rows:
            known = stored.get(row["id"]) or {}
            aliases = merged_aliases(known.get("aliases"), row["aliases"])
            props = {**row["props"], **alias_props(aliases)}
            description = props.get("description") or known.get("description")
            props |= search_props(props["name"], aliases, props["kind"], props.get("labels", ()), description)
            merged.append({"id": row["id"], "props": props})
        tx.run(statement, rows=merged).consume()

    return write


def merged_props(tie_type: str, stored: dict, new: dict) -> dict:
    # The key property (a title) stays as first written: the tie's id was made from it.
    key = MODEL.ties[tie_type].key
    props = merged_tie(stored, new, keep=(key,) if key else ())
    props.pop("id", None)
    return with_period({k: v for k, v in props.items() if v is not None})


def _write_ties(tie_type: str) -> Step:
    def write(tx: Transaction, rows: list[dict], summary: WriteSummary) -> None:
        ids = sorted({row["id"] for row in rows})  # one lock order for every writer: fewer deadlocks
        tx.run(queries.lock_ties(tie_type), ids=ids).consume()
        stored = {r["id"]: r for r in tx.run(queries.existing_ties(tie_type), ids=ids)}
        fresh: dict[str, dict] = {}
        known: dict[str, dict] = {}
        for row in rows:
            if row["id"] in fresh:  # the same tie twice in one batch: merge into the first
                before = fresh[row["id"]]
                fresh[row["id"]] = {**before, "props": merged_props(tie_type, before["props"], row["props"])}
            elif row["id"] in stored:
                found = known.get(row["id"]) or stored[row["id"]]
                props = merged_props(tie_type, found["props"], row["props"])
                known[row["id"]] = {"element_id": found["element_id"], "props": props}
            else:
                fresh[row["id"]] = row
        if fresh:
            tx.run(queries.create_ties(tie_type), rows=list(fresh.values())).consume()
        if known:
            tx.run(queries.UPDATE_TIES, rows=list(known.values())).consume()
        summary.created += list(fresh)
        summary.corroborated += list(known)

    return write


def _write_mentions(tx: Transaction, rows: list[dict], _: WriteSummary) -> None:
    tx.run(queries.UPSERT_MENTIONS, rows=rows).consume()


def _is_tie_id_clash(exc: ConstraintError) -> bool:
    """A concurrent writer created one of our ties first (Neo4j names the relationship and its id)."""
    message = exc.message or ""
    return message.startswith("Relationship(") and "property `id`" in message


class Writer:
    def __init__(self, graph: Graph):
        self._graph = graph

    def document(
        self,
        *,
        sources: list[dict],
        entities: list[dict],
        ties: list[dict],
        mentions: list[dict] | None = None,
        published: dict[str, str | None] | None = None,
        progress: Callable[[int], None] | None = None,
    ) -> WriteSummary:
        """Write everything in ONE transaction: a failure anywhere leaves the database as it was.

        `published` maps every cited source id to its publication date (for first_seen/last_seen).
        `progress` is called with the number of rows written after each batch; a transaction written
        again (a concurrent writer's tie came first, or a deadlock) first takes back what it reported.
        """
        published = published or {s["id"]: s.get("published") for s in sources}
        plan: list[tuple[Step, list[dict]]] = []
        if sources:
            plan.append((_write_entities(queries.upsert_entities("Source", ())), source_rows(sources)))
        for (kind, labels), rows in entity_rows(entities).items():
            plan.append((_write_entities(queries.upsert_entities(kind, labels)), rows))
        by_type = {}
        groups, tie_ids = tie_rows(ties, published)
        for tie_type, rows in groups.items():
            plan.append((_write_ties(tie_type), rows))
            by_type[tie_type] = len(rows)
        if mentions:
            plan.append((_write_mentions, mentions))

        reported = 0

        def report(rows: int) -> None:
            nonlocal reported
            if progress and rows:
                progress(rows)
                reported += rows

        def work(tx: Transaction) -> WriteSummary:
            report(-reported)
            summary = WriteSummary(
                sources=len(sources),
                entities=len(entities),
                ties=len(ties),
                mentions=len(mentions or []),
                by_type=by_type,
                tie_ids=tie_ids,
            )
            change = changes.DocumentChange(
                tx, sources=sources, entities=entities, ties=ties, tie_groups=groups, mentions=mentions
            )
            for write, rows in plan:
                for start in range(0, len(rows), BATCH):
                    chunk = rows[start : start + BATCH]
                    write(tx, chunk, summary)
                    report(len(chunk))
            summary.version = int(tx.run(queries.BUMP_VERSION).single(strict=True)["version"])
            change.record(tx, summary)
            return summary

        # Our own retries rather than execute_write's: a transaction that does not fit in Neo4j's memory
        # (which can surface at commit) must fail at once, not be retried for 30 seconds.
        attempt = 0
        with self._graph.driver.session(database=self._graph.database) as session:
            while True:
                attempt += 1
                try:
                    with session.begin_transaction() as tx:
                        summary = work(tx)
                        tx.commit()
                    return summary
                except ConstraintError as exc:
                    if not _is_tie_id_clash(exc) or attempt == WRITE_ATTEMPTS:
                        raise
                except TransientError as exc:
                    if is_out_of_memory(exc):
                        problem = _TOO_LARGE.format(rows=len(entities) + len(ties))
                        raise InvalidInput([("import", problem)]) from exc
                    if attempt == WRITE_ATTEMPTS:
                        raise
                    time.sleep(attempt * random.uniform(0.5, 1.0))  # jittered: deadlocked pairs part

    def set_tie_status(self, tie_id: str, status: str, at: str, *, reason: str | None = None) -> bool:
        """A review decision; False when no tie has that id."""

        def work(tx: ManagedTransaction) -> bool:
            before = changes.tie_review_state(tx, tie_id)
            found = tx.run(queries.SET_TIE_STATUS, id=tie_id, status=status, at=at).single()
            if found is not None and before is not None:
                tx.run(queries.BUMP_VERSION).consume()
                changes.record_review(tx, tie_id, before=before, status=status, at=at, reason=reason)
            return found is not None

        with self._graph.driver.session(
            database=self._graph.database, max_transaction_retry_time=WRITE_RETRY_S
        ) as session:
            return session.execute_write(work)
