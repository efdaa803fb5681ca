"""Founding, incubation, membership and where sites lie (ingest/text/ties/programmes.py), each on a
short sentence of our own with invented names: what fires, and the near-misses that must not."""

import pytest

from tests.ingest.text.conftest import article, policy_of, ties_of

pytestmark = pytest.mark.text  # loads spaCy's French model

NAVALIS, SORELEC, AMFT = "org:navalis-robotics", "org:sorelec", "org:aix-marseille-french-tech"
BPI, REGION, MARCHETTI = "org:bpifrance", "org:region-sud", "person:helene-marchetti"


def run(pipeline, text):
    return pipeline.run(article(text))


def only(extraction, type_, source, target):
    found = [t for t in extraction.ties if (t["type"], t["source"], t["target"]) == (type_, source, target)]
    assert len(found) == 1, ties_of(extraction, type_)
    return found[0]


# ---------------------------------------------------------------------------- FOUNDED


def test_founded_by_in_the_passive(pipeline):
    ex = run(pipeline, "Navalis Robotics a été fondée en 2018 par Hélène Marchetti.")
    t = only(ex, "FOUNDED", MARCHETTI, NAVALIS)
    assert policy_of(ex, t) == ("founded-by", t["confidence"], t["status"])


def test_founded_by_a_participle_before_the_clause(pipeline):
    ex = run(pipeline, "Fondée en 2016 par Julien Ravel, la société Orvalis est basée à Marseille.")
    assert ties_of(ex, "FOUNDED") == [("person:julien-ravel", "org:orvalis")]


def test_founded_actively(pipeline):
    ex = run(pipeline, "Hélène Marchetti a fondé Navalis Robotics en 2014.")
    assert ties_of(ex, "FOUNDED") == [(MARCHETTI, NAVALIS)]


def test_launching_an_incubator_founds_it_as_a_candidate(pipeline):
    ex = run(pipeline, "Bpifrance, Sorelec et Région Sud lancent le Lab Azur, un incubateur dédié à la mer.")
    assert sorted(ties_of(ex, "FOUNDED")) == [
        (BPI, "org:lab-azur"),
        (REGION, "org:lab-azur"),
        (SORELEC, "org:lab-azur"),
    ]
    assert {t["status"] for t in ex.ties if t["type"] == "FOUNDED"} == {"candidate"}


def test_launching_a_product_founds_nothing(pipeline):
    assert ties_of(run(pipeline, "Sorelec lance un nouveau produit avec Bpifrance."), "FOUNDED") == []


def test_created_by_people_not_named_founds_nothing(pipeline):
    ex = run(pipeline, "Parmi les lauréats figure Navalis Robotics, une start-up créée par deux ingénieurs.")
    assert ties_of(ex, "FOUNDED") == []


# ---------------------------------------------------------------------------- INCUBATES


def test_incubated_by(pipeline):
    ex = run(
        pipeline,
        "La start-up Navalis Robotics, incubée par l'Incubateur Belvédère, a levé deux millions.",
    )
    t = only(ex, "INCUBATES", "org:incubateur-belvedere", NAVALIS)
    assert policy_of(ex, t) == ("incubated-by", t["confidence"], t["status"])


@pytest.mark.parametrize(
    "text",
    [
        "Navalis Robotics est accompagnée par l'incubateur Belvédère depuis 2021.",
        "Navalis Robotics est hébergée au sein de la pépinière Belvédère.",
        "Navalis Robotics a rejoint l'accélérateur Belvédère en janvier.",
    ],
)
def test_supported_by_an_incubator_is_a_candidate(pipeline, text):
    t = only(run(pipeline, text), "INCUBATES", "org:belvedere", NAVALIS)
    assert t["status"] == "candidate"


def test_accompanied_by_a_bank_is_no_incubation(pipeline):
    assert ties_of(run(pipeline, "Navalis Robotics est accompagnée par Bpifrance."), "INCUBATES") == []


def test_negated_incubation(pipeline):
    ex = run(pipeline, "Navalis Robotics n'a jamais été incubée par l'Incubateur Belvédère.")
    assert ties_of(ex, "INCUBATES") == []


# ---------------------------------------------------------------------------- MEMBER_OF


def test_member_of_a_network(pipeline):
    ex = run(pipeline, "Navalis Robotics est membre du réseau Aix-Marseille French Tech depuis 2020.")
    t = only(ex, "MEMBER_OF", NAVALIS, AMFT)
    assert policy_of(ex, t) == ("member-of", t["confidence"], t["status"])


def test_member_in_a_relative_clause(pipeline):
    ex = run(pipeline, "Sorelec, qui est déjà membre du pôle Mer Méditerranée, recrute.")
    assert ties_of(ex, "MEMBER_OF") == [(SORELEC, "org:pole-mer-mediterranee")]


def test_a_seat_on_a_board_is_no_membership(pipeline):
    ex = run(pipeline, "Hélène Marchetti est membre du conseil d'administration de Sorelec.")
    assert ties_of(ex, "MEMBER_OF") == []


def test_negated_membership(pipeline):
    ex = run(pipeline, "Navalis Robotics n'est pas membre du réseau Aix-Marseille French Tech.")
    assert ties_of(ex, "MEMBER_OF") == []


