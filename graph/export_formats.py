"""The export formats as files: name, media type and bytes, shared by GET /export and `ecograph export`."""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from graph import export
from graph.errors import InvalidArgument

FORMATS = ("graphml", "gexf", "json", "csv", "import")


@dataclass(frozen=True)
class ExportFile:
    filename: str
    media_type: str
    content: bytes


def render(
    fmt: str,
    nodes: Sequence[Mapping[str, Any]],
    edges: Sequence[Mapping[str, Any]],
    sources: Sequence[Mapping[str, Any]],
) -> ExportFile:
    """`csv` is a zip of entities.csv, ties.csv and sources.csv (the import CSV); `import` is the JSON
    import document; `json` is networkx node-link JSON; `graphml` and `gexf` open in Gephi."""
    if fmt == "graphml":
        return ExportFile(
            "ecograph.graphml", "application/graphml+xml", export.to_graphml(nodes, edges, sources)
        )
    if fmt == "gexf":
        return ExportFile("ecograph.gexf", "application/gexf+xml", export.to_gexf(nodes, edges, sources))
    if fmt == "json":
        body = json.dumps(export.to_node_link_json(nodes, edges, sources), ensure_ascii=False, indent=1)
        return ExportFile("ecograph.json", "application/json", body.encode("utf-8"))
    if fmt == "import":
        body = json.dumps(export.to_import_document(nodes, edges, sources), ensure_ascii=False, indent=1)
        return ExportFile("ecograph-import.json", "application/json", body.encode("utf-8"))
    if fmt == "csv":
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, text in export.to_csv(nodes, edges, sources).items():
                archive.writestr(name, text)
        return ExportFile("ecograph-csv.zip", "application/zip", buffer.getvalue())
    raise InvalidArgument(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
