"""Runs the queries of graph/queries.py: batched writes in one managed transaction, reads in read ones.

Functions take the driver (injected by the API's lifespan or opened by the CLI) and never build one.
"""

from __future__ import annotations

import json
import time
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from neo4j import Driver, Query, RoutingControl, Transaction
from neo4j.exceptions import ClientError, TransientError

from graph import queries
from graph.db import is_out_of_memory
from graph.errors import InvalidInput, NotFound
from graph.merging import alias_props, merged_aliases, merged_tie
from graph.model import MODEL, fold, make_tie_id, oriented
from graph.records import brief, cite, node_dict, source_dict, tie_dict
from graph.search import lucene_query

BATCH = 5000
WRITE_ATTEMPTS = 3  # a deadlock with a concurrent writer is retried; anything else fails at once
_TOO_LARGE = (
    "nothing was written: these {rows:,} entities and ties do not fit in one Neo4j transaction's memory; "
    "split the file, or give Neo4j more heap (ECOGRAPH_NEO4J_HEAP for the embedded default)"
)
# Entity properties written as given (None values are dropped so they never erase known ones).
_ENTITY_PROPS = tuple(f for f in MODEL.entity_fields if f not in ("labels", "aliases", "facts"))
_TIE_PROPS = tuple(
    f for f in MODEL.tie_fields if f not in ("source", "target", "type", "sources", "evidence")
)


@dataclass
class WriteSummary:
    sources: int = 0
    entities: int = 0
    ties: int = 0
    mentions: int = 0
    version: int = 0
    by_type: dict[str, int] = field(default_factory=dict)


# --- schema and housekeeping ------------------------------------------------------------------------


def apply_schema(driver: Driver, database: str) -> None:
    statements = [*queries.SCHEMA, *(queries.tie_id_index(t) for t in MODEL.ties if t != "MENTIONS")]
    with driver.session(database=database) as session:
        for statement in statements:
            session.run(statement).consume()
        session.run(queries.AWAIT_INDEXES).consume()


def reset(driver: Driver, database: str) -> None:
    with driver.session(database=database) as session:
        session.run(queries.DELETE_ALL).consume()


def graph_version(driver: Driver, database: str) -> int:
    records, _, _ = driver.execute_query(
        queries.GRAPH_VERSION, database_=database, routing_=RoutingControl.READ
    )
    return int(records[0]["version"])


# --- writes ------------------------------------------------------------------------------------------


def period(start: str | None, end: str | None) -> tuple[str | None, str | None]:
    """Comparable first and last day of an ISO date of day, month or year precision.

    >>> period("2017-09", None)
    ('2017-09-01', '2017-09-31')
    >>> period("2017-12-05", "2017-12-06")
    ('2017-12-05', '2017-12-06')
    """
    if not start:
        return None, None
    end = end or start
    first = start + "-01-01"[len(start) - 4 :] if len(start) < 10 else start
    last = end + "-12-31"[len(end) - 4 :] if len(end) < 10 else end
    return first, last


def entity_rows(entities: Iterable[dict]) -> dict[tuple[str, tuple[str, ...]], list[dict]]:
    groups: dict[tuple[str, tuple[str, ...]], list[dict]] = defaultdict(list)
    for entity in entities:
        props = {key: entity[key] for key in _ENTITY_PROPS if entity.get(key) is not None}
        props["labels"] = sorted(entity.get("labels") or [])
        props["name_folded"] = fold(entity["name"])
        if entity.get("facts"):
            props["facts"] = json.dumps(entity["facts"], ensure_ascii=False, sort_keys=True)
        props["period_start"], props["period_end"] = period(entity.get("start_date"), entity.get("end_date"))
        props = {k: v for k, v in props.items() if v is not None}
        row = {
            "id": entity["id"],
            "props": props,
            "aliases": list(dict.fromkeys(entity.get("aliases") or [])),
        }
        groups[(entity["kind"], tuple(props["labels"]))].append(row)
    return groups


def source_rows(sources: Iterable[dict]) -> list[dict]:
    rows = []
    for source in sources:
        props = {k: v for k, v in source.items() if v is not None and k != "id"}
        props.update(kind="Source", name=source.get("title") or source["id"])
        props["name_folded"] = fold(props["name"])
        rows.append({"id": source["id"], "props": props, "aliases": []})
    return rows


