"""From the entities, triggers and cues of one sentence to cooperation facts.

The rules, in order (each is a sentence of the annotation guidelines made operational):
1. Triggers come from the action lexicon of the article's language. A trigger that needs an object
   ("deliveries", "production") only counts with a system or a weapon word near it.
2. A sentence is cut into clauses: by the dependency parse where a statistical pipeline runs (a verb
   heading a conjunct, relative, adverbial or complement clause starts one), else by rules (at ';', at a
   comma before which/qui/який ..., before "and" when a new subject follows).
3. Inside a clause a framing trigger (agreed, discussed, is interested in, proposed, pledged to) takes the
   delivery, production and funding words of its clause as its topic: "discussed accelerating deliveries
   of X" is one `discuss` fact. An agreement frames in both directions ("will produce jointly, under a
   letter of intent" is one `agree`).
4. Systems go to the nearest trigger before them (or the first trigger of the clause); coordinated
   triggers ("supply and production of Aster") share them; a relative clause without systems inherits the
   systems named just before it ("SCALP, which France has supplied").
5. Actors are the states named in the clause (names, adjectives, capitals that are not places), the
   states of its officials, the speaker's state for a first-person quote; else the sentence's; else the
   article's main pair. A lone state is paired with the article's other main state, unless the clause
   names a company as the other party ("signed with Rheinmetall": the guidelines want the states only).
   Two states in armed conflict (`adversaries` in states.yaml) are never the two sides of a fact: when
   the clause names both, the second is a target and is dropped; when the article's other main state
   would be the partner, there is no fact (what joins them is fighting).
   The giver comes first for pledge, deliver and fund (a recipient marker such as
   "to"/"à"/"для" makes a state the recipient).
6. Negation and hypotheticals near the trigger drop the fact, and so does a judgement in its clause
   ("joint production is essential"); a delivery, production, funding or pledge whose clause tells an
   attack ("struck the plant", "will be destroyed") is fighting; "could" marks it `possible`, "will" or
   "plans to" `intended`.
7. The date is the date mention of the clause (else of the sentence) nearest the trigger; dates after
   publication are not event dates, and a "since" date only counts when there is no other; a background
   cue ("previously") without a date gives null; else the last date told earlier in the paragraph;
   else the day of the story (the first exact date in the week before publication in the first
   paragraphs that tell a fact); otherwise the publication date.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from .dates import DateMention
from .index import (CLAUSE_OPENERS, COORDINATORS, FIRST_PERSON, MONEY, MONEY_TRIGGER, RELATIVE, Entity, Hit,
                    LanguageIndex)
from .model import Fact
from .text import Word, alias_key, unique

ANNOUNCE_WINDOW = 5  # words from an announcement verb to the delivery noun it announces
OPINION_WINDOW = 10  # words between a trigger and an `opinion` cue ("is essential") that judges it
OUTCOMES = {"agree", "pledge"}  # a meeting told with one of these in its sentence is no `discuss` fact
BILATERAL = {"agree", "discuss", "propose", "request", "deliver", "pledge", "produce", "fund"}
GIVER_FIRST = {"pledge", "deliver", "fund"}
FRAMED = {"deliver", "produce", "fund", "pledge"}  # what a framing trigger can take as its topic
FRAMING = {"agree", "discuss", "request", "propose", "pledge"}  # "promised the delivery of X" is a pledge
OBJECT_WINDOW = (6, 9)
# Words marking production as shared between states ("joint", "co-", "спільн...")
JOINT_WORDS = {"co", "together", "ensemble", "insieme", "razem", "juntos", "вместе", "разом"}
JOINT = ("joint", "partner", "conjoint", "commun", "gemeinsam", "спільн", "совместн", "congiunt", "wspóln",
         "conjunt", "licen", "local", "lizenz")
# Words before (or, for adjectives, around) a state that make it the adversary, not a party
ADVERSARY = ("against", "contre", "gegen", "проти", "против", "contro", "przeciw", "contra", "agress",
             "aggress", "agresi", "agresj", "агрес", "invasion", "invasió", "invasio", "вторгн", "inwazj")
# A determiner before a trigger noun points back to a fact already told ("these agreements")
ANAPHORA = {
    "en": {"this", "these", "those", "such"}, "fr": {"ce", "cet", "cette", "ces"},
    "de": {"dieses", "diese", "dieser", "diesen", "diesem", "solche"},
    "uk": {"цей", "ця", "це", "ці", "цього", "цієї", "цих", "цю"},
    "ru": {"этот", "эта", "это", "эти", "этого", "этой", "этих", "эту"},
    "it": {"questo", "questa", "questi", "queste", "tale", "tali"},
    "pl": {"ten", "ta", "te", "tego", "tej", "tych", "tę"},
    "es": {"este", "esta", "estos", "estas", "dicho", "dicha"},
}
POSSESSIVES = {
    "en": {"their", "its"}, "fr": {"leur", "leurs", "sa", "son", "ses"},
    "de": {"ihre", "ihrer", "ihren", "seine", "seiner", "deren"}, "uk": {"їх", "їхнє", "їхнього", "їхнім"},
    "ru": {"их", "его", "её"}, "it": {"loro", "sua", "suo"}, "pl": {"ich", "jego", "jej"},
    "es": {"su", "sus"},
}  # words before / after a needs_object trigger where its object may stand
NEGATION_WINDOW = 6  # words before a trigger where a negation cancels it
# An ordinal before a visit counts it ("his first visit since ..."): commentary on a visit already told
ORDINALS = {"first", "second", "third", "premier", "première", "deuxième", "erster", "erste", "ersten", "zweiter",
            "перший", "першого", "перша", "першої", "перше", "первый", "первого", "первая", "первой", "первое",
            "primo", "prima", "secondo", "seconda", "pierwszy", "pierwsza", "pierwszej", "pierwszego", "primer",
            "primera", "segunda", "segundo"}
NEGATION_AFTER = {"de"}
VERB_FINAL = {"de"}
# "after", before a signing that is the time of another act ("Po podpisaniu umowy ... spotkał się")
AFTER = {"en": {"after"}, "fr": {"après"}, "de": {"nach"}, "uk": {"після"}, "ru": {"после"}, "it": {"dopo"},
         "pl": {"po"}, "es": {"tras"}}
# Prepositions that make a meeting the setting of what the sentence tells ("Bei dem Treffen sagte ...")
SETTING = {
    "en": {"during", "at", "after", "before", "on", "sidelines"}, "fr": {"lors", "pendant", "après", "marge", "au"},
    "de": {"bei", "beim", "während", "nach", "am", "auf"}, "uk": {"під", "час", "після", "на", "кулуарах"},
    "ru": {"во", "время", "после", "на", "кулуарах", "ходе"}, "it": {"durante", "margine", "dopo", "al", "nel"},
    "pl": {"podczas", "po", "na", "marginesie", "trakcie"}, "es": {"durante", "margen", "tras", "en"},
}  # the framing verb closes its clause: "... die Lieferung von Gripen angeboten"  # languages whose negation often follows the verb ("lieferte ... nicht")
# Before a body, these make it the channel of an act rather than a party to it
INSTRUMENT = {"through", "via", "under", "par", "grâce", "über", "durch", "через", "tramite", "attraverso",
              "przez", "mediante", "través"}
# A state after one of these gives ("received from Germany")
GIVER_MARKERS = {"from", "von", "від", "от", "од", "da", "dal", "od", "desde", "par"}
# First words of "according to" phrases: a state named just after one is a source of information
SOURCE_WORDS = {"according", "selon", "laut", "за", "по", "secondo", "według", "según", "citing", "d'après",
                "zufolge", "nach"}
# "the supply of Aster missiles" names an act; "the contract" with no complement points back to one
COMPLEMENT = {"of", "de", "d", "du", "des", "von", "vom", "di", "del", "della", "dei", "degli", "delle"}
DEFINITE = {
    "en": {"the"}, "fr": {"le", "la", "les", "l", "du", "des", "au", "aux"},
    "de": {"der", "die", "das", "den", "dem", "des", "zum", "zur", "vom", "beim"},
    "it": {"il", "lo", "la", "l", "i", "gli", "le", "del", "dello", "della", "dei", "degli", "delle", "nel",
           "nella", "nei"},
    "es": {"el", "la", "los", "las", "del", "al"},
}


@dataclass(slots=True)
class ArticleContext:
    """What a sentence needs to know about its article."""

    path: str
    language: str
    published: str | None
    main_actors: list[str] = field(default_factory=list)
    officials: list[Entity] = field(default_factory=list)  # officials in text order
    event_day: str | None = None  # the day of the story the article tells (components._event_day)
    systems: list[Entity] = field(default_factory=list)  # systems in text order


# Determiners before a weapon noun that point back to a system named before ("those aircraft", "ці
# літаки"); partitive and indefinite forms ("des chars", "dei missili") do not
REFERRING = {lang: ANAPHORA[lang] | {
    "en": {"the"}, "fr": {"le", "la", "les", "l"}, "de": {"der", "die", "das", "den", "dem"},
    "it": {"il", "lo", "la", "l", "i", "gli", "le"}, "es": {"el", "la", "los", "las"},
}.get(lang, set()) for lang in ANAPHORA}
# Weapon nouns (their first letters) and the system category they name, for the rule above
NOUN_CATEGORY = tuple((stem, category) for category, stems in {
    "aircraft": ("aircraft", "jet", "fighter", "plane", "avion", "chasseur", "appareil", "flugzeug", "kampfjet",
                 "літак", "винищувач", "самолет", "самолёт", "истребител", "aere", "caccia", "velivol",
                 "samolot", "myśliw", "avión", "aviones", "caza", "helicop", "hélicop", "hubschrauber",
                 "гелікоптер", "вертол", "elicott", "śmigłow"),
    "missile": ("missile", "missil", "rakete", "marschflugkörper", "ракет", "pocisk", "misil", "rocket",
                "roquette"),
    "armour": ("tank", "char", "panzer", "танк", "carri", "carro", "czołg", "blindad", "armoured", "armored"),
    "artillery": ("howitzer", "obusier", "haubitze", "гаубиц", "obic", "haubic", "obús", "obuses", "canon",
                  "artiller", "артилер", "артиллер"),
    "drone": ("drone", "drohne", "дрон", "безпілот", "беспилот", "dron", "uav"),
    "naval": ("ship", "navire", "frigate", "frégate", "fregatte", "submarine", "sous-marin", "корабл", "fregat",
              "okręt", "buque", "nave", "u-boot", "підводн", "подводн"),
}.items() for stem in stems)
REFERRING_REACH = 1500  # characters before the weapon noun where the system it points back to is named


@dataclass(slots=True)
class Clauses:
    """Which clause each word of a sentence belongs to (clauses need not be contiguous)."""

    ids: list[int]  # clause id per word
    relative: set[int] = field(default_factory=set)  # ids of relative clauses ("which France supplied")
    subjects: set[int] = field(default_factory=set)  # words inside a grammatical subject (parse only)

    def words(self, cid: int) -> range | list[int]:
        return [i for i, c in enumerate(self.ids) if c == cid]

    def first_word(self, cid: int) -> int:
        return self.ids.index(cid)


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


def split_clauses(ws: list[Word], text: str, language: str, subjects: set[int] | None = None,
                  verbs: set[int] | None = None) -> Clauses:
    """Rule-based clauses: cut at ';', at a comma before a clause opener (which, qui, який ...), and
    before "and"/"et"/"und" ... when a new subject (a state or official, in `subjects`) follows it and
    a trigger (in `verbs`) follows that subject closely: "X delivered A and Y signed B", not "X and Y"."""
    openers = CLAUSE_OPENERS.get(language, set())
    relative = RELATIVE.get(language, set())
    coordinators = COORDINATORS.get(language, set())
    subjects = subjects or set()
    ids: list[int] = []
    rel: set[int] = set()
    cid = 0
    for i, w in enumerate(ws):
        if i > 0:
            gap = text[ws[i - 1].end:w.start]
            if ";" in gap or (":" in gap and i > 3):
                cid += 1
            elif ("," in gap and w.norm in openers) or (
                    w.norm in relative and (i + 1) in subjects and language not in VERB_FINAL):
                # ", which ...", or "un avión que España fabrica" (a subject right after; not in German,
                # where der/die/das are articles too and a relative clause always has its comma)
                cid += 1
                if w.norm in relative:
                    rel.add(cid)
            elif w.norm in coordinators and (i + 1) in subjects and i > 2 and any(
                    i + 2 <= v <= i + 6 and "," not in text[w.end:ws[v].start] for v in verbs or ()):
                cid += 1
        ids.append(cid)
    return Clauses(ids, rel)


def dependency_clauses(ws: list[Word], sent) -> Clauses:
    """Clauses from a dependency parse: each finite verb heading a conjunct, relative, adverbial or
    complement clause starts its own ("to improve X" stays in the clause that governs it); every word
    belongs to the clause of its nearest such ancestor."""
    heads = {"ROOT", "conj", "relcl", "acl:relcl", "advcl", "ccomp", "parataxis"}
    tokens = list(sent)
    clause_head: dict[int, int] = {}
    rel: set[int] = set()
    def finite(node) -> bool:
        """Has its own subject, is a relative clause, or is a finite coordinated predicate ("reaffirmed
        X and highlighted Y"); a gerund or infinitive ("accelerating X and sustaining Y") is not."""
        if node.tag_ == "VB" or node.morph.get("VerbForm") == ["Inf"]:
            return False  # "preparations to transfer X" is one act, whatever the label
        if node.dep_ in ("relcl", "acl:relcl") or any(c.dep_.startswith("nsubj") for c in node.children):
            return True
        if node.dep_ != "conj":
            return False
        if node.morph.get("VerbForm") == ["Fin"] or node.tag_ in ("VBD", "VBZ", "VBP"):
            return True
        # "reaffirmed X and highlighted Y": a past form tagged as participle after a finite verb
        return node.tag_ == "VBN" and node.head.tag_ in ("VBD", "VBZ", "VBP") and \
            not any(c.dep_ in ("aux", "auxpass") for c in node.children)

    roots = [t.i for t in tokens if t.dep_ == "ROOT"]
    for tok in tokens:
        node = tok
        while True:
            if node.dep_ == "ROOT" or (node.dep_ in heads and node.pos_ in ("VERB", "AUX") and finite(node)):
                break
            if node.head.i == node.i:
                break
            node = node.head
        # the parser may split what the sentence rules keep together ("... des canons CAESAR."):
        # every root inside one sentence belongs to its first clause
        clause_head[tok.i] = roots[0] if node.dep_ == "ROOT" and roots else node.i
        if node.dep_ in ("relcl", "acl:relcl"):
            rel.add(node.i)
    in_subject = {t.i for tok in tokens if tok.dep_.startswith("nsubj") for t in tok.subtree}
    starts = [t.idx + sent.doc.user_data["defcoop"].offset for t in tokens]
    ids: list[int] = []
    subjects: set[int] = set()
    k = 0
    for n, w in enumerate(ws):
        while k + 1 < len(tokens) and starts[k + 1] <= w.start:
            k += 1
        ids.append(clause_head[tokens[k].i])
        if tokens[k].i in in_subject:
            subjects.add(n)
    return Clauses(ids, rel, subjects)


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
    clauses: Clauses | None = None,
    nominal: set[int] | None = None,
    told: str | None = None,
) -> list[Fact]:
    """Facts of one sentence. All offsets are article offsets; `ws` are the sentence's words.
    `clauses` comes from a dependency parse when there is one, else from the rules; `nominal` holds the
    word indexes of triggers tagged as nouns when a tagger ran; `told` is the last date told earlier in
    the paragraph, the date of a sentence that gives none ("On Monday X signed ... The ministers also
    discussed ...")."""
    if not triggers or not ws:
        return []
    widx = {w.start: i for i, w in enumerate(ws)}

    def wpos(char: int) -> int:
        return widx.get(char, _word_index(ws, char))

    systems = [e for e in entities if e.type == "system"]
    weapon_cues = [c for c in cues if c.kind == "weapon_nouns"]
    if clauses is None:
        subjects = {wpos(e.start) for e in entities if e.actor is not None and not e.place}
        clauses = split_clauses(ws, text, ctx.language, subjects, {t.first for t in triggers})

    def clause_of(word: int) -> int:
        return clauses.ids[min(word, len(ws) - 1)]

    # 1. object check for nominal triggers; "these agreements" points back to a fact told before
    anaphora = ANAPHORA.get(ctx.language, set())
    definite = DEFINITE.get(ctx.language, set())
    money = bool(MONEY.search(text, sent_start, sent_end))
    kept: list[Hit] = []
    for t in triggers:
        if t.first > 0 and ws[t.first - 1].norm in anaphora:
            continue
        if (t.kind != "discuss" and t.first > 0 and ws[t.first - 1].norm in definite
                and t.last - t.first == 1 and (nominal is None or t.first in nominal)
                and not (t.last < len(ws) and ws[t.last].norm in COMPLEMENT)
                and not any(t.last <= wpos(e.start) < t.last + OBJECT_WINDOW[1] for e in systems)
                and not any(o.kind == t.kind and o is not t for o in triggers)):
            continue  # "the contract", "the deliveries" alone refer back to a fact, they tell no new one
        if t.trigger is not None and t.trigger.needs_object:
            if t.kind == "fund" and money:
                kept.append(t)  # "allocate €1bn": the money is what is given
                continue
            lo, hi = t.first - OBJECT_WINDOW[0], t.last + OBJECT_WINDOW[1]
            split = "..." in t.trigger.phrase  # "kündigte neue Munition an": the object stands inside
            near = [e for e in systems if lo <= wpos(e.start) < hi] + \
                   [c for c in weapon_cues if lo <= c.first < hi and (split or not t.first <= c.first < t.last)]
            if not near:
                continue
        kept.append(t)
    # an amount of money is a funding fact only when no other act is told ("a $3bn contract" is agree)
    # and never when it is a price ("the order is estimated at $8.1bn", a `value` cue)
    if any(t.trigger is not MONEY_TRIGGER and not (t.kind == "agree" and t.trigger and t.trigger.needs_object)
           for t in kept) or any(q.kind == "value" for q in cues):
        kept = [t for t in kept if t.trigger is not MONEY_TRIGGER]
    if not kept:
        return []

    # 3. framing inside a clause. A meeting or visit named as a noun ("during a visit", "talks") is the
    # setting of what else the sentence tells, neither a frame nor a fact of its own when there is more.
    setting_words = SETTING.get(ctx.language, set())

    def after_setting_word(c: _Candidate) -> bool:  # "bei dem Treffen", "during the talks"
        return any(ws[i].norm in setting_words for i in range(max(0, c.trigger.first - 2), c.trigger.first))

    def is_setting(c: _Candidate) -> bool:
        if c.trigger.kind != "discuss":
            return False
        return nominal is None or c.trigger.first in nominal

    cands = [_Candidate(t, clause_of(t.first)) for t in kept]
    # "It was his first visit to Berlin since ...": a visit counted, told already, is no new discussion
    cands = [c for c in cands if not (c.trigger.kind == "discuss" and any(
        ws[i].norm in ORDINALS for i in range(max(0, c.trigger.first - 2), c.trigger.first)))]
    # "After signing the agreement, Zelensky met Duda": a signing after "after" is the time of what
    # follows, told before, not a fact of its own
    after_words = AFTER.get(ctx.language, set())
    setting_end = -1  # where the "after signing the agreement" phrase ends so far
    for c in cands:
        if c.trigger.kind == "agree" and c.trigger.first > 0 and (
                ws[c.trigger.first - 1].norm in after_words or c.trigger.first == setting_end) and \
                any(o.trigger.first >= c.trigger.last and o.trigger.kind != "agree" for o in cands):
            setting_end = c.trigger.last
    if setting_end >= 0:
        cands = [c for c in cands if not (c.trigger.kind == "agree" and c.trigger.last <= setting_end)]
    # "finance the purchase of drones", "interested in acquiring jets": a purchase word (an `agree`
    # trigger that needs an object) is the topic of any other act told in its clause
    def purchase(c: _Candidate) -> bool:
        return c.trigger.kind == "agree" and c.trigger.trigger is not None and c.trigger.trigger.needs_object

    cands = [c for c in cands if not (purchase(c) and any(
        o.clause == c.clause and not purchase(o) and o.trigger.kind != "discuss" or
        o.clause == c.clause and o.trigger.kind == "discuss" and o.trigger.first < c.trigger.first
        for o in cands if o is not c))]
    if any(c.trigger.kind != "discuss" for c in cands):
        # without a tagger, a discussion that opens its clause frames what follows ("обсудил подготовку
        # договора"); one that comes after the act is its setting ("signed ... during a visit")
        def opens(c: _Candidate) -> bool:
            others = [o for o in cands if o.trigger.kind != "discuss" and o.clause == c.clause]
            if nominal is not None or not others:
                return False
            opening = all(o.trigger.first > c.trigger.first for o in others)
            if ctx.language in VERB_FINAL:  # "... über die Lieferung von Taurus gesprochen"
                return opening or all(o.trigger.first < c.trigger.first for o in others)
            return opening
        cands = [c for c in cands if not is_setting(c) or (opens(c) and not after_setting_word(c))]
    frames = [c for c in cands if c.trigger.trigger is not None
              and (c.trigger.trigger.frame or c.trigger.kind in FRAMING) and not purchase(c)
              and not (nominal is not None and c.trigger.kind == "discuss" and c.trigger.first in nominal)]
    coordinators = COORDINATORS.get(ctx.language, set())
    live: list[_Candidate] = []
    for c in cands:
        if c.trigger.kind == "agree" and c not in frames[:1]:
            # "discussed the preparation of a treaty": an agreement noun after a discussion, request or
            # offer in its clause is its topic (unless "and" starts a new act)
            topic_of = next((f for f in frames if f.trigger.kind in ("discuss", "request", "propose")
                             and f.clause == c.clause and f.trigger.last <= c.trigger.first
                             and (nominal is None or c.trigger.first in nominal)
                             and not any(ws[i].norm in coordinators
                                         for i in range(f.trigger.last, c.trigger.first))), None)
            if topic_of is not None:
                topic_of.absorbed.append(c.trigger)
                continue
        if c in frames or c.trigger.kind not in FRAMED:
            live.append(c)
            continue
        # an agreement about production is `agree` wherever the production is told in its sentence
        # verb-final German, and a Slavic infinitive fronted before its verb ("Передати Україні IRIS-T
        # канцлер пообіцяв"), are framed by a trigger after them
        backward = ctx.language in VERB_FINAL or _infinitive(ws, c.trigger, ctx.language)
        framer = next((f for f in frames if f is not c and (
            (f.clause == c.clause and (f.trigger.first < c.trigger.first or backward))
            or (f.trigger.kind == "agree" and c.trigger.kind == "produce"))), None)
        if framer is not None and framer.trigger.kind == "discuss" and nominal is None and c.clause != framer.clause:
            framer = None
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
    # coordination ("supply and accelerated production of X") and pronouns ("efforts to accelerate
    # their production") share the systems of the neighbouring trigger
    possessive = POSSESSIVES.get(ctx.language, set())
    for i, c in enumerate(live):
        if c.systems:
            continue
        prev = live[i - 1] if i > 0 else None
        nxt = live[i + 1] if i + 1 < len(live) else None
        if nxt is not None and nxt.systems and nxt.trigger.first - c.trigger.last <= 2:
            c.systems = list(nxt.systems)
        elif prev is not None and prev.systems and prev.clause == c.clause and (
                c.trigger.first - prev.trigger.last <= 2
                or (c.trigger.first > 0 and ws[c.trigger.first - 1].norm in possessive)):
            c.systems = list(prev.systems)
    for c in live:  # a relative clause inherits the systems named just before it
        if not c.systems and c.clause in clauses.relative:
            first = clauses.first_word(c.clause)
            c.systems = [s for s in systems if first - 6 <= wpos(s.start) < first][-3:]

    facts: list[Fact] = []
    sentence_actors = _actors_in(entities, cues, ws, set(range(len(ws))), wpos, ctx)
    negated: set[str] = set()
    for c in live:
        in_clause = set(clauses.words(c.clause))
        if _modality(c.trigger, cues, in_clause, ctx.language, text) is None:
            negated.add(c.trigger.kind)
    for c in live:
        in_clause = set(clauses.words(c.clause))
        cue_here = [q for q in cues if q.first in in_clause]
        modality = _modality(c.trigger, cues, in_clause, ctx.language, text)
        if modality is None or c.trigger.kind in negated:
            continue  # "Russia has not yet handed over the Su-35, whose delivery ..." tells no delivery
        if any(q.kind == "opinion" and q.first in in_clause and abs(q.first - c.trigger.first) <= OPINION_WINDOW
               for q in cue_here):
            continue  # "joint production is essential to ...": a judgement, no act
        if c.trigger.kind in FRAMED and any(q.kind == "attack" and q.first in in_clause for q in cue_here):
            continue  # "struck the Vizar plant with Kalibr missiles": fighting, not a delivery or production
        action = c.trigger.kind
        if action == "deliver" and modality == "intended":
            action = "pledge"  # a delivery announced for the future is a pledge
        elif action == "deliver" and c.trigger.trigger is not None and c.trigger.trigger.needs_object and any(
                q.kind == "announce" and 0 < c.trigger.first - q.last + 1 <= ANNOUNCE_WINDOW for q in cue_here):
            action = "pledge"  # "announced the transfer of Mirage 2000-5": the transfer is to come
        actors = _actors_in(entities, cues, ws, in_clause, wpos, ctx)
        weapon_here = c.systems or any(q.first in in_clause for q in weapon_cues)
        named_here = any(not e.place and e.actor is not None and wpos(e.start) in in_clause for e in entities)
        titled = any(ws[i].norm.startswith(index.title_stems) for i in in_clause) if index.title_stems else False
        if not (weapon_here or named_here or actors[2] is not None or titled):
            continue  # a heading such as "Exchange of expertise": no weapon, no one named, no speaker
        named = unique(p[0] for p in actors[0])
        if (c.trigger.kind == "produce" and len(named) == 1 and named[0] not in ctx.main_actors
                and not _joint(ws, in_clause)):
            continue  # a third state making its own weapons ("Russia continues to manufacture missiles")
        if not actors[0]:
            actors = sentence_actors
        receive = any(q.kind == "receive" and q.first < c.trigger.last and c.trigger.first < q.last for q in cues)
        # "signed with the Rheinmetall group": the other party is a company, not the article's other state
        company = any(e.type == "organization" and index.gaz.organizations[e.id].type == "company"
                      and e.actor is None and wpos(e.start) in in_clause for e in entities)
        ordered = _order_actors(action, actors, ctx, c.trigger.first, clauses.subjects, nominal is not None,
                                receive, partner=not company)
        if len(ordered) == 2 and frozenset(ordered) in index.hostile:
            if set(ordered) <= set(named):  # "asked for missiles to strike targets on Russian territory"
                ordered = ordered[:1]
            else:  # the article's other side was filled in: "Russia sent Shahed drones against Kyiv"
                continue
        if not ordered:
            continue
        officials = unique(e.name for e in entities if e.type == "official" and wpos(e.start) in in_clause)
        if not officials:
            officials = unique(e.name for e in entities if e.type == "official")
        if actors[2] is not None and actors[2].name not in officials:
            officials.append(actors[2].name)
        date, explicit = _date_for(c.trigger, dates, in_clause, wpos, cue_here, ctx, told)
        sys_names = unique(s.name for s in c.systems) or _referred_system(
            ctx, index, ws, weapon_cues, in_clause, any(wpos(e.start) in in_clause for e in systems))
        confidence = 0.45 + (0.15 if sys_names else 0) + (0.1 if actors[1] else 0) \
            + (0.1 if explicit else 0) + (0.1 if modality == "asserted" else 0) \
            - (0.15 if modality == "possible" else 0)
        facts.append(Fact(
            article=ctx.path, language=ctx.language, published=ctx.published, action=action,
            actors=ordered, officials=officials, systems=sys_names, date=date,
            evidence=text[sent_start:sent_end], start=sent_start, end=sent_end,
            confidence=round(min(max(confidence, 0.05), 0.99), 2), modality=modality,
        ))
    if any(f.action in OUTCOMES for f in facts):  # "attended the signing during his visit": the talks had
        facts = [f for f in facts if f.action != "discuss"]  # an outcome, which is the fact
    return facts


