"""The graph, as plain rows, written out for other tools: GraphML, GEXF (Gephi), node-link JSON,
CSV and the import document (contract, "Import format"), so that an export imports back.

Flat formats (CSV, GraphML, GEXF) cannot hold lists: a list becomes its items joined by `|`, an
item's own `\\` and `|` escaped by a backslash (`join_list`; `split_list` reads it back). Items
without either character, the usual case, are written exactly as the contract's CSV expects.
Missing values are left out (XML) or empty (CSV), never "None". Tie properties become columns of
their own; one named like a standard field or a word GEXF reserves is prefixed `prop_`.

MENTIONS ties and Source nodes are not entities and ties of the import format: CSV and the
import document leave them out (sources go to `sources.csv` / `sources`); the graph formats keep
them, and GraphML and GEXF also hold each source as a node of kind Source.

>>> rows = to_csv([{"id": "org:a", "name": "A", "kind": "Organization", "labels": ["Startup", "Company"]}],
...               [])
>>> rows["entities.csv"].splitlines()[1]
'A,Organization,Startup|Company,,,org:a,,,,,,'
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable, Mapping
from typing import Any

import networkx as nx

from graph.analytics.projection import MENTIONS, to_multidigraph
from graph.model import MODEL

# The contract's CSV columns first, then the rest of the model's fields (graph/model.yaml).
ENTITY_COLUMNS = ["name", "kind", "labels", "aliases", "description"]
ENTITY_EXTRA_COLUMNS = ["id", *(f for f in MODEL.entity_fields if f not in ENTITY_COLUMNS)]
ENTITY_FIELDS = ENTITY_COLUMNS + ENTITY_EXTRA_COLUMNS
TIE_COLUMNS = ["source", "target", "type", "sources", "evidence", "confidence", "valid_from", "valid_to"]
TIE_EXTRA_COLUMNS = [f for f in MODEL.tie_fields if f not in TIE_COLUMNS]
SOURCE_COLUMNS = ["id", *MODEL.source_fields]
# Not written: a tie's id is derived from its type, ends and role/title (graph.model.make_tie_id),
# and its direction from its type, so the import format has neither.
TIE_FIELDS = [*TIE_COLUMNS, *TIE_EXTRA_COLUMNS, "id", "directed"]
_DERIVED = ("id", "directed", *MODEL.tie_derived_fields)
# Edge attributes that networkx's GEXF writer turns into XML attributes of its own.
_RESERVED = {"label", "weight", "start", "end", "key", "networkx_key", "pid", "viz", "properties"}
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def join_list(items: Iterable) -> str:
    r"""Items joined by `|`, each item's `\` and `|` escaped.

    >>> join_list(["Aix|Marseille", "AMFT"])
    'Aix\\|Marseille|AMFT'
    """
    return "|".join(str(item).replace("\\", "\\\\").replace("|", "\\|") for item in items)


def split_list(cell: str) -> list[str]:
    r"""The inverse of `join_list`; an empty cell is an empty list.

    >>> split_list(join_list(["a|b", "c\\d", "e"]))
    ['a|b', 'c\\d', 'e']
    """
    if cell == "":
        return []
    items, current, chars = [], [], iter(cell)
    for char in chars:
        if char == "\\":
            current.append(next(chars, ""))
        elif char == "|":
            items.append("".join(current))
            current = []
        else:
            current.append(char)
    items.append("".join(current))
    return items


def _plain(value):
    """JSON/YAML-ready: dates (a driver's or Python's) become ISO strings, containers recurse."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items() if v is not None}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if hasattr(value, "isoformat"):  # datetime's and the neo4j driver's dates and times
        return value.isoformat()
    if hasattr(value, "iso_format"):  # the driver's Duration
        return value.iso_format()
    return value


def _entities(nodes: Iterable[Mapping[str, Any]]) -> list[dict]:
    return [_plain({k: n.get(k) for k in ENTITY_FIELDS}) for n in nodes if n.get("kind") != "Source"]


def _facts_as_json(entity: dict) -> dict:
    """In a CSV cell, an entity's facts (a list of {name, value, unit, source}) are one JSON text."""
    if entity.get("facts"):
        return {**entity, "facts": json.dumps(entity["facts"], ensure_ascii=False, sort_keys=True)}
    return entity


