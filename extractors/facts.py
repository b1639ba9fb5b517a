"""From the entities, triggers and cues of one sentence to cooperation facts.

The rules, in order (each is a sentence of the annotation guidelines made operational):
1. Triggers come from the action lexicon of the article's language. A trigger that needs an object
   ("deliveries", "production") only counts with a system or a weapon word near it.
2. A sentence is cut into clauses at ';' and at a comma before a clause opener (which, qui, який ...).
3. Inside a clause a framing trigger (agreed, discussed, is interested in, proposed, pledged to) takes the
   delivery, production and funding words of its clause as its topic: "discussed accelerating deliveries
   of X" is one `discuss` fact. An agreement frames in both directions ("will produce jointly, under a
   letter of intent" is one `agree`).
4. Systems go to the nearest trigger before them (or the first trigger of the clause); coordinated
   triggers ("supply and production of Aster") share them; a relative clause without systems inherits the
   systems named just before it ("SCALP, which France has supplied").
5. Actors are the states named in the clause (names, adjectives, capitals that are not places), the
   states of its officials, the speaker's state for a first-person quote; else the sentence's; else the
   article's main pair. The giver comes first for pledge, deliver and fund (a recipient marker such as
   "to"/"à"/"для" makes a state the recipient).
6. Negation and hypotheticals near the trigger drop the fact; "could" marks it `possible`, "will" or
   "plans to" `intended`.
7. The date is the date mention of the clause (else of the sentence) nearest the trigger; dates after
   publication or introduced by "since" are not event dates; a background cue ("previously") without a
   date gives null; otherwise the publication date.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from .dates import DateMention
from .index import CLAUSE_OPENERS, FIRST_PERSON, RELATIVE, Entity, Hit, LanguageIndex
from .model import Fact
from .text import Word, unique

BILATERAL = {"agree", "discuss", "propose", "request", "deliver", "pledge", "produce", "fund"}
GIVER_FIRST = {"pledge", "deliver", "fund"}
FRAMED = {"deliver", "produce", "fund", "pledge"}  # what a framing trigger can take as its topic
OBJECT_WINDOW = (6, 9)  # words before / after a needs_object trigger where its object may stand
NEGATION_WINDOW = 6  # words before a trigger where a negation cancels it


@dataclass(slots=True)
class ArticleContext:
    """What a sentence needs to know about its article."""

    path: str
    language: str
    published: str | None
    main_actors: list[str] = field(default_factory=list)
    officials: list[Entity] = field(default_factory=list)  # officials in text order


@dataclass(slots=True)
class Clause:
    start: int  # word indexes in the sentence's word list, end exclusive
    end: int
    relative: bool = False


def main_actors(entities: list[Entity], title_end: int = 0) -> list[str]:
    """The article's two most-named actor states (officials count for their state)."""
    counts: Counter[str] = Counter()
    first: dict[str, int] = {}
    for e in entities:
        if e.actor is None or e.type == "system":
            continue
        weight = 2 if e.start < title_end else 1
        counts[e.actor] += weight
        first.setdefault(e.actor, e.start)
    ranked = sorted(counts, key=lambda a: (-counts[a], first[a]))
    return ranked[:2]


def split_clauses(ws: list[Word], text: str, language: str) -> list[Clause]:
    openers = CLAUSE_OPENERS.get(language, set())
    relative = RELATIVE.get(language, set())
    cuts: list[tuple[int, bool]] = []
    for i in range(1, len(ws)):
        gap = text[ws[i - 1].end:ws[i].start]
        if ";" in gap or ":" in gap and i > 3:
            cuts.append((i, False))
        elif "," in gap and ws[i].norm in openers:
            cuts.append((i, ws[i].norm in relative))
    clauses: list[Clause] = []
    start, rel = 0, False
    for cut, is_rel in cuts:
        clauses.append(Clause(start, cut, rel))
        start, rel = cut, is_rel
    clauses.append(Clause(start, len(ws), rel))
    return clauses


def _word_index(ws: list[Word], char: int) -> int:
    for i, w in enumerate(ws):
        if w.end > char:
            return i
    return len(ws)


@dataclass(slots=True)
class _Candidate:
    trigger: Hit
    clause: int
    systems: list[Entity] = field(default_factory=list)
    absorbed: list[Hit] = field(default_factory=list)


