"""The history of writes: every import, document and review decision is one `:Change` node, written in
the same transaction as the write itself (graph/store/writes.py calls in), so both land or neither.

A change keeps what a revert needs: `before` holds the complete stored state of everything it
touched that existed (properties and labels of entities, properties and ends of ties), `after` what
it created and what it updated (ids), and for imports and documents the content hash and counts.
Entities and ties a change created carry its id as `created_by`.

Who is acting comes from `ACTOR`: api/auth.py sets it for each authorised write request; a write
without it (the command line) is recorded as the local system user.
"""

from __future__ import annotations

import getpass
import hashlib
import json
import uuid
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from neo4j import ManagedTransaction, Transaction

from graph import queries

if TYPE_CHECKING:
    from graph.store.writes import WriteSummary

ACTOR: ContextVar[str | None] = ContextVar("ecograph_actor", default=None)
REVIEW_ACTIONS = {"accepted": "accept", "retracted": "reject"}

Tx = Transaction | ManagedTransaction


def actor() -> str:
    return ACTOR.get() or f"local:{getpass.getuser()}"


def _text(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def _write_change(
    tx: Tx,
    *,
    action: str,
    entities: list[str],
    ties: list[str],
    before: dict,
    after: dict,
    reason: str | None,
) -> str:
    change_id = f"change:{uuid.uuid4().hex}"
    version = tx.run(queries.GRAPH_VERSION).single(strict=True)["version"]
    props = {
        "id": change_id,
        "at": datetime.now(UTC).isoformat(timespec="microseconds"),
        "version": version,
        "actor": actor(),
        "action": action,
        "entities": entities,
        "ties": ties,
        "before": _text(before),
        "after": _text(after),
        "reason": reason,
    }
    tx.run(queries.CREATE_CHANGE, props={k: v for k, v in props.items() if v is not None}).consume()
    return change_id


class DocumentChange:
    """Call when the write's transaction begins (it reads what is stored), then `record` at its end."""

    def __init__(
        self,
        tx: Tx,
        *,
        sources: list[dict],
        entities: list[dict],
        ties: list[dict],
        tie_groups: dict[str, list[dict]],
        mentions: list[dict] | None,
    ):
        self.action = "document" if mentions is not None else "import"
        self.entity_ids = list(dict.fromkeys([*(s["id"] for s in sources), *(e["id"] for e in entities)]))
        self.tie_types = {row["id"]: tie_type for tie_type, rows in tie_groups.items() for row in rows}
        self.entities_before = {
            r["id"]: {"labels": sorted(r["labels"]), "props": r["props"]}
            for r in tx.run(queries.ENTITY_STATES, ids=self.entity_ids)
        }
        self.ties_before: dict[str, dict] = {}
        for tie_type, rows in tie_groups.items():
            for r in tx.run(queries.tie_states(tie_type), ids=[row["id"] for row in rows]):
                self.ties_before[r["id"]] = {
                    "type": tie_type,
                    "source": r["source"],
                    "target": r["target"],
                    "props": r["props"],
                }
        hashes = [s["content_hash"] for s in sources if s.get("content_hash")]
        if self.action == "document" and len(hashes) == 1:
            self.content_hash = hashes[0]
        else:  # an import: the hash of what it carried, independent of the file's layout
            carried = _text({"sources": sources, "entities": entities, "ties": ties})
            self.content_hash = "sha256:" + hashlib.sha256(carried.encode()).hexdigest()

    def record(self, tx: Tx, summary: WriteSummary) -> str:
        created_entities = [i for i in self.entity_ids if i not in self.entities_before]
        created_ties = list(dict.fromkeys(summary.created))
        after = {
            "created": {"entities": created_entities, "ties": created_ties},
            "updated": {
                "entities": [i for i in self.entity_ids if i in self.entities_before],
                "ties": list(dict.fromkeys(summary.corroborated)),
            },
            "content_hash": self.content_hash,
            "counts": {
                "sources": summary.sources,
                "entities": summary.entities,
                "ties": summary.ties,
                "mentions": summary.mentions,
                "created_ties": len(created_ties),
                "corroborated_ties": len(set(summary.corroborated)),
            },
        }
        change_id = _write_change(
            tx,
            action=self.action,
            entities=self.entity_ids,
            ties=list(dict.fromkeys(summary.tie_ids)),
            before={"entities": self.entities_before, "ties": self.ties_before},
            after=after,
            reason=None,
        )
        tx.run(queries.MARK_ENTITIES_CREATED, ids=created_entities, change=change_id).consume()
        by_type: dict[str, list[str]] = {}
        for tie_id in created_ties:
            by_type.setdefault(self.tie_types[tie_id], []).append(tie_id)
        for tie_type, ids in by_type.items():
            tx.run(queries.mark_ties_created(tie_type), ids=ids, change=change_id).consume()
        return change_id


def record_review(
    tx: Tx, tie_id: str, *, before: dict, status: str, at: str, reason: str | None = None
) -> str:
    """A review decision on one tie: its status and review time before and after."""
    kept = ("status", "reviewed_at")
    return _write_change(
        tx,
        action=REVIEW_ACTIONS[status],
        entities=[],
        ties=[tie_id],
        before={"ties": {tie_id: {k: before.get(k) for k in kept}}},
        after={"ties": {tie_id: {"status": status, "reviewed_at": at}}},
        reason=reason,
    )


def as_item(stored: dict) -> dict:
    """A stored change as GET /changes shows it."""
    return {
        "id": stored["id"],
        "at": stored["at"],
        "actor": stored["actor"],
        "action": stored["action"],
        "targets": [*stored.get("entities", []), *stored.get("ties", [])],
        "before": json.loads(stored["before"]),
        "after": json.loads(stored["after"]),
        "reason": stored.get("reason"),
    }


def tie_review_state(tx: Tx, tie_id: str) -> dict | None:
    found = tx.run(queries.TIE_REVIEW_STATE, id=tie_id).single()
    return None if found is None else found.data()


def history(
    graph,
    *,
    entity: str | None = None,
    tie: str | None = None,
    actor: str | None = None,
    action: str | None = None,
    since: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> dict:
    """Changes newest first, filtered, one page of them with the total."""
    filters = {"entity": entity, "tie": tie, "actor": actor, "action": action, "since": since}
    rows = graph.query(queries.CHANGES, **filters, limit=limit, offset=offset)
    [total] = graph.query(queries.CHANGE_TOTAL, **filters)
    return {"items": [as_item(r["change"]) for r in rows], "total": total["total"]}
