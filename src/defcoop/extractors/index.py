"""Compiled lookups for one language: entity aliases, role phrases, triggers and cues.

Built once per (gazetteer, language) from the loaded data and shared by every component and by the fast
pre-scan, so one article is never matched twice.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, replace
from functools import lru_cache
from itertools import accumulate
from typing import NamedTuple

from .gazetteer import (
    Gazetteer,
    LanguageData,
    Trigger,
    cache_key,
    disk_cache_get,
    disk_cache_put,
    gazetteer_dirs,
    load_gazetteer,
    surface_forms,
)
from .lemmas import load_lemmas
from .model import MentionSource, MentionType
from .text import (
    Declension,
    Match,
    PhraseMatcher,
    Word,
    alias_key,
    ends_of,
    leftmost,
    related_pattern,
    starts_of,
    words,
)

# Cues whose meaning is in the word form, not the lexeme: "would" and "sarebbe" are hypothetical, "is"
# and "è" are not, so these never match another form of their words' lemma
FORM_CUES = frozenset({"hypothetical", "possible", "intention", "past"})
TRIGGER_GAP = 2  # words that may stand inside a multi-word trigger ("have also agreed on")
ENTITY_TYPES = {"systems": "system", "officials": "official", "states": "country",
                "organizations": "organization"}
_CURRENCY_SIGN = re.compile(r"[$€£¥₴₽₹]")


@dataclass(frozen=True, slots=True)
class Entity:
    type: MentionType
    id: str
    name: str
    form: str  # name | adjective | capital
    start: int
    end: int
    text: str
    source: MentionSource = "gazetteer"
    actor: str | None = None  # the state or body this mention makes an actor, if any
    place: bool = False  # a capital used as a place


@dataclass(frozen=True, slots=True)
class Hit:
    """A trigger or cue found in the text."""
    kind: str  # an action, or a cue name
    start: int
    end: int
    first: int  # word index
    last: int
    trigger: Trigger | None = None
    by_lemma: bool = False  # met by another form of a lexicon word ("commandait" for "commandé")

    def shifted(self, words: int) -> Hit:
        """The same hit with word indexes counted from `words` on (sentence-relative)."""
        return replace(self, first=self.first - words, last=self.last - words)


def inflection_mode(language: str) -> str:
    """Entity aliases decline the same way in every language but Polish and German (text.py)."""
    return language if language in ("pl", "de") else "any"


_entity_matchers: dict[tuple[int, str], PhraseMatcher] = {}


def _cached(gaz: Gazetteer, name: str, build) -> PhraseMatcher:
    """A matcher from the disk cache when the gazetteer files and the matching code are unchanged.
    Building the entity trie costs about 0.25 s a process; loading it, a few hundredths."""
    from . import text

    key = cache_key(gaz.files, text.__file__, __file__) + "-" + name
    found = disk_cache_get("matcher", key)
    if isinstance(found, PhraseMatcher):
        return found
    matcher = build()
    disk_cache_put("matcher", key, matcher)
    return matcher


class EntityPayload(NamedTuple):
    """What an alias in the entity matcher stands for."""

    type: str  # system | official | country | organization | none (a state's `not_names`)
    id: str
    form: str  # name | adjective | capital
    ambiguous: bool  # an ordinary word too ("Hammer"): needs a weapon word near


NOT_AN_ENTITY = EntityPayload("none", "", "", False)  # payload of a state's `not_names`


def _entity_matcher(gaz: Gazetteer, mode: str) -> PhraseMatcher:
    """One entity matcher per gazetteer and inflection mode, shared by the languages that use it."""
    key = (id(gaz), mode)
    if key not in _entity_matchers:
        _entity_matchers[key] = _cached(gaz, f"entities-{mode}", lambda: _build_entities(gaz, mode))
    return _entity_matchers[key]


def declension(gaz: Gazetteer) -> Declension:
    """Case endings by script, from the language files: Cyrillic aliases take the Ukrainian and Russian
    endings in every language; Latin aliases take the Polish ones in Polish text."""
    langs = gaz.languages
    cyrillic = "".join(sorted({c for k in ("uk", "ru") if k in langs for c in langs[k].declension}))
    vowels = "".join(sorted({c for d in langs.values() for c in d.stem_vowels}))
    return Declension(cyrillic=cyrillic, polish=langs["pl"].declension if "pl" in langs else "", stem_vowels=vowels)


def _build_entities(gaz: Gazetteer, mode: str) -> PhraseMatcher:
    matcher = PhraseMatcher(None if mode == "any" else mode, declension=declension(gaz))
    for kind in ("systems", "officials", "organizations", "states"):  # priority on shared aliases
        for item in getattr(gaz, kind).values():
            for alias, form in surface_forms(kind, item):
                payload = EntityPayload(ENTITY_TYPES[kind], item.id, form, alias in getattr(item, "ambiguous", ()))
                matcher.add(alias, payload, exact=alias in item.case_sensitive)
    for state in gaz.states.values():  # "Latin America" is longer than "America", and names no state
        for phrase in state.not_names:
            matcher.add(phrase, NOT_AN_ENTITY, case="any")
    return matcher


def tense_bound(triggers: list[Trigger], lemmas: dict[str, str]) -> set[Trigger]:
    """Pledges told by a verb form whose lemma also tells another act: "передасть" (will hand over) is a
    pledge, "передав" (handed over) a delivery, so other forms of "передати" must not meet the pledge."""
    other = {lemmas[w] for t in triggers if t.action != "pledge" for w in alias_key(t.phrase) if w in lemmas}
    return {t for t in triggers if t.action == "pledge" and any(lemmas.get(w) in other for w in alias_key(t.phrase))}


class LanguageIndex:
    """Everything compiled for one language: its entity, role, trigger and cue matchers and word lists."""

    def __init__(self, gaz: Gazetteer, language: str, lemmas: dict[str, str] | None = None) -> None:
        """`lemmas` (lemmas.py) lets trigger and cue words meet the other forms of their lemma."""
        self.gaz = gaz
        self.language = language
        # a language with no language file has no lexicon either (the loader checks): entities only
        self.lang: LanguageData = gaz.languages.get(language) or empty_language(language)
        self.related = related_pattern(gaz.read_also)
        self.abbreviations = gaz.abbreviations
        self.entities = _entity_matcher(gaz, inflection_mode(language))
        # pairs of states in armed conflict (states.yaml `adversaries`): a "fact" joining them is fighting
        self.hostile = {frozenset((s.id, o)) for s in gaz.states.values() for o in s.adversaries}
        decl = declension(gaz)
        self.roles = PhraseMatcher(language, declension=decl)
        for role, by_lang in gaz.roles.items():
            for phrase in by_lang.get(language, []):
                self.roles.add(phrase, role, case="any")
        lex = gaz.lexicons.get(language)
        self.has_lexicon = lex is not None
        self.triggers = PhraseMatcher(language, gap=TRIGGER_GAP, declension=decl, lemmas=lemmas,
                                      gap_blockers=self.lang.gap_blockers, clause_closers=self.lang.clause_closers)
        self.cues = PhraseMatcher(language, declension=decl, clause_closers=self.lang.clause_closers, lemmas=lemmas)
        if lex is not None:
            tensed = tense_bound(lex.triggers, lemmas or {})
            for trig in lex.triggers:
                self.triggers.add(trig.phrase, trig, wildcard=True, case="any", by_lemma=trig not in tensed)
            for cue, phrases in lex.cues.items():
                for phrase in phrases:
                    if cue == "ignore":  # "dostawców" (suppliers) wins over "dostaw*" and is dropped
                        self.triggers.add(phrase, IGNORED, wildcard=True, case="any")
                    else:
                        self.cues.add(phrase, cue, wildcard=True, case="any", by_lemma=cue not in FORM_CUES)
        # first words of office titles ("minister", "ministre", "Verteidigungsminister" ...): a clause
        # that names someone by office has an acting party even without a name
        titles = {w.casefold() for w in gaz.roles.get("title", {}).get(language, []) if " " not in w}
        self.title_stems: tuple[str, ...] = tuple(sorted({t[:7] for t in titles if len(t) >= 5}))
        # what people.find_people needs for every article, gathered once
        self.declension = decl
        self.office_phrases = tuple(p for phrases in gaz.roles.values() for p in phrases.get(language, []))
        self.companies = frozenset(o.id for o in gaz.organizations.values() if o.type == "company")
        self.name_stops = frozenset(self.lang.prepositions | self.lang.definite | self.lang.place_words)

    # -- entities ---------------------------------------------------------------------------

    def find_entities(self, text: str, ws: list[Word] | None = None, offset: int = 0,
                      cues: list[Match] | None = None) -> list[Entity]:
        """`cues`: what `self.cues.scan_all(ws)` found, when the caller has it already."""
        ws = words(text) if ws is None else ws
        matches = self.entities.scan(ws)
        # the cue scan is only needed to check ambiguous aliases ("Hammer"), rare in most articles
        weapon_words = self._cue_word_ranges(ws, "weapon_nouns", cues) \
            if any(m.payload.ambiguous for m in matches) else []
        out: list[Entity] = []
        # an ambiguous alias ("Arjun", "Emad") is a system next to a weapon word or an unambiguous system,
        # never on the word of another ambiguous one
        system_idx = [m.first for m in matches if m.payload.type == "system" and not m.payload.ambiguous]
        # a system named without doubt anywhere in the text vouches for its ambiguous aliases: after
        # "Eurofighter Typhoon", a bare "Typhoon" is the jet
        sure = {m.payload.id for m in matches if m.payload.type == "system" and not m.payload.ambiguous}
        for m in matches:
            if m.payload == NOT_AN_ENTITY:
                continue
            if m.payload.ambiguous and m.payload.id not in sure and not self._near_weapon(m, weapon_words, system_idx):
                continue
            if _CURRENCY_SIGN.search(text, m.start, m.end):
                continue  # "A$10 billion" is money, not the A-10
            out.append(self._entity(m, ws, text, offset))
        return out

    def _entity(self, m: Match, ws: list[Word], text: str, offset: int) -> Entity:
        etype, eid, form = m.payload.type, m.payload.id, m.payload.form
        gaz = self.gaz
        place = False
        if etype == "system":
            name, actor = gaz.systems[eid].name, None
        elif etype == "official":
            name, actor = gaz.officials[eid].name, gaz.officials[eid].country
        elif etype == "organization":
            org = gaz.organizations[eid]
            name, actor = org.name, org.actor
        else:
            name, actor = gaz.states[eid].name, eid
            if form in ("capital", "name") and m.first > 0:
                place = self._is_place(form, ws[m.first - 1].norm, ws[m.last - 1].norm)
        start, end = m.start, m.end
        return Entity(etype, eid, name, form, start + offset, end + offset, text[start:end],
                      actor=actor, place=place)

    def _is_place(self, form: str, prev: str, word: str) -> bool:
        """A capital after a place preposition is where, not who ("in Kyiv", "à Paris", "у Києві"; but "у
        Тегерана": from whom); a state after "in" is a place too ("en Ucrania", "w Ukrainie", "в Україні";
        but "в Україну" is "to")."""
        lang = self.lang
        locative = prev in lang.locative_prepositions
        if form == "capital":
            return prev in lang.place_words and not (locative and word.endswith(lang.genitive_endings))
        return prev in lang.in_country or (locative and word.endswith(lang.locative_endings))

    def _cue_word_ranges(self, ws: list[Word], cue: str, every: list[Match] | None = None) -> list[int]:
        found = self.cues.scan(ws) if every is None else leftmost(every)
        return [m.first for m in found if m.payload == cue]

    @staticmethod
    def _near_weapon(m: Match, weapon_words: list[int], system_idx: list[int]) -> bool:
        near = [i for i in weapon_words + system_idx if i != m.first]
        return any(m.first - 3 <= i <= m.last + 2 for i in near)

    # -- triggers and cues ------------------------------------------------------------------

    def find_hits(self, ws: list[Word], text: str = "", offset: int = 0,
                  cues: list[Match] | None = None) -> tuple[list[Hit], list[Hit]]:
        """Triggers (longest, non-overlapping) and cues found in `ws`; `text` is what the words' offsets
        index, where amounts of money are found; `cues`: `self.cues.scan_all(ws)`, when the caller has it."""
        triggers = [Hit(m.payload.action, m.start + offset, m.end + offset, m.first, m.last, m.payload, m.by_lemma)
                    for m in self.triggers.scan(ws) if m.payload != IGNORED]
        if ws and text:
            triggers += _money_hits(ws, text, offset, triggers)
            triggers.sort(key=lambda t: t.first)
        hits = [Hit(m.payload, m.start + offset, m.end + offset, m.first, m.last, by_lemma=m.by_lemma)
                for m in (self.cues.scan_all(ws) if cues is None else cues)]
        return triggers, hits

    def role_matches(self, ws: list[Word]) -> list[Match]:
        return self.roles.scan(ws)


# Every part is bounded, so the pattern runs in linear time whatever the text (on a pasted table of
# numbers it took minutes): a run of digits, spaces and separators is read once, never given back, up
# to _RUN_MAX characters (a longer run is a table, not one amount), and a declined word takes up to
# _ENDING_MAX letters after its stem. On ordinary text it finds exactly what the unbounded pattern found.
_RUN_MAX = 100
_ENDING_MAX = 20
_RUN = r"[\d\s.,']"
_ENDING = rf"\w{{0,{_ENDING_MAX}}}"
_WORD_START = r"(?<![^\W\d_])"  # a currency or number word starts a word ("Constituyen un" holds no "yen un")
_NUMBER_WORDS = ("one|two|three|four|five|ten|un|une|deux|trois|quatre|cinq|dix|ein|eine|zwei|drei|vier|fünf|zehn|"
                 "uno|una|due|tre|dos|tres|cuatro|diez|dwa|dwie|trzy|pięć|dziesięć|один|одна|два|дві|три|чотири|"
                 "п'ять|десять|две|пять")
_NUMBER = rf"(?:\d{_RUN}{{0,{_RUN_MAX}}}+|{_WORD_START}(?:{_NUMBER_WORDS}))"
_SCALE = (r"(?:million|millions|billion|billions|bn|mn|m|milliard|milliards|mrd|mio|milliarde|milliarden|"
          rf"millionen|мільйон{_ENDING}|мільярд{_ENDING}|млн|млрд|миллион{_ENDING}|миллиард{_ENDING}|milione|"
          rf"milioni|miliardo|miliardi|mln|mld|mld\.|milion{_ENDING}|miliard{_ENDING}|millón|millones|"
          r"mil millones|tys\.?)")
_CURRENCY_WORDS = (rf"euros?|eur|dollars?|usd|pounds?|sterling|доларів|долар{_ENDING}|долларов|доллар{_ENDING}|"
                   rf"євро|евро|гривень|грн|рублей|руб{_ENDING}|zł|złotych|złote|dolarów|dolary|dólares|kronor|"
                   rf"kroner|крон{_ENDING}|sek|dkk|nok|shekels?|yen|won|francs?")
_CURRENCY = rf"(?:€|\$|£|{_WORD_START}(?:{_CURRENCY_WORDS}))"
# Where an amount may start: a sign, a digit, or the first letter of a number or currency word at the
# start of a word. Said first, it spares the engine trying the two branches below at every other
# character (most of a page); it rules out nothing they could match.
_FIRST_LETTERS = "".join(sorted({w[0] for w in f"{_NUMBER_WORDS}|{_CURRENCY_WORDS}".split("|")}))
_AMOUNT_START = rf"(?=[€$£\d]|{_WORD_START}[{_FIRST_LETTERS}])"
# After a currency, an amount may end before the last separator of its run when what follows the whole
# run is no amount ("$5 millionaires" holds "$5"): the run above never gives characters back, so
# this branch takes that shorter reading.
_CUT_NUMBER = rf"\d{_RUN}{{0,{_RUN_MAX - 1}}}(?=[\s.,'])"
# An amount of money ("€90 billion", "deux milliards d'euros", "1,1 Milliarden Euro", "100 мільйонів
# доларів"): a funding fact when nothing else in the sentence is a cooperation act.
MONEY = re.compile(
    rf"{_AMOUNT_START}(?:{_CURRENCY}\s?(?:{_NUMBER}\s?{_SCALE}?|{_CUT_NUMBER})"
    rf"|{_NUMBER}\s?{_SCALE}\.?\s?(?:d['’]\s?|de\s|di\s)?(?:[^\W\d_]{{3,20}}\s)?{_CURRENCY})"
    r"(?![\w])", re.IGNORECASE)
MONEY_TRIGGER = Trigger("fund", "<amount of money>", False, False)
IGNORED = Trigger("ignore", "<a word that looks like a trigger>", False, False)  # the `ignore` cue


def _money_hits(ws: list[Word], text: str, offset: int, triggers: list[Hit]) -> list[Hit]:
    """Amounts of money in `text` that overlap no trigger, as `fund` hits. Words and triggers are found
    by bisection, so a page of amounts costs no more than its length."""
    starts, ends = starts_of(ws), ends_of(ws)
    firsts = [t.first for t in triggers]  # the scan gives triggers in word order
    reach = list(accumulate((t.last for t in triggers), max))  # a split verb may hold later triggers
    hits = []
    for mm in MONEY.finditer(text):
        a, b = mm.start(), mm.end()
        first = bisect_right(ends, a)  # the first word ending after the amount starts
        if first == len(ws):
            continue
        last = bisect_left(starts, b)  # one past the last word starting inside it
        k = bisect_left(firsts, last)
        if not (k and reach[k - 1] > first):
            hits.append(Hit("fund", a + offset, b + offset, first, last, MONEY_TRIGGER))
    return hits


@lru_cache(maxsize=32)
def _index(gaz_key: int, language: str, extra: tuple[str, ...]) -> LanguageIndex:
    return LanguageIndex(load_gazetteer(extra), language, load_lemmas(language, gazetteer_dirs(extra)))


def language_index(language: str, extra_dirs: tuple[str, ...] = ()) -> LanguageIndex:
    gaz = load_gazetteer(extra_dirs)
    return _index(id(gaz), language, extra_dirs)


def empty_language(language: str) -> LanguageData:
    """No word lists, for a language defcoop has no files for: its articles give entities, no facts."""
    none: frozenset[str] = frozenset()
    return LanguageData(language, False, False, **dict.fromkeys(  # type: ignore[arg-type]  # word lists only
        ("anaphora", "definite", "referring_articles", "possessives", "ordinals", "after", "setting",
         "first_person", "clause_openers", "relative", "coordinators", "joint_words", "channel_words",
         "giver_markers", "source_words", "complement_words", "prepositions", "place_words", "in_country",
         "locative_prepositions", "gap_blockers", "clause_closers", "abbreviations"), none),
        joint_stems=(), adversary_stems=(), member_stems=(), read_also=(), weapon_nouns=(), dative_endings=(),
        infinitive_endings=(), locative_endings=(), genitive_endings=(), declension="", stem_vowels="")