def sentence_facts(
    ctx: ArticleContext,
    index: LanguageIndex,
    text: str,
    sent_start: int,
    sent_end: int,
    ws: list[Word],
    entities: list[Entity],
    triggers: list[Hit],
    cues: list[Hit],
    dates: list[DateMention],
) -> list[Fact]:
    """Facts of one sentence. All offsets are article offsets; `ws` are the sentence's words."""
    if not triggers or not ws:
        return []
    widx = {w.start: i for i, w in enumerate(ws)}

    def wpos(char: int) -> int:
        return widx.get(char, _word_index(ws, char))

    clauses = split_clauses(ws, text, ctx.language)
    systems = [e for e in entities if e.type == "system"]
    weapon_cues = [c for c in cues if c.kind == "weapon_nouns"]

    def clause_of(word: int) -> int:
        for k, c in enumerate(clauses):
            if c.start <= word < c.end:
                return k
        return len(clauses) - 1

    # 1. object check for nominal triggers
    kept: list[Hit] = []
    for t in triggers:
        if t.trigger is not None and t.trigger.needs_object:
            lo, hi = t.first - OBJECT_WINDOW[0], t.last + OBJECT_WINDOW[1]
            near = [e for e in systems if lo <= wpos(e.start) < hi] + \
                   [c for c in weapon_cues if lo <= c.first < hi and not (t.first <= c.first < t.last)]
            if not near:
                continue
        kept.append(t)
    if not kept:
        return []

    # 3. framing inside a clause
    cands = [_Candidate(t, clause_of(t.first)) for t in kept]
    frames = [c for c in cands if c.trigger.trigger is not None and c.trigger.trigger.frame]
    live: list[_Candidate] = []
    for c in cands:
        if c in frames or c.trigger.kind not in FRAMED:
            live.append(c)
            continue
        framer = next((f for f in frames if f.clause == c.clause and f is not c and (
            f.trigger.first < c.trigger.first or f.trigger.kind == "agree")), None)
        if framer is not None:
            framer.absorbed.append(c.trigger)
        else:
            live.append(c)
    # frames of the same action in one clause are one fact ("the talks ... discussed")
    merged: list[_Candidate] = []
    for c in live:
        twin = next((m for m in merged if m.clause == c.clause and m.trigger.kind == c.trigger.kind), None)
        if twin is None:
            merged.append(c)
        else:
            twin.absorbed.append(c.trigger)
    live = sorted(merged, key=lambda c: c.trigger.first)
    # a meeting or visit around a concrete act is its setting, not a fact of its own
    if any(c.trigger.kind != "discuss" for c in live):
        live = [c for c in live if c.trigger.kind != "discuss"]

    # 4. systems to triggers
    for s in systems:
        sw = wpos(s.start)
        k = clause_of(sw)
        in_clause = [c for c in live if c.clause == k]
        if not in_clause:
            continue
        before = [c for c in in_clause if c.trigger.first <= sw]
        owner = before[-1] if before else in_clause[0]
        owner.systems.append(s)
    for i, c in enumerate(live[:-1]):  # coordination: "supply and accelerated production of X"
        nxt = live[i + 1]
        if not c.systems and nxt.systems and nxt.clause == c.clause and nxt.trigger.first - c.trigger.last <= 2:
            c.systems = list(nxt.systems)
    for c in live:  # relative clause inherits the systems just before it
        clause = clauses[c.clause]
        if not c.systems and clause.relative and c.clause > 0:
            prev = clauses[c.clause - 1]
            c.systems = [s for s in systems if prev.start <= wpos(s.start) < prev.end][-3:]

    facts: list[Fact] = []
    sentence_actors = _actors_in(entities, cues, ws, 0, len(ws), wpos, ctx, index)
    for c in live:
        clause = clauses[c.clause]
        cue_here = [q for q in cues if clause.start <= q.first < clause.end]
        modality = _modality(c.trigger, cue_here)
        if modality is None:
            continue
        actors = _actors_in(entities, cues, ws, clause.start, clause.end, wpos, ctx, index)
        if not actors[0]:
            actors = sentence_actors
        ordered = _order_actors(c.trigger.kind, actors, ctx)
        if not ordered:
            continue
        officials = unique(e.name for e in entities if e.type == "official"
                           and clause.start <= wpos(e.start) < clause.end)
        if not officials:
            officials = unique(e.name for e in entities if e.type == "official")
        if actors[2] is not None and actors[2].name not in officials:
            officials.append(actors[2].name)
        date, explicit = _date_for(c.trigger, dates, clause, wpos, cue_here, ctx)
        sys_names = unique(s.name for s in c.systems)
        confidence = 0.45 + (0.15 if sys_names else 0) + (0.1 if actors[1] else 0) \
            + (0.1 if explicit else 0) + (0.1 if modality == "asserted" else 0) \
            - (0.15 if modality == "possible" else 0)
        facts.append(Fact(
            article=ctx.path, language=ctx.language, published=ctx.published, action=c.trigger.kind,
            actors=ordered, officials=officials, systems=sys_names, date=date,
            evidence=text[sent_start:sent_end], start=sent_start, end=sent_end,
            confidence=round(min(max(confidence, 0.05), 0.99), 2), modality=modality,
        ))
    return facts


