"""The read side: every question the graph answers, each in a read transaction.

Ties come back cited (graph.records.CitedTie: each source with its evidence), except from the bulk
reads that export and analytics use (`whole_graph`, `selection`, `skeleton`), which keep source ids.
Statuses are always given by the caller, from the model's policy (graph/model.yaml `status_policy`).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from neo4j.exceptions import ClientError

from graph import queries
from graph.errors import DatabaseUnavailable, InvalidInput, NotFound
from graph.model import MODEL, fold
from graph.records import CitedTie, StoredTie, brief, cite, node_dict, source_dict, tie_of
from graph.search import lucene_query

if TYPE_CHECKING:
    from graph.store import Graph

# The export's ego network is not a page: it takes every neighbour.
_EVERY_NEIGHBOUR = 1_000_000
SKELETON_ATTEMPTS = 10


@dataclass
class Page:
    items: list[Any]
    total: int


class Reader:
    def __init__(self, graph: Graph):
        self._graph = graph

    def _rows(self, statement: str, **params: Any) -> list:
        return self._graph.query(statement, **params)

    # --- entities and sources -----------------------------------------------------------------------

    def counts(self) -> dict[str, int]:
        record = self._rows(queries.COUNTS)[0]
        return {"entities": record["entities"], "ties": record["ties"]}

    def entities(self, ids: list[str]) -> dict[str, dict]:
        return {r["n"]["id"]: node_dict(r["n"]) for r in self._rows(queries.ENTITIES_BY_ID, ids=ids)}

    def kinds(self, ids: list[str]) -> dict[str, str]:
        """The kind of each id that exists."""
        return {r["id"]: r["kind"] for r in self._rows(queries.EXISTING_IDS, ids=ids)}

    def named(self, name: str) -> list[dict]:
        """Entities whose name or an alias folds to the same text as `name`."""
        return [node_dict(r["n"]) for r in self._rows(queries.ENTITY_BY_FOLDED_NAME, folded=fold(name))]

    def known_entities(self) -> list[dict]:
        """Every entity's id, name, kind, labels and aliases (what the text pipeline links to)."""
        return [dict(r) for r in self._rows(queries.KNOWN_ENTITIES)]

    def sources(self, ids: Iterable[str]) -> dict[str, dict]:
        wanted = sorted(set(ids))
        if not wanted:
            return {}
        return {r["s"]["id"]: source_dict(r["s"]) for r in self._rows(queries.SOURCES_BY_ID, ids=wanted)}

    def source_with_hash(self, content_hash: str) -> dict | None:
        records = self._rows(queries.SOURCE_BY_HASH, hash=content_hash)
        return source_dict(records[0]["s"]) if records else None

    def cite(self, ties: list[StoredTie]) -> list[CitedTie]:
        """The ties with their sources expanded, in one read for all of them."""
        found = self.sources(s for tie in ties for s in tie["sources"])
        return [cite(tie, found) for tie in ties]

    def resolve(self, ref: str) -> dict:
        """The entity an id, or a name or alias that means exactly one entity, names; NotFound with
        candidates otherwise."""
        found = self.entities([ref])
        if ref in found:
            return found[ref]
        named = self.named(ref)
        if len(named) == 1:
            return named[0]
        if named:
            raise NotFound(f"{ref!r} names several entities; use an id", [brief(e) for e in named])
        hits, _ = self.search(ref, limit=5)
        raise NotFound(f"no entity with the id, name or alias {ref!r}", [brief(h) for h in hits])

    def resolve_id(self, ref: str) -> str:
        return self.resolve(ref)["id"]

    def search(
        self,
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
            [record] = self._rows(
                queries.SEARCH,
                lucene=lucene,
                folded=fold(text),
                kind=kind,
                label=label,
                limit=limit,
                offset=offset,
            )
        except ClientError as exc:
            if exc.code != "Neo.ClientError.Procedure.ProcedureCallFailed":
                raise
            problem = f"the full-text index cannot search for this text: {exc.message}"
            raise InvalidInput([("q", problem)]) from exc
        items = [{**node_dict(hit["node"]), "score": round(float(hit["score"]), 4)} for hit in record["page"]]
        return items, int(record["total"])

    # --- around one entity --------------------------------------------------------------------------

    def entity_ties(self, entity_id: str, *, limit: int, offset: int = 0) -> list[tuple[CitedTie, dict]]:
        """A page of (tie, other entity) pairs around an entity, by type then the other's name."""
        rows = self._rows(queries.ENTITY_TIES, id=entity_id, statuses=None, limit=limit, offset=offset)
        ties = self.cite([tie_of(r) for r in rows])
        return [(tie, node_dict(r["other"])) for tie, r in zip(ties, rows, strict=True)]

    def tie_summary(self, entity_id: str) -> list[dict]:
        """Per tie type around an entity, over every tie: how many, first and last seen."""
        return [dict(r) for r in self._rows(queries.ENTITY_TIE_SUMMARY, id=entity_id, statuses=None)]

    def tie_dates(self, entity_id: str, statuses: Collection[str]) -> list[dict]:
        """Ids and dates of every tie around an entity, to order a timeline before fetching a page."""
        return [dict(r) for r in self._rows(queries.ENTITY_TIE_DATES, id=entity_id, statuses=list(statuses))]

    def _ego(
        self,
        entity_id: str,
        *,
        depth: int,
        types: list[str],
        kinds: list[str] | None,
        statuses: Collection[str],
        limit: int,
        start: str | None = None,
        end: str | None = None,
    ) -> tuple[list[dict], list[StoredTie], bool]:
        [record] = self._rows(
            queries.neighbors(depth, types),
            id=entity_id,
            kinds=kinds,
            statuses=list(statuses),
            limit=limit,
            **{"from": start, "to": end},
        )
        nodes = [node_dict(n) for n in record["nodes"]]
        return nodes, [tie_of(t) for t in record["ties"]], bool(record["truncated"])

    def neighbors(self, entity_id: str, **ego: Any) -> tuple[list[dict], list[CitedTie], bool]:
        """The ego network: nodes within `depth` hops, every tie among them, and whether `limit` cut
        the neighbours; with `start`/`end` (whole days), only ties whose period overlaps them.
        Takes `_ego`'s arguments."""
        nodes, ties, truncated = self._ego(entity_id, **ego)
        return nodes, self.cite(ties), truncated

    def neighbor_ids(self, entity_id: str, *, statuses: Collection[str], limit: int) -> list[str]:
        """The entity and up to `limit` direct neighbours, as ids."""
        nodes, _, _ = self._ego(
            entity_id, depth=1, types=MODEL.provenance_types, kinds=None, statuses=statuses, limit=limit
        )
        return [n["id"] for n in nodes]

    def connections(self, a: str, b: str, statuses: Collection[str]) -> tuple[list[StoredTie], list[dict]]:
        """Direct ties between a and b, and each entity both are tied to with the ties on either side
        (not cited: the caller pages the common neighbours first, then cites the page)."""
        direct = [tie_of(r) for r in self._rows(queries.DIRECT_TIES, a=a, b=b, statuses=list(statuses))]
        shared = [
            {
                "entity": node_dict(r["c"]),
                "via_a": [tie_of(t) for t in r["via_a"]],
                "via_b": [tie_of(t) for t in r["via_b"]],
            }
            for r in self._rows(queries.CONNECTIONS, a=a, b=b, statuses=list(statuses))
        ]
        return direct, shared

    # --- ties ---------------------------------------------------------------------------------------

    def paths(
        self,
        source: str,
        target: str,
        *,
        max_hops: int,
        types: list[str],
        statuses: Collection[str],
        every: bool = False,
        k: int = 1,
        start: str | None = None,
        end: str | None = None,
        limit: int = 25,
    ) -> list[tuple[list[dict], list[CitedTie]]]:
        """Shortest paths first, over ties whose period overlaps [start, end] when given."""
        rows = self._rows(
            queries.shortest_paths(max_hops, types, every=every, k=k),
            source=source,
            target=target,
            statuses=list(statuses),
            limit=limit,
            **{"from": start, "to": end},
        )
        found = [([node_dict(n) for n in r["nodes"]], [tie_of(t) for t in r["ties"]]) for r in rows]
        cited = {t["id"]: t for t in self.cite([t for _, ties in found for t in ties])}
        return [(nodes, [cited[t["id"]] for t in ties]) for nodes, ties in found]

    def ties(
        self,
        *,
        source: str | None,
        target: str | None,
        types: list[str],
        statuses: Collection[str] | None,
        limit: int,
    ) -> list[CitedTie]:
        """Ties between/around entities; undirected ties match whichever way round they were stored."""
        undirected = all(not MODEL.ties[t].directed for t in types)
        rows = self._rows(
            queries.ties(types),
            source=source,
            target=target,
            statuses=list(statuses) if statuses is not None else None,
            undirected_match=undirected,
            limit=limit,
        )
        return self.cite([tie_of(r) for r in rows])

    def ties_by_id(self, ids: list[str]) -> list[CitedTie]:
        return self.cite([tie_of(r) for r in self._rows(queries.TIES_BY_ID, ids=ids)])

    def conflicts(self, *, around: Collection[str] | None = None) -> list[dict]:
        """Contradicting ties (model.yaml `conflicts`), grouped: one item per pair of entities tied by
        exclusive types, one per entity with several ties of a single-valued type, ties by id.
        `around`: only conflicts involving these entities. Not cited: the caller cites what it shows."""
        entities = sorted(set(around)) if around is not None else None
        near = entities is not None
        statements = [
            ("exclusive", queries.exclusive_conflicts(a, b, near)) for a, b in MODEL.exclusive_types
        ]
        statements += [
            ("single_valued", queries.single_valued_conflicts(t, near)) for t in MODEL.single_valued_types
        ]
        found = []
        for rule, statement in statements:
            rows = self._rows(statement, entities=entities, statuses=list(MODEL.status_policy.contested))
            for r in sorted(rows, key=lambda r: r["key"]):
                ties = sorted((tie_of(t) for t in r["ties"]), key=lambda t: t["id"])
                found.append({"rule": rule, "ties": ties})
        return found

    def cite_conflicts(self, conflicts: list[dict]) -> list[dict]:
        cited = {t["id"]: t for t in self.cite([t for c in conflicts for t in c["ties"]])}
        return [{**c, "ties": [cited[t["id"]] for t in c["ties"]]} for c in conflicts]

    # --- sources and events -------------------------------------------------------------------------

    def sources_page(self, *, limit: int, offset: int) -> Page:
        """Sources, newest first, each with how many ties it asserts and how many entities it mentions."""
        [record] = self._rows(queries.SOURCES_PAGE, limit=limit, offset=offset)
        page = record["page"]
        counts = {}
        if page:
            counts = {r["source"]: r["ties"] for r in self._rows(queries.SOURCE_TIE_COUNTS)}
        items = [
            {
                **source_dict(row["source"]),
                "ties": counts.get(row["source"]["id"], 0),
                "mentions": row["mentions"],
            }
            for row in page
        ]
        return Page(items, record["total"])

    def source_assertions(self, source_id: str, *, limit: int, offset: int) -> tuple[Page, list[dict]]:
        """What a source asserts (a page of ties, each with the evidence this source gives) and which
        entities it mentions."""
        [record] = self._rows(queries.SOURCE_TIES, id=source_id, limit=limit, offset=offset)
        asserted = []
        for tie in (tie_of(r) for r in record["page"]):
            index = tie["sources"].index(source_id)
            evidence = tie["evidence"][index] if index < len(tie["evidence"]) else None
            asserted.append({**{k: v for k, v in tie.items() if k != "evidence"}, "evidence": evidence})
        mentioned = [
            {**brief(r["e"]), "spans": list(r["spans"] or [])}
            for r in self._rows(queries.SOURCE_MENTIONS, id=source_id)
        ]
        return Page(asserted, record["total"]), mentioned

    def events(
        self,
        *,
        start: str | None,
        end: str | None,
        actor: str | None,
        statuses: Collection[str],
        limit: int,
        offset: int,
    ) -> Page:
        """Events overlapping [start, end] (whole days), in time order, with their participants."""
        [record] = self._rows(
            queries.EVENTS,
            **{"from": start, "to": end},
            actor=actor,
            statuses=list(statuses),
            limit=limit,
            offset=offset,
        )
        items = [{**node_dict(row["event"]), "participants": row["participants"]} for row in record["page"]]
        return Page(items, record["total"])

    # --- bulk: the explorer's overview, export, analytics -------------------------------------------

    def top_subgraph(self, *, top: int, statuses: Collection[str]) -> tuple[list[dict], list[CitedTie], int]:
        """The `top` entities with the most ties (their degree as `score`), the ties among them, and
        how many entities the graph holds in all."""
        rows = self._rows(queries.TOP_BY_DEGREE, top=top, statuses=list(statuses))
        nodes = [{**node_dict(r["n"]), "score": float(r["degree"])} for r in rows]
        total = int(self._rows(queries.ENTITY_TOTAL)[0]["total"])
        return nodes, self.ties_among([n["id"] for n in nodes], statuses), total

    def ties_among(self, ids: list[str], statuses: Collection[str]) -> list[CitedTie]:
        rows = self._rows(queries.TIES_AMONG, ids=ids, statuses=list(statuses))
        return self.cite([tie_of(r) for r in rows])

    def whole_graph(self) -> tuple[list[dict], list[StoredTie]]:
        nodes = [node_dict(r["n"]) for r in self._rows(queries.ALL_ENTITIES)]
        return nodes, [tie_of(r) for r in self._rows(queries.ALL_TIES)]

    def selection(
        self,
        *,
        kinds: list[str] | None = None,
        types: list[str] | None = None,
        statuses: list[str] | None = None,
        around: str | None = None,
        depth: int = 1,
    ) -> tuple[list[dict], list[StoredTie], list[dict]]:
        """The whole graph or a filtered part of it (kinds, tie types, statuses, an ego network), with
        the sources its ties cite: (nodes, edges, source nodes)."""
        if around:
            nodes, edges, _ = self._ego(
                around,
                depth=depth,
                types=types or MODEL.provenance_types,
                kinds=kinds,
                statuses=statuses or sorted(MODEL.statuses),
                limit=_EVERY_NEIGHBOUR,
            )
        else:
            nodes, edges = self.whole_graph()
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
        sources = [source_dict(r["s"]) for r in self._rows(queries.ALL_SOURCE_NODES)]
        return nodes, edges, [s for s in sources if s["id"] in cited]

    def skeleton(self) -> tuple[int, list[dict], list[dict]]:
        """The graph version, then entities (id, name, kind) and ties (id, type, ends, status) only,
        both sorted by id so that a graph built from them, and so Louvain's communities, do not depend
        on Neo4j's return order. The version is the one they are of: read before and after them, and
        the whole read done again when a write came in between."""
        for _ in range(SKELETON_ATTEMPTS):
            version = self._graph.version()
            [node_rows] = self._rows(queries.SKELETON_NODES)
            [tie_rows] = self._rows(queries.SKELETON_TIES)
            if self._graph.version() == version:
                break
        else:
            raise DatabaseUnavailable(
                f"the graph changed while it was read, {SKELETON_ATTEMPTS} times in a row; try again"
            )
        nodes = [dict(zip(("id", "name", "kind"), row, strict=True)) for row in sorted(node_rows["rows"])]
        edges = [
            dict(zip(("id", "type", "source", "target", "status"), row, strict=True))
            for row in sorted(tie_rows["rows"])
        ]
        return version, nodes, edges
