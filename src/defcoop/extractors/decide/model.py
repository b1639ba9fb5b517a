"""Logistic models over candidate features: is a candidate a fact, of which action, about which system.

Two heads share one weights file (`defcoop/weights/decisions.json`, written by `defcoop train`):
`decision` (multinomial: none or one of the eight actions) and `offer` (binary: does an act that names no
system concern the system the article names most). Scoring is a sum of a few dozen weights per class, in
plain Python.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..model import ACTIONS

if TYPE_CHECKING:
    from .apply import CandidateRecord

NONE = "none"
CLASSES: tuple[str, ...] = (NONE, *ACTIONS)
OFFER_CLASSES: tuple[str, ...] = ("no", "yes")
FORMAT = 2


class WeightsError(Exception):
    """A weights file that cannot be used: the message names the file and the problem."""


@dataclass(frozen=True, slots=True)
class Decision:
    label: str  # "none" or an action
    probability: float  # of the label
    fact: float  # 1 - P(none)


@dataclass(slots=True)
class Head:
    """One logistic model: a weight per feature and class, and a bias per class."""

    classes: tuple[str, ...]
    weights: dict[str, list[float]]
    bias: list[float]

    def probabilities(self, features: list[str] | tuple[str, ...]) -> list[float]:
        scores = list(self.bias)
        for f in features:
            w = self.weights.get(f)
            if w is not None:
                for k, v in enumerate(w):
                    scores[k] += v
        top = max(scores)
        exp = [math.exp(x - top) for x in scores]
        total = sum(exp)
        return [x / total for x in exp]

    def to_json(self) -> dict[str, Any]:
        return {"classes": list(self.classes), "bias": [round(b, 6) for b in self.bias],
                "weights": {f: [round(x, 6) for x in w] for f, w in sorted(self.weights.items())}}


def offer_row(features: tuple[str, ...] | list[str], action: str) -> list[str]:
    """The offer head reads the act's features alone and with its action ("deliver&share=8")."""
    return list(features) + [f"action={action}"] + [f"{action}&{f}" for f in features]


@dataclass(slots=True)
class Decider:
    decision: Head
    offer: Head | None = None
    # a candidate is a fact when 1 - P(none) reaches the threshold; `kept_threshold`, when set, is the one
    # for candidates no veto rule turned down (the shipped weights use one threshold for all)
    threshold: float = 0.35
    offer_threshold: float = 0.5
    meta: dict[str, Any] = field(default_factory=dict)
    kept_threshold: float | None = None

    def decide(self, features: list[str] | tuple[str, ...], kept: bool = False) -> Decision:
        probs = self.decision.probabilities(features)
        classes = self.decision.classes
        none = probs[classes.index(NONE)]
        best = max((p, c) for c, p in zip(classes, probs, strict=True) if c != NONE)
        threshold = self.kept_threshold if kept and self.kept_threshold is not None else self.threshold
        if 1 - none >= threshold:
            return Decision(best[1], best[0], 1 - none)
        return Decision(NONE, none, 1 - none)

    def takes_offer(self, record: CandidateRecord, action: str) -> bool:
        if self.offer is None or not record.offer_features:
            return False
        return self.offer.probabilities(offer_row(record.offer_features, action))[1] >= self.offer_threshold

    def to_json(self) -> dict[str, Any]:
        return {"format": FORMAT, "threshold": self.threshold, "kept_threshold": self.kept_threshold,
                "offer_threshold": self.offer_threshold,
                "meta": self.meta, "decision": self.decision.to_json(),
                "offer": self.offer.to_json() if self.offer is not None else None}


def _head(data: Any, where: str, classes: tuple[str, ...]) -> Head:
    if not isinstance(data, dict) or tuple(data.get("classes") or ()) != classes:
        raise WeightsError(f"{where}: a head must have the classes {list(classes)}")
    width = len(classes)
    weights, bias = data.get("weights"), data.get("bias")
    if not isinstance(weights, dict) or any(not isinstance(w, list) or len(w) != width for w in weights.values()):
        raise WeightsError(f"{where}: every weight must be a list of {width} numbers")
    if not isinstance(bias, list) or len(bias) != width:
        raise WeightsError(f"{where}: `bias` must be a list of {width} numbers")
    return Head(classes, weights, bias)


def from_json(data: Any, where: str) -> Decider:
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise WeightsError(f"{where}: not a defcoop weights file of format {FORMAT}")
    offer = data.get("offer")
    return Decider(_head(data.get("decision"), f"{where}: decision", CLASSES),
                   _head(offer, f"{where}: offer", OFFER_CLASSES) if offer is not None else None,
                   float(data.get("threshold", 0.35)), float(data.get("offer_threshold", 0.5)),
                   dict(data.get("meta") or {}),
                   None if data.get("kept_threshold") is None else float(data["kept_threshold"]))


def shipped_weights() -> Path:
    return Path(str(resources.files("defcoop.weights"))) / "decisions.json"


_loaded: dict[str, Decider | None] = {}


def load_decider(path: str | Path | None = None) -> Decider | None:
    """The decider of a weights file (the shipped one by default, None when none is shipped)."""
    target = Path(path) if path is not None else shipped_weights()
    key = str(target)
    if key not in _loaded:
        if path is None and not target.is_file():
            _loaded[key] = None
        else:
            try:
                data = json.loads(target.read_text(encoding="utf-8"))
            except (OSError, ValueError) as e:
                raise WeightsError(f"{target}: cannot read weights ({e})") from None
            _loaded[key] = from_json(data, str(target))
    return _loaded[key]
