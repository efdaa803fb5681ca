"""Parameters shared by several routes: paging, and the entity path segment.

The model's vocabulary (types, kinds, statuses) is checked by graph/choices.py, dates by graph/dates.py."""

from __future__ import annotations

from typing import Annotated

from fastapi import Query
from starlette.convertors import PathConvertor, register_url_convertor

# Paging for every list that can grow with the graph.
MAX_LIMIT = 5000
PageLimit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Items in this answer")]
# Neo4j takes list indexes as 32-bit integers, and pages are slices [offset..offset + limit]: past
# that, a 422 here rather than Neo4j's error (a 500).
MAX_OFFSET = 2**31 - 1 - MAX_LIMIT
PageOffset = Annotated[int, Query(ge=0, le=MAX_OFFSET, description="Items to skip (paging)")]


class EntityRef(PathConvertor):
    """An entity's path segment: an id, or a name that may hold a slash (P/Factory). Never empty,
    so `/entities/` still redirects to the search."""

    regex = ".+"


register_url_convertor("entity", EntityRef())
ENTITY_ID = "{entity_id:entity}"
