"""Named rules in stages, and the driver that runs them over one sentence.

A rule is a function of a `Sentence` registered with `@rule(stage, order)`; its name is its function name
and its docstring's first line says what it decides, with an example. The driver runs the stages in
`STAGES` order and, inside a stage, the rules by `order`. A rule changes candidates only through
`Sentence.drop`, `Sentence.keep` and `Sentence.note`, which record its name.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .sentence import Sentence

STAGES = ("triggers", "framing", "systems", "facts", "outcomes")


@dataclass(frozen=True, slots=True)
class Rule:
    name: str
    stage: str
    order: int
    apply: Callable[[Sentence], None]

    @property
    def summary(self) -> str:
        return (self.apply.__doc__ or "").strip().split("\n", 1)[0]


RULES: list[Rule] = []


def rule(stage: str, order: int) -> Callable[[Callable[[Sentence], None]], Callable[[Sentence], None]]:
    """Register a rule function in a stage, at an order (lower runs first)."""
    if stage not in STAGES:
        raise ValueError(f"unknown stage {stage!r} (one of: {', '.join(STAGES)})")

    def register(func: Callable[[Sentence], None]) -> Callable[[Sentence], None]:
        if any(r.name == func.__name__ for r in RULES):
            raise ValueError(f"a rule named {func.__name__!r} is already registered")
        RULES.append(Rule(func.__name__, stage, order, func))
        return func
    return register


def ordered_rules() -> list[Rule]:
    return sorted(RULES, key=lambda r: (STAGES.index(r.stage), r.order))


def run(sentence: Sentence) -> Sentence:
    """Run every stage over the sentence; stops early once no candidate is left."""
    for r in ordered_rules():
        if not sentence.candidates:
            break
        sentence.rule = r.name
        r.apply(sentence)
    sentence.rule = ""
    return sentence