def _referred_system(ctx: ArticleContext, index: LanguageIndex, ws: list[Word], weapon_cues: list[Hit],
                     here: set[int], named_here: bool) -> list[str]:
    """The system a weapon noun with a referring determiner points back to: "Paris completed deliveries of
    those aircraft" names the Rafale told before: the nearest system named shortly before whose category
    fits the noun (an aircraft for "those jets", not the S-400 told in between). A clause that names a
    system itself points back to none."""
    if named_here:
        return []
    referring = REFERRING.get(ctx.language, set())
    for q in weapon_cues:
        if q.first in here and q.first > 0 and ws[q.first - 1].norm in referring:
            at = ws[q.first].start
            noun = " ".join(w.norm for w in ws[q.first:q.last])
            category = next((c for stem, c in NOUN_CATEGORY if noun.startswith(stem)), None)
            before = [e for e in ctx.systems if at - REFERRING_REACH <= e.start < at and (
                category is None or index.gaz.systems[e.id].category == category)]
            if before:
                return [before[-1].name]
    return []


# Slavic dative endings of state names that no other case shares ("Україні", "Украине", "Ukrainie",
# "Києву"; not "Франції"/"Франции"/"Francji", which are also genitives): the dative names the recipient
DATIVE_ENDINGS = {"uk": ("ні", "ці", "ті", "ові", "еві", "ву"), "ru": ("не", "це", "те", "ше", "ву"),
                  "pl": ("nie", "owi", "sce", "com", "om")}
