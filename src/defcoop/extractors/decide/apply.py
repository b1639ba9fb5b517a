"""Trained decisions on the candidates the rules propose, one article at a time.

`propose` runs the rules over a sentence in soft mode (facts/registry.py): a veto sets a candidate aside
with the veto's name instead of dropping it, and each set-aside candidate is still given its systems,
actors and date. Every candidate, kept or set aside, becomes a `CandidateRecord`: the fact it would be
and its features. `decide_article` then adds what only the whole article knows (whether an act was told
before) and lets the model say, for each candidate, whether it is a fact, of which action, and whether
an act that names no system is about the article's own system. Two candidates of one clause decided for
the same action are one fact.

`defcoop train` scores held-out articles with `decide_article` too, so a cross-validated score is what
`defcoop extract` does with the same weights.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from ..facts import Candidate, Sentence, candidate_fact, rejected, run
from ..model import Fact, Rejected
from ..text import unique
from .features import candidate_features, offer_features
from .model import NONE, Decider


@dataclass(frozen=True, slots=True)
class CandidateRecord:
    """One candidate as training, `--trace` and the decision see it."""

    fact: Fact  # the fact it would be, with the action the rules gave it
    clause: int
    kind: str  # the trigger's action
    trigger: tuple[int, int]  # article offsets
    rules_kept: bool  # the rules alone make it a fact
    vetoes: tuple[str, ...]
    features: tuple[str, ...]
    offered: str | None = None  # the article's system, when the act names none (facts/rules/systems.py)
    offer_features: tuple[str, ...] = ()


def propose(s: Sentence) -> tuple[list[CandidateRecord], list[Rejected]]:
    """Every candidate of a sentence as a record, and those a structural rule merged away."""
    s.candidates = [Candidate(t, s.clause_of(t.first), trace=["trigger"]) for t in s.triggers]
    run(s, soft=True)
    everyone = sorted([(c, True) for c in s.candidates] + [(c, False) for c in s.vetoed],
                      key=lambda p: p[0].trigger.first)
    records = [CandidateRecord(candidate_fact(s, c), c.clause, c.trigger.kind, (c.trigger.start, c.trigger.end),
                               live, tuple(c.vetoes), tuple(candidate_features(s, c)), c.offered_system,
                               tuple(offer_features(s, c))) for c, live in everyone]
    return records, rejected(s, s.dropped)


def with_article_features(records: Sequence[CandidateRecord]) -> list[CandidateRecord]:
    """What the whole article adds to each candidate: its sentence's rank, whether it is the first act of
    its action, whether an act of that action with a shared system or the same states was told before."""
    sentences = sorted({r.fact.start for r in records})
    out: list[CandidateRecord] = []
    for r in records:
        earlier = [p for p in out if p.kind == r.kind and p.fact.start < r.fact.start]
        extra = [f"sentence_rank={min(sentences.index(r.fact.start), 5)}"]
        if not earlier:
            extra.append("first_of_action")
        if any(set(p.fact.systems) & set(r.fact.systems) or set(p.fact.actors) == set(r.fact.actors)
               for p in earlier):
            extra.append("told_before")
        extra += [f"{r.kind}&{f}" for f in extra]
        out.append(replace(r, features=r.features + tuple(extra)))
    return out


def label_of(r: CandidateRecord, decider: Decider | None) -> tuple[str, float]:
    """The class a candidate is decided for, and the fact's confidence."""
    if decider is None:
        return (r.fact.action if r.rules_kept else NONE), r.fact.confidence
    decision = decider.decide(r.features, kept=r.rules_kept)
    return decision.label, round(decision.fact, 2)


def decide_article(records: Sequence[CandidateRecord], decider: Decider | None) -> tuple[list[Fact], list[Rejected]]:
    """The facts of an article's candidates (by the rules' vetoes when `decider` is None), one per clause
    and action decided, and the candidates turned down."""
    chosen: dict[tuple[int, int, str], Fact] = {}
    turned_down: list[Rejected] = []
    for r in records:
        label, confidence = label_of(r, decider)
        if label == NONE:
            rule = r.vetoes[0] if decider is None and r.vetoes else "decide"
            turned_down.append(Rejected(r.fact, rule, list(r.vetoes)))
            continue
        key = (r.fact.start, r.clause, label)
        twin = chosen.get(key)
        if twin is not None:
            twin.systems = unique(twin.systems + r.fact.systems)
            continue
        trace = r.fact.trace + ([f"decide:{label}"] if label != r.fact.action else [])
        systems = r.fact.systems
        if not systems and r.offered and decider is not None and decider.takes_offer(r, label):
            systems, trace = [r.offered], trace + ["decide:article_system"]
        chosen[key] = replace(r.fact, action=label, confidence=confidence, trace=trace, systems=systems)
    return list(chosen.values()), turned_down
