from __future__ import annotations

import io
import json
from datetime import date

import neo4j.time
import networkx as nx
import pytest

from graph.export import split_list, to_gexf, to_graphml, to_import_document, to_node_link_json
from tests.graph.export.sample import EDGES, NASTY_NAME, NODES, SOURCES

ALL_NODE_IDS = {n["id"] for n in NODES} | {s["id"] for s in SOURCES}
EDGE_KEYS = {(e["source"], e["target"], e["id"]) for e in EDGES}


def read(fmt: str) -> nx.MultiDiGraph:
    if fmt == "graphml":
        return nx.read_graphml(io.BytesIO(to_graphml(NODES, EDGES, SOURCES)))
    return nx.read_gexf(io.BytesIO(to_gexf(NODES, EDGES, SOURCES)))


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_xml_formats_read_back_as_the_same_graph(fmt):
    G = read(fmt)
    assert isinstance(G, nx.MultiDiGraph)
    assert set(G) == ALL_NODE_IDS
    assert set(G.edges(keys=True)) == EDGE_KEYS
    org = G.nodes["org:societe-generale"]
    assert org["name"] == NASTY_NAME
    assert org["kind"] == "Organization"
    assert split_list(org["labels"]) == ["Company", "Investor"]
    assert split_list(org["aliases"]) == ["SG|Marseille", "S.G.", "back\\slash"]
    assert org["description"] == 'Bank, "quoted", with | pipe'
    assert G.nodes["src:amft-2017"]["kind"] == "Source"
    assert G.nodes["src:amft-2017"]["url"] == "https://example.org/a?b=1,2"
    role = G.edges["person:erica-huang", "org:societe-generale", "tie:role"]
    assert split_list(role["sources"]) == ["src:amft-2017", "src:other"]
    assert split_list(role["evidence"]) == ["Erica Huang, CEO | founder", 'line one\nline "two"']
    # An int confidence among floats is declared and read back as a float.
    assert role["confidence"] == 1.0 and isinstance(role["confidence"], float)
    assert role["title"] == "CEO, Europe" and role["status"] == "accepted" and role["directed"] is True
    sign = G.edges["person:erica-huang", "event:2017-12-07-mou", "tie:sign"]
    assert sign["role"] == "signatory"
    assert sign["prop_type"] == "collides with the tie type"
    assert G.edges["src:amft-2017", "place:marseille", "mention:1"]["spans"] == "3|12"


def test_graphml_keeps_the_tie_type_and_leaves_missing_values_out():
    G = read("graphml")
    assert G.edges["person:erica-huang", "event:2017-12-07-mou", "tie:sign"]["type"] == "PARTICIPATED_IN"
    assert "country" not in G.nodes["person:erica-huang"]
    assert "valid_to" not in G.edges["person:erica-huang", "org:societe-generale", "tie:role"]
    assert b"None" not in to_graphml(NODES, EDGES, SOURCES)


def test_gexf_is_gephi_friendly():
    data = to_gexf(NODES, EDGES, SOURCES)
    assert b"None" not in data
    G = read("gexf")
    assert G.nodes["place:marseille"]["label"] == "Marseille"
    assert G.nodes["src:amft-2017"]["label"] == "TechCode, à Marseille"
    sign = G.edges["person:erica-huang", "event:2017-12-07-mou", "tie:sign"]
    assert sign["label"] == "PARTICIPATED_IN" and sign["id"] == "tie:sign"
    assert 'defaultedgetype="directed"' in data.decode()


@pytest.mark.parametrize("writer", [to_graphml, to_gexf])
def test_characters_xml_cannot_hold_are_dropped_not_fatal(writer):
    nodes = [{"id": "org:x", "name": "bell\x07 and form\x0cfeed", "kind": "Organization"}]
    G = (
        nx.read_graphml(io.BytesIO(writer(nodes, [])))
        if writer is to_graphml
        else nx.read_gexf(io.BytesIO(writer(nodes, [])))
    )
    assert G.nodes["org:x"]["name"] == "bell and formfeed"


def test_dates_from_the_driver_become_iso_strings():
    nodes = [
        {
            "id": "event:e",
            "name": "E",
            "kind": "Event",
            "start_date": date(2017, 12, 7),
            "end_date": neo4j.time.Date(2017, 12, 8),
        }
    ]
    assert to_import_document(nodes, [])["entities"][0]["end_date"] == "2017-12-08"
    assert nx.read_graphml(io.BytesIO(to_graphml(nodes, []))).nodes["event:e"]["start_date"] == "2017-12-07"
    assert to_node_link_json(nodes, [])["nodes"][0]["start_date"] == "2017-12-07"


def test_node_link_json_round_trips_through_networkx_and_carries_sources():
    doc = to_node_link_json(NODES, EDGES, SOURCES)
    doc = json.loads(json.dumps(doc, ensure_ascii=False))
    assert doc["sources"] == [{k: v for k, v in s.items() if v is not None} for s in SOURCES]
    G = nx.node_link_graph(doc)
    assert set(G.edges(keys=True)) == EDGE_KEYS
    assert set(G) == {n["id"] for n in NODES} | {"src:amft-2017"}  # the MENTIONS tail
    assert G.nodes["org:societe-generale"]["aliases"] == ["SG|Marseille", "S.G.", "back\\slash"]
    role = G.edges["person:erica-huang", "org:societe-generale", "tie:role"]
    assert role["evidence"] == EDGES[0]["evidence"]
    assert role["properties"] == {"title": "CEO, Europe"}
    assert "valid_to" not in role