def _sources(source_nodes: Iterable[Mapping[str, Any]]) -> list[dict]:
    return [_plain({k: s.get(k) for k in SOURCE_COLUMNS}) for s in source_nodes]


def _ties(edges: Iterable[Mapping[str, Any]]) -> list[dict]:
    """Ties of the import format: MENTIONS left out, and what the loader derives itself (the id, the
    direction, the first and last dates seen, which come from the sources' dates)."""
    return [
        _plain({k: v for k, v in e.items() if k not in _DERIVED}) for e in edges if e.get("type") != MENTIONS
    ]


def _flat_edge(edge: Mapping[str, Any]) -> dict:
    """Standard fields and properties side by side (a colliding property prefixed `prop_`)."""
    flat = {k: v for k, v in edge.items() if k != "properties"}
    for name, value in (edge.get("properties") or {}).items():
        flat[f"prop_{name}" if name in TIE_FIELDS or name in _RESERVED else name] = value
    return flat


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return join_list(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


# A spreadsheet runs a cell that starts with one of these as a formula (OWASP "CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def inert_cell(text: str) -> str:
    """A cell a spreadsheet shows as text: a leading `'` before a formula start (and before the `'`s
    of a cell that already looks escaped, so `unescape_cell` gives back exactly what was stored).

    >>> print(inert_cell("=HYPERLINK(1)"), inert_cell("'=1+1"), inert_cell("Aix-Marseille"))
    '=HYPERLINK(1) ''=1+1 Aix-Marseille
    """
    return "'" + text if text.lstrip("'").startswith(FORMULA_STARTS) else text


def unescape_cell(text: str) -> str:
    """The inverse of `inert_cell`, applied by the CSV reader of the import format.

    >>> [unescape_cell(inert_cell(t)) for t in ("=1+1", "'=1+1", "'quoted", "-")]
    ['=1+1', "'=1+1", "'quoted", '-']
    """
    return text[1:] if text.startswith("'") and text.lstrip("'").startswith(FORMULA_STARTS) else text


def _write_csv(columns: list[str], rows: Iterable[Mapping[str, Any]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(columns)
    for row in rows:
        writer.writerow([inert_cell(_cell(row.get(column))) for column in columns])
    return out.getvalue()


def to_csv(
    nodes: Iterable[Mapping[str, Any]],
    edges: Iterable[Mapping[str, Any]],
    source_nodes: Iterable[Mapping[str, Any]] = (),
) -> dict[str, str]:
    """`{"entities.csv", "ties.csv", "sources.csv": text}` in the contract's import CSV.

    entities.csv: the contract's columns, then `id` and the other entity fields. ties.csv: the
    contract's columns, then `status`, `stage`, `method`, then one column per property name
    (sorted); entity ids stand for source and target. Fields with commas, quotes or newlines are
    quoted by the csv module (RFC 4180).

    >>> ties = [{"id": "t1", "type": "PARTICIPATED_IN", "source": "person:b", "target": "event:e",
    ...          "sources": ["src:s"], "evidence": ["B signed, as host"], "confidence": 0.9,
    ...          "status": "accepted", "properties": {"role": "host"}}]
    >>> to_csv([], ties)["ties.csv"].splitlines()[1]
    'person:b,event:e,PARTICIPATED_IN,src:s,"B signed, as host",0.9,,,accepted,,,host'
    """
    ties = [_flat_edge(e) for e in _ties(edges)]
    extra = sorted({k for t in ties for k in t} - set(TIE_FIELDS))
    return {
        "entities.csv": _write_csv(ENTITY_FIELDS, [_facts_as_json(e) for e in _entities(nodes)]),
        "ties.csv": _write_csv(TIE_COLUMNS + TIE_EXTRA_COLUMNS + extra, ties),
        "sources.csv": _write_csv(SOURCE_COLUMNS, _sources(source_nodes)),
    }


def to_import_document(
    nodes: Iterable[Mapping[str, Any]],
    edges: Iterable[Mapping[str, Any]],
    source_nodes: Iterable[Mapping[str, Any]] = (),
) -> dict:
    """`{"sources", "entities", "ties"}` in the import format; JSON and YAML safe.

    Entities keep their ids and ties name them as source and target; a tie has no id of its own
    in the import format (the loader derives it), so none is written.

    >>> doc = to_import_document([{"id": "org:a", "name": "A", "kind": "Organization", "country": None}], [])
    >>> doc["entities"]
    [{'name': 'A', 'kind': 'Organization', 'id': 'org:a'}]
    """
    return {"sources": _sources(source_nodes), "entities": _entities(nodes), "ties": _ties(edges)}


def to_node_link_json(
    nodes: Iterable[Mapping[str, Any]],
    edges: Iterable[Mapping[str, Any]],
    source_nodes: Iterable[Mapping[str, Any]] = (),
) -> dict:
    """Node-link JSON that `nx.node_link_graph(doc)` reads back, plus the `sources`.

    >>> doc = to_node_link_json([{"id": "org:a"}, {"id": "org:b"}],
    ...                         [{"id": "t", "type": "OWNS", "source": "org:a", "target": "org:b"}])
    >>> list(nx.node_link_graph(doc).edges(keys=True))
    [('org:a', 'org:b', 't')]
    """
    return {
        "directed": True,
        "multigraph": True,
        "graph": {},
        "nodes": [_plain(n) for n in nodes],
        "edges": [{**_plain(e), "key": e["id"]} for e in edges],
        "sources": [_plain(s) for s in source_nodes],
    }


def _xml_value(value):
    if isinstance(value, list | tuple):
        value = join_list(value)
    value = _plain(value)
    return _NOT_XML.sub("", value) if isinstance(value, str) else value


def _unify_types(rows: list[dict]) -> None:
    """One type per attribute name, as GraphML and GEXF declare: int+float -> float, any mix -> str."""
    seen: dict[str, set[type]] = {}
    for row in rows:
        for k, v in row.items():
            seen.setdefault(k, set()).add(type(v))
    for k, types in seen.items():
        if len(types) < 2:
            continue
        cast = float if types <= {int, float} else str
        for row in rows:
            if k in row:
                row[k] = cast(row[k])


def _xml_graph(nodes, edges, source_nodes, *, gexf: bool) -> nx.MultiDiGraph:
    node_rows = [dict(n) for n in nodes] + [{**s, "kind": "Source"} for s in source_nodes]
    edge_rows = [_flat_edge(e) for e in edges]
    for rows in (node_rows, edge_rows):
        for i, row in enumerate(rows):
            rows[i] = {k: _xml_value(v) for k, v in row.items() if v is not None}
        _unify_types(rows)
    if gexf:
        for row in node_rows:
            row["label"] = row.get("name") or row.get("title") or row["id"]
        for row in edge_rows:
            # GEXF's own `type` means directed/undirected; Gephi shows the tie type as the edge label.
            if "type" in row:
                row["label"] = row.pop("type")
    return to_multidigraph(node_rows, edge_rows)


def to_graphml(
    nodes: Iterable[Mapping[str, Any]],
    edges: Iterable[Mapping[str, Any]],
    source_nodes: Iterable[Mapping[str, Any]] = (),
) -> bytes:
    """GraphML (UTF-8): edge ids are the tie ids, lists `|`-joined, characters XML cannot hold dropped.

    >>> G = nx.read_graphml(io.BytesIO(to_graphml([{"id": "org:a", "labels": ["Startup"]}], [])))
    >>> G.nodes["org:a"]["labels"]
    'Startup'
    """
    out = io.BytesIO()
    nx.write_graphml(_xml_graph(nodes, edges, source_nodes, gexf=False), out)
    return out.getvalue()


def to_gexf(
    nodes: Iterable[Mapping[str, Any]],
    edges: Iterable[Mapping[str, Any]],
    source_nodes: Iterable[Mapping[str, Any]] = (),
) -> bytes:
    """GEXF 1.2 for Gephi: node label = name, edge label = tie type, every edge directed (an undirected
    tie says so in its `directed` attribute: networkx refuses a mixed file).

    >>> G = nx.read_gexf(io.BytesIO(to_gexf([{"id": "org:a", "name": "A"}], [])))
    >>> G.nodes["org:a"]["label"]
    'A'
    """
    out = io.BytesIO()
    nx.write_gexf(_xml_graph(nodes, edges, source_nodes, gexf=True), out)
    return out.getvalue()
