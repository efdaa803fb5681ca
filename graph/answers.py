"""One answer per analyst question, shared by the HTTP routes and the command line.

Each function takes the bound graph (graph.store.Graph) and what the analyst asked (entity
references as typed: an id, or a name or alias meaning one entity; dates as ISO text), applies the
model's status policy where the analyst chose no statuses, and returns one typed, JSON-ready result
whose ties carry their sources. The faces only parse their own syntax and render.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import UTC, datetime
from typing import Any, TypedDict

from graph.dates import parse_date, query_bounds
from graph.errors import InvalidInput, NotFound
from graph.explain import sentence
from graph.export_formats import FORMATS, ExportFile, render
from graph.model import MODEL
from graph.records import CitedTie, StoredTie
from graph.store import Graph

POLICY = MODEL.status_policy


def _chosen(statuses: Collection[str] | None, default: tuple[str, ...]) -> list[str]:
    return list(statuses) if statuses else list(default)


def _names(*groups: Collection[dict]) -> dict[str, str]:
    return {n["id"]: n["name"] for group in groups for n in group}


# --- who is this -------------------------------------------------------------------------------------


class ProfileTie(TypedDict):
    id: str
    type: str
    direction: str  # 'out': the entity is the subject; 'in': the object; 'both': undirected
    other: dict
    properties: dict[str, Any]
    sources: list


_SHOWN_TIE_FIELDS = (
    "confidence",
    "status",
    "method",
    "stage",
    "valid_from",
    "valid_to",
    "first_seen",
    "last_seen",
)


def direction(tie: CitedTie, entity_id: str) -> str:
    if not tie["directed"]:
        return "both"
    return "out" if tie["source"] == entity_id else "in"


def profile(graph: Graph, ref: str, *, ties_limit: int = 1000, ties_offset: int = 0) -> dict:
    """The entity with a page of its ties (every status), counts by type and the dates seen over all."""
    entity = graph.read.resolve(ref)
    summary = graph.read.tie_summary(entity["id"])
    ties: list[ProfileTie] = []
    for tie, other in graph.read.entity_ties(entity["id"], limit=ties_limit, offset=ties_offset):
        fields: dict[str, Any] = dict(tie)
        shown = {k: fields[k] for k in _SHOWN_TIE_FIELDS if fields.get(k) is not None}
        ties.append(
            {
                "id": tie["id"],
                "type": tie["type"],
                "direction": direction(tie, entity["id"]),
                "other": {k: other[k] for k in ("id", "name", "kind")},
                "properties": {**shown, **tie["properties"]},
                "sources": tie["sources"],
            }
        )
    first = [row["first_seen"] for row in summary if row["first_seen"]]
    last = [row["last_seen"] for row in summary if row["last_seen"]]
    return {
        **entity,
        "ties": ties,
        "ties_total": sum(row["ties"] for row in summary),
        "counts": {row["type"]: row["ties"] for row in sorted(summary, key=lambda row: row["type"])},
        "first_seen": min(first) if first else None,
        "last_seen": max(last) if last else None,
    }


def search(
    graph: Graph,
    text: str,
    *,
    kind: str | None = None,
    label: str | None = None,
    limit: int = 20,
    offset: int = 0,
) -> dict:
    """Ranked hits over names and aliases, with how many match in all."""
    items, total = graph.read.search(text, kind=kind, label=label, limit=limit, offset=offset)
    return {"items": items, "total": total}


# --- around one entity -------------------------------------------------------------------------------


def neighborhood(
    graph: Graph,
    ref: str,
    *,
    depth: int = 1,
    types: list[str] | None = None,
    kinds: list[str] | None = None,
    statuses: Collection[str] | None = None,
    limit: int = 500,
    start: str | None = None,
    end: str | None = None,
) -> dict:
    """The ego network (shown statuses by default); `start`/`end` keep ties whose period overlaps."""
    entity_id = graph.read.resolve_id(ref)
    first, last = query_bounds(parse_date(start, "from"), parse_date(end, "to"))
    nodes, edges, truncated = graph.read.neighbors(
        entity_id,
        depth=depth,
        types=types or MODEL.provenance_types,
        kinds=kinds,
        statuses=_chosen(statuses, POLICY.shown),
        limit=limit,
        start=first,
        end=last,
    )
    return {"nodes": nodes, "edges": edges, "truncated": truncated}


def _when(row: dict) -> tuple[str | None, str | None]:
    """When a tie happened: the event's dates for a participation, else its validity, else first seen."""
    if row["other"]["kind"] == "Event" and row["event_start"]:
        return row["event_start"], row["event_end"]
    return row["valid_from"] or row["first_seen"], row["valid_to"]


