from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query

from api import params
from api.deps import GraphDep
from api.schemas import EntityProfile, SearchPage, Subgraph, Timeline
from graph import answers, choices

router = APIRouter(prefix="/entities", tags=["entities"])

IdPath = Annotated[
    str, Path(description="An entity id (`org:techcode`), or a name or alias naming exactly one")
]


@router.get("", response_model=SearchPage)
def search_entities(
    graph: GraphDep,
    q: Annotated[
        str,
        Query(
            max_length=500,
            description="Words of a name or alias; accents, case and small typos don't matter",
        ),
    ] = "",
    kind: Annotated[str | None, Query(description="Organization, Person, Place or Event")] = None,
    label: Annotated[str | None, Query(description="An extra label such as Startup, City, Agreement")] = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    offset: params.PageOffset = 0,
):
    """Ranked search over names and aliases: exact name first, then exact alias, then the best matches."""
    return answers.search(
        graph, q, kind=choices.kind(kind), label=choices.label(label), limit=limit, offset=offset
    )


@router.get(f"/{params.ENTITY_ID}/neighbors", response_model=Subgraph)
def get_neighbors(
    entity_id: IdPath,
    graph: GraphDep,
    depth: Annotated[int, Query(ge=1, le=3, description="Hops from the entity")] = 1,
    types: Annotated[
        list[str] | None, Query(description="Tie types to follow (comma-separated or repeated)")
    ] = None,
    kinds: Annotated[list[str] | None, Query(description="Kinds of neighbours to keep")] = None,
    status: Annotated[
        list[str] | None, Query(description="Tie statuses to follow (default: accepted and candidate)")
    ] = None,
    limit: Annotated[int, Query(ge=1, le=5000, description="At most this many neighbours")] = 500,
    from_: Annotated[
        str | None, Query(alias="from", description="Only ties known on or after (ISO date)")
    ] = None,
    to: Annotated[str | None, Query(description="Only ties known on or before (ISO date)")] = None,
):
    """The ego network: the entity, its neighbours up to `depth` hops, and every tie among them.
    `truncated` says the `limit` cut the neighbours."""
    return answers.neighborhood(
        graph,
        entity_id,
        depth=depth,
        types=choices.tie_types(types),
        kinds=choices.kinds(kinds),
        statuses=choices.statuses(status),
        limit=limit,
        start=from_,
        end=to,
    )


@router.get(f"/{params.ENTITY_ID}/timeline", response_model=Timeline)
def get_timeline(
    entity_id: IdPath,
    graph: GraphDep,
    limit: params.PageLimit = 1000,
    offset: params.PageOffset = 0,
):
    """What happened to an entity, in time order: events it took part in (with its role) and dated ties,
    each with its sources. Undated ties come last. `total` counts them all; `limit`/`offset` page."""
    return answers.timeline(graph, entity_id, limit=limit, offset=offset)


# Registered last: the entity segment takes names with a slash (P/Factory), so it would also swallow
# /neighbors and /timeline if it came first.
@router.get(f"/{params.ENTITY_ID}", response_model=EntityProfile)
def get_entity(
    entity_id: IdPath,
    graph: GraphDep,
    ties_limit: params.PageLimit = 1000,
    ties_offset: params.PageOffset = 0,
):
    """The entity with its ties: type, direction, the other end, properties, and each source's evidence.

    Counts by type, `ties_total` and the first and last dates seen cover every tie; the ties themselves
    come a page at a time (`ties_limit`, `ties_offset`), so a hub with thousands stays quick."""
    return answers.profile(graph, entity_id, ties_limit=ties_limit, ties_offset=ties_offset)
