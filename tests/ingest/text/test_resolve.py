"""Resolution is pure: hand-made mentions, no spaCy."""

from ingest.text.models import KnownEntity, Mention
from ingest.text.resolve import Resolver

KNOWN = [
    KnownEntity(
        id="org:china-fortune-land-development",
        name="China Fortune Land Development",
        kind="Organization",
        aliases=["CFLD"],
    ),
    KnownEntity(
        id="org:aix-marseille-french-tech",
        name="Aix-Marseille French Tech",
        kind="Organization",
        aliases=["AMFT"],
    ),
    KnownEntity(
        id="org:ville-de-marseille", name="Ville de Marseille", kind="Organization", labels=["PublicBody"]
    ),
    KnownEntity(id="place:marseille", name="Marseille", kind="Place"),
    KnownEntity(id="place:potsdam", name="Potsdam", kind="Place"),
    KnownEntity(id="person:zhu-liying", name="Zhu Liying", kind="Person"),
    KnownEntity(id="person:helene-marchetti", name="Hélène Marchetti", kind="Person"),
    KnownEntity(id="person:olivier-dumas", name="Olivier Dumas", kind="Person"),
    KnownEntity(id="org:navalis-robotics", name="Navalis Robotics", kind="Organization", aliases=["Navalis"]),
    KnownEntity(id="org:navalia-robotic", name="Navalia Robotic", kind="Organization"),
    KnownEntity(id="org:marseille-innovation-park", name="Marseille Innovation Park", kind="Organization"),
    KnownEntity(id="org:marseille-innovation-parc", name="Marseille Innovation Parc", kind="Organization"),
]


def resolve(*mentions: tuple[str, str] | tuple[str, str, str]):
    found, at = [], 0
    for spec in mentions:
        text, kind = spec[0], spec[1]
        origin = spec[2] if len(spec) > 2 else "ner"
        labels = (
            ["PublicBody"] if origin == "reference" and text.lower().endswith(("ville", "mairie")) else []
        )
        found.append(
            Mention(start=at, end=at + len(text), text=text, kind=kind, origin=origin, labels=labels)
        )
        at += len(text) + 1
    return Resolver(KNOWN).resolve(found)


def ids(resolved) -> list[str]:
    return [m.entity for m in resolved.mentions]


def test_acronym_and_full_name_link_both_ways():
    r = resolve(("CFLD", "Organization", "alias"), ("China Fortune Land Development", "Organization"))
    assert ids(r) == ["org:china-fortune-land-development"] * 2


def test_hashtag_alias_and_accents_and_case():
    r = resolve(
        ("#AMFT", "Organization", "alias"), ("HELENE MARCHETTI", "Person"), ("Navalis", "Organization")
    )
    assert ids(r) == ["org:aix-marseille-french-tech", "person:helene-marchetti", "org:navalis-robotics"]


def test_la_ville_is_the_city_body():
    r = resolve(("Marseille", "Place"), ("Ville", "Organization", "reference"))
    assert ids(r) == ["place:marseille", "org:ville-de-marseille"]


def test_la_mairie_of_an_unknown_city_makes_its_municipality():
    r = resolve(("Toulon", "Place"), ("mairie", "Organization", "reference"))
    assert ids(r)[1] == "org:ville-de-toulon"
    assert r.entities["org:ville-de-toulon"].labels == ["PublicBody"]


def test_fuzzy_place_links_over_its_threshold():
    assert ids(resolve(("Potsam", "Place"))) == ["place:potsdam"]


def test_transliteration_variant_of_a_person():
    r = resolve(("Zhy Lying", "Person"))
    assert ids(r) == ["person:zhu-liying"] and r.entities["person:zhu-liying"].link_score < 1


def test_close_person_name_is_a_candidate_not_a_merge():
    r = resolve(("Olivia Dumas", "Person"))
    assert ids(r) == ["person:olivia-dumas"] and not r.entities["person:olivia-dumas"].existing
    assert [(c.mention, c.entity_id) for c in r.candidates] == [("Olivia Dumas", "person:olivier-dumas")]


def test_two_known_entities_are_never_merged():
    r = resolve(("Navalis Robotics", "Organization"), ("Navalia Robotic", "Organization"))
    assert ids(r) == ["org:navalis-robotics", "org:navalia-robotic"]


def test_ambiguous_fuzzy_match_becomes_a_candidate_for_each():
    r = resolve(("Marseille Innovation Pars", "Organization"))
    assert not r.entities[r.mentions[0].entity].existing
    assert {c.entity_id for c in r.candidates} == {
        "org:marseille-innovation-park",
        "org:marseille-innovation-parc",
    }


def test_surname_refers_back_to_the_person_of_the_text():
    r = resolve(("Thomas Reynaud", "Person"), ("Reynaud", "Organization"))
    assert ids(r) == ["person:thomas-reynaud"] * 2


def test_transliterated_person_typed_as_an_organisation_is_a_person_candidate():
    r = resolve(("Zhy Lying", "Organization"))
    entity = r.entities[r.mentions[0].entity]
    assert entity.kind == "Person" and not entity.existing
    assert [(c.mention, c.entity_id) for c in r.candidates] == [("Zhy Lying", "person:zhu-liying")]


def test_misspelt_known_organisation_typed_as_a_place_is_an_organisation_candidate():
    r = resolve(("Navaliss Robotics", "Place"))
    entity = r.entities[r.mentions[0].entity]
    assert entity.kind == "Organization" and not entity.existing
    assert {c.entity_id for c in r.candidates} == {"org:navalis-robotics"}


def test_a_name_near_nothing_keeps_its_kind():
    r = resolve(("Brivadel Conseil", "Place"))
    assert r.entities[r.mentions[0].entity].kind == "Place" and not r.candidates


def test_a_name_outvoted_to_another_kind_keeps_only_the_labels_of_that_kind():
    # "l'accélérateur Ombrevia" once (an incubator), "en Ombrevia" twice (a place): one Place, which no
    # Incubator label fits (the loader would refuse the whole document).
    mentions = [
        Mention(start=0, end=8, text="Ombrevia", kind="Organization", labels=["Incubator"]),
        Mention(start=20, end=28, text="Ombrevia", kind="Place"),
        Mention(start=40, end=48, text="Ombrevia", kind="Place"),
    ]
    entity = Resolver(KNOWN).resolve(mentions).entities["place:ombrevia"]
    assert entity.kind == "Place" and entity.labels == []
