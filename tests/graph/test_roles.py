"""The role vocabulary: one position in many words is one canonical role, so one tie."""

from __future__ import annotations

import pytest

from graph.model import fold, make_tie_id, tie_key
from graph.roles import canonical_role
from ingest.formats import read_mapping
from ingest.loader import load
from tests.seed_data import seed


@pytest.mark.parametrize(
    "words",
    [
        ["CEO", "directrice générale", "Directeur Général", "DG", "PDG", "chief executive officer"],
        ["président", "Présidente", "chairman", "chairwoman"],
        ["adjoint au maire", "adjointe au maire", "maire-adjoint", "deputy mayor"],
        ["cofondateur", "co-fondatrice", "co-founder", "Cofounder"],
        ["consul", "consule générale"],
    ],
)
def test_the_words_of_one_position_are_one_role(words) -> None:
    assert len({canonical_role(w) for w in words}) == 1


def test_different_positions_and_unknown_titles_stay_apart() -> None:
    roles = [canonical_role(w) for w in ("CEO", "président", "maire", "chargée de mission", "chef de projet")]
    assert len(set(roles)) == len(roles)
    assert canonical_role("Chargée de Mission") == canonical_role("chargée de mission")


def test_the_curated_data_keeps_its_tie_ids() -> None:
    """Canonical roles are the words the seed already uses, folded: its HAS_ROLE ids do not move."""
    for tie in seed()["ties"]:
        if tie["type"] == "HAS_ROLE" and tie.get("properties", {}).get("title"):
            assert tie_key("HAS_ROLE", tie["properties"]) == fold(tie["properties"]["title"])


def test_one_role_in_two_sources_words_is_one_tie_with_both_sources(db) -> None:
    def told(source: str, title: str) -> dict:
        return {
            "sources": [{"id": source, "title": source}],
            "entities": [
                {"name": "Ada Verne", "kind": "Person"},
                {"name": "Nautilia", "kind": "Organization"},
            ],
            "ties": [
                {
                    "source": "Ada Verne",
                    "target": "Nautilia",
                    "type": "HAS_ROLE",
                    "sources": [source],
                    "evidence": f"{source} calls her {title}.",
                    "properties": {"title": title},
                }
            ],
        }

    first = load(db, read_mapping(told("src:one", "CEO"), "one"))
    second = load(db, read_mapping(told("src:two", "directrice générale"), "two"))
    assert second.corroborated == first.tie_ids == second.tie_ids
    [tie] = db.read.ties(source="person:ada-verne", target=None, types=["HAS_ROLE"], statuses=None, limit=5)
    assert [s["id"] for s in tie["sources"]] == ["src:one", "src:two"]
    assert tie["properties"]["title"] == "CEO"  # as first written; each source's words in its evidence
    assert make_tie_id("HAS_ROLE", "person:ada-verne", "org:nautilia", {"title": "DG"}) == tie["id"]
