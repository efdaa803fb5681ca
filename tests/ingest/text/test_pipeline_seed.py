"""The whole pipeline on the seed article, linking against the curated seed dataset."""

from datetime import date
from pathlib import Path

import pytest

from ingest.seed import seed_entities
from ingest.text.pipeline import TextPipeline
from ingest.text.reader import read_article
from tests.ingest.text.conftest import policy_of

pytestmark = pytest.mark.text  # loads spaCy's French model

REPO = Path(__file__).resolve().parents[3]
SEED_TEXT = REPO.parent / "shared" / "seeds" / "techcode-marseille-2017.txt"


@pytest.fixture(scope="module")
def extraction():
    pipeline = TextPipeline(seed_entities(), model="fr_core_news_md")
    article = read_article(
        SEED_TEXT, published=date(2017, 12, 12), url="https://lafrenchtech-aixmarseille.fr/amft/techcode/"
    )
    return article.text, pipeline.run(article)


def find(extraction, type_, source, target):
    matches = [t for t in extraction.ties if (t["type"], t["source"], t["target"]) == (type_, source, target)]
    assert matches, f"no {type_} {source} -> {target}"
    return matches[0]


def test_source_record(extraction):
    _, ex = extraction
    assert ex.source["id"].startswith("src:") and ex.source["publisher"] == "lafrenchtech-aixmarseille.fr"
    assert ex.source["content_hash"].startswith("sha256:") and ex.source["published"] == "2017-12-12"


def test_ownership_and_roles_with_their_sentences(extraction):
    text, ex = extraction
    owns = find(ex, "OWNS", "org:china-fortune-land-development", "org:techcode")
    # the article's own sentence (in `text`, read from shared/, not copied here)
    assert owns["evidence"] in text and "China Fortune Land Development" in owns["evidence"]
    assert text.index(owns["evidence"]) < text.index("34 implantations")
    ceo = find(ex, "HAS_ROLE", "person:erica-huang", "org:techcode")
    assert ceo["properties"]["title"] == "CEO" and "Erica Huang, CEO de TechCode" in ceo["evidence"]
    deputy = find(ex, "HAS_ROLE", "person:daniel-sperling", "org:ville-de-marseille")
    assert "adjoint au maire de Marseille" in deputy["evidence"]
    for t in (owns, ceo, deputy):
        props = t["properties"]
        assert text[props["sentence_start"] : props["sentence_end"]] == t["evidence"]
        assert t["method"] == "extracted"
    # what the truth policy says of each rule's ties (ingest/text/rule_precision.yaml)
    assert [policy_of(ex, t) for t in (owns, ceo, deputy)] == [
        (rule, t["confidence"], t["status"])
        for rule, t in (("belongs", owns), ("title", ceo), ("title", deputy))
    ]


def test_mou_signed_on_7_december_2017_by_three_parties(extraction):
    _, ex = extraction
    events = [e for e in ex.entities if e["kind"] == "Event" and "Agreement" in e["labels"]]
    (mou,) = [e for e in events if e["start_date"] == "2017-12-07"]
    assert mou["date_precision"] == "day"
    signatories = {
        t["source"]
        for t in ex.ties
        if t["target"] == mou["id"] and t["properties"].get("role") == "signatory"
    }
    assert signatories == {"org:techcode", "org:aix-marseille-french-tech", "org:ville-de-marseille"}
    evidence = find(ex, "PARTICIPATED_IN", "org:techcode", mou["id"])["evidence"]
    assert "signé jeudi 7 décembre" in evidence


def test_planned_subsidiary_near_marseille(extraction):
    _, ex = extraction
    planned = find(ex, "OPERATES_IN", "org:techcode", "place:marseille")
    assert planned["stage"] == "planned"
    # the exact sentence of the article that states the wish (read from it, not copied here)
    assert "filiale" in planned["evidence"] and planned["evidence"] in SEED_TEXT.read_text(encoding="utf-8")


def test_known_actors_are_linked_not_duplicated(extraction):
    _, ex = extraction
    new_ids = {e["id"] for e in ex.entities}
    assert not new_ids & {"org:techcode", "org:aix-marseille-french-tech", "person:erica-huang"}
    linked = {m["entity_id"] for m in ex.mentions}
    assert {"org:aix-marseille-french-tech", "org:china-fortune-land-development"} <= linked
