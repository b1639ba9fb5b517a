"""What a trained decision knows about a candidate: the signals the rules computed, as named features.

Every feature is a string (value 1): the trigger's action and lexicon entry, the veto rules that turned
it down, the cues around it, who and what its clause names, where it stands in the article. Conjunctions
with the trigger's action ("deliver&cue_before=intention") let a linear model learn that a delivery
told with "will" is a pledge without learning it for every action at once.
"""

from __future__ import annotations

from collections import Counter

from ..facts.sentence import Candidate, Sentence
from ..morphology import PYMORPHY, tense

CUE_WINDOW = 6  # words before a trigger in which a cue counts as "before" it


def _bucket(n: int, edges: tuple[int, ...]) -> str:
    for edge in edges:
        if n <= edge:
            return str(edge)
    return f">{edges[-1]}"


def _cue_features(s: Sentence, c: Candidate, here: set[int]) -> list[str]:
    t = c.trigger
    out = []
    for q in s.cues:
        if q.kind == "weapon_nouns":
            continue
        if t.first - CUE_WINDOW <= q.first < t.first:
            out.append(f"cue_before={q.kind}")
        elif t.first <= q.first < t.last:
            out.append(f"cue_in={q.kind}")
        elif q.first in here and q.first >= t.last:
            out.append(f"cue_after={q.kind}")
        elif q.first in here:
            out.append(f"cue_clause={q.kind}")
    return out


def _system_rank(s: Sentence, c: Candidate) -> str:
    """Whether the act's system is the one the article names most (its story) or another one (background,
    a comparison). Cross-validated strict F1 0.592 -> 0.596, mean of three fold seeds; the act's date
    against the publication date, tried beside it, scored lower."""
    counts = Counter(e.name for e in s.ctx.systems)
    top = max(counts.values(), default=0)
    return "system_main" if any(counts.get(n, 0) == top for n in c.system_names) else "system_minor"


def _entity_features(s: Sentence, c: Candidate, here: set[int]) -> list[str]:
    in_clause = [e for e in s.entities if s.word_at(e.start) in here]
    states = {e.actor for e in in_clause if e.actor is not None and not e.place and e.type != "system"}
    out = [f"states_clause={_bucket(len(states), (0, 1, 2))}",
           f"systems_clause={_bucket(sum(e.type == 'system' for e in in_clause), (0, 1))}",
           f"systems_sentence={_bucket(sum(e.type == 'system' for e in s.entities), (0, 1))}",
           f"actors={_bucket(len(c.actors), (0, 1, 2))}"]
    if any(e.type == "official" for e in in_clause):
        out.append("official_clause")
    if any(e.type == "organization" and e.actor is None for e in in_clause):
        out.append("company_clause")
    if any(q.first in here for q in s.weapon_cues):
        out.append("weapon_noun_clause")
    if c.system_names:
        out.append("has_systems")
        out.append(_system_rank(s, c))
    if c.found is not None and c.found.speaker is not None:
        out.append("speaker")
    if set(c.actors) & set(s.ctx.main_actors):
        out.append(f"main_actors={len(set(c.actors) & set(s.ctx.main_actors))}")
    return out


def _tense_features(s: Sentence, c: Candidate) -> list[str]:
    """The tenses the trigger's words and the word just before it tell ("поставит", "sera livré")."""
    t = c.trigger
    out = []
    for i in range(max(0, t.first - 1), min(len(s.words), t.last)):
        found = tense(s.words[i].text, s.ctx.language)
        if found is not None:
            out.append(f"tense={found}" if i >= t.first else f"tense_before={found}")
    if s.ctx.language in PYMORPHY:
        # the clause's other verbs: "поставки ... начнутся" (deliveries will begin) is a pledge. Only where
        # a dictionary tells the tense: read from endings in every language, it scored lower by
        # cross-validation (0.590 against 0.592; with ru and uk alone 0.592, ru 0.429 -> 0.457)
        here = s.clause_words(c.clause)
        told = {tense(s.words[i].text, s.ctx.language) for i in sorted(here) if not t.first - 1 <= i < t.last}
        out += [f"clause_tense={found}" for found in sorted(x for x in told if x is not None)]
    return out


def _quote_features(s: Sentence, c: Candidate) -> list[str]:
    """Whether the trigger stands inside a quotation. (Sentence length and position in the page were
    tried as features too: they scored no better by cross-validation and made plain one-sentence
    statements look like headlines, so they are left out.)"""
    text = s.text
    line_start = text.rfind("\n", 0, s.start) + 1
    before = text[max(0, s.start - 1):c.trigger.start]
    if before.count('"') % 2 or any(q in text[line_start:c.trigger.start] for q in "«“„"):
        return ["quoted"]
    return []


def candidate_features(s: Sentence, c: Candidate) -> list[str]:
    """The features of one candidate after the rules ran on its sentence."""
    t = c.trigger
    kind = t.kind
    here = s.clause_words(c.clause)
    base = ["bias", f"lang={s.ctx.language}", f"modality={c.modality}", f"date={_date_source(c)}"]
    if t.trigger is not None:  # the lexicon entry itself is left out: too few examples per entry
        base += [f for f, on in (("frame", t.trigger.frame), ("needs_object", t.trigger.needs_object)) if on]
    if t.by_lemma:
        base.append("by_lemma")
    if s.nominal is not None:
        base.append("nominal" if t.first in s.nominal else "verbal")
    base += [f"veto={v}" for v in c.vetoes] or ["veto=none"]
    base += [f"absorbed={h.kind}" for h in c.absorbed]
    base += [f"other={o.trigger.kind}" for o in s.candidates + s.vetoed if o is not c]
    base += [f"changed={step.split(':')[0]}" for step in c.trace if step not in ("trigger",)
             and not step.startswith("date_of_act")]
    base += _cue_features(s, c, here) + _entity_features(s, c, here) + _quote_features(s, c)
    base += _tense_features(s, c)
    if c.action != kind:
        base.append(f"rule_action={c.action}")
    feats = list(dict.fromkeys(base))
    # the same signals, for this action only: "deliver&cue_before=intention" is a pledge
    return feats + [f"{kind}&{f}" for f in feats if f != "bias"] + [f"kind={kind}"]


def _date_source(c: Candidate) -> str:
    for step in c.trace:
        if step.startswith("date_of_act:"):
            return step.split(":", 1)[1]
    return "none"


def offer_features(s: Sentence, c: Candidate) -> list[str]:
    """What tells whether an act that names no system is about the system the article names most."""
    name = c.offered_system
    if name is None:
        return []
    systems = s.ctx.systems
    named = [e for e in systems if e.name == name]
    share = len(named) / max(len(systems), 1)
    distinct = len({e.name for e in systems})
    nearest = min(abs(e.start - s.start) for e in named)
    title_end = s.text.find("\n", 1)
    here = s.clause_words(c.clause)
    out = [f"share={_bucket(int(10 * share), (3, 5, 8))}", f"distinct={_bucket(distinct, (1, 2, 4))}",
           f"length={_bucket(len(s.text) // 1000, (1, 3, 6))}", f"nearest={_bucket(nearest // 250, (0, 2, 6))}",
           f"lang={s.ctx.language}", f"kind={c.trigger.kind}"]
    if any(e.start < title_end for e in named):
        out.append("in_title")
    if any(q.first in here for q in s.weapon_cues):
        out.append("weapon_noun_clause")
    if any(e.type == "system" for e in s.entities):
        out.append("sentence_names_a_system")
    if c.trigger.trigger is not None and c.trigger.trigger.needs_object:
        out.append("needs_object")
    return out
