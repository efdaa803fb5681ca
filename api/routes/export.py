from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import Response

from api.deps import GraphDep
from graph import answers, choices

router = APIRouter(tags=["export"])


@router.get("/export", response_class=Response)
def get_export(
    graph: GraphDep,
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
    file = answers.export(
        graph,
        format,
        kinds=choices.kinds(kinds),
        types=choices.tie_types(types),
        statuses=choices.statuses(status),
        around=entity,
        depth=depth,
    )
    return Response(
        file.content,
        media_type=file.media_type,
        headers={"Content-Disposition": f'attachment; filename="{file.filename}"'},
    )