SLAVIC_PREPOSITIONS = {
    "в", "у", "до", "з", "із", "від", "на", "по", "при", "для", "про", "над", "під", "між", "за", "во", "к",
    "ко", "с", "со", "от", "о", "об", "под", "между", "из", "w", "we", "do", "z", "ze", "od", "na", "po",
    "przy", "dla", "o", "nad", "pod", "między", "za", "ku"}


def _dative(e: Entity, ws: list[Word], w: int, language: str) -> bool:
    endings = DATIVE_ENDINGS.get(language)
    if not endings or e.form == "adjective" or (w > 0 and ws[w - 1].norm in SLAVIC_PREPOSITIONS):
        return False
    word = e.text.casefold()
    return word.endswith(endings) and not word.endswith(("ії", "ии", "ji"))


INFINITIVE_ENDINGS = {"uk": ("ти", "ть"), "ru": ("ть", "ти", "чь"), "pl": ("ć",)}


def _infinitive(ws: list[Word], trigger: Hit, language: str) -> bool:
    endings = INFINITIVE_ENDINGS.get(language)
    return bool(endings) and trigger.last - trigger.first == 1 and ws[trigger.first].norm.endswith(endings)


def _joint(ws: list[Word], here: set[int]) -> bool:
    return any(ws[i].norm in JOINT_WORDS or ws[i].norm.startswith(JOINT) for i in here)