def tie_rows(ties: Iterable[dict], published: dict[str, str | None]) -> dict[str, list[dict]]:
    groups: dict[str, list[dict]] = defaultdict(list)
    for tie in ties:
        source, target = oriented(tie["type"], tie["source"], tie["target"])
        extra = dict(tie.get("properties") or {})
        props = {key: tie[key] for key in _TIE_PROPS if tie.get(key) is not None}
        props.update({k: v for k, v in extra.items() if v is not None})
        dates = sorted(d for d in (published.get(s) for s in tie["sources"]) if d)
        props.update(
            sources=list(tie["sources"]),
            evidence=[e or "" for e in tie["evidence"]],
            confidence=float(tie.get("confidence", 1.0)),
            status=tie.get("status") or "accepted",
            first_seen=dates[0] if dates else None,
            last_seen=dates[-1] if dates else None,
        )
        groups[tie["type"]].append(
            {
                "id": make_tie_id(tie["type"], source, target, extra),
                "source": source,
                "target": target,
                "props": props,
            }
        )
    return groups


def _merge_entities(tx: Transaction, rows: list[dict]) -> list[dict]:
    stored = {
        r["id"]: r["aliases"] for r in tx.run(queries.EXISTING_ALIASES, ids=[row["id"] for row in rows])
    }
    out = []
    for row in rows:
        aliases = merged_aliases(stored.get(row["id"]), row["aliases"])
        out.append({"id": row["id"], "props": {**row["props"], **alias_props(aliases)}})
    return out


def _write_entities(statement: str) -> Callable[[Transaction, list[dict]], None]:
    def write(tx: Transaction, rows: list[dict]) -> None:
        tx.run(statement, rows=_merge_entities(tx, rows)).consume()

    return write


def _merged_props(stored: dict, new: dict) -> dict:
    props = merged_tie(stored, new)
    props.pop("id", None)
    return {k: v for k, v in props.items() if v is not None}


def _write_ties(tie_type: str) -> Callable[[Transaction, list[dict]], None]:
    def write(tx: Transaction, rows: list[dict]) -> None:
        ids = [row["id"] for row in rows]
        stored = {r["id"]: r for r in tx.run(queries.existing_ties(tie_type), ids=ids)}
        fresh: dict[str, dict] = {}
        known = []
        for row in rows:
            if row["id"] in fresh:  # the same tie twice in one batch: merge into the first
                before = fresh[row["id"]]
                fresh[row["id"]] = {**before, "props": _merged_props(before["props"], row["props"])}
            elif row["id"] in stored:
                found = stored[row["id"]]
                props = _merged_props(found["props"], row["props"])
                known.append({"element_id": found["element_id"], "props": props})
            else:
                fresh[row["id"]] = row
        if fresh:
            tx.run(queries.create_ties(tie_type), rows=list(fresh.values())).consume()
        if known:
            tx.run(queries.UPDATE_TIES, rows=known).consume()

    return write


