"""Rules of facts/rules/dating.py, on sentences written for the test."""

from conftest import brief, dropped_by, facts, traced


def test_date_of_act_is_the_date_told_nearest_the_trigger(analyse):
    s = analyse("France signed an agreement with Ukraine on 3 February 2026.")
    assert brief(s)[0][3] == "2026-02-03"
    assert traced(s, "date_of_act:explicit")


def test_date_of_act_is_null_for_a_background_act(analyse):
    s = analyse("France previously supplied Aster missiles to Ukraine.")
    assert brief(s)[0][3] is None
    assert traced(s, "date_of_act:background")


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