_BREAK = re.compile(r"[:;—–]")


def _modality(trigger: Hit, cues: list[Hit], clause: set[int], language: str, text: str) -> str | None:
    """None for a negated or hypothetical trigger; else how firmly the fact is stated.

    A negation or hypothetical counts in the words before the trigger, even across a clause boundary
    ("Tehran denies that it has delivered") but not across a colon or dash ("non parte da zero: l'Italia
    produce"); in German also after it, inside its clause ("gab es nicht").
    Cues inside the trigger itself only tell intention ("would deliver" as a whole is a pledge), except a
    negation in a split verb or in words the trigger skipped ("a démenti avoir livré").
    """
    before = {q.kind for q in cues if trigger.first - NEGATION_WINDOW <= q.first < trigger.first
              and (q.last <= trigger.first or q.last >= trigger.last)  # "lehnt die Lieferung ... ab"
              and (q.first in clause or not _BREAK.search(text, q.end, trigger.start))}
    after = {q.kind for q in cues if q.first in clause and trigger.last <= q.first < trigger.last + 8} \
        if language in NEGATION_AFTER else set()
    inside = {q.kind for q in cues if trigger.first <= q.first < trigger.last}
    split = trigger.trigger is not None and "..." in trigger.trigger.phrase
    if ("negation" in before or "hypothetical" in before or "transition" in before or "negation" in after
            or ("negation" in inside and (split or _gapped(trigger)))):
        return None
    if "possible" in before:
        return "possible"
    if "intention" in before or "intention" in inside:
        return "intended"
    return "asserted"


