"""Stages `systems` and, for references, `facts`: which weapon systems each act is about.

| rule | decides |
|---|---|
| `systems_to_nearest_trigger` | a system goes to the nearest trigger before it in its clause |
| `coordinated_share_systems` | "supply and accelerated production of X" share X |
| `relative_inherits_systems` | "SCALP, which France has supplied": the relative clause takes SCALP |
| `weapon_noun_refers_back` | "deliveries of those aircraft" names the aircraft told before |
| `article_system_offered` | an act naming no system may be about the article's own system |
"""

from __future__ import annotations

from collections import Counter

from ...index import Hit, LanguageIndex
from ...text import unique
from ..registry import rule
from ..sentence import ArticleContext, Sentence

REFERRING_REACH = 1500  # characters before the weapon noun where the system it points back to is named


@rule("systems", 10)
def systems_to_nearest_trigger(s: Sentence) -> None:
    """A system goes to the nearest trigger before it in its clause: "supplied Aster and pledged IRIS-T"."""
    for e in s.systems:
        k = s.clause_of(s.word_at(e.start))
        in_clause = [c for c in s.candidates if c.clause == k]
        if not in_clause:
            continue
        before = [c for c in in_clause if c.trigger.first <= s.word_at(e.start)]
        owner = before[-1] if before else in_clause[0]
        owner.systems.append(e)


@rule("systems", 20)
def coordinated_share_systems(s: Sentence) -> None:
    """Coordinated triggers and pronouns share systems: "efforts to accelerate their production"."""
    live = s.candidates
    for i, c in enumerate(live):
        if c.systems:
            continue
        prev = live[i - 1] if i > 0 else None
        nxt = live[i + 1] if i + 1 < len(live) else None
        if nxt is not None and nxt.systems and nxt.trigger.first - c.trigger.last <= 2:
            c.systems = list(nxt.systems)
            s.note(c)
        elif prev is not None and prev.systems and prev.clause == c.clause and (
                c.trigger.first - prev.trigger.last <= 2
                or (c.trigger.first > 0 and s.norm(c.trigger.first - 1) in s.lang.possessives)):
            c.systems = list(prev.systems)
            s.note(c)


@rule("systems", 30)
def relative_inherits_systems(s: Sentence) -> None:
    """A relative clause without systems takes those named just before it: "SCALP, which France supplied"."""
    for c in s.candidates:
        if not c.systems and c.clause in s.clauses.relative:
            first = s.clauses.first_word(c.clause)
            c.systems = [e for e in s.systems if first - 6 <= s.word_at(e.start) < first][-3:]
            if c.systems:
                s.note(c)


def referred_system(ctx: ArticleContext, index: LanguageIndex, s: Sentence, weapon_cues: list[Hit],
                    here: set[int]) -> list[str]:
    """The system a weapon noun with a referring determiner points back to: the nearest system named
    shortly before whose category fits the noun (an aircraft for "those jets", not the S-400 told in
    between)."""
    referring = s.lang.referring
    for q in weapon_cues:
        if q.first in here and q.first > 0 and s.norm(q.first - 1) in referring:
            at = s.words[q.first].start
            noun = " ".join(w.norm for w in s.words[q.first:q.last])
            category = next((c for stem, c in s.lang.weapon_nouns if noun.startswith(stem)), None)
            before = [e for e in ctx.systems if at - REFERRING_REACH <= e.start < at and (
                category is None or index.gaz.systems[e.id].category == category)]
            if before:
                return [before[-1].name]
    return []


@rule("facts", 120)
def weapon_noun_refers_back(s: Sentence) -> None:
    """An act's systems are those attached to it, else the one its weapon noun points back to: "those jets"."""
    for c in s.candidates:
        c.system_names = unique(e.name for e in c.systems)
        if c.system_names:
            continue
        here = s.clause_words(c.clause)
        if any(s.word_at(e.start) in here for e in s.systems):
            continue  # a clause that names a system itself points back to none
        c.system_names = referred_system(s.ctx, s.index, s, s.weapon_cues, here)
        if c.system_names:
            s.note(c)


def article_system(s: Sentence, here: set[int]) -> str | None:
    """The system an act that names none is likely about: of the category of its clause's weapon noun
    when it has one ("the 12 fighters"), the one the article names most (the first of equals)."""
    gaz = s.index.gaz
    category = None
    for q in s.weapon_cues:
        if q.first in here:
            noun = " ".join(w.norm for w in s.words[q.first:q.last])
            category = next((c for stem, c in s.lang.weapon_nouns if noun.startswith(stem)), None)
            if category is not None:
                break
    pool = [e for e in s.ctx.systems if category is None or gaz.systems[e.id].category == category]
    if not pool:
        return None
    counts = Counter(e.name for e in pool)
    return max(counts, key=lambda name: (counts[name], -next(i for i, e in enumerate(pool) if e.name == name)))


@rule("facts", 125)
def article_system_offered(s: Sentence) -> None:
    """An act that names no system is offered the article's own: "Zagreb signed for the 12 fighters"."""
    for c in s.candidates:
        if not c.system_names:
            c.offered_system = article_system(s, s.clause_words(c.clause))
