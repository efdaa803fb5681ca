"""Search as a French speaker types (issue 13.1): elision, apostrophe variants, split or joined
compounds, and what an actor is, in French and English, ranked below name hits. On the seed graph."""

from __future__ import annotations

import pytest

from graph.model import MODEL
from ingest.formats import read_mapping
from ingest.loader import load
from tests.seed_data import seed


def named(name: str) -> dict:
    return next(e for e in seed()["entities"] if e["name"] == name)


def found(http, typed: str, **params) -> list[str]:
    response = http.get("/entities", params={"q": typed, "limit": 50, **params})
    assert response.status_code == 200, response.text
    return [item["id"] for item in response.json()["items"]]


ELIDED = next(e for e in seed()["entities"] if "l'" in e["name"])  # Technopole de l'Arbois


@pytest.mark.parametrize(
    "typed",
    [
        ELIDED["name"],  # the exact full name
        ELIDED["name"].replace("'", "’"),  # typographic apostrophe
        ELIDED["name"].split("l'")[-1],  # the word alone: Arbois
        "l'" + ELIDED["name"].split("l'")[-1],  # l'Arbois
        "l’" + ELIDED["name"].split("l'")[-1].lower(),  # l’arbois
    ],
)
def test_elided_names_are_found_however_the_apostrophe_is_typed(seeded, http, typed) -> None:
    assert found(http, typed)[0] == ELIDED["id"]


@pytest.mark.parametrize(
    ("typed", "name"),
    [("Tech Code", "TechCode"), ("techcode", "TechCode"), ("the camp", "thecamp"), ("The Camp", "thecamp")],
)
def test_split_and_joined_compounds_find_the_same_actor(seeded, http, typed, name) -> None:
    assert found(http, typed)[0] == named(name)["id"]


def test_a_joined_capitalised_name_answers_to_its_last_word(seeded, http) -> None:
    assert named("TechCode")["id"] in found(http, "code")


@pytest.mark.parametrize("language", ["fr", "en"])
def test_what_an_actor_is_finds_it_in_french_and_english(seeded, http, language) -> None:
    incubators = {e["id"] for e in seed()["entities"] if "Incubator" in (e.get("labels") or [])}
    assert incubators
    word = MODEL.words["Incubator"][language][0]  # incubateur / incubator
    assert incubators <= set(found(http, word))
    assert incubators <= set(found(http, word + "s"))  # the plural finds them too


def test_name_hits_rank_above_what_an_actor_is(db, http) -> None:
    load(
        db,
        read_mapping(
            {
                "sources": [{"id": "src:t", "title": "T"}],
                "entities": [
                    {"name": "Nova", "kind": "Organization", "labels": ["Incubator"]},
                    {"name": "Incubateur du Port", "kind": "Organization"},
                    {"name": "Zeta", "kind": "Organization", "description": "un incubateur de quartier"},
                ],
                "ties": [],
            },
            "inline",
        ),
    )
    ids = found(http, "incubateur")
    assert ids[0] == "org:incubateur-du-port"
    assert set(ids[1:]) == {"org:nova", "org:zeta"}


def test_descriptions_are_searched_in_their_own_words(seeded, http) -> None:
    techcode = named("TechCode")
    word = next(w for w in techcode["description"].split() if len(w) > 8 and w.isalpha())
    assert techcode["id"] in found(http, word)


def test_kind_and_label_filters_apply_to_both_kinds_of_hit(seeded, http) -> None:
    assert found(http, MODEL.words["Incubator"]["fr"][0], kind="Person") == []


def test_an_older_store_gets_search_keys_from_the_schema_step(seeded, http) -> None:
    seeded.driver.execute_query(
        "MATCH (n:Entity) REMOVE n.search_names, n.search_about, n.search_version SET n.alias_text = 'old'",
        database_=seeded.database,
    )
    assert found(http, "the camp") == []
    seeded.apply_schema()
    assert found(http, "the camp")[0] == named("thecamp")["id"]
    [left] = seeded.query("MATCH (n:Entity) WHERE n.alias_text IS NOT NULL RETURN count(n) AS c")
    assert left["c"] == 0


def test_search_keys_never_show_in_answers(seeded, http) -> None:
    body = http.get(f"/entities/{named('TechCode')['id']}").json()
    shown = set(body) | set(body.get("properties", {}))
    assert not {"search_names", "search_about", "search_version"} & shown
