"""The curated seed dataset (ingest/seed/techcode-marseille-2017.yaml), checked against model and article.

Pure: PyYAML and graph.model only, no database. Data-driven: every entity and tie in the file is checked.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import re
import sys
from collections import Counter
from datetime import date
from functools import cache
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
if importlib.util.find_spec("graph") is None:  # the package is not installed (pip install -e .) yet
    sys.path.insert(0, str(ROOT))

from graph.model import MODEL, fold, make_id  # noqa: E402

SEED = ROOT / "ingest" / "seed" / "techcode-marseille-2017.yaml"
ARTICLE_DEFAULT = Path(__file__).resolve().parents[3] / "shared" / "seeds" / "techcode-marseille-2017.txt"

SOURCE_ID = "src:amft-2017-techcode-marseille"
COPY_RUN = 8  # no run of this many consecutive article words may appear in our own prose
CAPTION_ONLY = {"person:stephane-soto", "person:didier-parakian", "person:zhu-liying"}
CAPTIONED = CAPTION_ONLY | {"person:erica-huang", "person:daniel-sperling"}
MOU = "event:2017-12-07-mou-techcode-marseille"
EVENT_ID = re.compile(r"^event:(\d{4}(?:-\d{2}(?:-\d{2})?)?)-([a-z0-9]+(?:-[a-z0-9]+)*)$")
DATE_FORMAT = {"day": r"^\d{4}-\d{2}-\d{2}$", "month": r"^\d{4}-\d{2}$", "year": r"^\d{4}$"}


def _article_path() -> Path | None:
    if ARTICLE_DEFAULT.is_file():
        return ARTICLE_DEFAULT
    env = os.environ.get("ECOGRAPH_SEED_ARTICLE")
    if env and Path(env).is_file():
        return Path(env)
    return None


@cache
def article_bytes() -> bytes:
    path = _article_path()
    # The article is not copied into the repository (its prose is not ours); CI has shared/ beside it.
    assert path is not None, f"seed article not found at {ARTICLE_DEFAULT} (or set ECOGRAPH_SEED_ARTICLE)"
    return path.read_bytes()


def _norm(text: str) -> str:
    """fold() plus one apostrophe, so that l’Arbois and l'Arbois compare equal."""
    return fold(text.replace("\u2019", "'").replace("\u2018", "'"))


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", _norm(text).replace("'", " "))


@cache
def article_text() -> str:
    return _norm(article_bytes().decode("utf-8"))


@cache
def article_ngrams() -> frozenset[tuple[str, ...]]:
    words = _words(article_bytes().decode("utf-8"))
    return frozenset(tuple(words[i : i + COPY_RUN]) for i in range(len(words) - COPY_RUN + 1))


DATA = yaml.safe_load(SEED.read_text(encoding="utf-8"))
SOURCES = DATA["sources"]
ENTITIES = DATA["entities"]
TIES = DATA["ties"]
BY_ID = {e["id"]: e for e in ENTITIES}
SOURCE_IDS = {s["id"] for s in SOURCES}


def _tie_id(t: dict) -> str:
    role = (t.get("properties") or {}).get("role")
    return f"{t['source']}-{t['type']}->{t['target']}" + (f"[{role}]" if role else "")


def _role_holders(event: str, role: str) -> set[str]:
    return {t["source"] for t in _ties("PARTICIPATED_IN", target=event) if t["properties"]["role"] == role}


def _ties(type_: str | None = None, source: str | None = None, target: str | None = None) -> list[dict]:
    return [
        t
        for t in TIES
        if (type_ is None or t["type"] == type_)
        and (source is None or t["source"] == source)
        and (target is None or t["target"] == target)
    ]


entity_params = pytest.mark.parametrize("entity", ENTITIES, ids=[e["id"] for e in ENTITIES])
tie_params = pytest.mark.parametrize("tie", TIES, ids=[_tie_id(t) for t in TIES])


# ---------------------------------------------------------------- the file as a whole


def test_top_level_shape():
    assert set(DATA) == {"sources", "entities", "ties"}
    assert SOURCES and ENTITIES and TIES


def test_ids_are_unique():
    counts = Counter(e["id"] for e in ENTITIES)
    assert [i for i, n in counts.items() if n > 1] == []
    assert len(SOURCE_IDS) == len(SOURCES)


def test_no_duplicate_ties():
    keys = Counter()
    for t in TIES:
        role = (t.get("properties") or {}).get("role")
        ends = (t["source"], t["target"])
        if not MODEL.tie(t["type"]).directed:  # undirected ties are stored once, either way round
            ends = tuple(sorted(ends))
        keys[(t["type"], *ends, role)] += 1
    assert [k for k, n in keys.items() if n > 1] == []


def test_every_entity_is_tied():
    tied = {t["source"] for t in TIES} | {t["target"] for t in TIES}
    assert sorted(set(BY_ID) - tied) == []