def write_document(
    driver: Driver,
    database: str,
    *,
    sources: list[dict],
    entities: list[dict],
    ties: list[dict],
    mentions: list[dict] | None = None,
    published: dict[str, str | None] | None = None,
    progress: Callable[[int], None] | None = None,
) -> WriteSummary:
    """Write everything in ONE transaction: a failure anywhere leaves the database as it was.

    Each batch first reads what is stored for its ids, merges in Python (graph.merging), then writes
    complete property maps (new ties created, known ones updated): no read-after-write inside a
    statement, so Neo4j plans no Eager step.
    `published` maps every cited source id to its publication date (for first_seen/last_seen).
    `progress` is called with the number of rows written after each batch.
    """
    published = published or {s["id"]: s.get("published") for s in sources}
    summary = WriteSummary(
        sources=len(sources), entities=len(entities), ties=len(ties), mentions=len(mentions or [])
    )
    plan: list[tuple[Callable[[Transaction, list[dict]], None], list[dict]]] = []
    if sources:
        plan.append((_write_entities(queries.upsert_entities("Source", ())), source_rows(sources)))
    for (kind, labels), rows in entity_rows(entities).items():
        plan.append((_write_entities(queries.upsert_entities(kind, labels)), rows))
    for tie_type, rows in tie_rows(ties, published).items():
        plan.append((_write_ties(tie_type), rows))
        summary.by_type[tie_type] = len(rows)
    if mentions:
        plan.append((lambda tx, chunk: tx.run(queries.UPSERT_MENTIONS, rows=chunk).consume(), mentions))

    def work(tx: Transaction) -> int:
        for write, rows in plan:
            for start in range(0, len(rows), BATCH):
                chunk = rows[start : start + BATCH]
                write(tx, chunk)
                if progress:
                    progress(len(chunk))
        return int(tx.run(queries.BUMP_VERSION).single()["version"])

    # Our own retries rather than execute_write's: a transaction that does not fit in Neo4j's memory
    # (which can surface at commit) must fail at once, not be retried for 30 seconds.
    with driver.session(database=database) as session:
        for attempt in range(1, WRITE_ATTEMPTS + 1):
            try:
                with session.begin_transaction() as tx:
                    summary.version = work(tx)
                    tx.commit()
                return summary
            except TransientError as exc:
                if is_out_of_memory(exc):
                    problem = _TOO_LARGE.format(rows=summary.entities + summary.ties)
                    raise InvalidInput([("import", problem)]) from exc
                if attempt == WRITE_ATTEMPTS:
                    raise
                time.sleep(attempt)
    return summary


def set_tie_status(driver: Driver, database: str, tie_id: str, status: str, at: str) -> bool:
    records, _, _ = driver.execute_query(
        queries.SET_TIE_STATUS, id=tie_id, status=status, at=at, database_=database
    )
    if records:
        driver.execute_query(queries.BUMP_VERSION, database_=database)
    return bool(records)


# --- reads -------------------------------------------------------------------------------------------


def read(driver: Driver, database: str, query: str | Query, **params: Any) -> list:
    records, _, _ = driver.execute_query(query, params, database_=database, routing_=RoutingControl.READ)
    return records


def counts(driver: Driver, database: str) -> dict[str, int]:
    record = read(driver, database, queries.COUNTS)[0]
    return {"entities": record["entities"], "ties": record["ties"]}


def entities_by_id(driver: Driver, database: str, ids: list[str]) -> dict[str, dict]:
    return {r["n"]["id"]: node_dict(r["n"]) for r in read(driver, database, queries.ENTITIES_BY_ID, ids=ids)}


def existing_kinds(driver: Driver, database: str, ids: list[str]) -> dict[str, str]:
    return {r["id"]: r["kind"] for r in read(driver, database, queries.EXISTING_IDS, ids=ids)}


def entities_named(driver: Driver, database: str, name: str) -> list[dict]:
    return [
        node_dict(r["n"]) for r in read(driver, database, queries.ENTITY_BY_FOLDED_NAME, folded=fold(name))
    ]


def sources_by_id(driver: Driver, database: str, ids: Iterable[str]) -> dict[str, dict]:
    wanted = sorted(set(ids))
    if not wanted:
        return {}
    return {
        r["s"]["id"]: source_dict(r["s"]) for r in read(driver, database, queries.SOURCES_BY_ID, ids=wanted)
    }


def cite_all(driver: Driver, database: str, ties: list[dict]) -> list[dict]:
    sources = sources_by_id(driver, database, (s for tie in ties for s in tie["sources"]))
    return [cite(tie, sources) for tie in ties]


def entity_ties(
    driver: Driver,
    database: str,
    entity_id: str,
    statuses: list[str] | None = None,
    *,
    limit: int,
    offset: int = 0,
) -> list[tuple[dict, dict]]:
    """(tie, other entity) pairs around an entity, by type then the other's name."""
    rows = read(
        driver, database, queries.ENTITY_TIES, id=entity_id, statuses=statuses, limit=limit, offset=offset
    )
    return [(tie_dict(r["r"], r["from_id"], r["to_id"]), node_dict(r["other"])) for r in rows]