def _modality(trigger: Hit, cues: list[Hit]) -> str | None:
    """None for a negated or hypothetical trigger; else how firmly the fact is stated.

    Cues inside the trigger itself only tell intention ("will transfer"): "would deliver" as a whole is
    a pledge, not a hypothetical.
    """
    before = {q.kind for q in cues if trigger.first - NEGATION_WINDOW <= q.first < trigger.first
              and q.last <= trigger.first}
    inside = {q.kind for q in cues if trigger.first <= q.first < trigger.last}
    if "negation" in before or "hypothetical" in before:
        return None
    if "possible" in before:
        return "possible"
    if "intention" in before or "intention" in inside:
        return "intended"
    return "asserted"


def _actors_in(entities: list[Entity], cues: list[Hit], ws: list[Word], lo: int, hi: int, wpos,
               ctx: ArticleContext, index: LanguageIndex) -> tuple[list[tuple[str, bool]], bool, Entity | None]:
    """[(actor, is_recipient)] named in words lo..hi, whether any was named outright, the speaker."""
    recipients = {q.last for q in cues if q.kind == "recipient" and lo <= q.first < hi}
    out: list[tuple[str, bool]] = []
    for e in entities:
        if e.actor is None or e.place or e.type == "system":
            continue
        w = wpos(e.start)
        if not lo <= w < hi:
            continue
        # "to Ukraine", "à l'Ukraine": the marker stands just before (an article may sit between)
        out.append((e.actor, w in recipients or (w - 1) in recipients))
    speaker = None
    first_person = FIRST_PERSON.get(ctx.language, set())
    if any(ws[i].norm in first_person for i in range(lo, hi)):
        speaker = _speaker(ctx, ws[lo].start if lo < len(ws) else 0)
        if speaker is not None and speaker.actor:
            out.append((speaker.actor, False))
    named = bool(out)
    return out, named, speaker


def _speaker(ctx: ArticleContext, char: int) -> Entity | None:
    """The official quoted around `char`: the nearest one named before, else the first after."""
    before = [e for e in ctx.officials if e.start <= char]
    if before:
        return before[-1]
    return ctx.officials[0] if ctx.officials else None


def _order_actors(action: str, found: tuple[list[tuple[str, bool]], bool, Entity | None],
                  ctx: ArticleContext) -> list[str]:
    pairs = found[0]
    if not pairs:
        return list(ctx.main_actors)
    givers = unique(a for a, rec in pairs if not rec)
    takers = unique(a for a, rec in pairs if rec and a not in givers)
    actors = givers + takers if action in GIVER_FIRST else unique(a for a, _ in pairs)
    if len(actors) == 1 and action in BILATERAL:
        partner = next((a for a in ctx.main_actors if a != actors[0]), None)
        if partner is not None:
            if action in GIVER_FIRST and pairs[0][1]:  # the one named is the recipient
                actors = [partner] + actors
            else:
                actors.append(partner)
    return actors


def _date_for(trigger: Hit, dates: list[DateMention], clause: Clause, wpos, cues: list[Hit],
              ctx: ArticleContext) -> tuple[str | None, bool]:
    usable = [d for d in dates if not d.since and (ctx.published is None or d.value <= ctx.published)]
    in_clause = [d for d in usable if clause.start <= wpos(d.start) < clause.end]
    pool = in_clause or usable
    if pool:
        best = min(pool, key=lambda d: abs(wpos(d.start) - trigger.first))
        return best.value, True
    if any(q.kind == "past" for q in cues):
        return None, False
    return ctx.published, False