# ---------------------------------------------------------------- the source


def test_source_metadata():
    (src,) = SOURCES
    assert src["id"] == SOURCE_ID
    assert src["url"].startswith("https://lafrenchtech-aixmarseille.fr/")
    assert src["publisher"] == "Aix-Marseille French Tech"
    assert src["language"] == "fr"
    assert src["date_precision"] in MODEL.date_precisions
    assert re.match(DATE_FORMAT[src["date_precision"]], str(src["published"]))
    assert str(src["published"]) == "2017-12"


def test_content_hash_matches_article():
    digest = hashlib.sha256(article_bytes()).hexdigest()
    assert SOURCES[0]["content_hash"] == f"sha256:{digest}"


# ---------------------------------------------------------------- entities


@entity_params
def test_entity_kind_and_labels(entity):
    assert entity["kind"] in MODEL.entity_kinds
    allowed = MODEL.kinds[entity["kind"]].labels
    assert set(entity.get("labels") or []) <= allowed, f"labels not allowed for {entity['kind']}"
    assert MODEL.kind_of_id(entity["id"]) == entity["kind"]


@entity_params
def test_entity_id(entity):
    if entity["id"] == make_id(entity["kind"], entity["name"]):
        return
    assert entity["kind"] == "Event", f"{entity['id']} should be {make_id(entity['kind'], entity['name'])}"
    match = EVENT_ID.match(entity["id"])
    assert match, f"event id {entity['id']} is not event:<date>-<slug>"
    assert match.group(1) == str(entity["start_date"]), "event id date differs from start_date"


@entity_params
def test_entity_named_in_article(entity):
    if entity["kind"] == "Event":  # event names are descriptive
        return
    text = article_text()
    names = [entity["name"], *(entity.get("aliases") or [])]
    found = [n for n in names if re.search(rf"(?<!\w){re.escape(_norm(n))}(?!\w)", text)]
    assert found, f"neither {entity['name']!r} nor its aliases occur in the article"


@entity_params
def test_entity_fields(entity):
    assert entity["name"].strip() == entity["name"] and entity["name"]
    assert isinstance(entity.get("aliases") or [], list)
    assert entity.get("description"), "every curated entity has a description"
    if "country" in entity:
        assert re.fullmatch(r"[a-z]{2}", entity["country"])
    for fact in entity.get("facts") or []:
        assert set(fact) == {"name", "value", "unit", "source"}
        assert fact["source"] in SOURCE_IDS


@entity_params
def test_event_dates(entity):
    if entity["kind"] != "Event":
        assert "start_date" not in entity and "end_date" not in entity
        return
    precision = entity["date_precision"]
    assert precision in MODEL.date_precisions
    start, end = str(entity["start_date"]), str(entity["end_date"])
    assert re.match(DATE_FORMAT[precision], start) and re.match(DATE_FORMAT[precision], end)
    assert start <= end
    assert len(entity.get("labels") or []) == 1, "an event has one event label"


# ---------------------------------------------------------------- ties


@tie_params
def test_tie_provenance(tie):
    assert tie["sources"], "every tie cites a source"
    assert set(tie["sources"]) <= SOURCE_IDS
    assert tie.get("evidence", "").strip(), "every curated tie carries its evidence"
    assert 0.0 < tie["confidence"] <= 1.0
    assert tie.get("status", "accepted") in MODEL.statuses
    if "stage" in tie:
        assert tie["stage"] in MODEL.stages
    if tie.get("status") == "candidate":
        assert tie["confidence"] < 1.0
    if "valid_from" in tie:
        assert re.match(r"^\d{4}(-\d{2}(-\d{2})?)?$", str(tie["valid_from"]))


@tie_params
def test_tie_type_and_kinds(tie):
    assert tie["type"] in MODEL.ties and MODEL.tie(tie["type"]).provenance
    assert tie["source"] in BY_ID, f"undeclared source entity {tie['source']}"
    assert tie["target"] in BY_ID, f"undeclared target entity {tie['target']}"
    spec = MODEL.tie(tie["type"])
    assert BY_ID[tie["source"]]["kind"] in spec.from_kinds
    assert BY_ID[tie["target"]]["kind"] in spec.to_kinds
    assert tie["source"] != tie["target"]


@tie_params
def test_tie_properties(tie):
    props = tie.get("properties") or {}
    if tie["type"] == "PARTICIPATED_IN":
        assert props.get("role") in MODEL.participation_roles
    else:
        assert "role" not in props
    if tie["type"] == "HAS_ROLE":
        assert props.get("title")


# ---------------------------------------------------------------- our own words


def _prose():
    for s in SOURCES:
        yield s["id"], s.get("description", "")
    for e in ENTITIES:
        yield e["id"], e.get("description", "")
    for t in TIES:
        yield _tie_id(t), t.get("evidence", "")


