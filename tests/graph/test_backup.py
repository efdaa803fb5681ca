"""A backup restored into an empty store gives back the same graph: the export a user sees and every
node and relationship with its properties. The real Neo4j."""

from __future__ import annotations

import gzip
import hashlib
import json
import threading
from datetime import date
from pathlib import Path

import pytest

from graph import answers
from graph.backup import RestoreRefused, backup, read_header, restore
from graph.backup_values import encode_props
from graph.errors import InvalidInput
from graph.store import Graph
from ingest.formats import read_mapping
from ingest.loader import load
from ingest.seed import load_seed

pytestmark = pytest.mark.integration

IMPORTED = {
    "sources": [{"id": "src:registre-2022", "title": "Registre 2022", "published": "2022-05-01"}],
    "entities": [
        {"name": "Quenteria", "kind": "Organization", "labels": ["Company"], "aliases": ["QTR"]},
        {"name": "Zorbalix", "kind": "Organization", "labels": ["Startup"]},
    ],
    "ties": [
        {
            "source": "org:quenteria",
            "target": "org:zorbalix",
            "type": "INVESTED_IN",
            "sources": ["src:registre-2022"],
            "evidence": "Quenteria a pris une part de Zorbalix.",
            "confidence": 0.8,
        }
    ],
}
ARTICLE = (
    "Toulon, le 2 mars 2021. Camille Verdier, directrice générale de Zorbalix, a présenté un drone marin."
)


def everything(graph: Graph) -> dict:
    """Every node and relationship with all its properties, ends by their content, sorted; and the
    full JSON export (sources and mentions included) as a user would download it."""
    nodes = {
        r["element_id"]: json.dumps([sorted(r["labels"]), encode_props(r["props"])], sort_keys=True)
        for r in graph.query(
            "MATCH (n) RETURN elementId(n) AS element_id, labels(n) AS labels, properties(n) AS props"
        )
        if "EcographMeta" not in r["labels"]
    }
    ties = sorted(
        json.dumps([nodes[r["a"]], r["type"], encode_props(r["props"]), nodes[r["b"]]], sort_keys=True)
        for r in graph.query(
            "MATCH (a)-[r]->(b) RETURN elementId(a) AS a, elementId(b) AS b, type(r) AS type, "
            "properties(r) AS props"
        )
    )
    exported = json.loads(answers.export(graph, "json").content)
    return {"nodes": sorted(nodes.values()), "relationships": ties, "export": exported}


def _seed_import_and_review(graph: Graph) -> None:
    load_seed(graph)
    load(graph, read_mapping(IMPORTED, "registre"))
    tie = graph.read.ties(source="org:quenteria", target=None, types=["INVESTED_IN"], statuses=None, limit=5)
    answers.decide(graph, tie[0]["id"], "reject")


@pytest.mark.text
def test_seed_import_article_and_review_come_back_whole(db, tmp_path) -> None:
    from ingest.text.models import Article
    from ingest.text_ingest import ingest_article

    _seed_import_and_review(db)
    digest = "sha256:" + hashlib.sha256(ARTICLE.encode()).hexdigest()
    ingested = ingest_article(
        db, Article(text=ARTICLE, published=date(2021, 3, 2), title="Toulon", content_hash=digest)
    )
    assert ingested.ties
    before, version = everything(db), db.version()
    assert any('"MENTIONS"' in r for r in before["relationships"])
    assert {"rejected", "retracted"} & {t.get("status") for t in before["export"]["edges"]}

    header = backup(db, tmp_path / "graph.backup.gz")
    assert header.graph_version == version
    db.reset()
    summary = restore(db, tmp_path / "graph.backup.gz")

    assert everything(db) == before
    assert summary.nodes == header.nodes and summary.relationships == header.relationships
    assert db.version() == summary.version > version


def test_typed_values_and_any_label_round_trip_exactly(db, tmp_path) -> None:
    with db.driver.session(database=db.database) as session:
        session.run(
            """
            CREATE (u:User:Staff {name: 'Ana', big: 9007199254740993, small: -9223372036854775808,
                    nan: 0.0 / 0.0, inf: 1.0 / 0.0, third: 1.0 / 3.0, whole: 2.0,
                    day: date('2021-03-02'),
                    zoned: datetime('2021-10-31T02:30:00.123456789[Europe/Paris]'),
                    offset: datetime('2021-03-02T10:00:00+05:30'), utc: datetime('2021-03-02T10:00:00Z'),
                    local: localdatetime('2021-03-02T10:00:00.000000001'),
                    clock: time('10:00:00.5-03:00'), wall: localtime('23:59:59'),
                    span: duration('P1Y2M3DT4H5M6.000000007S'), here: point({latitude: 43.3, longitude: 5.4}),
                    flat: point({x: 1, y: 2, z: 3}), tags: ['a', 'b'], days: [date('2020-01-01')], none: []})
            CREATE (u)-[:OWNS_SESSION {at: datetime('2026-12-04T20:00:00Z'), n: 18446744073709551 * 100}]->
                   (:Session {token_hash: 'x'})
            CREATE ()
            """
        ).consume()
    before, written = everything(db), _as_neo4j_writes_them(db)
    assert written["zoned"] == "2021-10-31T02:30:00.123456789+02:00[Europe/Paris]"
    backup(db, tmp_path / "b.gz")
    db.reset()
    restore(db, tmp_path / "b.gz")
    assert everything(db) == before
    assert _as_neo4j_writes_them(db) == written
    again = db.query("MATCH (u:User) RETURN u.big AS big, u.small AS small, u.nan <> u.nan AS nan")[0]
    assert (again["big"], again["small"], again["nan"]) == (9007199254740993, -(2**63), True)
    assert db.query("MATCH (n) WHERE size(labels(n)) = 0 RETURN count(n) AS n")[0]["n"] == 1