def entity_tie_summary(
    driver: Driver, database: str, entity_id: str, statuses: list[str] | None = None
) -> list[dict]:
    """Per tie type around an entity: how many, first and last seen."""
    return [
        dict(r) for r in read(driver, database, queries.ENTITY_TIE_SUMMARY, id=entity_id, statuses=statuses)
    ]


def entity_tie_dates(driver: Driver, database: str, entity_id: str, statuses: list[str]) -> list[dict]:
    """Ids and dates of every tie around an entity, to order a timeline before fetching a page of it."""
    return [
        dict(r) for r in read(driver, database, queries.ENTITY_TIE_DATES, id=entity_id, statuses=statuses)
    ]


def whole_graph(driver: Driver, database: str) -> tuple[list[dict], list[dict]]:
    nodes = [node_dict(r["n"]) for r in read(driver, database, queries.ALL_ENTITIES)]
    edges = [tie_dict(r["r"], r["from_id"], r["to_id"]) for r in read(driver, database, queries.ALL_TIES)]
    return nodes, edges


def known_entities(driver: Driver, database: str) -> list[dict]:
    return [dict(r) for r in read(driver, database, queries.KNOWN_ENTITIES)]


def search(
    driver: Driver,
    database: str,
    text: str,
    *,
    kind: str | None = None,
    label: str | None = None,
    limit: int = 20,
    offset: int = 0,
) -> tuple[list[dict], int]:
    """Ranked hits over names and aliases: exact name, then exact alias, then full-text score."""
    lucene = lucene_query(text)
    if not lucene:
        return [], 0
    try:
        record = read(
            driver,
            database,
            queries.SEARCH,
            lucene=lucene,
            folded=fold(text),
            kind=kind,
            label=label,
            limit=limit,
            offset=offset,
        )[0]
    except ClientError as exc:
        if exc.code != "Neo.ClientError.Procedure.ProcedureCallFailed":
            raise
        problem = f"the full-text index cannot search for this text: {exc.message}"
        raise InvalidInput([("q", problem)]) from exc
    items = [{**node_dict(hit["node"]), "score": round(float(hit["score"]), 4)} for hit in record["page"]]
    return items, int(record["total"])


def resolve_ref(driver: Driver, database: str, ref: str) -> str:
    """An entity id, or a name or alias that means exactly one entity; NotFound with candidates otherwise."""
    return resolve_entity(driver, database, ref)["id"]


def resolve_entity(driver: Driver, database: str, ref: str) -> dict:
    """The entity `ref` names (see resolve_ref), as a record."""
    found = entities_by_id(driver, database, [ref])
    if ref in found:
        return found[ref]
    named = entities_named(driver, database, ref)
    if len(named) == 1:
        return named[0]
    if named:
        raise NotFound(f"{ref!r} names several entities; use an id", [brief(e) for e in named])
    hits, _ = search(driver, database, ref, limit=5)
    raise NotFound(f"no entity with the id, name or alias {ref!r}", [brief(h) for h in hits])


def neighbors(
    driver: Driver,
    database: str,
    entity_id: str,
    *,
    depth: int,
    types: list[str],
    kinds: list[str] | None,
    statuses: list[str],
    limit: int,
    start: str | None = None,
    end: str | None = None,
) -> tuple[list[dict], list[dict], bool]:
    """The ego network; with `start`/`end` (ISO dates), only ties whose span overlaps that period."""
    record = read(
        driver,
        database,
        queries.neighbors(depth, types),
        id=entity_id,
        kinds=kinds,
        statuses=statuses,
        limit=limit,
        **{"from": start, "to": end},
    )[0]
    nodes = [node_dict(n) for n in record["nodes"]]
    edges = [tie_dict(t["r"], t["from_id"], t["to_id"]) for t in record["ties"]]
    return nodes, edges, bool(record["truncated"])