def _timeline_order(dated: tuple) -> tuple:
    """Earliest first, undated last; then by type, the other end and the tie."""
    (start, _), row = dated
    return (start is None, start or "", row["type"], row["other"]["id"], row["id"])


def timeline(graph: Graph, ref: str, *, limit: int = 1000, offset: int = 0) -> dict:
    """What happened to an entity, in time order (shown statuses), undated ties last, a page at a time."""
    entity_id = graph.read.resolve_id(ref)
    rows = graph.read.tie_dates(entity_id, POLICY.shown)
    dated = sorted(((_when(row), row) for row in rows), key=_timeline_order)
    page = dated[offset : offset + limit]
    by_id = {tie["id"]: tie for tie in graph.read.ties_by_id([row["id"] for _, row in page])}
    items = []
    for (start, end), row in page:
        tie = by_id[row["id"]]
        items.append(
            {
                "date": start,
                "end_date": end,
                "type": tie["type"],
                "tie": tie["id"],
                "other": row["other"],
                "status": tie["status"],
                "stage": tie.get("stage"),
                "role": tie["properties"].get("role"),
                "title": tie["properties"].get("title"),
                "sources": tie["sources"],
            }
        )
    return {"id": entity_id, "items": items, "total": len(dated)}


# --- between two entities ----------------------------------------------------------------------------


def paths(
    graph: Graph,
    source: str,
    target: str,
    *,
    max_hops: int = 4,
    every: bool = False,
    k: int = 1,
    as_of: str | None = None,
    types: list[str] | None = None,
    statuses: Collection[str] | None = None,
) -> dict:
    """How two actors are connected (facts by default): shortest first, each hop explained with its
    sources. `as_of` keeps the ties whose period covers that date."""
    a, b = graph.read.resolve_id(source), graph.read.resolve_id(target)
    day = parse_date(as_of, "as_of")
    first, last = query_bounds(day, day)
    if a == b:
        entity = graph.read.entities([a])[a]
        return {"paths": [{"nodes": [entity], "edges": [], "length": 0, "explanation": []}]}
    found = graph.read.paths(
        a,
        b,
        max_hops=max_hops,
        types=types or MODEL.provenance_types,
        statuses=_chosen(statuses, POLICY.facts),
        every=every,
        k=k,
        start=first,
        end=last,
    )
    out: list[dict[str, Any]] = [
        {
            "nodes": nodes,
            "edges": edges,
            "length": len(edges),
            "explanation": [sentence(tie, _names(nodes)) for tie in edges],
        }
        for nodes, edges in found
    ]
    out.sort(key=lambda p: p["length"])
    return {"paths": out}


def path_map(
    graph: Graph, source: str, target: str, *, max_hops: int = 4, k: int = 1, context: int = 150
) -> dict:
    """The shortest path(s) between two actors (facts), among the direct neighbours of the path's
    nodes (shown statuses), at most `context` of them: what the explorer's path page draws."""
    a, b = graph.read.resolve_id(source), graph.read.resolve_id(target)
    found = graph.read.paths(
        a, b, max_hops=max_hops, types=MODEL.provenance_types, statuses=POLICY.facts, k=k
    )
    if not found:
        raise NotFound(f"no path of at most {max_hops} hops between {a} and {b}")
    path_nodes = list(dict.fromkeys(n["id"] for nodes, _ in found for n in nodes))
    around = [
        i for node in path_nodes for i in graph.read.neighbor_ids(node, statuses=POLICY.shown, limit=context)
    ]
    ids = list(dict.fromkeys(path_nodes + around))[: context + len(path_nodes)]
    return {
        "source": a,
        "target": b,
        "nodes": list(graph.read.entities(ids).values()),
        "edges": graph.read.ties_among(ids, POLICY.shown),
        "path_nodes": path_nodes,  # the shortest path's first, in order
        "path_edges": sorted({e["id"] for _, edges in found for e in edges}),
    }


def overview(graph: Graph, *, top: int = 300) -> dict:
    """The `top` most connected entities (shown statuses; degree as `score`), the ties among them,
    and how many entities there are in all."""
    nodes, edges, total = graph.read.top_subgraph(top=top, statuses=POLICY.shown)
    return {"nodes": nodes, "edges": edges, "total": total}


