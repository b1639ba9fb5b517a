"""Stage `facts`: when each act happened, and how sure the fact is.

| rule | decides |
|---|---|
| `date_of_act` | the clause's date nearest the trigger, else the sentence's, else what the story tells |
| `confidence_of_fact` | higher with a system, named actors, an explicit date and an asserted act |
| `outcome_ends_talks` | talks with an agreement or pledge in their sentence are that outcome |
"""

from __future__ import annotations

from ..registry import rule
from ..sentence import Candidate, Sentence


def date_for(s: Sentence, c: Candidate) -> tuple[str | None, str]:
    """The date and where it came from. Dates after publication are not event dates; "since August 2023"
    dates an ongoing act only when nothing more precise is told; a background cue ("previously") without
    a date gives null; else the last date told earlier in the paragraph; else the story's day; else the
    publication day."""
    here = s.clause_words(c.clause)
    published = s.ctx.published
    usable = [d for d in s.dates if published is None or d.value <= published]
    in_clause = [d for d in usable if s.word_at(d.start) in here]
    pool = [d for d in in_clause if not d.since] or [d for d in usable if not d.since] or in_clause
    if pool:
        best = min(pool, key=lambda d: abs(s.word_at(d.start) - c.trigger.first))
        return best.value, "explicit"
    if any(q.kind == "past" for q in s.cues_in(here)):
        return None, "background"
    if s.told is not None:
        return s.told, "told_before"
    if s.ctx.event_day:
        return s.ctx.event_day, "story_day"
    return published, "published"


@rule("facts", 115)
def date_of_act(s: Sentence) -> None:
    """The date told nearest the trigger: "signed on Monday"; else the paragraph's, the story's or the page's."""
    for c in s.candidates:
        c.date, source = date_for(s, c)
        c.explicit_date = source == "explicit"
        s.note(c, source)


@rule("facts", 130)
def confidence_of_fact(s: Sentence) -> None:
    """0.45, more for a system, named actors, an explicit date, an asserted act: "France delivered X on 3 May"."""
    for c in s.candidates:
        named = c.found is not None and c.found.named
        confidence = 0.45 + (0.15 if c.system_names else 0) + (0.1 if named else 0) \
            + (0.1 if c.explicit_date else 0) + (0.1 if c.modality == "asserted" else 0) \
            - (0.15 if c.modality == "possible" else 0)
        c.confidence = round(min(max(confidence, 0.05), 0.99), 2)


OUTCOMES = {"agree", "pledge"}  # a meeting told with one of these in its sentence is no `discuss` fact


@rule("outcomes", 10)
def outcome_ends_talks(s: Sentence) -> None:
    """Talks with an outcome in their sentence are the outcome: "attended the signing during his visit"."""
    if any(c.action in OUTCOMES for c in s.candidates):
        s.keep([c for c in s.candidates if c.action != "discuss"])
