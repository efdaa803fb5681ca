"""Parameters shared by several routes: paging, and the entity path segment.

The model's vocabulary (types, kinds, statuses) is checked by graph/choices.py, dates by graph/dates.py."""

from __future__ import annotations

from typing import Annotated

from fastapi import Query
from starlette.convertors import PathConvertor, register_url_convertor

# Paging for every list that can grow with the graph.
PageLimit = Annotated[int, Query(ge=1, le=5000, description="Items in this answer")]
PageOffset = Annotated[int, Query(ge=0, description="Items to skip (paging)")]


class EntityRef(PathConvertor):
    """An entity's path segment: an id, or a name that may hold a slash (P/Factory). Never empty,
    so `/entities/` still redirects to the search."""

    regex = ".+"


register_url_convertor("entity", EntityRef())
ENTITY_ID = "{entity_id:entity}"
