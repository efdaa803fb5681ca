"""Roles by apposition and titles, representation, agreements between parties, participants of
events: each pattern on a short sentence of our own, and the near-misses that must not fire."""

from datetime import date

import pytest

from tests.ingest.text.conftest import article, policy_of, ties_of

pytestmark = pytest.mark.text  # loads spaCy's French model


def run(pipeline, text, published=date(2023, 3, 16)):
    return pipeline.run(article(text, published))


def tie(extraction, type_, source, target):
    return next(
        t for t in extraction.ties if (t["type"], t["source"], t["target"]) == (type_, source, target)
    )


def partners(extraction) -> set[frozenset[str]]:
    return {frozenset(pair) for pair in ties_of(extraction, "PARTNERS_WITH")}


# ---------------------------------------------------------------------------- HAS_ROLE


def test_definite_title_before_the_name_without_comma(pipeline):
    ex = run(
        pipeline, "Le programme a été présenté par la directrice générale de Bpifrance Mathilde Roussel."
    )
    t = tie(ex, "HAS_ROLE", "person:mathilde-roussel", "org:bpifrance")
    assert t["properties"]["title"] == "directrice générale"
    assert policy_of(ex, t) == ("title-before-name", t["confidence"], t["status"])


def test_definite_title_before_the_name_after_a_comma(pipeline):
    ex = run(pipeline, "La soirée s'est tenue en présence du président de Sorelec, Bertrand Lhermitte.")
    assert ("person:bertrand-lhermitte", "org:sorelec") in ties_of(ex, "HAS_ROLE")


def test_title_of_an_organisation_named_after_its_description(pipeline):
    """The parse may hang the name on the person; the words still say whose title it is."""
    ex = run(
        pipeline,
        "Selon Odile Ferrat, directrice générale de l'entreprise nantaise Quantane, le marché progresse.",
    )
    t = tie(ex, "HAS_ROLE", "person:odile-ferrat", "org:quantane")
    assert t["properties"]["title"] == "directrice générale"
    assert policy_of(ex, t) == ("title-described", t["confidence"], t["status"])


def test_definite_title_with_the_name_right_after_the_organisation(pipeline):
    ex = run(pipeline, "Le directeur général de Quantane Henri Salvat a confirmé la nouvelle.")
    assert ("person:henri-salvat", "org:quantane") in ties_of(ex, "HAS_ROLE")


def test_one_of_several_cofounders(pipeline):
    ex = run(pipeline, "Roland Pic, l'un des trois cofondateurs de Marvelis, présente le projet.")
    assert ties_of(ex, "FOUNDED") == [("person:roland-pic", "org:marvelis")]


def test_a_description_without_an_organisation_gives_no_title(pipeline):
    ex = run(pipeline, "Odile Ferrat, directrice générale de la communication, a pris la parole.")
    assert ties_of(ex, "HAS_ROLE") == []


def test_cofounder_and_ceo_gives_founded_and_role(pipeline):
    ex = run(pipeline, "Julien Marsac, cofondateur et CEO de Navalis Robotics, a pris la parole.")
    assert ("person:julien-marsac", "org:navalis-robotics") in ties_of(ex, "FOUNDED")
    role = tie(ex, "HAS_ROLE", "person:julien-marsac", "org:navalis-robotics")
    assert role["properties"]["title"] == "CEO"


def test_title_in_brackets_after_the_name(pipeline):
    ex = run(pipeline, "Nous avons rencontré Agathe Vernier (la directrice de Sorelec) à Lyon.")
    assert ("person:agathe-vernier", "org:sorelec") in ties_of(ex, "HAS_ROLE")


def test_co_chair_with_a_second_holder(pipeline):
    ex = run(
        pipeline,
        "Le projet avance, explique Lucien Darras, co-président de Navalis Robotics avec Odile Ferracci.",
    )
    assert {
        ("person:lucien-darras", "org:navalis-robotics"),
        ("person:odile-ferracci", "org:navalis-robotics"),
    } <= set(ties_of(ex, "HAS_ROLE"))


