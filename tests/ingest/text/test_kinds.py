"""Kinds from the words of a name (pure) and from the words around a mention (with spaCy).
Every name and sentence here is invented."""

import pytest

from ingest.text.kinds import kind_of_name, name_evidence, starts_with_title
from ingest.text.mentions import detect_mentions
from tests.ingest.text.conftest import KNOWN, article

text = pytest.mark.text  # the sentence-level tests load spaCy's French model


@pytest.mark.parametrize(
    ("name", "ner", "expected"),
    [
        ("Valdorgue Métropole", "Place", ("Organization", ["PublicBody"])),
        ("Métropole de Valdorgue", "Place", ("Organization", ["PublicBody"])),
        ("Ministère des Jardins", "Place", ("Organization", ["PublicBody"])),
        ("gouvernement du Valdor", "Place", ("Organization", ["PublicBody"])),
        ("Établissement public des eaux", "Place", ("Organization", [])),
        ("Centre hospitalier de Valdor", "Place", ("Organization", [])),
        ("Centre Brivadel", "Organization", ("Place", ["Venue"])),
        ("Grand Hôtel Brivadel", "Organization", ("Place", ["Venue"])),
        ("Kelvora SAS", "Person", ("Organization", ["Company"])),
        ("Tastrine Ventures", "Place", ("Organization", ["Investor"])),
        ("Trombelis Aero", "Person", ("Organization", [])),
        ("monguide.com", "Place", ("Organization", ["Company"])),
        ("ARVQ", "Place", ("Organization", [])),
        ("PACA", "Place", ("Place", [])),
        ("Jeanne Perrot", "Person", ("Person", [])),
        ("Brignoles", "Place", ("Place", [])),
    ],
)
def test_the_words_of_a_name(name, ner, expected):
    assert kind_of_name(name, ner) == expected


def test_a_plain_name_shows_nothing_by_itself():
    assert name_evidence("Jeanne Perrot") is None and name_evidence("Brivadel") is None


def test_a_span_opening_with_a_title_is_no_name():
    assert starts_with_title("Vice-présidente de la Métropole") and starts_with_title("Directeur")
    assert not starts_with_title("Direction générale des Jardins") and not starts_with_title("Kelvora")


def mentions(pipeline, sentence: str) -> dict[str, tuple[str, list[str]]]:
    found = detect_mentions(pipeline.nlp(sentence), {k.id: k for k in KNOWN})
    return {m.text: (m.kind, m.labels) for m in found if m.origin != "reference"}


@text
def test_a_title_before_a_name_makes_it_the_organisation(pipeline):
    found = mentions(pipeline, "Le président de Trombelis Aero, Marc Duval, a présenté le projet.")
    assert found["Trombelis Aero"][0] == "Organization" and found["Marc Duval"][0] == "Person"


@text
def test_a_title_after_a_name_makes_it_a_person(pipeline):
    found = mentions(pipeline, "Jeanne Perrot, directrice de l'Orvanne Institut, a signé le texte.")
    assert found["Jeanne Perrot"][0] == "Person" and found["Orvanne Institut"][0] == "Organization"


@text
def test_a_public_body_noun_makes_the_authority_not_the_place(pipeline):
    found = mentions(pipeline, "Le projet est financé par le gouvernement du Québec et par Bpifrance.")
    assert found["gouvernement du Québec"] == ("Organization", ["PublicBody"])
    assert "Québec" not in found


@text
def test_in_the_metropolis_is_still_a_place(pipeline):
    found = mentions(pipeline, "Elle vit dans la métropole de Marseille depuis longtemps.")
    assert found == {"Marseille": ("Place", ["City"])}


@text
def test_a_plural_trigger_types_the_whole_list(pipeline):
    found = mentions(
        pipeline, "Les écoles partenaires Kelmora, Tastrine et Vélivane accueillent des étudiants."
    )
    assert {found[n][0] for n in ("Kelmora", "Tastrine", "Vélivane")} == {"Organization"}


