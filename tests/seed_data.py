"""The curated seed as test expectations: read from the shipped YAML, never re-typed in tests."""

from __future__ import annotations

from functools import cache

import yaml

from ingest.seed import seed_files


@cache
def seed() -> dict:
    merged: dict = {"sources": [], "entities": [], "ties": []}
    for path in seed_files():
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for section in merged:
            merged[section] += data.get(section) or []
    return merged


def entity(entity_id: str) -> dict:
    return next(e for e in seed()["entities"] if e["id"] == entity_id)


def ties_of(type_: str) -> list[dict]:
    return [t for t in seed()["ties"] if t["type"] == type_]
