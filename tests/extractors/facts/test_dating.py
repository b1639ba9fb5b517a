"""Rules of facts/rules/dating.py, on sentences written for the test."""

from conftest import brief, dropped_by, facts, traced


def test_date_of_act_is_the_date_told_nearest_the_trigger(analyse):
    s = analyse("France signed an agreement with Ukraine on 3 February 2026.")
    assert brief(s)[0][3] == "2026-02-03"
    assert traced(s, "date_of_act:explicit")


def test_date_of_act_of_a_background_act_is_the_storys(analyse):
    s = analyse("France previously supplied Aster missiles to Ukraine.")
    assert brief(s)[0][3] == "2026-02-09"
    assert traced(s, "date_of_act:background_published")


def test_date_of_act_on_an_undated_page_is_the_month_of_its_latest_date(analyse):
    s = analyse("France supplied Aster missiles to Ukraine.", published=None,
                before="The talks of 3 March 2025 followed those of 12 January 2025.")
    assert brief(s)[0][3] == "2025-03"
    assert traced(s, "date_of_act:estimated")


def test_date_of_act_is_the_publication_day_without_anything_else(analyse):
    assert brief(analyse("France supplied Aster missiles to Ukraine."))[0][3] == "2026-02-09"
    assert brief(analyse("France supplied Aster missiles to Ukraine.", published=None))[0][3] is None


def test_confidence_of_fact_rises_with_what_the_sentence_states(analyse):
    sure = facts(analyse("France supplied Aster missiles to Ukraine on 3 February 2026."))[0].confidence
    vague = facts(analyse("France could supply missiles to Ukraine."))[0].confidence
    assert sure == 0.9 and vague < sure


def test_outcome_ends_talks_an_agreement_is_the_fact_of_its_meeting(analyse):
    s = analyse("Ukraine and France discussed air defence and signed an agreement.")
    assert [a for a, *_ in brief(s)] == ["agree"]
    assert dropped_by(s).get("outcome_ends_talks") == ["discuss"]


def test_date_of_act_takes_a_bare_year_of_its_clause(analyse):
    s = analyse("Ukraine and France signed the agreement 2021 in Paris.")
    assert brief(s)[0][3] == "2021"
    assert traced(s, "date_of_act:year")
    s = analyse("Ukraine and France signed a Rafale 2000 agreement.")  # a name, not a year
    assert brief(s)[0][3] == "2026-02-09"


def test_date_of_act_on_an_undated_page_is_the_month_its_header_states(analyse):
    s = analyse("France supplied Aster missiles to Ukraine.", published=None,
                before="date 2024-04 The talks of 3 March 2025 went well.")
    assert brief(s)[0][3] == "2024-04"