def _as_neo4j_writes_them(graph: Graph) -> dict:
    """Neo4j's own text of each scalar property of the user node (offset `Z` and zone `[UTC]` differ)."""
    [row] = graph.query(
        "MATCH (u:User) RETURN [k IN keys(u) WHERE NOT valueType(u[k]) STARTS WITH 'LIST' "
        "| [k, toString(u[k])]] AS pairs"
    )
    return dict(row["pairs"])


def test_a_store_that_holds_anything_is_refused_by_name(db, tmp_path) -> None:
    load_seed(db)
    backup(db, tmp_path / "b.gz")
    before = everything(db)
    with pytest.raises(RestoreRefused, match=r"not empty \(.*Organization.*Source.*\).*--force"):
        restore(db, tmp_path / "b.gz")
    assert everything(db) == before
    load(db, read_mapping(IMPORTED, "registre"))
    summary = restore(db, tmp_path / "b.gz", force=True)
    assert everything(db) == before and summary.transactions == 1


def test_batched_restore_gives_the_same_graph(db, tmp_path, monkeypatch) -> None:
    from graph import backup as module

    _seed_import_and_review(db)
    before = everything(db)
    backup(db, tmp_path / "b.gz")
    db.reset()
    monkeypatch.setattr(module, "BATCH", 7)
    summary = restore(db, tmp_path / "b.gz", batched=True)
    assert everything(db) == before and summary.transactions > 10


def _lines(path: Path) -> list[bytes]:
    with gzip.open(path, "rb") as stream:
        return stream.readlines()


def _write(path: Path, lines: list[bytes]) -> Path:
    with gzip.open(path, "wb") as stream:
        stream.writelines(lines)
    return path


@pytest.mark.parametrize(
    "damage, where, message",
    [
        (lambda lines: lines[:-3], "{path}:{last}", "truncated"),
        (
            lambda lines: [
                *lines[:4],
                b'{"n": 3, "labels": ["Entity"], "p": {"id": {"$": "weird"}}}\n',
                *lines[5:],
            ],
            "{path}:5",
            "unknown value tag 'weird'",
        ),
        (
            lambda lines: [*lines[:-2], b'{"r": [0, 99999], "type": "OWNS", "p": {}}\n', lines[-1]],
            "{path}:{end}",
            "not two nodes of the file",
        ),
        (lambda lines: [*lines[:3], b"{not json\n", *lines[4:]], "{path}:4", "not a JSON line"),
        (lambda lines: [b'{"format": "something-else"}\n', *lines[1:]], "{path}:1", "not an ecograph backup"),
    ],
)
def test_a_damaged_file_is_refused_naming_file_and_line_with_nothing_written(
    db, tmp_path, damage, where, message
) -> None:
    load_seed(db)
    backup(db, tmp_path / "b.gz")
    lines = _lines(tmp_path / "b.gz")
    damaged = _write(tmp_path / "damaged.gz", damage(lines))
    db.reset()
    expected = where.format(path=damaged, last=len(lines) - 3, end=len(lines) - 1)
    with pytest.raises(InvalidInput) as caught:
        restore(db, damaged)
    assert str(caught.value).startswith(f"{expected}: ") and message in str(caught.value)
    assert db.query("MATCH (n) WHERE NOT n:EcographMeta RETURN count(n) AS n")[0]["n"] == 0


def test_a_file_cut_mid_stream_is_refused_with_nothing_written(db, tmp_path) -> None:
    load_seed(db)
    backup(db, tmp_path / "b.gz")
    whole = (tmp_path / "b.gz").read_bytes()
    (tmp_path / "cut.gz").write_bytes(whole[: len(whole) // 2])
    db.reset()
    with pytest.raises(InvalidInput, match=rf"^{tmp_path / 'cut.gz'}:\d+: not a whole gzip file"):
        restore(db, tmp_path / "cut.gz")
    with pytest.raises(InvalidInput, match="not a whole gzip file"):
        read_header(_plain_text(tmp_path))
    assert db.query("MATCH (n) WHERE NOT n:EcographMeta RETURN count(n) AS n")[0]["n"] == 0


def _plain_text(tmp_path: Path) -> Path:
    path = tmp_path / "notes.txt"
    path.write_text("not a backup\n")
    return path


def test_an_import_during_a_backup_is_wholly_in_or_wholly_out(db, tmp_path) -> None:
    """The import runs while the backup holds the counter's lock: it waits and lands after."""
    load_seed(db)
    before = everything(db)
    started, done = threading.Event(), threading.Event()
    failures: list[BaseException] = []

    def importing() -> None:
        started.wait()
        try:
            load(db, read_mapping(IMPORTED, "registre"))
        except BaseException as exc:  # noqa: BLE001 - reported by the assertion below
            failures.append(exc)
        done.set()

    worker = threading.Thread(target=importing)
    worker.start()
    seen_during: list[bool] = []

    def progress(_: int) -> None:
        if not started.is_set():
            started.set()
            seen_during.append(done.wait(3))  # the import cannot finish while the backup reads

    backup(db, tmp_path / "b.gz", progress=progress)
    worker.join(60)
    assert not failures and done.is_set()
    assert seen_during == [False]
    after = everything(db)
    assert after != before  # the import landed once the backup was done
    db.reset()
    restore(db, tmp_path / "b.gz")
    assert everything(db) == before  # and none of it is in the backup