@pytest.mark.parametrize(
    "text",
    [
        "Navalis Robotics et Sorelec font partie de Aix-Marseille French Tech.",
        "Navalis Robotics, labellisée Aix-Marseille French Tech, recrute.",
        "Navalis Robotics a obtenu le label Aix-Marseille French Tech.",
    ],
)
def test_part_of_and_labels_are_candidates(pipeline, text):
    assert only(run(pipeline, text), "MEMBER_OF", NAVALIS, AMFT)["status"] == "candidate"


def test_part_of_a_company_group_is_no_membership(pipeline):
    assert ties_of(run(pipeline, "Navalis Robotics fait partie du groupe Sorelec."), "MEMBER_OF") == []


def test_joining_a_network_and_joining_a_company(pipeline):
    ex = run(pipeline, "Sorelec souhaite rejoindre le pôle Mer Méditerranée.")
    t = only(ex, "MEMBER_OF", SORELEC, "org:pole-mer-mediterranee")
    assert (t["stage"], t["status"]) == ("planned", "candidate")
    assert ties_of(run(pipeline, "Sorelec a rejoint Bpifrance."), "MEMBER_OF") == []


# ---------------------------------------------------------------------------- LOCATED_IN


def test_site_situated_in_a_city(pipeline):
    ex = run(pipeline, "Le campus Arboria, situé à Marseille, regroupe 200 étudiants.")
    assert ties_of(ex, "LOCATED_IN") == [("org:arboria", "place:marseille")]


def test_a_company_situated_somewhere_is_not_a_site(pipeline):
    ex = run(pipeline, "La société Orvalis, située à Marseille, recrute.")
    assert ties_of(ex, "LOCATED_IN") == []


@pytest.mark.parametrize(
    "text, inner, outer",
    [
        (
            "L'usine est installée à Valbonne, dans les Alpes-Maritimes.",
            "place:valbonne",
            "place:alpes-maritimes",
        ),
        ("Le salon se tiendra à Lomé, au Togo.", "place:lome", "place:togo"),
        ("Sorelec a ouvert une agence à Roubaix (Nord).", "place:roubaix", "place:nord"),
    ],
)
def test_a_place_in_a_larger_one(pipeline, text, inner, outer):
    assert (inner, outer) in ties_of(run(pipeline, text), "LOCATED_IN")


def test_places_listed_side_by_side_are_not_inside_each_other(pipeline):
    ex = run(pipeline, "Sorelec possède des usines en Espagne, au Portugal et en Grèce.")
    assert [t for t in ties_of(ex, "LOCATED_IN") if t[0].startswith("place:")] == []


def test_a_date_after_a_comma_is_no_place(pipeline):
    assert ties_of(run(pipeline, "Sorelec est installée à Marseille, en 2019."), "LOCATED_IN") == []


def test_founder_coordinated_with_a_title(pipeline):
    ex = run(pipeline, "Hélène Marchetti, la présidente et fondatrice de Sorelec, était présente.")
    assert ties_of(ex, "FOUNDED") == [(MARCHETTI, SORELEC)]


def test_issued_from_an_organisation_is_a_candidate_founding(pipeline):
    ex = run(pipeline, "Issue de Sorelec, Navalis Robotics conçoit des drones.")
    assert only(ex, "FOUNDED", SORELEC, NAVALIS)["status"] == "candidate"


@pytest.mark.parametrize(
    "text",
    [
        "Navalis Robotics, issue de la fusion entre Sorelec et Bpifrance, recrute.",
        "Julien Ravel, issu de Sorelec, dirige Navalis Robotics.",
    ],
)
def test_issued_from_a_merger_or_a_person_from_a_company_founds_nothing(pipeline, text):
    assert ties_of(run(pipeline, text), "FOUNDED") == []


def test_a_grouping_of_organisations_has_them_as_members(pipeline):
    ex = run(
        pipeline,
        "Aix-Marseille French Tech, un regroupement de Sorelec, de Bpifrance et de Navalis Robotics, "
        "vise la mer.",
    )
    assert sorted(ties_of(ex, "MEMBER_OF")) == [(BPI, AMFT), (NAVALIS, AMFT), (SORELEC, AMFT)]
    assert {(t["status"], t["stage"]) for t in ex.ties if t["type"] == "MEMBER_OF"} == {("candidate", None)}


def test_a_partner_is_not_a_member(pipeline):
    assert ties_of(run(pipeline, "Sorelec, un partenaire de Bpifrance, recrute."), "MEMBER_OF") == []


def test_incubated_within_a_bare_name(pipeline):
    ex = run(pipeline, "Navalis Robotics est incubée au sein de Bpifrance depuis 2021.")
    assert only(ex, "INCUBATES", BPI, NAVALIS)["status"] == "candidate"


def test_working_within_a_company_is_no_incubation(pipeline):
    ex = run(pipeline, "Navalis Robotics développe ses drones au sein de Sorelec.")
    assert ties_of(ex, "INCUBATES") == ties_of(ex, "MEMBER_OF") == []


def test_a_network_gathering_a_list_of_names(pipeline):
    ex = run(pipeline, "Aix-Marseille French Tech regroupe Sorelec, Navalis Robotics et Bpifrance.")
    assert sorted(ties_of(ex, "MEMBER_OF")) == [(BPI, AMFT), (NAVALIS, AMFT), (SORELEC, AMFT)]


@pytest.mark.parametrize(
    "text",
    [
        "Sorelec regroupe ses activités à Marseille.",
        "Le réseau Aix-Marseille French Tech rassemble Sorelec et des dizaines de start-up.",
    ],
)
def test_gathering_what_is_not_only_names(pipeline, text):
    assert ties_of(run(pipeline, text), "MEMBER_OF") == []
