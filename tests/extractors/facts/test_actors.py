"""Rules of facts/rules/actors.py, on sentences written for the test."""

from conftest import brief, dropped_by, facts, traced


def test_actors_of_clause_are_the_states_it_names(analyse):
    s = analyse("Germany signed an agreement with France, and Ukraine requested Patriot systems.")
    assert {a: set(actors) for a, actors, _, _ in brief(s)} == {"agree": {"DE", "FR"}, "request": {"UA", "DE"}}


def test_someone_acts_drops_a_heading_with_no_weapon_no_name_no_speaker(analyse):
    s = analyse("Talks and more talks.")
    assert brief(s) == []
    assert set(dropped_by(s)) <= {"someone_acts", "one_act_per_action"} and "someone_acts" in dropped_by(s)


def test_third_state_makes_its_own_weapons_is_no_cooperation(analyse):
    s = analyse("Meanwhile Russia continues the production of missiles.", before="Ukraine and France met.")
    assert "produce" not in [a for a, *_ in brief(s)]
    assert dropped_by(s).get("third_state_makes_its_own") == ["produce"]


def test_actors_from_sentence_when_the_clause_names_none(analyse):
    s = analyse("Germany pledged IRIS-T systems to Ukraine; it will also supply Aster missiles.")
    assert ("pledge", ("DE", "UA"), ("Aster",), "2026-02-09") in brief(s)
    assert traced(s, "actors_from_sentence")


def test_giver_first_for_a_delivery_with_a_recipient_marker(analyse):
    s = analyse("Aster missiles were supplied to Ukraine from France.")
    assert brief(s)[0][:2] == ("deliver", ("FR", "UA"))


def test_giver_first_pairs_a_lone_state_with_the_articles_other_state(analyse):
    s = analyse("France then supplied Aster missiles.", before="Ukraine and France met on Monday.")
    assert ("deliver", ("FR", "UA"), ("Aster",), "2026-02-09") in brief(s)
    assert traced(s, "giver_first:partner")


def test_adversaries_are_no_partners_a_filled_in_enemy_drops_the_fact(analyse):
    s = analyse("Russia supplied missiles.", before="Ukraine signed an agreement with Ukraine.")
    assert [f for f in facts(s) if f.action == "deliver"] == []
    assert "adversaries_are_no_partners" in dropped_by(s)


def test_no_actor_no_fact(analyse):
    s = analyse("The supplier delivered Aster missiles.")
    assert brief(s) == []
    assert dropped_by(s) == {"no_actor_no_fact": ["deliver"]}


def test_officials_of_act_include_the_quoted_speaker(analyse):
    s = analyse('"We signed the agreement with France," Zelensky said.')
    assert facts(s)[0].officials == ["Volodymyr Zelensky"]
    assert set(facts(s)[0].actors) == {"UA", "FR"}


def test_company_acts_for_its_state_a_german_company_delivers_for_germany(analyse):
    s = analyse("Diehl Defence delivered IRIS-T systems to Ukraine.")
    assert brief(s)[0][:2] == ("deliver", ("DE", "UA"))
    assert traced(s, "company_acts_for_its_state")


def test_home_company_is_no_partner_a_state_buying_from_its_own_company(analyse):
    s = analyse("Germany signed an agreement with Diehl Defence for IRIS-T systems.", before="Diehl news.")
    assert brief(s) == []
    assert "home_company_is_no_partner" in dropped_by(s)


def test_home_company_is_no_partner_but_a_company_alone_exports_for_its_state(analyse):
    s = analyse("Diehl Defence delivered two IRIS-T systems to a foreign customer.", before="Diehl news.")
    assert [f[:2] for f in brief(s)] == [("deliver", ("DE",))]
    assert "home_company_is_no_partner" not in dropped_by(s)


def test_giver_first_a_state_s_delivery_goes_to_the_other_state_past_its_own_company(analyse):
    s = analyse("Germany delivered four IRIS-T systems in April, overhauled by Diehl Defence.",
                before="Germany and Ukraine signed a security agreement in Kyiv.")
    assert [f[:2] for f in brief(s)] == [("deliver", ("DE", "UA"))]
