"""Rules of facts/rules/systems.py, on sentences written for the test."""

from conftest import brief, traced


def test_systems_to_nearest_trigger_gives_each_act_the_system_after_it(analyse):
    s = analyse("France supplied Aster missiles to Ukraine; Germany pledged IRIS-T systems.")
    assert {a: systems for a, _, systems, _ in brief(s)} == {"deliver": ("Aster",), "pledge": ("IRIS-T",)}


def test_coordinated_share_systems_between_neighbouring_triggers(analyse):
    s = analyse("France continues the supply and production of Aster missiles for Ukraine.")
    assert {a: systems for a, _, systems, _ in brief(s)} == {"deliver": ("Aster",), "produce": ("Aster",)}
    assert traced(s, "coordinated_share_systems")


def test_relative_inherits_systems_named_just_before_it(analyse):
    s = analyse("The talks covered SCALP missiles, which France has previously supplied to Ukraine.")
    assert ("deliver", ("FR", "UA"), ("SCALP",), "2026-02-09") in brief(s)
    assert traced(s, "relative_inherits_systems")


def test_weapon_noun_refers_back_to_the_system_of_its_category(analyse):
    s = analyse("France sold Rafale jets to Serbia before Patriot arrived; France supplied those aircraft to Ukraine.")
    assert ("deliver", ("FR", "UA"), ("Rafale",), "2026-02-09") in brief(s)
    assert traced(s, "weapon_noun_refers_back")


def test_article_system_offered_to_an_act_that_names_none(analyse):
    s = analyse("Zagreb signed the contract for the 12 jets in 2021.", before="Croatia buys Rafale jets from France.")
    assert [c.offered_system for c in s.candidates] == ["Rafale"]
    s = analyse("France supplied Aster missiles to Ukraine.", before="Rafale jets for Serbia.")
    assert [c.offered_system for c in s.candidates] == [None]  # it names its own system


def test_an_offer_keeps_to_the_category_of_the_clause_weapon_noun(analyse):
    """Munitions and air defence are weapon-noun categories of their own: an act about ammunition is
    offered the article's munition, one about batteries its air defence system, though Patriot is named
    most."""
    before = "Patriot for Ukraine, and AASM Hammer bombs. Patriot again."
    s = analyse("France supplied more ammunition to Ukraine.", before=before)
    assert [c.offered_system for c in s.candidates] == ["AASM Hammer"]
    s = analyse("France supplied two batteries to Ukraine.", before=before)
    assert [c.offered_system for c in s.candidates] == ["Patriot"]
