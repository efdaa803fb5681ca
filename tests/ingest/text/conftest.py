"""One spaCy pipeline for the text tests (loading a model takes seconds), no database."""

from __future__ import annotations

from datetime import date

import pytest

from ingest.text.models import Article, Extraction, KnownEntity
from ingest.text.pipeline import TextPipeline
from ingest.text.truth import decide, load_table

KNOWN = [
    KnownEntity(
        id="org:aix-marseille-french-tech",
        name="Aix-Marseille French Tech",
        kind="Organization",
        labels=["Association"],
        aliases=["AMFT"],
    ),
    KnownEntity(
        id="org:ville-de-marseille",
        name="Ville de Marseille",
        kind="Organization",
        labels=["PublicBody"],
        aliases=["Mairie de Marseille"],
    ),
    KnownEntity(id="place:marseille", name="Marseille", kind="Place", labels=["City"]),
    KnownEntity(id="org:navalis-robotics", name="Navalis Robotics", kind="Organization", labels=["Startup"]),
    KnownEntity(id="org:sorelec", name="Sorelec", kind="Organization", labels=["Company"]),
    KnownEntity(id="person:helene-marchetti", name="Hélène Marchetti", kind="Person"),
    KnownEntity(id="org:region-sud", name="Région Sud", kind="Organization", labels=["PublicBody"]),
    KnownEntity(id="org:bpifrance", name="Bpifrance", kind="Organization", labels=["Investor"]),
]


@pytest.fixture(scope="session")
def pipeline() -> TextPipeline:
    return TextPipeline(KNOWN, model="fr_core_news_md")


def article(text: str, published: date | None = date(2023, 3, 16)) -> Article:
    return Article(text=text, published=published, content_hash="sha256:" + "ab" * 32)


def ties_of(extraction, type_: str) -> list[tuple[str, str]]:
    return [(t["source"], t["target"]) for t in extraction.ties if t["type"] == type_]


def policy_of(extraction: Extraction, tie: dict) -> tuple[str, float, str]:
    """(rule, confidence, status) the truth policy gives this tie under the generated table; the
    table is regenerated when rules change, so the tests ask the policy instead of copying its
    figures."""
    draft = extraction.drafts[extraction.ties.index(tie)]
    return (draft.rule, *decide(draft, load_table()))
