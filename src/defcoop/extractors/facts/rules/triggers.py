"""Stage `triggers`: which triggers of the sentence can tell an act at all.

| rule | decides |
|---|---|
| `refers_back` | a trigger after "these"/"ces"/"ці" points back to an act told before |
| `definite_refers_back` | "the contract" alone, with no complement or system, points back |
| `needs_its_object` | "deliveries", "production" count only with a system or weapon word near |
| `money_only_when_alone` | an amount of money is a funding act only when no other act is told |
"""

from __future__ import annotations

from ...index import MONEY, MONEY_TRIGGER
from ..registry import rule
from ..sentence import Candidate, Sentence

OBJECT_WINDOW = (6, 9)  # words before / after a needs_object trigger where its object may stand


@rule("triggers", 10)
def refers_back(s: Sentence) -> None:
    """A trigger after an anaphoric determiner tells no new act: "these agreements", "ці домовленості"."""
    s.keep([c for c in s.candidates if not (c.trigger.first > 0 and s.norm(c.trigger.first - 1) in s.lang.anaphora)])


def _definite_alone(s: Sentence, c: Candidate) -> bool:
    t = c.trigger
    return (t.kind != "discuss" and t.first > 0 and s.norm(t.first - 1) in s.lang.definite
            and t.last - t.first == 1 and (s.nominal is None or t.first in s.nominal)
            and not (t.last < len(s.words) and s.norm(t.last) in s.lang.complement_words)
            and not any(t.last <= s.word_at(e.start) < t.last + OBJECT_WINDOW[1] for e in s.systems)
            and not any(o.kind == t.kind and o is not t for o in s.triggers))


@rule("triggers", 20)
def definite_refers_back(s: Sentence) -> None:
    """A definite trigger noun alone refers to a fact told before: "the units foreseen in the contract"."""
    s.keep([c for c in s.candidates if not _definite_alone(s, c)])


def _has_object(s: Sentence, c: Candidate, money: bool) -> bool:
    t = c.trigger
    if t.trigger is None or not t.trigger.needs_object:
        return True
    if t.kind == "fund" and money:
        return True  # "allocate €1bn": the money is what is given
    lo, hi = t.first - OBJECT_WINDOW[0], t.last + OBJECT_WINDOW[1]
    split = "..." in t.trigger.phrase  # "kündigte neue Munition an": the object stands inside
    return any(lo <= s.word_at(e.start) < hi for e in s.systems) or any(
        lo <= q.first < hi and (split or not t.first <= q.first < t.last) for q in s.weapon_cues)


@rule("triggers", 30)
def needs_its_object(s: Sentence) -> None:
    """A trigger that needs an object counts only with a system or weapon word near: "supply of Aster"."""
    money = bool(MONEY.search(s.text, s.start, s.end))
    s.keep([c for c in s.candidates if _has_object(s, c, money)])


@rule("triggers", 40)
def money_only_when_alone(s: Sentence) -> None:
    """An amount is a funding act only when no other act is told and it is no price: "a $3bn contract"."""
    other_act = any(c.trigger.trigger is not MONEY_TRIGGER and not (
        c.trigger.kind == "agree" and c.trigger.trigger and c.trigger.trigger.needs_object) for c in s.candidates)
    if other_act or any(q.kind == "value" for q in s.cues):
        s.keep([c for c in s.candidates if c.trigger.trigger is not MONEY_TRIGGER])
