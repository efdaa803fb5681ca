"""viz.render_page and its parts, without a browser: what the HTML and its embedded data say."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import pytest

from viz import render_page
from viz.assets import ASSET_NAMES, SCRIPTS, UnknownAsset, asset_bytes, media_type
from viz.palette import HIGHLIGHT, KIND_STYLES, NODE_SIZE_MAX, NODE_SIZE_MIN
from viz.visdata import SERVER_LAYOUT_THRESHOLD

HOSTILE = "<img src=x onerror=alert(1)></script><script>alert(2)</script><!--\u2028\u2029&amp;"


def node(node_id, name=None, kind="Organization", **extra):
    return {"id": node_id, "name": name or node_id, "kind": kind, "labels": [], "aliases": [], **extra}


def edge(tie_id, tie_type, source, target, **extra):
    return {
        "id": tie_id,
        "type": tie_type,
        "source": source,
        "target": target,
        "confidence": 0.9,
        "status": "accepted",
        "sources": [{"id": "src:a", "title": "A", "url": "https://example.org/a"}],
        **extra,
    }


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def tags(html: str) -> list[tuple[str, dict]]:
    parser = _Tags()
    parser.feed(html)
    return parser.tags


def embedded(html: str) -> dict:
    match = re.search(r'<script type="application/json" id="ecograph-data"[^>]*>(.*?)</script>', html, re.S)
    assert match, "the page carries its data block"
    return json.loads(match.group(1))


def vis_nodes(html: str) -> dict[str, dict]:
    return {n["id"]: n for n in embedded(html)["vis"]["nodes"]}


def vis_edges(html: str) -> dict[str, dict]:
    return {e["id"]: e for e in embedded(html)["vis"]["edges"]}


# ---------------------------------------------------------------- escaping


@pytest.mark.parametrize("assets", ["served", "inline"])
def test_hostile_strings_stay_data_and_never_become_markup(assets):
    nodes = [
        node("org:evil", HOSTILE, aliases=[HOSTILE], description=HOSTILE),
        node("org:ok", "Société Générale"),
    ]
    edges = [edge("tie:x", "OWNS", "org:evil", "org:ok", properties={"title": HOSTILE})]
    edges[0]["sources"][0].update(title=HOSTILE, evidence=HOSTILE, url="javascript:alert(3)")
    html = render_page(nodes, edges, title=HOSTILE, page="graph", note=HOSTILE, assets=assets)

    for fragment in ("<img src=x", "<script>alert", "</script><script>", "<!--"):
        assert fragment not in html
    for script in re.findall(r"<script[^>]*>(.*?)</script>", html, re.S):
        assert "\u2028" not in script and "\u2029" not in script  # line breaks to older JS parsers
    script_tags = [attrs for tag, attrs in tags(html) if tag == "script"]
    assert len(script_tags) == 1 + len(SCRIPTS)  # the data block and our scripts: nothing injected
    assert "&lt;img src=x onerror=alert(1)&gt;" in html  # title and note, escaped as text

    data = embedded(html)
    evil = next(e for e in data["entities"] if e["id"] == "org:evil")
    assert evil["name"] == evil["aliases"][0] == evil["description"] == HOSTILE
    assert data["sources"]["src:a"]["title"] == data["ties"][0]["sources"][0]["evidence"] == HOSTILE
    assert vis_nodes(html)["org:evil"]["label"].startswith("<img src=x onerror=alert(1)></script><script>")


def test_accented_names_travel_unchanged_in_utf8():
    html = render_page([node("place:pekin", "Pékin", "Place")], [], title="Écosystème", page="graph")
    assert '<meta charset="utf-8">' in html
    assert "Pékin" in html and "Écosystème" in html
    assert vis_nodes(html)["place:pekin"]["label"] == "Pékin"


def test_non_finite_numbers_and_dates_do_not_break_the_data_block():
    import datetime

    nodes = [node("org:a", score=float("nan")), node("org:b", score=float("inf"))]
    edges = [edge("tie:1", "OWNS", "org:a", "org:b", confidence=float("nan"))]
    edges[0]["sources"][0]["published"] = datetime.date(2017, 12, 7)
    data = embedded(render_page(nodes, edges, title="t", page="graph"))
    assert data["ties"][0]["confidence"] is None
    assert data["sources"]["src:a"]["published"] == "2017-12-07"
    assert {n["size"] for n in data["vis"]["nodes"]} == {NODE_SIZE_MIN}


# ---------------------------------------------------------------- assets: nothing from elsewhere


@pytest.mark.parametrize("assets", ["served", "inline"])
def test_no_script_or_stylesheet_comes_from_another_host(assets):
    html = render_page([node("org:a")], [], title="t", page="graph", assets=assets)
    urls = [attrs.get("src") or attrs.get("href") for tag, attrs in tags(html) if tag in ("script", "link")]
    for url in urls:
        if url:
            assert not re.match(r"^(https?:)?//", url), url
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html)


def test_served_pages_link_our_assets_under_the_api_base():
    html = render_page([node("org:a")], [], title="t", page="graph", api_base="/api")
    srcs = [attrs["src"] for tag, attrs in tags(html) if tag == "script" and "src" in attrs]
    hrefs = [attrs["href"] for tag, attrs in tags(html) if tag == "link" and attrs.get("rel") == "stylesheet"]
    assert [s.split("?")[0] for s in srcs] == [
        "/api/viz/assets/vis-network.min.js",
        "/api/viz/assets/explorer-panel.js",
        "/api/viz/assets/explorer-controls.js",
        "/api/viz/assets/explorer-time.js",
        "/api/viz/assets/explorer-structure.js",
        "/api/viz/assets/explorer.js",
    ]
    assert [h.split("?")[0] for h in hrefs] == [
        "/api/viz/assets/vis-network.css",
        "/api/viz/assets/explorer.css",
    ]
    assert embedded(html)["apiBase"] == "/api"


def test_standalone_pages_carry_everything_inline():
    html = render_page([node("org:a")], [], title="t", page="graph", assets="inline")
    assert not [attrs for tag, attrs in tags(html) if tag == "script" and "src" in attrs]
    assert not [attrs for tag, attrs in tags(html) if tag == "link" and attrs.get("rel") == "stylesheet"]
    assert "vis.Network" in html or "Network=" in html  # the library itself is in the file
    assert asset_bytes("explorer.js").decode() in html
    assert embedded(html)["standalone"] is True


def test_every_inline_script_carries_the_nonce():
    nonce = "r4nd0m+/="
    for assets in ("served", "inline"):
        html = render_page([node("org:a")], [], title="t", page="graph", assets=assets, nonce=nonce)
        inline = [attrs for tag, attrs in tags(html) if tag == "script" and "src" not in attrs]
        assert inline and all(attrs.get("nonce") == nonce for attrs in inline)
    bare = render_page([node("org:a")], [], title="t", page="graph")
    assert "nonce" not in bare


def test_assets_are_served_by_name_only():
    for name in ASSET_NAMES:
        assert asset_bytes(name)
        assert media_type(name).startswith(("text/javascript", "text/css"))
    assert b"sourceMappingURL" not in asset_bytes("vis-network.min.js")
    for name in ("page.html", "../assets.py", "missing.js"):
        with pytest.raises(UnknownAsset):
            asset_bytes(name)


# ---------------------------------------------------------------- look


def test_each_kind_has_its_own_colour_and_shape():
    kinds = ["Organization", "Person", "Place", "Event"]
    html = render_page([node(f"x:{k}", kind=k) for k in [*kinds, "Weird"]], [], title="t", page="graph")
    drawn, groups = vis_nodes(html), embedded(html)["vis"]["options"]["groups"]
    for kind in kinds:
        assert drawn[f"x:{kind}"]["group"] == kind
        assert groups[kind]["color"]["background"] == KIND_STYLES[kind].color
        assert drawn[f"x:{kind}"]["shape"] == groups[kind]["shape"] == KIND_STYLES[kind].shape
    assert len({groups[k]["color"]["background"] for k in kinds}) == 4
    assert len({groups[k]["shape"] for k in kinds}) == 4
    assert groups[drawn["x:Weird"]["group"]]["color"]["background"] not in {
        s.color for s in KIND_STYLES.values()
    }


def test_long_names_are_shortened_on_the_canvas_and_kept_whole_for_the_panel():
    name = "Fédération   des  " + "très " * 20 + "longues entreprises"
    html = render_page([node("org:long", name)], [], title="t", page="graph")
    label = vis_nodes(html)["org:long"]["label"]
    assert label.startswith("Fédération des très") and label.endswith("…") and len(label) <= 48
    assert embedded(html)["entities"][0]["name"] == name


def test_size_follows_the_score():
    nodes = [node("org:top", score=0.8), node("org:mid", score=0.2), node("org:none")]
    drawn = vis_nodes(render_page(nodes, [], title="t", page="graph"))
    assert drawn["org:top"]["size"] == NODE_SIZE_MAX
    assert NODE_SIZE_MIN < drawn["org:mid"]["size"] < NODE_SIZE_MAX
    assert drawn["org:none"]["size"] == NODE_SIZE_MIN


def test_candidate_ties_are_dashed_and_only_directed_types_have_arrows():
    nodes = [node("org:a"), node("org:b"), node("place:c", kind="Place")]
    edges = [
        edge("tie:owns", "OWNS", "org:a", "org:b", directed=True),
        edge("tie:partner", "PARTNERS_WITH", "org:a", "org:b", directed=False, status="candidate"),
        edge("tie:model", "HEADQUARTERED_IN", "org:a", "place:c"),  # no flag: the model says directed
        edge("tie:model-undirected", "PARTNERS_WITH", "org:b", "org:a"),
        edge("tie:no-status", "OWNS", "org:b", "org:a", status=None),
    ]
    drawn = vis_edges(render_page(nodes, edges, title="t", page="graph"))
    assert drawn["tie:owns"]["arrows"] == "to" and drawn["tie:owns"]["dashes"] is False
    assert drawn["tie:partner"]["arrows"] == "" and drawn["tie:partner"]["dashes"] is True
    assert drawn["tie:model"]["arrows"] == "to"
    assert drawn["tie:model-undirected"]["arrows"] == ""
    assert drawn["tie:no-status"]["dashes"] is False and drawn["tie:no-status"]["status"] == "accepted"


def test_tie_labels_name_the_type_and_what_sets_the_tie_apart():
    nodes = [node("person:a", kind="Person"), node("org:b"), node("place:c", kind="Place")]
    edges = [
        edge("tie:role", "HAS_ROLE", "person:a", "org:b", properties={"title": "Directrice générale"}),
        edge("tie:site", "OPERATES_IN", "org:b", "place:c", stage="planned", status="candidate"),
    ]
    drawn = vis_edges(render_page(nodes, edges, title="t", page="graph"))
    assert drawn["tie:role"]["label"] == "has role · Directrice générale"
    assert drawn["tie:site"]["label"] == "operates in (planned)"


def test_a_source_cited_by_many_ties_is_embedded_once():
    nodes = [node(f"org:{i}") for i in range(4)]
    edges = [edge(f"tie:{i}", "OWNS", f"org:{i}", f"org:{i + 1}", sources=[]) for i in range(3)]
    for i, tie in enumerate(edges):
        tie["sources"] = [{"id": "src:a", "title": "A", "url": "https://example.org/a", "evidence": f"e{i}"}]
    html = render_page(nodes, edges, title="t", page="graph")
    assert html.count("https://example.org/a") == 1
    data = embedded(html)
    assert data["sources"]["src:a"] == {"id": "src:a", "title": "A", "url": "https://example.org/a"}
    assert [t["sources"] for t in data["ties"]] == [[{"id": "src:a", "evidence": f"e{i}"}] for i in range(3)]


def test_two_ties_between_one_pair_are_both_drawn_and_dangling_or_repeated_ones_are_not():
    nodes = [node("org:a"), node("org:b"), node("org:a")]
    edges = [
        edge("tie:1", "OWNS", "org:a", "org:b"),
        edge("tie:2", "PARTNERS_WITH", "org:b", "org:a", directed=False),
        edge("tie:1", "OWNS", "org:a", "org:b"),
        edge("tie:3", "OWNS", "org:a", "org:missing"),
    ]
    html = render_page(nodes, edges, title="t", page="graph")
    assert sorted(vis_edges(html)) == ["tie:1", "tie:2"]
    assert [t["id"] for t in embedded(html)["ties"]] == ["tie:1", "tie:2"]
    assert len(vis_nodes(html)) == len(embedded(html)["entities"]) == 2


def test_path_nodes_and_ties_are_highlighted_in_their_context():
    nodes = [node("org:a"), node("org:b"), node("org:c"), node("org:side")]
    edges = [
        edge("tie:ab", "OWNS", "org:a", "org:b"),
        edge("tie:bc", "OWNS", "org:b", "org:c"),
        edge("tie:side", "OWNS", "org:b", "org:side"),
    ]
    html = render_page(
        nodes,
        edges,
        title="t",
        page="path",
        highlight_nodes=["org:a", "org:b", "org:c"],
        highlight_edges=["tie:ab", "tie:bc"],
    )
    drawn_nodes, drawn_edges = vis_nodes(html), vis_edges(html)
    group = embedded(html)["vis"]["options"]["groups"]["Organization"]
    for node_id in ("org:a", "org:b", "org:c"):
        assert drawn_nodes[node_id]["color"]["border"] == HIGHLIGHT
        assert drawn_nodes[node_id]["color"]["background"] == KIND_STYLES["Organization"].color
        assert drawn_nodes[node_id]["borderWidth"] > group["borderWidth"]
    assert "color" not in drawn_nodes["org:side"] and "borderWidth" not in drawn_nodes["org:side"]
    for tie_id in ("tie:ab", "tie:bc"):
        assert drawn_edges[tie_id]["color"]["color"] == HIGHLIGHT and drawn_edges[tie_id]["width"] >= 3
    assert "width" not in drawn_edges["tie:side"] and "color" not in drawn_edges["tie:side"]
    assert embedded(html)["highlight"]["nodes"] == ["org:a", "org:b", "org:c"]


# ---------------------------------------------------------------- layout


def test_small_graphs_settle_in_the_browser_with_bounded_stabilisation():
    nodes = [node(f"org:{i}") for i in range(20)]
    edges = [edge(f"tie:{i}", "OWNS", f"org:{i}", f"org:{i + 1}") for i in range(19)]
    data = embedded(render_page(nodes, edges, title="t", page="graph"))
    physics = data["vis"]["options"]["physics"]
    assert physics["enabled"] is True
    assert physics["stabilization"]["enabled"] is True and 0 < physics["stabilization"]["iterations"] <= 1000
    assert not any("x" in n for n in data["vis"]["nodes"])


def test_big_graphs_get_fixed_positions_and_no_physics():
    count = SERVER_LAYOUT_THRESHOLD + 100
    nodes = [node(f"org:{i}") for i in range(count)]
    edges = [edge(f"tie:{i}", "OWNS", f"org:{i}", f"org:{(i * 7 + 1) % count}") for i in range(count)]
    data = embedded(render_page(nodes, edges, title="t", page="graph"))
    assert data["vis"]["options"]["physics"]["enabled"] is False
    positions = [(n["x"], n["y"]) for n in data["vis"]["nodes"]]
    assert len(positions) == count
    assert len(set(positions)) > count * 0.99  # spread out, not piled up
    again = embedded(render_page(nodes, edges, title="t", page="graph"))
    assert [(n["x"], n["y"]) for n in again["vis"]["nodes"]] == positions  # seeded: same picture


# ---------------------------------------------------------------- page furniture


def test_the_note_and_the_top_control_show_on_the_graph_page_only_when_live():
    live = render_page([node("org:a")], [], title="t", page="graph", note="showing the 1 most central of 9")
    assert "showing the 1 most central of 9" in live and 'id="top-n"' in live
    saved = render_page([node("org:a")], [], title="t", page="graph", note="n", assets="inline")
    assert 'id="top-n"' not in saved
    assert 'id="note"' not in render_page([node("org:a")], [], title="t", page="graph")


def test_the_entity_page_has_a_depth_control_and_its_focus():
    html = render_page([node("org:a"), node("org:b")], [], title="t", page="entity", focus="org:a")
    assert 'id="depth"' in html
    assert embedded(html)["focus"] == "org:a"
    group = embedded(html)["vis"]["options"]["groups"]["Organization"]
    assert vis_nodes(html)["org:a"]["borderWidth"] > group["borderWidth"]
    assert "borderWidth" not in vis_nodes(html)["org:b"]


def test_unknown_page_or_assets_mode_is_refused():
    with pytest.raises(ValueError):
        render_page([], [], title="t", page="other")
    with pytest.raises(ValueError):
        render_page([], [], title="t", page="graph", assets="cdn")