def paths(
    driver: Driver,
    database: str,
    source: str,
    target: str,
    *,
    max_hops: int,
    types: list[str],
    statuses: list[str],
    every: bool = False,
    k: int = 1,
    as_of: str | None = None,
    limit: int = 25,
) -> list[tuple[list[dict], list[dict]]]:
    rows = read(
        driver,
        database,
        queries.shortest_paths(max_hops, types, every=every, k=k),
        source=source,
        target=target,
        statuses=statuses,
        **dict(zip(("from", "to"), period(as_of, None), strict=True)),
        limit=limit,
    )
    return [
        ([node_dict(n) for n in r["nodes"]], [tie_dict(t["r"], t["from_id"], t["to_id"]) for t in r["ties"]])
        for r in rows
    ]


def ties(
    driver: Driver,
    database: str,
    *,
    source: str | None,
    target: str | None,
    types: list[str],
    status: str | None,
    limit: int,
) -> list[dict]:
    """Ties between/around entities; undirected ties match whichever way round they were stored."""
    undirected = all(not MODEL.ties[t].directed for t in types)
    rows = read(
        driver,
        database,
        queries.ties(types),
        source=source,
        target=target,
        status=status,
        undirected_match=undirected,
        limit=limit,
    )
    return [tie_dict(r["r"], r["from_id"], r["to_id"]) for r in rows]


@dataclass
class Page:
    items: list[dict]
    total: int


def sources_page(driver: Driver, database: str, *, limit: int, offset: int) -> Page:
    """Sources, newest first, each with how many ties it asserts and how many entities it mentions."""
    [record] = read(driver, database, queries.SOURCES_PAGE, limit=limit, offset=offset)
    page = record["page"]
    counts = {}
    if page:
        counts = {r["source"]: r["ties"] for r in read(driver, database, queries.SOURCE_TIE_COUNTS)}
    items = [
        {
            **source_dict(row["source"]),
            "ties": counts.get(row["source"]["id"], 0),
            "mentions": row["mentions"],
        }
        for row in page
    ]
    return Page(items, record["total"])


def source_assertions(
    driver: Driver, database: str, source_id: str, *, limit: int, offset: int
) -> tuple[Page, list[dict]]:
    """What a source asserts (a page of ties, with its evidence) and which entities it mentions."""
    [record] = read(driver, database, queries.SOURCE_TIES, id=source_id, limit=limit, offset=offset)
    asserted = [tie_dict(r["r"], r["from_id"], r["to_id"]) for r in record["page"]]
    mentioned = [
        {**brief(r["e"]), "spans": list(r["spans"] or [])}
        for r in read(driver, database, queries.SOURCE_MENTIONS, id=source_id)
    ]
    return Page(asserted, record["total"]), mentioned


def events(
    driver: Driver,
    database: str,
    *,
    start: str | None,
    end: str | None,
    actor: str | None,
    statuses: list[str],
    limit: int,
    offset: int,
) -> Page:
    [record] = read(
        driver,
        database,
        queries.EVENTS,
        **{"from": start, "to": end},
        actor=actor,
        statuses=statuses,
        limit=limit,
        offset=offset,
    )
    items = [{**node_dict(row["event"]), "participants": row["participants"]} for row in record["page"]]
    return Page(items, record["total"])


def conflicts(driver: Driver, database: str) -> list[dict]:
    """Contradicting ties (graph/model.yaml `conflicts`), grouped: one item per pair of entities tied
    by exclusive types, one per entity with several ties of a single-valued type. Not yet cited."""
    found = []
    statements = [("exclusive", queries.exclusive_conflicts(a, b)) for a, b in MODEL.exclusive_types]
    statements += [("single_valued", queries.single_valued_conflicts(t)) for t in MODEL.single_valued_types]
    for rule, statement in statements:
        rows = sorted(read(driver, database, statement), key=lambda r: r["key"])
        for r in rows:
            ties = sorted(
                (tie_dict(t["r"], t["from_id"], t["to_id"]) for t in r["ties"]), key=lambda t: t["id"]
            )
            found.append({"rule": rule, "ties": ties})
    return found


def source_with_hash(driver: Driver, database: str, content_hash: str) -> dict | None:
    records = read(driver, database, queries.SOURCE_BY_HASH, hash=content_hash)
    return source_dict(records[0]["s"]) if records else None


def existing_tie_ids(driver: Driver, database: str, tie_type: str, ids: list[str]) -> set[str]:
    return {r["id"] for r in read(driver, database, queries.existing_ties(tie_type), ids=ids)}


