"""The text ingest path in its order: the content hash first, one long-lived pipeline that learns
what each write adds, and a re-read of the graph only after someone else wrote; a corpus in batches
that share spaCy's parse. Articles in our own words; the real Neo4j."""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path

import pytest

from ingest import text_ingest
from ingest.formats import read_mapping
from ingest.loader import load
from ingest.text.corpus import CorpusItem
from ingest.text.models import Article
from ingest.text_ingest import ingest_article, ingest_corpus

pytestmark = pytest.mark.text

FIRST = "Toulon, le 2 mars 2021. Camille Verdier, directrice générale de Zorbalix, a présenté un drone marin."
BETWEEN = "Hyères, le 20 mars 2021. Zorbalix a ouvert un bureau à Hyères."
SECOND = "Nice, le 9 avril 2021. Camille Verdier, présidente de Zorbalix, a signé un accord avec Quenteria."


def _article(text: str, day: date) -> Article:
    return Article(
        text=text,
        published=day,
        title=text[:30],
        content_hash="sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest(),
    )


def test_the_same_content_twice_is_found_by_its_hash_before_any_parsing(db) -> None:
    first = ingest_article(db, _article(FIRST, date(2021, 3, 2)))
    assert not first.duplicate and first.ties
    # Naming a model that is not installed shows spaCy is never asked: the hash answers first.
    again = ingest_article(db, _article(FIRST, date(2021, 3, 2)), model="xx_no_such_model")
    assert again.duplicate and again.source["id"] == first.source["id"]


def test_one_pipeline_learns_each_write_and_rereads_only_after_someone_elses(db, monkeypatch) -> None:
    reads = []
    every_entity = db.read.known_entities
    monkeypatch.setattr(db.read, "known_entities", lambda: reads.append(1) or every_entity())
    first = ingest_article(db, _article(FIRST, date(2021, 3, 2)))
    assert {"org:zorbalix", "person:camille-verdier"} <= {e["id"] for e in first.new_entities}
    assert len(reads) == 1  # the graph's entities, read once before the first article
    loaded = text_ingest._pipelines[text_ingest.DEFAULT_MODEL]
    nlp = loaded.pipeline.nlp
    assert loaded.version == db.version() and "org:zorbalix" in loaded.pipeline.known

    between = ingest_article(db, _article(BETWEEN, date(2021, 3, 20)))
    assert "org:zorbalix" not in {e["id"] for e in between.new_entities}
    assert len(reads) == 1  # after our own write, the pipeline learned what it added: no re-read

    # Someone else writes Quenteria; the next article must know it.
    other = {
        "sources": [{"id": "src:registre", "title": "Registre"}],
        "entities": [{"name": "Quenteria", "kind": "Organization", "labels": ["Company"]}],
    }
    load(db, read_mapping(other, "registre"))
    second = ingest_article(db, _article(SECOND, date(2021, 4, 9)))
    assert len(reads) == 2  # someone else wrote: read again, once
    assert loaded.pipeline.nlp is nlp  # spaCy was not loaded again
    assert not {"org:zorbalix", "person:camille-verdier", "org:quenteria"} & {
        e["id"] for e in second.new_entities
    }
    mentioned = db.query(
        "MATCH (:Source {id: $id})-[:MENTIONS]->(e) RETURN collect(e.id) AS ids", id=second.source["id"]
    )[0]["ids"]
    assert "org:quenteria" in mentioned  # found by the ruler, which learned it from the graph
    ends = {end for t in second.ties for end in (t["source"], t["target"])}
    assert {"org:zorbalix", "person:camille-verdier"} <= ends
    titles = {t["properties"].get("title") for t in second.ties if t["type"] == "HAS_ROLE"}
    assert titles == {"présidente"}  # a second title is a second tie, beside the first article's
    assert loaded.version == db.version()


def _item(name: str, text: str, day: date, **fields) -> CorpusItem:
    article = _article(text, day).model_copy(update=fields)
    return CorpusItem(Path(name), article=article)


def test_a_corpus_in_batches_each_document_its_own_write_learning_from_the_ones_before(db) -> None:
    items = [
        _item("first.txt", FIRST, date(2021, 3, 2)),
        # Refused by the loader (a source's url is http(s)): skipped, nothing of it written.
        _item("refused.txt", BETWEEN, date(2021, 3, 20), url="ftp://archives.example.org/hyeres"),
        CorpusItem(Path("bad.bin"), error="the file is empty"),
        _item("again.txt", FIRST, date(2021, 3, 2)),  # the same content twice in one batch
        _item("second.txt", SECOND, date(2021, 4, 9)),
    ]
    version = db.version()
    reports = list(ingest_corpus(db, items, batch_size=4))
    assert [(r.file, r.status) for r in reports] == [
        ("first.txt", "new"),
        ("refused.txt", "skipped"),
        ("bad.bin", "skipped"),
        ("again.txt", "duplicate"),
        ("second.txt", "new"),
    ]
    assert "only http(s) URLs are accepted" in reports[1].reason and reports[2].reason == "the file is empty"
    assert reports[3].outcome.source["id"] == reports[0].outcome.source["id"]
    assert db.version() == version + 2  # one write per new document, nothing for the refused one
    assert db.read.source_with_hash(items[1].article.content_hash) is None
    assert not db.query("MATCH (e:Entity {id: 'place:hyeres'}) RETURN e")

    # The second batch was parsed after the first wrote Zorbalix: the ruler had its name by then.
    loaded = text_ingest._pipelines[text_ingest.DEFAULT_MODEL]
    ruled = {p["id"] for p in loaded.pipeline.nlp.get_pipe("entity_ruler").patterns}
    assert {"org:zorbalix", "person:camille-verdier"} <= ruled
    assert not {"org:zorbalix", "person:camille-verdier"} & {e["id"] for e in reports[4].outcome.new_entities}
    assert loaded.version == db.version()


def test_within_a_batch_the_resolver_knows_what_the_documents_before_wrote(db) -> None:
    items = [_item("first.txt", FIRST, date(2021, 3, 2)), _item("second.txt", SECOND, date(2021, 4, 9))]
    first, second = ingest_corpus(db, items, batch_size=2)
    assert "org:zorbalix" in {e["id"] for e in first.outcome.new_entities}
    # Parsed together with the first, before Zorbalix existed, yet linked to it and not made anew.
    assert "org:zorbalix" not in {e["id"] for e in second.outcome.new_entities}
    assert "org:zorbalix" in {end for t in second.outcome.ties for end in (t["source"], t["target"])}
