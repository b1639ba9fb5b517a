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

FIRST_YEAR = 1950


def bare_year(s: Sentence, here: set[int]) -> str | None:
    """A year written alone in the clause ("haben 2021 einen Vertrag geschlossen", "z 2020 roku"), not part
    of a name ("Mirage 2000", "Expo 2020"), a longer number, a range, a decade or an amount, and not after
    publication."""
    last = int((s.ctx.published or "9999")[:4])
    named = [(e.start, e.end) for e in s.entities]
    for i in sorted(here):
        w = s.words[i]
        if len(w.norm) != 4 or not w.norm.isdigit() or not FIRST_YEAR <= int(w.norm) <= last:
            continue
        if any(a <= w.start < b for a, b in named) or s.text[w.end:w.end + 1].isalpha() or (
                i > 0 and s.words[i - 1].end == w.start - 1 and s.words[i - 1].text[:1].isupper()):
            continue  # "Mirage 2000", "the 2000s", "Expo 2020"
        before = s.text[s.words[i - 1].end:w.start] if i > 0 else " "
        after = s.text[w.end:w.end + 2]
        if (i > 0 and s.words[i - 1].norm.isdigit() and before.strip() in ("", ".", ",")) or \
                (after[:1] in ("-", "–", "/", "%", ".", ",") and after[1:2].isdigit()):
            continue  # "1 2021", "2021-2022", "2021,5"
        return w.norm
    return None


def date_for(s: Sentence, c: Candidate) -> tuple[str | None, str]:
    """The date and where it came from. Dates after publication are not event dates; "since August 2023"
    dates an ongoing act only when nothing more precise is told; a year alone in the clause dates it to
    the year; else the last date told earlier in the paragraph; else the story's day; else the
    publication day, or for an undated page the month of the latest date it tells."""
    here = s.clause_words(c.clause)
    published = s.ctx.published
    usable = [d for d in s.dates if published is None or d.value <= published]
    in_clause = [d for d in usable if s.word_at(d.start) in here]
    pool = [d for d in in_clause if not d.since] or [d for d in usable if not d.since] or in_clause
    if pool:
        best = min(pool, key=lambda d: abs(s.word_at(d.start) - c.trigger.first))
        return best.value, "explicit"
    year = bare_year(s, here)
    if year is not None:
        return year, "year"
    # a background act ("previously supplied") told without a date is dated as the story around it:
    # the annotated corpora date it so, and a null date would claim it is unknowable
    background = "background_" if any(q.kind == "past" for q in s.cues_in(here)) else ""
    if s.told is not None:
        return s.told, background + "told_before"
    if s.ctx.event_day:
        return s.ctx.event_day, background + "story_day"
    if published is None and s.ctx.estimated:
        return s.ctx.estimated, background + "estimated"
    return published, background + "published"


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
