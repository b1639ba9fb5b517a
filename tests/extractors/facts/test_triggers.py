"""Rules of facts/rules/triggers.py, on sentences written for the test."""

from conftest import brief, dropped_by


def test_refers_back_drops_a_trigger_after_an_anaphoric_determiner(analyse):
    s = analyse("Ukraine and France signed this agreement on Monday.")
    assert [a for a, *_ in brief(s)] == ["agree"]  # "signed" stays, "agreement" after "this" points back
    assert dropped_by(s)["refers_back"] == ["agree"]


def test_definite_refers_back_drops_a_lone_definite_trigger_noun(analyse):
    s = analyse("France and Ukraine discussed the talks.")
    assert "definite_refers_back" not in dropped_by(s)  # discussions are never dropped this way
    s = analyse("Ukraine has not yet received the units foreseen in the agreement from France.")
    assert dropped_by(s).get("definite_refers_back") == ["agree"]


def test_definite_refers_back_keeps_a_trigger_with_its_complement(analyse):
    s = analyse("France announced the supply of Aster missiles to Ukraine.")
    assert "definite_refers_back" not in dropped_by(s)
    assert brief(s)[0][:3] == ("pledge", ("FR", "UA"), ("Aster",))


def test_needs_its_object_drops_a_delivery_word_with_no_weapon_near(analyse):
    s = analyse("France supplied food and blankets to Ukraine.")
    assert brief(s) == []
    assert dropped_by(s) == {"needs_its_object": ["deliver"]}


def test_needs_its_object_keeps_a_delivery_word_with_a_system_near(analyse):
    assert brief(analyse("France supplied Aster missiles to Ukraine."))[0][:3] == ("deliver", ("FR", "UA"), ("Aster",))


def test_money_only_when_alone_makes_an_amount_a_funding_fact(analyse):
    found = brief(analyse("France will allocate €2 billion to Ukraine this year."))
    assert found == [("fund", ("FR", "UA"), (), "2026")]


def test_money_only_when_alone_drops_an_amount_told_with_another_act(analyse):
    s = analyse("France signed a €2 billion agreement with Ukraine.")
    assert [a for a, *_ in brief(s)] == ["agree"]
    assert dropped_by(s)["money_only_when_alone"] == ["fund"]
