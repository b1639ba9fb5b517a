"""The decision model: scoring, thresholds, and a checked weights file."""

from __future__ import annotations

import json
import re

import pytest

from defcoop.extractors.decide.model import (
    CLASSES,
    OFFER_CLASSES,
    Decider,
    Head,
    WeightsError,
    from_json,
    load_decider,
    shipped_weights,
)


def head(weights: dict[str, list[float]], classes: tuple[str, ...] = CLASSES) -> Head:
    return Head(classes, weights, [0.0] * len(classes))


def test_a_feature_that_points_to_an_action_makes_the_candidate_that_fact():
    weights = {"strong": [0.0] * len(CLASSES)}
    weights["strong"][CLASSES.index("deliver")] = 9.0
    model = head(weights)
    model.bias[CLASSES.index("none")] = 4.0  # P(none) is high unless a feature says otherwise
    decider = Decider(model, threshold=0.5)
    assert decider.decide(["strong"]).label == "deliver"
    assert decider.decide(["an unknown feature"]).label == "none"


def test_a_candidate_no_veto_turned_down_has_its_own_threshold():
    decider = Decider(head({}), threshold=0.95, kept_threshold=0.5)
    assert decider.decide([], kept=True).label != "none"
    assert decider.decide([], kept=False).label == "none"


def test_weights_round_trip_through_json():
    w = {"a": [0.5] * len(CLASSES)}
    decider = Decider(head(w), head({"b": [0.0, 1.0]}, OFFER_CLASSES), 0.3, 0.6, {"seed": 0}, 0.2)
    again = from_json(json.loads(json.dumps(decider.to_json())), "test")
    assert again.to_json() == decider.to_json()


@pytest.mark.parametrize("broken, message", [
    ({"format": 99}, "format"),
    ({"format": 2, "decision": {"classes": ["yes"], "weights": {}, "bias": [0]}}, "classes"),
    ({"format": 2, "decision": {"classes": list(CLASSES), "weights": {"x": [1]}, "bias": [0] * 9}}, "9 numbers"),
])
def test_a_broken_weights_file_is_refused_naming_the_problem(tmp_path, broken, message):
    path = tmp_path / "w.json"
    path.write_text(json.dumps(broken))
    with pytest.raises(WeightsError, match=re.escape(message)):
        load_decider(path)


def test_an_unreadable_weights_file_names_the_file(tmp_path):
    path = tmp_path / "w.json"
    path.write_text("{not json")
    with pytest.raises(WeightsError, match=r"w\.json"):
        load_decider(path)


def test_the_shipped_weights_load_with_both_heads():
    decider = load_decider()
    assert shipped_weights().is_file() and decider is not None
    assert decider.offer is not None and len(decider.decision.weights) > 50
    assert decider.meta["corpora"]["train"] >= 90
