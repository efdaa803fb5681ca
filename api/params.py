"""Query parameters shared by several routes, checked against the model's vocabulary."""

from __future__ import annotations

from typing import Annotated

from fastapi import Query
from starlette.convertors import PathConvertor, register_url_convertor

from graph.errors import InvalidInput
from graph.model import MODEL
from ingest.document import iso_date as _iso_date


def split_list(values: list[str] | None) -> list[str]:
    """`?types=OWNS,HAS_ROLE` and `?types=OWNS&types=HAS_ROLE` mean the same."""
    return [part.strip() for value in values or [] for part in value.split(",") if part.strip()]


def tie_types(values: list[str] | None, field: str = "types") -> list[str]:
    chosen = split_list(values) or MODEL.provenance_types
    bad = [t for t in chosen if t not in MODEL.provenance_types]
    if bad:
        raise InvalidInput([(field, f"unknown tie types {bad}; expected some of {MODEL.provenance_types}")])
    return chosen


def kinds(values: list[str] | None) -> list[str] | None:
    chosen = split_list(values)
    bad = [k for k in chosen if k not in MODEL.entity_kinds]
    if bad:
        raise InvalidInput([("kinds", f"unknown kinds {bad}; expected some of {MODEL.entity_kinds}")])
    return chosen or None


def statuses(values: list[str] | None, default: tuple[str, ...]) -> list[str]:
    chosen = split_list(values) or list(default)
    bad = [s for s in chosen if s not in MODEL.statuses]
    if bad:
        raise InvalidInput([("status", f"unknown statuses {bad}; expected some of {sorted(MODEL.statuses)}")])
    return chosen


def iso_date(value: str | None, field: str) -> str | None:
    try:
        return _iso_date(value)
    except ValueError as exc:
        raise InvalidInput([(field, str(exc))]) from exc


# Paging for every list that can grow with the graph.
PageLimit = Annotated[int, Query(ge=1, le=5000, description="Items in this answer")]
PageOffset = Annotated[int, Query(ge=0, description="Items to skip (paging)")]


class EntityRef(PathConvertor):
    """An entity's path segment: an id, or a name that may hold a slash (P/Factory). Never empty,
    so `/entities/` still redirects to the search."""

    regex = ".+"


register_url_convertor("entity", EntityRef())
ENTITY_ID = "{entity_id:entity}"