def ties_by_id(driver: Driver, database: str, ids: list[str]) -> list[dict]:
    return [
        tie_dict(r["r"], r["from_id"], r["to_id"])
        for r in read(driver, database, queries.TIES_BY_ID, ids=ids)
    ]


def connections(
    driver: Driver, database: str, a: str, b: str, statuses: list[str]
) -> tuple[list[dict], list[dict]]:
    """Direct ties between a and b, and each entity both are tied to with the ties on either side."""
    direct = [
        tie_dict(r["r"], r["from_id"], r["to_id"])
        for r in read(driver, database, queries.DIRECT_TIES, a=a, b=b, statuses=statuses)
    ]
    shared = [
        {
            "entity": node_dict(r["c"]),
            "via_a": [tie_dict(t["r"], t["from_id"], t["to_id"]) for t in r["via_a"]],
            "via_b": [tie_dict(t["r"], t["from_id"], t["to_id"]) for t in r["via_b"]],
        }
        for r in read(driver, database, queries.CONNECTIONS, a=a, b=b, statuses=statuses)
    ]
    return direct, shared


def top_subgraph(
    driver: Driver, database: str, *, top: int, statuses: list[str]
) -> tuple[list[dict], list[dict], int]:
    """The `top` entities with the most ties (their degree as `score`), the ties among them, and how
    many entities the graph holds in all."""
    rows = read(driver, database, queries.TOP_BY_DEGREE, top=top, statuses=statuses)
    nodes = [{**node_dict(r["n"]), "score": float(r["degree"])} for r in rows]
    total = int(read(driver, database, queries.ENTITY_TOTAL)[0]["total"])
    return nodes, ties_among(driver, database, [n["id"] for n in nodes], statuses), total


def ties_among(driver: Driver, database: str, ids: list[str], statuses: list[str]) -> list[dict]:
    rows = read(driver, database, queries.TIES_AMONG, ids=ids, statuses=statuses)
    return [tie_dict(r["r"], r["from_id"], r["to_id"]) for r in rows]


def selection(
    driver: Driver,
    database: str,
    *,
    kinds: list[str] | None = None,
    types: list[str] | None = None,
    statuses: list[str] | None = None,
    around: str | None = None,
    depth: int = 1,
) -> tuple[list[dict], list[dict], list[dict]]:
    """The whole graph or a filtered part of it (kinds, tie types, statuses, an ego network), with the
    sources its ties cite: (nodes, edges, source nodes)."""
    if around:
        nodes, edges, _ = neighbors(
            driver,
            database,
            around,
            depth=depth,
            types=types or MODEL.provenance_types,
            kinds=kinds,
            statuses=statuses or sorted(MODEL.statuses),
            limit=1_000_000,
        )
    else:
        nodes, edges = whole_graph(driver, database)
    nodes = [n for n in nodes if not kinds or n["kind"] in kinds or n["id"] == around]
    kept = {n["id"] for n in nodes}
    edges = [
        e
        for e in edges
        if e["source"] in kept
        and e["target"] in kept
        and (not types or e["type"] in types)
        and (not statuses or e["status"] in statuses)
    ]
    cited = {s for e in edges for s in e["sources"]}
    sources = [source_dict(r["s"]) for r in read(driver, database, queries.ALL_SOURCE_NODES)]
    return nodes, edges, [s for s in sources if s["id"] in cited]


def skeleton(driver: Driver, database: str) -> tuple[list[dict], list[dict]]:
    """Entities (id, name, kind) and ties (id, type, ends, status) only, both sorted by id so that a
    graph built from them, and so Louvain's communities, do not depend on Neo4j's return order."""
    [node_rows] = read(driver, database, queries.SKELETON_NODES)
    [tie_rows] = read(driver, database, queries.SKELETON_TIES)
    nodes = [dict(zip(("id", "name", "kind"), row, strict=True)) for row in sorted(node_rows["rows"])]
    edges = [
        dict(zip(("id", "type", "source", "target", "status"), row, strict=True))
        for row in sorted(tie_rows["rows"])
    ]
    return nodes, edges
