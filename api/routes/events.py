from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from api.deps import DatabaseDep, DriverDep
from api.params import PageLimit, PageOffset, iso_date
from api.schemas import Events
from graph import store

router = APIRouter(tags=["events"])


@router.get("/events", response_model=Events)
def get_events(
    driver: DriverDep,
    database: DatabaseDep,
    from_: Annotated[
        str | None, Query(alias="from", description="ISO date (YYYY, YYYY-MM or YYYY-MM-DD)")
    ] = None,
    to: Annotated[
        str | None, Query(description="ISO date; an event overlapping [from, to] is included")
    ] = None,
    actor: Annotated[
        str | None, Query(description="Only events this entity took part in (id, name or alias)")
    ] = None,
    limit: PageLimit = 1000,
    offset: PageOffset = 0,
):
    """Events in time order with their participants and roles."""
    start, end = iso_date(from_, "from"), iso_date(to, "to")
    # Compare whole periods: `from=2017-12` starts on the 1st, `to=2017-12` ends on the 31st.
    start = store.period(start, None)[0] if start else None
    end = store.period(end, None)[1] if end else None
    who = store.resolve_ref(driver, database, actor) if actor else None
    page = store.events(
        driver, database, start=start, end=end, actor=who, statuses=["accepted"], limit=limit, offset=offset
    )
    return {"items": page.items, "total": page.total}
