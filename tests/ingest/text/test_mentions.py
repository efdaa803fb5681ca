import pytest

from ingest.text.mentions import detect_mentions
from tests.ingest.text.conftest import KNOWN

pytestmark = pytest.mark.text  # loads spaCy's French model


def mentions(pipeline, text: str):
    return detect_mentions(pipeline.nlp(text), {k.id: k for k in KNOWN})


def test_ruler_finds_known_names_even_without_accents(pipeline):
    found = mentions(pipeline, "Helene Marchetti a rencontré la Région Sud et Bpifrance.")
    assert [(m.text, m.known_id) for m in found if m.known_id] == [
        ("Helene Marchetti", "person:helene-marchetti"),
        ("Région Sud", "org:region-sud"),
        ("Bpifrance", "org:bpifrance"),
    ]


def test_hashtag_and_elided_acronym_are_mentions(pipeline):
    found = mentions(pipeline, "Une délégation de l'#AMFT est partie.")
    assert [(m.text, m.start) for m in found if "AMFT" in m.text] == [("#AMFT", 20)]


def test_trigger_noun_makes_an_organisation(pipeline):
    found = mentions(pipeline, "La société lyonnaise Hélioprisme ouvre une filiale.")
    assert [(m.text, m.kind, m.labels) for m in found] == [("Hélioprisme", "Organization", ["Company"])]


def test_spans_are_exact_offsets(pipeline):
    text = "Basée à La Seyne-sur-Mer, Navalis Robotics conçoit des robots."
    for m in mentions(pipeline, text):
        assert text[m.start : m.end] == m.text
    assert "La Seyne-sur-Mer" in [m.text for m in mentions(pipeline, text)]


def test_la_ville_is_a_reference(pipeline):
    found = mentions(pipeline, "À Marseille, la Ville lance un appel à projets.")
    assert [(m.text, m.origin) for m in found] == [("Marseille", "ruler"), ("Ville", "reference")]