def test_a_title_next_to_a_place_is_no_role_in_an_organisation(pipeline):
    ex = run(pipeline, "Le ministre de l'Industrie Gérard Pellissier a visité Toulon.")
    assert ties_of(ex, "HAS_ROLE") == []


def test_former_title_is_ended(pipeline):
    ex = run(pipeline, "Rémi Castagné, ancien directeur de Sorelec, a fondé son cabinet.")
    assert tie(ex, "HAS_ROLE", "person:remi-castagne", "org:sorelec")["stage"] == "ended"


def test_county_councillor_is_not_made_a_city_official(pipeline):
    ex = run(
        pipeline, "La Ville de Marseille innove. Hervé Lacombe, conseiller départemental, était présent."
    )
    assert ("person:herve-lacombe", "org:ville-de-marseille") not in ties_of(ex, "HAS_ROLE")


# ---------------------------------------------------------------------------- PARTNERS_WITH, REPRESENTS


def test_coordinated_signatories_are_pairwise_partners(pipeline):
    ex = run(pipeline, "Sorelec, Bpifrance et la Région Sud ont signé une convention le 4 mai 2022.")
    assert partners(ex) == {
        frozenset({"org:sorelec", "org:bpifrance"}),
        frozenset({"org:sorelec", "org:region-sud"}),
        frozenset({"org:bpifrance", "org:region-sud"}),
    }


def test_agreement_signed_with_a_party_in_the_future_is_planned(pipeline):
    ex = run(pipeline, "Sorelec signera un accord de coopération avec Navalis Robotics à Marseille.")
    ties = [t for t in ex.ties if t["type"] == "PARTNERS_WITH"]
    assert [frozenset({t["source"], t["target"]}) for t in ties] == [
        frozenset({"org:sorelec", "org:navalis-robotics"})
    ]
    assert ties[0]["stage"] == "planned"


def test_partnership_between_two_parties(pipeline):
    ex = run(pipeline, "Un partenariat entre Sorelec et Bpifrance a été conclu cette semaine.")
    assert partners(ex) == {frozenset({"org:sorelec", "org:bpifrance"})}


def test_convention_binding_two_parties(pipeline):
    ex = run(pipeline, "Elles ont signé hier la convention liant la Région Sud et Navalis Robotics.")
    assert frozenset({"org:region-sud", "org:navalis-robotics"}) in partners(ex)


def test_no_partners_when_the_agreement_was_not_signed(pipeline):
    ex = run(pipeline, "Sorelec et Bpifrance n'ont pas signé la convention prévue.")
    assert partners(ex) == set()


def test_people_signing_represent_their_organisations_which_become_candidate_partners(pipeline):
    ex = run(
        pipeline,
        "Le 3 avril, Hélène Marchetti, présidente de Sorelec, et Paul Berthier, directeur de Navalis "
        "Robotics, ont signé un accord.",
    )
    for person, org in [("helene-marchetti", "sorelec"), ("paul-berthier", "navalis-robotics")]:
        assert tie(ex, "REPRESENTS", f"person:{person}", f"org:{org}")["status"] == "candidate"
        assert tie(
            ex,
            "PARTICIPATED_IN",
            f"person:{person}",
            "event:2023-04-03-accord-helene-marchetti-paul-berthier",
        )
    assert partners(ex) == {frozenset({"org:sorelec", "org:navalis-robotics"})}
    pair = next(t for t in ex.ties if t["type"] == "PARTNERS_WITH")
    assert pair["status"] == "candidate"


def test_representing_a_person_is_only_a_candidate(pipeline):
    ex = run(pipeline, "Antoine Leclerc, représentant Hélène Marchetti, a ouvert la séance.")
    t = tie(ex, "REPRESENTS", "person:antoine-leclerc", "person:helene-marchetti")
    assert t["status"] == "candidate"


def test_title_in_the_company_the_text_is_about_is_a_candidate(pipeline):
    ex = run(pipeline, "Sorelec grandit. Julien Marsac est devenu co-président de cette entreprise en mai.")
    t = tie(ex, "HAS_ROLE", "person:julien-marsac", "org:sorelec")
    assert (t["status"], t["properties"]["title"]) == ("candidate", "co-président")
