"""Reading import files (YAML, JSON, CSV) into raw records that remember where they came from.

Each record is (where, data): `where` names the file and line, so a validation error can say
`ties.csv:7 field type: …` or `data.yaml:42 ties[3].type: …`.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from graph.errors import InvalidInput
from graph.export import split_list, unescape_cell
from graph.model import MODEL

SECTIONS = ("sources", "entities", "ties")
MAX_BYTES = 200 * 1024 * 1024
# libyaml when PyYAML was built with it: the pure-Python parser takes minutes on a 30 MB file.
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
LIST_SEPARATOR = "|"  # inside a list cell, a literal | or \ is escaped with a backslash


class LineIndex:
    """Line numbers of a YAML/JSON document's section items and their fields, found only when asked.

    Composing the document a second time costs as much as parsing it, and only error messages need
    line numbers, so this happens on the first question and at most once.
    """

    def __init__(self, text: str):
        self._text = text
        self._lines: dict[tuple[str, int], tuple[int, dict[str, int]]] | None = None

    def _index(self) -> dict[tuple[str, int], tuple[int, dict[str, int]]]:
        if self._lines is None:
            try:
                self._lines = _yaml_lines(self._text)
            except yaml.YAMLError:  # valid JSON that YAML 1.1 cannot read: no line numbers
                self._lines = {}
            self._text = ""
        return self._lines

    def item(self, section: str, index: int) -> int | None:
        found = self._index().get((section, index))
        return found[0] if found else None

    def field(self, section: str, index: int, name: str) -> int | None:
        found = self._index().get((section, index))
        return found[1].get(name) if found else None


@dataclass
class Record:
    """One raw item of an import file, able to say where it (or one of its fields) came from."""

    data: dict[str, Any]
    file: str
    line: int | None = None  # CSV rows know their line up front
    section: str | None = None  # YAML/JSON items know their place in the document
    index: int | None = None
    lines: LineIndex | None = None

    @property
    def where(self) -> str:
        """`file:line section[i]` for a document item, `file:line` for a CSV row."""
        if self.section is None:
            return f"{self.file}:{self.line}" if self.line else self.file
        line = self.lines.item(self.section, self.index) if self.lines and self.index is not None else None
        place = f"{self.section}[{self.index}]"
        return f"{self.file}:{line} {place}" if line else f"{self.file} {place}"

    def at(self, field_name: str | None) -> str:
        if not field_name:
            return self.where
        if self.section is not None and self.lines and self.index is not None:
            line = self.lines.field(self.section, self.index, field_name)
            if line:
                return f"{self.file}:{line} {self.section}[{self.index}].{field_name}"
        return f"{self.where}.{field_name}"


@dataclass
class RawDocument:
    sources: list[Record] = field(default_factory=list)
    entities: list[Record] = field(default_factory=list)
    ties: list[Record] = field(default_factory=list)

    def extend(self, other: RawDocument) -> None:
        for section in SECTIONS:
            getattr(self, section).extend(getattr(other, section))


def read_path(path: Path) -> RawDocument:
    """A YAML/JSON file, a CSV file, or a folder holding sources.csv / entities.csv / ties.csv."""
    if path.is_dir():
        found = [path / f"{name}.csv" for name in SECTIONS if (path / f"{name}.csv").exists()]
        if not found:
            raise InvalidInput([(str(path), "folder has none of sources.csv, entities.csv, ties.csv")])
        document = RawDocument()
        for csv_path in found:
            document.extend(read_csv(csv_path.read_bytes(), csv_path.name, str(csv_path)))
        return document
    if not path.exists():
        raise InvalidInput([(str(path), "no such file")])
    return read_bytes(path.read_bytes(), path.name, str(path))


def read_bytes(data: bytes, filename: str, label: str | None = None) -> RawDocument:
    label = label or filename
    if len(data) > MAX_BYTES:
        raise InvalidInput([(label, f"file is larger than {MAX_BYTES // (1024 * 1024)} MB")])
    if not data.strip():
        raise InvalidInput([(label, "file is empty")])
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InvalidInput([(label, f"not UTF-8 text (byte {exc.start})")]) from exc
    suffix = Path(filename).suffix.lower()
    if suffix == ".csv":
        return read_csv(data, filename, label)
    readers = {".json": _read_json, ".yaml": _read_yaml, ".yml": _read_yaml}
    if suffix not in readers:
        raise InvalidInput([(label, "unsupported file type: use .yaml, .yml, .json or .csv")])
    try:
        return readers[suffix](text, label)
    except RecursionError as exc:  # the parsers recurse once per level of brackets
        raise InvalidInput([(label, "nested too deeply to be an import document")]) from exc


def _read_json(text: str, label: str) -> RawDocument:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InvalidInput([(f"{label}:{exc.lineno}", f"invalid JSON: {exc.msg}")]) from exc

    # JSON is (nearly always) YAML: the YAML composer finds line numbers when an error needs them.
    return _sections(data, label, LineIndex(text))


def _read_yaml(text: str, label: str) -> RawDocument:
    try:
        data = yaml.load(text, Loader=_YAML_LOADER)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{label}:{mark.line + 1}" if mark else label
        raise InvalidInput([(where, f"invalid YAML: {getattr(exc, 'problem', exc)}")]) from exc
    return _sections(data, label, LineIndex(text))


def _yaml_lines(text: str) -> dict[tuple[str, int], tuple[int, dict[str, int]]]:
    """{(section, i): (line of the item, {field: line})} for every item of every section."""
    root = yaml.compose(text, Loader=_YAML_LOADER)
    lines: dict[tuple[str, int], tuple[int, dict[str, int]]] = {}
    if not isinstance(root, yaml.MappingNode):
        return lines
    for key_node, value_node in root.value:
        if key_node.value in SECTIONS and isinstance(value_node, yaml.SequenceNode):
            for index, item in enumerate(value_node.value):
                fields = {}
                if isinstance(item, yaml.MappingNode):
                    fields = {key.value: key.start_mark.line + 1 for key, _ in item.value}
                lines[(key_node.value, index)] = (item.start_mark.line + 1, fields)
    return lines


def read_mapping(data: Any, label: str) -> RawDocument:
    """An import document already in memory (a parsed request body, a generated dataset)."""
    return _sections(data, label, None)


def _sections(data: Any, label: str, lines: LineIndex | None) -> RawDocument:
    if not isinstance(data, dict):
        raise InvalidInput([(label, "expected a mapping with sources, entities and ties")])
    unknown = sorted(set(data) - set(SECTIONS))
    if unknown:
        raise InvalidInput([(label, f"unknown top-level keys {unknown}; expected {list(SECTIONS)}")])
    document = RawDocument()
    problems = []
    for section in SECTIONS:
        items = data.get(section) or []
        if not isinstance(items, list):
            problems.append((f"{label} {section}", "must be a list"))
            continue
        for index, item in enumerate(items):
            record = Record(item, label, section=section, index=index, lines=lines)
            if not isinstance(item, dict):
                problems.append((record.where, "must be a mapping"))
                continue
            getattr(document, section).append(record)
    if problems:
        raise InvalidInput(problems)
    return document


# --- CSV ---------------------------------------------------------------------------------------------

_CSV_LISTS = {"labels", "aliases", "sources"}
_TIE_FIELDS = set(MODEL.tie_fields)
_ENTITY_FIELDS = {"id", *MODEL.entity_fields}


def read_csv(data: bytes, filename: str, label: str | None = None) -> RawDocument:
    label = label or filename
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InvalidInput([(label, f"not UTF-8 text (byte {exc.start})")]) from exc
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    header = set(reader.fieldnames or [])
    if {"source", "target", "type"} <= header:
        section = "ties"
    elif {"name", "kind"} <= header:
        section = "entities"
    elif "id" in header and "title" in header:
        section = "sources"
    else:
        raise InvalidInput(
            [
                (
                    f"{label}:1",
                    "header must be that of ties.csv (source, target, type, …), "
                    "entities.csv (name, kind, …) or sources.csv (id, title, …)",
                )
            ]
        )
    unknown = sorted(header - _ENTITY_FIELDS) if section == "entities" else []
    if unknown:
        raise InvalidInput([(f"{label}:1", f"unknown entity columns {unknown}")])
    document = RawDocument()
    records = getattr(document, section)
    line = reader.line_num
    for row in reader:
        line_number = line + 1
        where = f"{label}:{line_number}"
        line = reader.line_num
        if None in row:
            raise InvalidInput([(where, "more cells than header columns")])
        fields = _csv_row(section, row)
        if isinstance(fields.get("facts"), str):
            try:
                fields["facts"] = json.loads(fields["facts"])
            except json.JSONDecodeError as exc:
                raise InvalidInput([(f"{where}.facts", f"not a JSON list of facts: {exc.msg}")]) from exc
        records.append(Record(fields, label, line=line_number))
    return document


def _delimiter(text: str) -> str:
    """`,` unless the header line is clearly split by `;` (spreadsheets in French locales) or tabs."""
    header = text.split("\n", 1)[0]
    counts = {sep: header.count(sep) for sep in (",", ";", "\t")}
    best = max(counts, key=lambda sep: counts[sep])
    return best if counts[best] > counts[","] else ","


def _csv_row(section: str, row: dict[str, str]) -> dict[str, Any]:
    cells = {k.strip(): unescape_cell(v) for k, v in row.items() if v is not None and v.strip() != ""}
    out: dict[str, Any] = {}
    for key, value in cells.items():
        if key in _CSV_LISTS:
            out[key] = [part.strip() for part in split_list(value) if part.strip()]
        else:
            out[key] = value
    if section == "ties":
        properties = {k: v for k, v in out.items() if k not in _TIE_FIELDS}
        out = {k: v for k, v in out.items() if k in _TIE_FIELDS}
        sources = out.get("sources") or []
        if "evidence" in out:
            parts = split_list(out["evidence"])
            # One source: its evidence is the whole cell, even with a bare "|" typed by hand.
            out["evidence"] = parts if len(sources) > 1 else LIST_SEPARATOR.join(parts)
        if properties:
            out["properties"] = properties
    return out
