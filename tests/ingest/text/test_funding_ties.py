"""Funding rounds (INVESTED_IN) and backing (SUPPORTS) on short sentences of our own."""

from datetime import date

import pytest

from tests.ingest.text.conftest import article, policy_of, ties_of

pytestmark = pytest.mark.text  # loads spaCy's French model

NAVALIS, BPI, REGION, SORELEC = "org:navalis-robotics", "org:bpifrance", "org:region-sud", "org:sorelec"


def run(pipeline, text, published=date(2023, 3, 16)):
    return pipeline.run(article(text, published))


def tie(extraction, type_, source, target):
    return next(
        t for t in extraction.ties if (t["type"], t["source"], t["target"]) == (type_, source, target)
    )


def investors_of(extraction, target):
    return {s for s, t in ties_of(extraction, "INVESTED_IN") if t == target}


# ------------------------------------------------------------------------------ INVESTED_IN


def test_round_raised_from_several_investors_with_amount_as_written(pipeline):
    ex = run(
        pipeline,
        "La start-up Navalis Robotics lève 3 millions d'euros auprès de Bpifrance, Vauclair Ventures "
        "et Garrigue Invest.",
    )
    assert investors_of(ex, NAVALIS) == {BPI, "org:vauclair-ventures", "org:garrigue-invest"}
    t = tie(ex, "INVESTED_IN", BPI, NAVALIS)
    assert t["properties"]["amount"] == "3 millions d'euros"
    assert t["properties"]["currency"] == "EUR"
    assert t["stage"] is None  # stated, not planned; accepted or not is the truth policy's word:
    assert policy_of(ex, t) == ("funding-round-aupres", t["confidence"], t["status"])


def test_round_led_by_one_investor_with_others(pipeline):
    ex = run(
        pipeline,
        "Navalis Robotics a bouclé un tour de table de 5 millions d'euros mené par Vauclair Ventures "
        "avec Bpifrance.",
    )
    assert investors_of(ex, NAVALIS) == {"org:vauclair-ventures", BPI}


def test_round_backed_by_investors_named_after_grace_au_soutien(pipeline):
    ex = run(
        pipeline,
        "Navalis Robotics a finalisé sa levée de fonds grâce au soutien de Bpifrance et de Sorelec.",
    )
    assert investors_of(ex, NAVALIS) == {BPI, SORELEC}
    assert not ties_of(ex, "SUPPORTS")  # a round is equity: INVESTED_IN, not SUPPORTS


def test_round_of_a_company_described_after_being_named_goes_to_the_topic(pipeline):
    ex = run(
        pipeline,
        "Avec 4 millions levés, Navalis Robotics prend la tête du classement. La deeptech a finalisé sa "
        "levée de fonds grâce au soutien de Bpifrance et de Sorelec.",
    )
    assert investors_of(ex, NAVALIS) == {BPI, SORELEC}
    t = tie(ex, "INVESTED_IN", BPI, NAVALIS)
    # found through the description, by its own rule, which the truth policy measures apart
    assert policy_of(ex, t) == ("funding-round-backing-topic", t["confidence"], t["status"])


def test_relative_clause_after_a_quoted_name(pipeline):
    ex = run(
        pipeline,
        "En tête du classement vient « Navalis Robotics » qui a pu récolter 6 millions d'euros auprès de "
        "Bpifrance et Sorelec.",
    )
    assert investors_of(ex, NAVALIS) == {BPI, SORELEC}


def test_money_coming_from_investors_goes_to_the_fund_of_the_text(pipeline):
    ex = run(
        pipeline,
        "Le fonds Calanque Capital est lancé à Marseille. Les 12 millions proviennent de Bpifrance, de la "
        "Région Sud ainsi que de Sorelec.",
    )
    assert investors_of(ex, "org:calanque-capital") == {BPI, REGION, SORELEC}
    t = tie(ex, "INVESTED_IN", SORELEC, "org:calanque-capital")
    assert t["properties"]["amount"] == "12 millions"
    assert policy_of(ex, t) == ("money-comes-from-topic", t["confidence"], t["status"])


def test_investor_puts_money_into_a_company(pipeline):
    ex = run(pipeline, "Sorelec investit 2 millions d'euros dans Navalis Robotics.")
    assert ties_of(ex, "INVESTED_IN") == [(SORELEC, NAVALIS)]
    assert tie(ex, "INVESTED_IN", SORELEC, NAVALIS)["properties"]["amount"] == "2 millions d'euros"


