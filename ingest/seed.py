"""The curated seed dataset shipped with ecograph (ingest/seed/*.yaml), loaded like any import file."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

from graph.store import Graph
from ingest.formats import RawDocument, read_bytes
from ingest.loader import LoadReport, load


def seed_files() -> list[Path]:
    folder = files("ingest").joinpath("seed")
    return sorted(Path(str(entry)) for entry in folder.iterdir() if entry.name.endswith(".yaml"))


def read_seed() -> RawDocument:
    document = RawDocument()
    for path in seed_files():
        document.extend(read_bytes(path.read_bytes(), path.name, f"seed/{path.name}"))
    return document


def load_seed(graph: Graph) -> LoadReport:
    return load(graph, read_seed(), default_method="curated")
