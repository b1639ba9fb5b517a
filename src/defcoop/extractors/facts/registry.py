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
    # True: a judgement a trained decision may overrule ("no weapon near this 'supply'"); False: a merge of
    # two triggers, or a certainty no decision overrules (a negation, an attack, two states at war)
    veto: bool = True

    @property
    def summary(self) -> str:
        return (self.apply.__doc__ or "").strip().split("\n", 1)[0]


RULES: list[Rule] = []


def rule(stage: str, order: int, *, veto: bool = True) -> Callable[[Callable[[Sentence], None]],
                                                                   Callable[[Sentence], None]]:
    """Register a rule function in a stage, at an order (lower runs first). A rule that only merges
    triggers into one act, or whose judgement no trained decision may overrule (a negated act, an attack,
    two states at war), is registered with `veto=False`: what it drops stays dropped in soft mode too."""
    if stage not in STAGES:
        raise ValueError(f"unknown stage {stage!r} (one of: {', '.join(STAGES)})")

    def register(func: Callable[[Sentence], None]) -> Callable[[Sentence], None]:
        if any(r.name == func.__name__ for r in RULES):
            raise ValueError(f"a rule named {func.__name__!r} is already registered")
        RULES.append(Rule(func.__name__, stage, order, func, veto))
        return func
    return register


def ordered_rules() -> list[Rule]:
    return sorted(RULES, key=lambda r: (STAGES.index(r.stage), r.order))


ATTRIBUTE_STAGES = ("systems", "facts")  # what a set-aside candidate still needs to become a fact


def _apply(sentence: Sentence, rules: list[Rule]) -> None:
    for r in rules:
        if not sentence.candidates:
            break
        sentence.rule, sentence.veto = r.name, r.veto
        r.apply(sentence)
    sentence.rule, sentence.veto = "", True


def run(sentence: Sentence, *, soft: bool = False) -> Sentence:
    """Run every stage over the sentence; stops early once no candidate is left.

    `soft` sets vetoed candidates aside instead of dropping them, then completes each one on its own
    (systems, actors, date: the stages after framing), so a trained decision can still take it."""
    rules = ordered_rules()
    sentence.mode = "soft" if soft else "hard"
    _apply(sentence, rules)
    if soft:
        live, sentence.mode = sentence.candidates, "complete"
        completed = []
        for c in sentence.vetoed:
            sentence.candidates = [c]
            _apply(sentence, [r for r in rules if r.stage in ATTRIBUTE_STAGES])
            completed += sentence.candidates  # structural drops (no actor at all) leave it out
        sentence.candidates, sentence.vetoed, sentence.mode = live, completed, "hard"
    return sentence
