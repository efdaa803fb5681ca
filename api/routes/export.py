from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import Response

from api import params
from api.deps import DatabaseDep, DriverDep
from graph import store
from graph.errors import InvalidInput
from graph.export_formats import FORMATS, render

router = APIRouter(tags=["export"])


@router.get("/export", response_class=Response)
def get_export(
    driver: DriverDep,
    database: DatabaseDep,
    format: Annotated[str, Query(description="graphml, gexf, json (node-link), csv (zip) or import (JSON)")],
    kinds: Annotated[list[str] | None, Query(description="Keep only these entity kinds")] = None,
    types: Annotated[list[str] | None, Query(description="Keep only these tie types")] = None,
    status: Annotated[list[str] | None, Query(description="Keep only ties with these statuses")] = None,
    entity: Annotated[
        str | None, Query(description="Only this entity's ego network (id, name or alias)")
    ] = None,
    depth: Annotated[int, Query(ge=1, le=3, description="Hops around `entity`")] = 1,
):
    """The whole graph, or a filtered part, as a download. `csv` and `import` are the import format:
    exporting then importing into an empty database gives the same graph."""
    if format not in FORMATS:
        raise InvalidInput([("format", f"unknown format {format!r}; use one of {', '.join(FORMATS)}")])
    chosen_types = params.split_list(types)
    chosen_status = params.split_list(status)
    nodes, edges, sources = store.selection(
        driver,
        database,
        kinds=params.kinds(kinds),
        types=params.tie_types(chosen_types) if chosen_types else None,
        statuses=params.statuses(chosen_status, ()) if chosen_status else None,
        around=store.resolve_ref(driver, database, entity) if entity else None,
        depth=depth,
    )
    file = render(format, nodes, edges, sources)
    return Response(
        file.content,
        media_type=file.media_type,
        headers={"Content-Disposition": f'attachment; filename="{file.filename}"'},
    )
