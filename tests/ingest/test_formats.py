"""Reading import files: every record can say which file, line and field it came from."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from graph.errors import InvalidInput
from ingest.formats import read_bytes, read_path


def test_json_records_name_the_line_of_the_item_and_of_each_field() -> None:
    document = {
        "sources": [{"id": "src:a", "title": "A"}],
        "entities": [{"name": "One", "kind": "Organization"}, {"name": "Two", "kind": "Place"}],
    }
    text = json.dumps(document, indent=2)
    lines = text.splitlines()
    raw = read_bytes(text.encode(), "data.json")
    second = raw.entities[1]
    item_line = next(i for i, line in enumerate(lines, 1) if '"Two"' in line) - 1  # the "{" above it
    kind_line = next(i for i, line in enumerate(lines, 1) if '"Place"' in line)
    assert second.where == f"data.json:{item_line} entities[1]"
    assert second.at("kind") == f"data.json:{kind_line} entities[1].kind"
    assert second.at("aliases") == f"data.json:{item_line} entities[1].aliases"


def test_yaml_records_name_their_lines() -> None:
    text = "entities:\n  - name: One\n    kind: Organization\n  - name: Two\n    kind: Spaceship\n"
    raw = read_bytes(text.encode(), "data.yaml")
    assert raw.entities[1].where == "data.yaml:4 entities[1]"
    assert raw.entities[1].at("kind") == "data.yaml:5 entities[1].kind"


def test_csv_rows_name_their_line() -> None:
    text = 'name,kind\nOne,Organization\n"Two\nlines",Place\nThree,Person\n'
    raw = read_bytes(text.encode(), "entities.csv")
    assert [record.where for record in raw.entities] == ["entities.csv:2", "entities.csv:3", "entities.csv:5"]
    assert raw.entities[2].at("kind") == "entities.csv:5.kind"


def test_an_item_that_is_not_a_mapping_is_named(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("entities:\n  - {name: One, kind: Organization}\n  - just a string\n", encoding="utf-8")
    with pytest.raises(InvalidInput) as caught:
        read_path(path)
    assert caught.value.problems == [(f"{path}:3 entities[1]", "must be a mapping")]


def test_a_large_json_file_reads_every_record() -> None:
    count = 20_000
    document = {"entities": [{"name": f"Org {i}", "kind": "Organization"} for i in range(count)]}
    raw = read_bytes(json.dumps(document, indent=1).encode(), "big.json")
    assert len(raw.entities) == count
    assert raw.entities[-1].data == {"name": f"Org {count - 1}", "kind": "Organization"}


@pytest.mark.parametrize("separator", [",", ";", "\t"])
def test_csv_from_any_spreadsheet_locale_reads_the_same(separator: str) -> None:
    rows = [
        ["source", "target", "type", "sources", "evidence", "nature"],
        ["Medici", "Strozzi", "PARTNERS_WITH", "src:p", "a, b; c", "marriage"],
    ]
    text = "\n".join(separator.join(f'"{cell}"' for cell in row) for row in rows) + "\n"
    [tie] = read_bytes(text.encode(), "ties.csv").ties
    assert tie.data == {
        "source": "Medici",
        "target": "Strozzi",
        "type": "PARTNERS_WITH",
        "sources": ["src:p"],
        "evidence": "a, b; c",
        "properties": {"nature": "marriage"},
    }
