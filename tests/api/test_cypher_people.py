"""POST /cypher never shows people or sessions (api/auth.py keeps them in Neo4j): their labels and
key names are refused, and so is any answer that holds such a node or its key hash."""

from __future__ import annotations

import pytest

from graph import users
from ingest.seed import load_seed

REFUSED = [
    "MATCH (u:User) RETURN u.name AS name",
    "MATCH (u:`User`) RETURN u.role AS role",
    "MATCH (s:Session) RETURN count(s) AS n",
    "MATCH (n) WHERE n.key_hash IS NOT NULL RETURN n.name AS name",
    "MATCH (n) WHERE n['token_hash'] IS NOT NULL RETURN n.user AS user",
    "MATCH (n) RETURN n",
    "MATCH (n) RETURN properties(n) AS p",
    "MATCH (n) RETURN collect(n) AS all_nodes",
]


@pytest.fixture
def with_people(db, settings):
    load_seed(db)
    ring = users.keyring(settings.ecograph_data_dir)
    users.add(db, ring, "analyst-1", "viewer")
    users.add(db, ring, "boss-1", "admin")
    return db


@pytest.mark.parametrize("query", REFUSED)
def test_people_and_sessions_stay_out_of_cypher_answers(with_people, http, query) -> None:
    answer = http.post("/cypher", json={"query": query})
    assert answer.status_code == 403, answer.text
    assert "analyst-1" not in answer.text and "boss-1" not in answer.text


def test_entities_are_still_read_through_cypher(with_people, http) -> None:
    answer = http.post(
        "/cypher", json={"query": "MATCH (n:Entity) RETURN n ORDER BY n.id LIMIT 3", "params": {}}
    )
    assert answer.status_code == 200, answer.text
    assert len(answer.json()["rows"]) == 3