@text
def test_coordination_with_organisations(pipeline):
    found = mentions(pipeline, "Sorelec, le CHU de Marseille et Brivadel lancent un laboratoire commun.")
    assert found["CHU de Marseille"][0] == "Organization" and found["Brivadel"][0] == "Organization"


@text
def test_a_list_of_places_stays_places(pipeline):
    found = mentions(pipeline, "Elle a des bureaux à Brignoles, Draguignan et Marseille.")
    assert {kind for kind, _ in found.values()} == {"Place"}


@text
def test_long_institutional_names_are_kept_whole(pipeline):
    found = mentions(
        pipeline, "La Chambre de commerce et d'industrie de Marseille a signé une convention avec Sorelec."
    )
    assert found["Chambre de commerce et d'industrie de Marseille"] == ("Organization", ["PublicBody"])
    found = mentions(pipeline, "Le Ministère de la mer et des littoraux soutient le projet.")
    assert found["Ministère de la mer et des littoraux"][0] == "Organization"


@text
def test_suffixes_make_new_companies(pipeline):
    found = mentions(pipeline, "Le site monguide.com a été racheté par la société Kelvora SAS.")
    assert found["monguide.com"] == ("Organization", ["Company"])
    assert found["Kelvora SAS"][0] == "Organization"


@text
def test_a_quoted_name_after_a_trigger(pipeline):
    found = mentions(pipeline, "La startup « Qastelia » a levé deux millions d'euros.")
    assert found["Qastelia"] == ("Organization", ["Startup"])


@text
def test_a_small_town_is_no_municipality(pipeline):
    found = mentions(pipeline, "Une antenne ouvrira dans la petite ville de Brignoles.")
    assert found == {"Brignoles": ("Place", [])}


@text
def test_an_acronym_defined_in_brackets_is_an_alias_of_the_long_name(pipeline):
    extraction = pipeline.run(
        article(
            "L'Agence régionale de l'innovation et de la prospective (ARIPV) accompagne Navalis Robotics. "
            "L'ARIPV a ouvert un bureau à Marseille."
        )
    )
    agency = next(e for e in extraction.entities if e["name"].startswith("Agence régionale"))
    assert agency["kind"] == "Organization" and agency.get("aliases") == ["ARIPV"]
    assert not any(e["name"] == "ARIPV" for e in extraction.entities)


@text
def test_peoples_and_sectors_are_no_names(pipeline):
    found = mentions(pipeline, "Les Brignolais ont accueilli les Medtechs et Sorelec.")
    assert "Brignolais" not in found and "Medtechs" not in found and "Sorelec" in found


@pytest.mark.parametrize(
    ("name", "expected"),
    [("Kelmoratechnologies", ("Organization", [])), ("Team Valdor", ("Organization", []))],
)
def test_glued_suffixes_and_english_heads(name, expected):
    assert kind_of_name(name, "Place") == expected


@text
def test_the_noun_before_a_name_makes_an_event_or_a_site(pipeline):
    found = mentions(pipeline, "Sorelec participera au festival Valdor Numérique en juin.")
    assert found["Valdor Numérique"] == ("Event", ["Conference"])
    found = mentions(pipeline, "Sorelec occupe l'ancienne usine textile Brivadel-Lamotte depuis 2019.")
    assert found["Brivadel-Lamotte"] == ("Place", ["Site"])


@text
def test_a_centre_keeps_its_adjective_and_its_place(pipeline):
    found = mentions(pipeline, "La réunion a lieu au Centre administratif de Marseille.")
    assert found["Centre administratif de Marseille"] == ("Place", ["Venue"])


@text
def test_local_authorities_listed_after_their_noun(pipeline):
    found = mentions(
        pipeline, "Les collectivités concernées (Brignoles, Draguignan et Fréjus) ont voté le budget."
    )
    assert {found[n][0] for n in ("Brignoles", "Draguignan", "Fréjus")} == {"Organization"}


@text
def test_a_trigger_noun_inside_the_span_is_dropped_from_the_name(pipeline):
    found = mentions(pipeline, "Sorelec a participé au festival Valdor Connecté le mois dernier.")
    assert found.get("Valdor Connecté") == ("Event", ["Conference"])
