"""Stage `facts`, first half: whether the act is told as done, intended, possible, or not at all.

| rule | decides |
|---|---|
| `negation_cancels` | "has not yet handed over", "denies that it delivered": no act of that action |
| `judgement_is_no_act` | "joint production is essential": an opinion, no act |
| `attack_is_fighting` | "struck the plant with Kalibr missiles": fighting, not a delivery |
| `future_delivery_is_pledge` | "will deliver" is a pledge |
| `announced_transfer_is_pledge` | "announced the transfer of Mirage 2000-5" is a pledge |
"""

from __future__ import annotations

import re

from ...index import Hit
from ...text import alias_key
from ..registry import rule
from ..rules.framing import FRAMED
from ..sentence import Candidate, Sentence

NEGATION_WINDOW = 6  # words before a trigger where a negation cancels it
OPINION_WINDOW = 10  # words between a trigger and an `opinion` cue ("is essential") that judges it
ANNOUNCE_WINDOW = 5  # words from an announcement verb to the delivery noun it announces
_BREAK = re.compile(r"[:;—–]")
CANCELLING = ("negation", "hypothetical", "transition")


def _gapped(trigger: Hit) -> bool:
    """Words were skipped inside the trigger ("a démenti avoir livré" matched "a livré")."""
    return trigger.trigger is not None and trigger.last - trigger.first > len(alias_key(trigger.trigger.phrase))


def modality(s: Sentence, c: Candidate) -> str | None:
    """None for a negated or hypothetical trigger; else how firmly the act is told.

    A negation or hypothetical counts in the words before the trigger, even across a clause boundary
    ("Tehran denies that it has delivered") but not across a colon or dash ("non parte da zero: l'Italia
    produce"); where the language lets a negation follow its verb (German), also after it, inside its
    clause ("gab es nicht"). Cues inside the trigger itself only tell intention ("would deliver" as a
    whole is a pledge), except a negation in a split verb or in words the trigger skipped.
    """
    t, clause = c.trigger, s.clause_words(c.clause)
    before = {q.kind for q in s.cues if t.first - NEGATION_WINDOW <= q.first < t.first
              and (q.last <= t.first or q.last >= t.last)  # "lehnt die Lieferung ... ab"
              and (q.first in clause or not _BREAK.search(s.text, q.end, t.start))}
    after = {q.kind for q in s.cues if q.first in clause and t.last <= q.first < t.last + 8} \
        if s.lang.negation_after else set()
    inside = {q.kind for q in s.cues if t.first <= q.first < t.last}
    split = t.trigger is not None and "..." in t.trigger.phrase
    if any(k in before for k in CANCELLING) or "negation" in after or (
            "negation" in inside and (split or _gapped(t))):
        return None
    if "possible" in before:
        return "possible"
    if "intention" in before or "intention" in inside:
        return "intended"
    return "asserted"


@rule("facts", 10, veto=False)
def negation_cancels(s: Sentence) -> None:
    """A negated or hypothetical act cancels every act of its action in the sentence: "has not delivered"."""
    told = {id(c): modality(s, c) for c in s.candidates}
    negated = {c.trigger.kind for c in s.candidates if told[id(c)] is None}
    for c in s.candidates:
        c.modality = told[id(c)] or "asserted"
        if c.modality != "asserted":
            s.note(c, c.modality)
    # "Russia has not yet handed over the Su-35, whose delivery ..." tells no delivery
    s.keep([c for c in s.candidates if told[id(c)] is not None and c.trigger.kind not in negated])


@rule("facts", 20, veto=False)
def judgement_is_no_act(s: Sentence) -> None:
    """An opinion cue near the trigger in its clause makes it a judgement: "joint production is essential"."""
    def judged(c: Candidate) -> bool:
        here = s.clause_words(c.clause)
        return any(q.kind == "opinion" and abs(q.first - c.trigger.first) <= OPINION_WINDOW for q in s.cues_in(here))
    s.keep([c for c in s.candidates if not judged(c)])


@rule("facts", 30, veto=False)
def attack_is_fighting(s: Sentence) -> None:
    """A transfer or production told with a strike in its clause is fighting: "struck the Vizar plant"."""
    s.keep([c for c in s.candidates if not (c.trigger.kind in FRAMED and any(
        q.kind == "attack" for q in s.cues_in(s.clause_words(c.clause))))])


@rule("facts", 40)
def future_delivery_is_pledge(s: Sentence) -> None:
    """A delivery told as intended is a pledge: "France will deliver Mirage jets"."""
    for c in s.candidates:
        if c.action == "deliver" and c.modality == "intended":
            c.action = "pledge"
            s.note(c)


@rule("facts", 50)
def announced_transfer_is_pledge(s: Sentence) -> None:
    """A delivery noun just after an announcement is a pledge: "announced the transfer of Mirage 2000-5"."""
    for c in s.candidates:
        t = c.trigger
        if c.action == "deliver" and c.modality != "intended" and t.trigger is not None and t.trigger.needs_object \
                and any(q.kind == "announce" and 0 < t.first - q.last + 1 <= ANNOUNCE_WINDOW
                        for q in s.cues_in(s.clause_words(c.clause))):
            c.action = "pledge"
            s.note(c)
