from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from api import params
from api.auth import WRITE_RESPONSES, EditorDep
from api.deps import GraphDep
from api.schemas import Conflicts, Edge, ReviewIn
from graph import answers, choices

router = APIRouter(tags=["ties"])


@router.get("/ties", response_model=list[Edge])
def get_ties(
    graph: GraphDep,
    source: Annotated[str | None, Query(description="Id, name or alias of the tie's subject")] = None,
    target: Annotated[str | None, Query(description="Id, name or alias of the tie's object")] = None,
    type: Annotated[list[str] | None, Query(description="Tie types (comma-separated or repeated)")] = None,
    status: Annotated[
        list[str] | None, Query(description="accepted, candidate or retracted (default: any)")
    ] = None,
    limit: Annotated[int, Query(ge=1, le=10000)] = 1000,
):
    """Ties with full provenance: sources with their evidence, confidence, method, status, dates.
    `status=candidate` is the review queue."""
    return answers.ties(
        graph,
        source=source,
        target=target,
        types=choices.tie_types(type, "type"),
        statuses=choices.statuses(status),
        limit=limit,
    )


@router.get("/ties/conflicts", response_model=Conflicts)
def get_conflicts(graph: GraphDep, limit: params.PageLimit = 100, offset: params.PageOffset = 0):
    """Ties that contradict each other, all kept, each with its sources, so an analyst can see who says
    what. One item per pair of entities both owned-by and partners (`exclusive`), one per entity with
    several head offices (`single_valued`), listing every tie involved. `total` counts them all."""
    return answers.conflicts(graph, limit=limit, offset=offset)


@router.post(
    "/ties/{tie_id}/accept", response_model=Edge, dependencies=[EditorDep], responses=WRITE_RESPONSES
)
def accept_tie(tie_id: str, graph: GraphDep, body: ReviewIn | None = None):
    """Accept a candidate tie after review (editor); an optional `reason` goes into the history."""
    return answers.decide(graph, tie_id, "accept", reason=body.reason if body else None)


@router.post(
    "/ties/{tie_id}/reject", response_model=Edge, dependencies=[EditorDep], responses=WRITE_RESPONSES
)
def reject_tie(tie_id: str, graph: GraphDep, body: ReviewIn | None = None):
    """Reject a tie (editor). It is kept as `retracted`, so ingesting the same claim again does not
    bring it back. An optional `reason` goes into the history."""
    return answers.decide(graph, tie_id, "reject", reason=body.reason if body else None)
