"""Who may do what (admins only): the API side of `ecograph users list`."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel

from api.auth import WRITE_RESPONSES, AdminDep
from api.deps import GraphDep
from graph import users

router = APIRouter(tags=["people"])


class Person(BaseModel):
    name: str
    role: str
    created: str
    revoked: str | None


@router.get("/users", response_model=list[Person], dependencies=[AdminDep], responses=WRITE_RESPONSES)
def list_people(graph: GraphDep):
    """Everyone with a key, their role, when they were added and when revoked (admin). Keys are
    never shown: only their hashes are stored."""
    return users.listed(graph)
