"""Rules of facts/rules/modality.py, on sentences written for the test."""

from conftest import brief, dropped_by, facts, traced


def test_negation_cancels_a_negated_act(analyse):
    s = analyse("France has not supplied Aster missiles to Ukraine.")
    assert brief(s) == []
    assert dropped_by(s) == {"negation_cancels": ["deliver"]}


def test_negation_cancels_every_act_of_its_action_in_the_sentence(analyse):
    s = analyse("France has not supplied Aster missiles, but Germany supplied IRIS-T systems to Ukraine.")
    assert brief(s) == []
    assert dropped_by(s) == {"negation_cancels": ["deliver", "deliver"]}


def test_negation_cancels_records_a_possible_act(analyse):
    s = analyse("France could supply Aster missiles to Ukraine.")
    assert [f.modality for f in facts(s)] == ["possible"]
    assert traced(s, "negation_cancels")


def test_judgement_is_no_act(analyse):
    s = analyse("Joint production of Aster missiles with Ukraine is essential, France said.")
    assert brief(s) == []
    assert dropped_by(s) == {"judgement_is_no_act": ["produce"]}


def test_attack_is_fighting_not_a_delivery(analyse):
    s = analyse("Russia struck the plant and its production of Aster missiles with France.", before="Ukraine.")
    assert brief(s) == []
    assert dropped_by(s) == {"attack_is_fighting": ["produce"]}


def test_future_delivery_is_pledge(analyse):
    s = analyse("France will supply Aster missiles to Ukraine.")
    assert brief(s)[0][:2] == ("pledge", ("FR", "UA"))
    assert traced(s, "future_delivery_is_pledge")


def test_announced_transfer_is_pledge(analyse):
    s = analyse("France announced the supply of Aster missiles to Ukraine.")
    assert brief(s)[0][:2] == ("pledge", ("FR", "UA"))
    assert traced(s, "announced_transfer_is_pledge")