def _gapped(trigger: Hit) -> bool:
    """Words were skipped inside the trigger ("a démenti avoir livré" matched "a livré")."""
    return trigger.trigger is not None and trigger.last - trigger.first > len(alias_key(trigger.trigger.phrase))


def _actors_in(entities: list[Entity], cues: list[Hit], ws: list[Word], here: set[int], wpos,
               ctx: ArticleContext) -> tuple[list[tuple], bool, Entity | None]:
    """[(actor, is_recipient, word, is_source)] named in the words `here`, whether any was named, and
    the speaker of a first-person quote."""
    recipients = {q.last for q in cues if q.kind == "recipient" and q.first in here}
    sources = {q.last for q in cues if q.kind == "report" and ws[q.first].norm in SOURCE_WORDS}
    out: list[tuple[str, bool]] = []
    for e in entities:
        if e.actor is None or e.place or e.type == "system":
            continue
        w = wpos(e.start)
        if w not in here:
            continue
        if (w > 0 and ws[w - 1].norm.startswith(ADVERSARY)) or (w + 1 < len(ws) and e.form == "adjective"
                                                                 and ws[w + 1].norm.startswith(ADVERSARY)):
            continue  # "against Russia", "l'agression russe": the enemy, not a party
        if any(0 <= w - last <= 2 for last in sources):
            continue  # "according to South Korean intelligence": a source, not a party
        if e.type == "organization" and any(ws[k].norm in INSTRUMENT for k in range(max(0, w - 2), w)):
            continue  # "through a European Union loan": the channel, not a party
        if e.type == "organization" and _membership(ws, w, wpos(e.end - 1)):
            continue  # "the first NATO country", "EU member states", "країною НАТО": a label, not a party
        # "to Ukraine", "à l'Ukraine": the marker stands just before (an article may sit between)
        out.append((e.actor, w in recipients or (w - 1) in recipients or _dative(e, ws, w, ctx.language), w,
                    w > 0 and ws[w - 1].norm in GIVER_MARKERS))
    speaker = None
    first_person = FIRST_PERSON.get(ctx.language, set())
    if any(ws[i].norm in first_person for i in here):
        speaker = _speaker(ctx, ws[min(here)].start if here else 0)
        if speaker is not None and speaker.actor:
            out.append((speaker.actor, False, min(here), False))
    named = bool(out)
    return out, named, speaker


