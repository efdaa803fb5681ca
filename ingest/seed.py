"""The curated seed dataset shipped with ecograph (ingest/seed/*.yaml), loaded like any import file."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

from graph.store import Graph
from ingest.formats import RawDocument, read_bytes
from ingest.loader import LoadReport, load
from ingest.text.models import KnownEntity


def seed_files() -> list[Path]:
    folder = files("ingest").joinpath("seed")
    return sorted(Path(str(entry)) for entry in folder.iterdir() if entry.name.endswith(".yaml"))


def read_seed() -> RawDocument:
    document = RawDocument()
    for path in seed_files():
        document.extend(read_bytes(path.read_bytes(), path.name, f"seed/{path.name}"))
    return document


def seed_entities() -> list[KnownEntity]:
    """The seed's entities as the text pipeline sees them in a new user's graph (no database needed)."""
    return [
        KnownEntity(
            id=record.data["id"],
            name=record.data["name"],
            kind=record.data["kind"],
            labels=record.data.get("labels") or [],
            aliases=record.data.get("aliases") or [],
        )
        for record in read_seed().entities
    ]


def load_seed(graph: Graph) -> LoadReport:
    return load(graph, read_seed(), default_method="curated")
