"""Officials named only by their role ("le ministre ukrainien de la Défense", "her Ukrainian counterpart").

Role phrases are matched on the words that remain once state names and adjectives are taken out, so that
"ministre [ukrainien] de la Défense" and "[Germany]'s defence minister" both read as the role phrase plus
a state next to it. The person is the one holding that role for that state on the article's date.
"""

from __future__ import annotations

from bisect import bisect_left
from itertools import filterfalse

from .index import Entity, LanguageIndex
from .text import Word, starts_of

ADJACENT = 2  # words between a role phrase and its state


def _words_of(ws: list[Word], states: list[Entity]) -> dict[int, Entity]:
    """Word index -> the first of `states` (in their order) that the word starts in. Each state's words
    are found by bisection: testing every state for every word was quadratic in the length of the text."""
    starts = starts_of(ws)
    owner: dict[int, Entity] = {}
    for s in states:
        for i in range(bisect_left(starts, s.start), bisect_left(starts, s.end)):
            owner.setdefault(i, s)
    return owner


def resolve_roles(index: LanguageIndex, text: str, ws: list[Word], entities: list[Entity],
                  published: str | None) -> list[Entity]:
    """Officials found through role phrases, as entities with source 'role'."""
    gaz = index.gaz
    states = [e for e in entities if e.type == "country" and e.form in ("adjective", "name")]
    named = [e for e in entities if e.type == "official"]
    state_words = _words_of(ws, states)
    keep = list(filterfalse(state_words.__contains__, range(len(ws))))  # in C: this runs over every word
    filtered = list(map(ws.__getitem__, keep))
    out: list[Entity] = []
    for m in index.role_matches(filtered):
        role = m.payload
        if role == "title":
            continue
        lo, hi = keep[m.first], keep[m.last - 1]
        country = None
        for j in range(lo - ADJACENT - 1, hi + ADJACENT + 2):
            if j in state_words:
                country = state_words[j].actor
                break
        if country is None:
            continue
        start, end = ws[lo].start, ws[hi].end
        # "Defence Minister Mykhailo Fedorov": the person is named right there
        if any(abs(e.start - end) <= 3 or abs(start - e.end) <= 3 for e in named):
            continue
        if role == "counterpart":
            before = [e for e in named + out if e.end <= start]
            if not before:
                continue
            roles = gaz.officials[before[-1].id].roles_on(published)
            person = next((p for r in roles if (p := gaz.holder(r, country, published))), None)
        else:
            person = gaz.holder(role, country, published)
        if person is None:
            continue
        out.append(Entity("official", person.id, person.name, "role", start, end, text[start:end],
                          source="role", actor=person.country))
    return out
