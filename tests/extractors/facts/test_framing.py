"""Rules of facts/rules/framing.py, on sentences written for the test."""

from conftest import brief, dropped_by, traced


def test_counted_visit_is_no_new_discussion(analyse):
    s = analyse("It was the first visit of Zelensky to France since the war began.")
    assert brief(s) == []
    assert dropped_by(s) == {"counted_visit": ["discuss"]}


def test_after_signing_makes_the_signing_the_time_of_the_next_act(analyse):
    s = analyse("After signing, France supplied Aster missiles to Ukraine.")
    assert [a for a, *_ in brief(s)] == ["deliver"]
    assert dropped_by(s)["after_signing"] == ["agree"]


def test_purchase_is_topic_of_the_act_in_its_clause(analyse):
    s = analyse("Ukraine requested the purchase of Patriot systems from France.")
    assert [a for a, *_ in brief(s)] == ["request"]
    assert dropped_by(s)["purchase_is_topic"] == ["agree"]


def test_meeting_is_setting_of_the_act_it_frames(analyse):
    s = analyse("France signed an agreement with Ukraine during a visit to Kyiv.")
    assert [a for a, *_ in brief(s)] == ["agree"]
    assert dropped_by(s)["meeting_is_setting"] == ["discuss"]


def test_frames_take_topics_so_a_discussion_of_deliveries_is_one_discussion(analyse):
    s = analyse("Ukraine and France discussed deliveries of Aster missiles.")
    assert brief(s) == [("discuss", ("UA", "FR"), ("Aster",), "2026-02-09")]
    assert dropped_by(s) == {"frames_take_topics": ["deliver"]}
    assert traced(s, "frames_take_topics")


def test_one_act_per_action_merges_two_discussion_triggers_of_one_clause(analyse):
    s = analyse("In the talks, France discussed air defence with Ukraine.")
    assert [a for a, *_ in brief(s)] == ["discuss"]
    assert dropped_by(s) == {"one_act_per_action": ["discuss"]}