# Words for members of a bloc, next to its name ("NATO allies", "pays de l'OTAN", "państwem NATO"), and for
# its meetings and ground
MEMBER_WORDS = ("countr", "member", "ally", "allies", "state", "nation", "pays", "membre", "allié", "staat",
                "mitglied", "verbündet", "partner", "країн", "член", "союзни", "держав", "стран", "государств",
                "paes", "stati", "alleat", "membri", "państw", "kraj", "członk", "sojusznik", "país", "estado",
                "aliad", "miembro",
                # its summit or its territory is a place and a time, not a party ("w przeddzień szczytu NATO")
                "summit", "sommet", "gipfel", "саміт", "саммит", "vertic", "szczyt", "cumbre", "gebiet",
                "territor", "територ", "территор", "obszar")


def _membership(ws: list[Word], first: int, last: int) -> bool:
    near = [ws[k].norm for k in range(max(0, first - 2), first)] + \
        [ws[k].norm for k in range(last + 1, min(len(ws), last + 2))]
    return any(w.startswith(MEMBER_WORDS) for w in near)


def _speaker(ctx: ArticleContext, char: int) -> Entity | None:
    """The official quoted around `char`: the nearest one named before, else the first after."""
    before = [e for e in ctx.officials if e.start <= char]
    if before:
        return before[-1]
    return ctx.officials[0] if ctx.officials else None