@pytest.mark.parametrize(("where", "text"), list(_prose()), ids=[w for w, _ in _prose()])
def test_no_copied_prose(where, text):
    words = _words(text)
    copied = [
        " ".join(words[i : i + COPY_RUN])
        for i in range(len(words) - COPY_RUN + 1)
        if tuple(words[i : i + COPY_RUN]) in article_ngrams()
    ]
    assert copied == [], f"{where} copies the article: {copied[0]!r}"


def test_copy_check_catches_a_copy():
    """The check itself works: words lifted from the article (read from it here, never copied into
    the project) are caught, and a paraphrase of the same fact is not."""
    words = _words(article_bytes().decode("utf-8"))
    lifted = words[40 : 40 + COPY_RUN]
    assert tuple(lifted) in article_ngrams()
    own = _words("TechCode compte trente-quatre sites, en Chine surtout, et un seul en Europe.")
    assert not any(tuple(own[i : i + COPY_RUN]) in article_ngrams() for i in range(len(own) - COPY_RUN + 1))


# ---------------------------------------------------------------- what the article states


def test_caption_only_persons_are_only_pictured():
    for pid in CAPTION_ONLY:
        ties = _ties(source=pid) + _ties(target=pid)
        assert ties, pid
        for t in ties:
            assert t["type"] == "PARTICIPATED_IN" and t["properties"]["role"] == "pictured", _tie_id(t)
        assert "title" not in BY_ID[pid] and not BY_ID[pid].get("facts")


def test_everyone_in_the_caption_is_pictured_at_the_mou():
    assert _role_holders(MOU, "pictured") == CAPTIONED


def test_mou_signing():
    mou = BY_ID[MOU]
    assert "Agreement" in mou["labels"]
    assert (mou["start_date"], mou["end_date"], mou["date_precision"]) == ("2017-12-07", "2017-12-07", "day")
    assert date(2017, 12, 7).weekday() == 3  # the article says Thursday 7 December: 2017 fits
    assert "thursday" in mou["description"].lower() and "2017" in mou["description"]
    assert _role_holders(MOU, "signatory") == {
        "org:techcode",
        "org:aix-marseille-french-tech",
        "org:ville-de-marseille",
    }
    assert [t["target"] for t in _ties("LOCATED_IN", source=MOU)] == [
        "place:salle-des-mariages-de-la-mairie-de-marseille"
    ]


def test_potsdam_is_a_candidate():
    (tie,) = _ties("OPERATES_IN", "org:techcode", "place:potsdam")
    assert tie["status"] == "candidate"
    assert tie["confidence"] <= 0.5
    assert "berlin" in tie["evidence"].lower()
    (berlin,) = _ties("OPERATES_IN", "org:techcode", "place:berlin")
    assert berlin.get("status", "accepted") == "accepted"


def test_marseille_subsidiary_is_planned():
    (tie,) = _ties("OPERATES_IN", "org:techcode", "place:marseille")
    assert tie["stage"] == "planned"
    assert tie["confidence"] < 1.0


def test_other_techcode_sites_are_active():
    sites = {t["target"] for t in _ties("OPERATES_IN", "org:techcode") if t.get("stage") == "active"}
    assert {"place:chine", "place:tel-aviv", "place:seoul", "place:silicon-valley", "place:berlin"} <= sites
    assert [t["target"] for t in _ties("HEADQUARTERED_IN", "org:techcode")] == ["place:pekin"]


def test_ownership_and_roles():
    assert _ties("OWNS", "org:china-fortune-land-development", "org:techcode")
    (ceo,) = _ties("HAS_ROLE", "person:erica-huang", "org:techcode")
    assert ceo["properties"]["title"] == "CEO"
    (deputy,) = _ties("HAS_ROLE", "person:daniel-sperling", "org:ville-de-marseille")
    assert deputy["properties"]["title"] == "adjoint au maire"
    assert deputy["properties"].get("portfolio")
    assert {t["source"] for t in _ties("HAS_ROLE")} == {"person:erica-huang", "person:daniel-sperling"}


def test_stated_quantities_are_kept():
    facts = {(f["name"], f["value"]) for f in BY_ID["org:techcode"]["facts"]}
    assert {("incubation_sites", 34), ("startups_incubated", 800)} <= facts
    cfld = {f["name"]: f["value"] for f in BY_ID["org:china-fortune-land-development"]["facts"]}
    assert cfld["founded"] == 1998
    assert isinstance(cfld["valuation"], str), "the article gives no number: keep its words, invent none"


def test_no_containment_the_article_does_not_give():
    """Only the wedding hall is placed in a city; no country/city nesting from outside knowledge."""
    places = [t for t in _ties("LOCATED_IN") if BY_ID[t["source"]]["kind"] == "Place"]
    assert [(t["source"], t["target"]) for t in places] == [
        ("place:salle-des-mariages-de-la-mairie-de-marseille", "place:marseille")
    ]