def test_a_person_may_invest(pipeline):
    ex = run(pipeline, "Hélène Marchetti a investi dans Navalis Robotics l'an dernier.")
    assert ties_of(ex, "INVESTED_IN") == [("person:helene-marchetti", NAVALIS)]


def test_entering_the_capital(pipeline):
    ex = run(pipeline, "Bpifrance est entrée au capital de Navalis Robotics en 2022.")
    assert ties_of(ex, "INVESTED_IN") == [(BPI, NAVALIS)]


def test_no_investment_when_denied(pipeline):
    ex = run(pipeline, "Bpifrance n'a pas investi dans Navalis Robotics.")
    assert ties_of(ex, "INVESTED_IN") == []


def test_hedged_investment_is_a_candidate_and_a_future_one_is_planned(pipeline):
    hedged = run(pipeline, "Sorelec pourrait investir dans Navalis Robotics.")
    assert tie(hedged, "INVESTED_IN", SORELEC, NAVALIS)["status"] == "candidate"
    future = run(pipeline, "Sorelec prévoit d'investir dans Navalis Robotics.")
    assert tie(future, "INVESTED_IN", SORELEC, NAVALIS)["stage"] == "planned"


def test_aupres_de_outside_a_round_is_no_investment(pipeline):
    ex = run(pipeline, "Navalis Robotics s'est renseignée auprès de Bpifrance sur les prêts.")
    assert ties_of(ex, "INVESTED_IN") == []


def test_a_place_never_invests(pipeline):
    ex = run(pipeline, "Navalis Robotics a levé 2 millions d'euros auprès de Marseille.")
    assert ties_of(ex, "INVESTED_IN") == []


# ------------------------------------------------------------------------------ SUPPORTS


def test_supported_by_a_public_body(pipeline):
    ex = run(pipeline, "Navalis Robotics, soutenue par la Région Sud, recrute dix ingénieurs.")
    assert ties_of(ex, "SUPPORTS") == [(REGION, NAVALIS)]
    t = tie(ex, "SUPPORTS", REGION, NAVALIS)
    assert policy_of(ex, t)[0] == "supported-by-soutenir" and policy_of(ex, t)[1:] == (
        t["confidence"],
        t["status"],
    )
    assert ties_of(ex, "INVESTED_IN") == []  # backing without equity


def test_financed_by_several_bodies(pipeline):
    ex = run(pipeline, "Le programme de Navalis Robotics est financé par la Région Sud et Bpifrance.")
    assert set(ties_of(ex, "SUPPORTS")) <= {(REGION, NAVALIS), (BPI, NAVALIS)}


def test_with_the_support_of(pipeline):
    ex = run(pipeline, "Avec le soutien de Bpifrance, Navalis Robotics ouvre un laboratoire à Toulon.")
    assert ties_of(ex, "SUPPORTS") == [(BPI, NAVALIS)]


def test_a_body_supports_a_company(pipeline):
    ex = run(pipeline, "La Région Sud soutient Navalis Robotics depuis sa création.")
    assert ties_of(ex, "SUPPORTS") == [(REGION, NAVALIS)]


def test_support_in_passing_is_no_tie(pipeline):
    ex = run(pipeline, "Le soutien de la Région Sud aux entreprises du port reste modeste.")
    assert ties_of(ex, "SUPPORTS") == []


def test_a_person_does_not_support_in_the_model(pipeline):
    ex = run(pipeline, "Navalis Robotics est soutenue par Hélène Marchetti.")
    assert ties_of(ex, "SUPPORTS") == []


def test_denied_support_is_no_tie(pipeline):
    ex = run(pipeline, "La Région Sud ne soutient pas Navalis Robotics.")
    assert ties_of(ex, "SUPPORTS") == []


def test_prize_winner_of_a_funder_is_a_candidate(pipeline):
    ex = run(pipeline, "Navalis Robotics, lauréate du concours d'innovation de Bpifrance, recrute.")
    assert ties_of(ex, "SUPPORTS") == [(BPI, NAVALIS)]
    assert tie(ex, "SUPPORTS", BPI, NAVALIS)["status"] == "candidate"


def test_run_by_is_a_candidate_support(pipeline):
    ex = run(pipeline, "Animé par Sorelec, le réseau Cap Littoral rassemble vingt entreprises.")
    assert all(t["status"] == "candidate" for t in ex.ties if t["type"] == "SUPPORTS")