def _order_actors(action: str, found: tuple[list[tuple], bool, Entity | None], ctx: ArticleContext,
                  trigger: int = 0, subjects: set[int] = frozenset(), parsed: bool = False,
                  receive: bool = False, partner: bool = True) -> list[str]:
    """Actors in order: for pledge, deliver and fund the giver first: a state in the grammatical subject
    or marked "from", else the state named nearest before the trigger ("France's commitment"),
    recipients last. With one state named, the article's other main state is its `partner`, unless the
    clause names a company as the other party."""
    pairs = found[0]
    if not pairs:
        return list(ctx.main_actors)
    if action in GIVER_FIRST:
        first_named = min((p[2] for p in pairs if not p[1] and not p[3]), default=None)

        def rank(p: tuple) -> tuple:
            actor, recipient, word, source = p
            if receive:  # "Ukraine received IRIS-T from Germany": the subject is the recipient
                taker = word in subjects if subjects else word == first_named
                return (0, word) if source else (2, word) if (taker or recipient) else (1, word)
            if source or word in subjects:
                return (0, word)
            if recipient:
                return (3, word)
            if parsed and word <= trigger:  # "she reaffirmed France's commitment": nearest before
                return (1, trigger - word)
            return (2, word)  # without a parse: the first named (the subject in SVO and V2 order)
        actors = unique(p[0] for p in sorted(pairs, key=rank))
    else:
        actors = unique(p[0] for p in pairs)
    if len(actors) == 1 and action in BILATERAL and partner:
        other = next((a for a in ctx.main_actors if a != actors[0]), None)
        if other is not None:
            if action in GIVER_FIRST and all(p[1] for p in pairs):  # the one named is the recipient
                actors = [other] + actors
            else:
                actors.append(other)
    return actors


def _date_for(trigger: Hit, dates: list[DateMention], here: set[int], wpos, cues: list[Hit],
              ctx: ArticleContext, told: str | None = None) -> tuple[str | None, bool]:
    usable = [d for d in dates if ctx.published is None or d.value <= ctx.published]
    in_clause = [d for d in usable if wpos(d.start) in here]
    # "since August 2023" dates an ongoing act only when nothing more precise is told
    pool = [d for d in in_clause if not d.since] or [d for d in usable if not d.since] or in_clause
    if pool:
        best = min(pool, key=lambda d: abs(wpos(d.start) - trigger.first))
        return best.value, True
    if any(q.kind == "past" for q in cues):
        return None, False
    if told is not None:
        return told, False
    return ctx.event_day or ctx.published, False