def connections(
    graph: Graph,
    a_ref: str,
    b_ref: str,
    *,
    statuses: Collection[str] | None = None,
    limit: int = 200,
    offset: int = 0,
) -> dict:
    """What two actors share: direct ties, a page of common neighbours (with the ties on each side)
    and every shared event; every tie cited."""
    a, b = graph.read.resolve_id(a_ref), graph.read.resolve_id(b_ref)
    direct, shared = graph.read.connections(a, b, _chosen(statuses, POLICY.facts))
    entities = graph.read.entities([a, b])
    page = shared[offset : offset + limit]
    names = _names(entities.values(), [item["entity"] for item in page])
    every_tie = direct + [t for item in page for t in item["via_a"] + item["via_b"]]
    cited = {t["id"]: t for t in graph.read.cite(every_tie)}
    neighbours = []
    for item in page:
        via_a = [cited[t["id"]] for t in item["via_a"]]
        via_b = [cited[t["id"]] for t in item["via_b"]]
        explanation = [sentence(t, names) for t in via_a + via_b]
        neighbours.append(
            {"entity": item["entity"], "via_a": via_a, "via_b": via_b, "explanation": explanation}
        )
    direct_cited = [cited[t["id"]] for t in direct]
    return {
        "a": entities[a],
        "b": entities[b],
        "direct": direct_cited,
        "direct_explanation": [sentence(t, names) for t in direct_cited],
        "common_neighbors": neighbours,
        "common_total": len(shared),
        "shared_events": [item["entity"] for item in shared if item["entity"]["kind"] == "Event"],
    }


def ties(
    graph: Graph,
    *,
    source: str | None = None,
    target: str | None = None,
    types: list[str] | None = None,
    statuses: Collection[str] | None = None,
    limit: int = 1000,
) -> list[CitedTie]:
    """Ties between or around entities (any status unless chosen), with full provenance."""
    return graph.read.ties(
        source=graph.read.resolve_id(source) if source else None,
        target=graph.read.resolve_id(target) if target else None,
        types=types or MODEL.provenance_types,
        statuses=list(statuses) if statuses else None,
        limit=limit,
    )


# --- when --------------------------------------------------------------------------------------------


def events(
    graph: Graph,
    *,
    start: str | None = None,
    end: str | None = None,
    actor: str | None = None,
    limit: int = 1000,
    offset: int = 0,
) -> dict:
    """Events overlapping [start, end] (whole periods: `2017-12` is the whole month) in time order,
    with the participants the graph asserts."""
    first, last = query_bounds(parse_date(start, "from"), parse_date(end, "to"))
    page = graph.read.events(
        start=first,
        end=last,
        actor=graph.read.resolve_id(actor) if actor else None,
        statuses=POLICY.facts,
        limit=limit,
        offset=offset,
    )
    return {"items": page.items, "total": page.total}


# --- take it elsewhere ------------------------------------------------------------------------------


def selection(
    graph: Graph,
    *,
    kinds: list[str] | None = None,
    types: list[str] | None = None,
    statuses: list[str] | None = None,
    around: str | None = None,
    depth: int = 1,
) -> tuple[list[dict], list[StoredTie], list[dict]]:
    """The whole graph, or the part the filters keep (an ego network `depth` hops `around` an
    entity): nodes, ties and the sources they cite."""
    return graph.read.selection(
        kinds=kinds,
        types=types,
        statuses=statuses,
        around=graph.read.resolve_id(around) if around else None,
        depth=depth,
    )


def export(graph: Graph, fmt: str, **filters: Any) -> ExportFile:
    """`selection(**filters)` as a file in one of the export formats."""
    if fmt not in FORMATS:
        raise InvalidInput([("format", f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")])
    return render(fmt, *selection(graph, **filters))


# --- review work -------------------------------------------------------------------------------------


def conflicts(graph: Graph, *, limit: int = 100, offset: int = 0) -> dict:
    """Ties that contradict each other, all kept, a page of groups (each tie cited) and the total."""
    found = graph.read.conflicts()
    return {"items": graph.read.cite_conflicts(found[offset : offset + limit]), "total": len(found)}


def review_queue(graph: Graph, *, limit: int = 500) -> dict:
    """What awaits a reviewer: candidate ties (with the names of their ends) and the conflicts."""
    pending = graph.read.ties(
        source=None, target=None, types=MODEL.provenance_types, statuses=POLICY.review, limit=limit
    )
    contested = conflicts(graph)["items"]
    every_tie = [*pending, *(t for c in contested for t in c["ties"])]
    ends = sorted({t[end] for t in every_tie for end in ("source", "target")})
    return {
        "candidates": pending,
        "conflicts": contested,
        "names": {i: e["name"] for i, e in graph.read.entities(ends).items()},  # of every tie's ends
    }


REVIEW_DECISIONS = {"accept": "accepted", "reject": "retracted"}


def decide(graph: Graph, tie_id: str, decision: str, *, reason: str | None = None) -> CitedTie:
    """Accept or reject a tie; a rejected tie stays rejected when a source repeats it."""
    status = REVIEW_DECISIONS[decision]
    at = datetime.now(UTC).isoformat(timespec="seconds")
    if not graph.write.set_tie_status(tie_id, status, at, reason=reason):
        raise NotFound(f"no tie {tie_id!r}")
    [tie] = graph.read.ties_by_id([tie_id])
    return tie
