from __future__ import annotations

import doctest
import json
import statistics
import subprocess
import sys
from collections import Counter

import pytest

from graph.model import MODEL, make_id, make_tie_id
from tests.graph.export.bench_module import GENERATOR, load_generator

generator = load_generator()


@pytest.fixture(scope="module")
def doc() -> dict:
    return generator.generate(4000, 12000, seed=5)


def test_same_seed_same_document_other_seed_other_document(doc):
    assert generator.generate(4000, 12000, seed=5) == doc
    assert generator.generate(4000, 12000, seed=6)["ties"] != doc["ties"]


def test_entities_have_the_requested_mix_and_model_ids(doc):
    entities = doc["entities"]
    assert len(entities) == 4000
    assert Counter(e["kind"] for e in entities) == {
        "Organization": 2400,
        "Person": 1000,
        "Place": 400,
        "Event": 200,
    }
    assert len({e["id"] for e in entities}) == 4000
    for e in entities:
        assert e["id"] == make_id(e["kind"], e["name"])
        assert set(e["labels"]) <= MODEL.kinds[e["kind"]].labels
        assert len(e["labels"]) == (0 if e["kind"] == "Person" else 1)
    events = [e for e in entities if e["kind"] == "Event"]
    assert all(e["start_date"] <= e["end_date"] and e["date_precision"] == "day" for e in events)
    assert all("start_date" not in e for e in entities if e["kind"] != "Event")


def test_every_tie_is_valid_per_the_model(doc):
    kind = {e["id"]: e["kind"] for e in doc["entities"]}
    sources = {s["id"] for s in doc["sources"]}
    assert 100 <= len(sources) <= 1000
    ties = doc["ties"]
    assert len(ties) == 12000
    # Distinct for the loader too: no two ties derive the same id.
    assert len({make_tie_id(t["type"], t["source"], t["target"], t.get("properties")) for t in ties}) == 12000
    for t in ties:
        assert "id" not in t
        spec = MODEL.tie(t["type"])
        assert spec.provenance
        assert kind[t["source"]] in spec.from_kinds and kind[t["target"]] in spec.to_kinds
        assert t["source"] != t["target"]
        assert len(t["sources"]) == 1 and t["sources"][0] in sources
        assert len(t["evidence"]) == 1 and t["evidence"][0]
        assert 0 <= t["confidence"] <= 1
        assert t["status"] in {"accepted", "candidate"} and t["method"] in MODEL.methods
        if t["type"] == "PARTICIPATED_IN":
            assert t["properties"]["role"] in MODEL.participation_roles
    assert {t["type"] for t in ties} == set(MODEL.provenance_types)
    assert 0.035 < sum(t["status"] == "candidate" for t in ties) / len(ties) < 0.065


def test_degrees_are_skewed(doc):
    degree = Counter()
    for t in doc["ties"]:
        degree[t["source"]] += 1
        degree[t["target"]] += 1
    degrees = [degree[e["id"]] for e in doc["entities"]]
    assert max(degrees) >= 40 * statistics.median(degrees)
    assert sum(d >= 100 for d in degrees) >= 3  # a few hubs


def test_too_few_entities_is_refused():
    with pytest.raises(ValueError, match="too few entities"):
        generator.generate(100, 100_000)


def test_command_line_writes_the_same_document(tmp_path):
    out = tmp_path / "eco.json"
    subprocess.run(
        [
            sys.executable,
            str(GENERATOR),
            "--entities",
            "300",
            "--ties",
            "600",
            "--seed",
            "2",
            "--out",
            str(out),
        ],
        check=True,
        cwd=tmp_path,
    )
    assert json.loads(out.read_text(encoding="utf-8")) == generator.generate(300, 600, seed=2)


def test_the_generators_docstring_examples_hold():
    """bench/ is not a package the doctests are collected from (pyproject.toml testpaths)."""
    result = doctest.testmod(generator, optionflags=doctest.ELLIPSIS)
    assert result.failed == 0 and result.attempted >= 2
