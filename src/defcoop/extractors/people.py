"""People named next to an office title that no gazetteer knows ("Defense Minister <Name>", "ministre de la
Défense <Name>", "<Name>, secrétaire d'État", "міністром оборони <Ім'ям Прізвищем>").

A plain function over the words of an article (no spaCy): the title phrases come from roles.yaml, the
entities already found mark what is no new name (a state, an organisation, a known official). The name
is given as the gold convention wants it: Latin script (Cyrillic transliterated), the family name in the
nominative when the title shows the case it stands in ("полковника Александра Беляева" -> "Aleksandra
Belyaev"; only the last word, which is what names are matched on, is put back in the nominative).
A later bare family name of a person found so ("..., said Sidhu") is that person too.

The script and case tables below are small typed records, one per language; they belong with the
per-language word lists in gazetteers/languages/ once that loader has keys for them.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

from .index import Entity
from .text import Declension, Match, PhraseMatcher, Word, alias_key, starts_of

MAX_GAP = 3  # words that may stand between a title and its name ("minister of foreign affairs of Mali X")
MAX_NAME = 4  # words of a name, initials and particles included
# what may stand between the words of one name: "Jong-gun", "O'Neil"; after an initial also "O. Sandvik"
_BETWEEN_NAME_WORDS = re.compile(r"[ \u00a0]|[ \u00a0]?-[ \u00a0]?|['’ʼ]")
_AFTER_INITIAL = re.compile(r"\.[ \u00a0]?")
_COMMA = re.compile(r"\s*,\s*")
_CLAUSE_BREAK = re.compile(r"[.!?;:()\[\]«»\"“”]|\n")
_COMPANY_WORDS = frozenset({"co", "inc", "ltd", "corp", "corporation", "gmbh", "ag", "sa", "spa", "llc", "plc",
                            "group"})  # "General Electric Co" is no general


@dataclass(frozen=True, slots=True)
class NameForms:
    """How a language writes personal names: particles inside them, the Latin spelling of its Cyrillic
    letters, and the endings a family name takes after a title in an oblique case."""

    particles: frozenset[str] = frozenset()
    cyrillic: Mapping[str, str] | None = None  # letter -> Latin; None: the language is written in Latin script
    title_cases: tuple[tuple[str, str], ...] = ()  # ending of the title word -> case, longest first
    surname_endings: Mapping[str, tuple[tuple[str, str], ...]] | None = None  # case -> (ending, nominative)


_LATIN_PARTICLES = frozenset({"de", "da", "di", "del", "della", "van", "von", "der", "den", "du", "le", "la",
                              "bin", "ibn", "al", "el", "ben", "dos", "das", "zu", "ter", "ten", "mac"})
_COMMON_CYRILLIC = {"а": "a", "б": "b", "в": "v", "д": "d", "е": "e", "ж": "zh", "з": "z", "й": "i", "к": "k",
                    "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u",
                    "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ю": "yu", "я": "ya",
                    "ь": "", "ʼ": "", "'": "", "’": ""}
_UK_CYRILLIC = {**_COMMON_CYRILLIC, "г": "h", "ґ": "g", "и": "y", "і": "i", "ї": "i", "є": "ie"}
_RU_CYRILLIC = {**_COMMON_CYRILLIC, "г": "g", "и": "i", "ы": "y", "э": "e", "ё": "e", "ъ": "", "е": "e"}
# a title word with these endings (its phrase word has none) stands in that case: the name after it too
_SLAVIC_TITLE_CASES = (("ові", "dat"), ("еві", "dat"), ("ому", "dat"), ("ом", "ins"), ("ем", "ins"), ("єм", "ins"),
                       ("ого", "gen"), ("а", "gen"), ("я", "gen"), ("у", "dat"), ("ю", "dat"))
_CYRILLIC_SURNAMES = {
    "gen": (("ського", "ський"), ("ского", "ский"), ("цького", "цький"), ("цкого", "цкий"), ("енка", "енко"),
            ("ова", "ов"), ("ева", "ев"), ("єва", "єв"), ("іна", "ін"), ("ина", "ин"), ("ына", "ын"), ("а", ""),
            ("я", ""), ("ы", "а"), ("и", "а")),  # the last two: family names in -а ("Гойты", "Майги")
    "dat": (("ському", "ський"), ("скому", "ский"), ("енку", "енко"), ("ові", ""), ("еві", ""), ("у", ""), ("ю", "")),
    "ins": (("ським", "ський"), ("ским", "ский"), ("енком", "енко"), ("овим", "ов"), ("евим", "ев"), ("іним", "ін"),
            ("ым", ""), ("ом", ""), ("ем", ""), ("єм", "")),
}
_POLISH_TITLE_CASES = (("owi", "dat"), ("em", "ins"), ("iem", "ins"), ("a", "gen"))
_POLISH_SURNAMES = {
    "gen": (("skiego", "ski"), ("ckiego", "cki"), ("dzkiego", "dzki"), ("a", "")),
    "dat": (("skiemu", "ski"), ("ckiemu", "cki"), ("owi", ""), ("ewi", "")),
    "ins": (("skim", "ski"), ("ckim", "cki"), ("iem", ""), ("em", "")),
}
FORMS: dict[str, NameForms] = {
    "en": NameForms(_LATIN_PARTICLES), "fr": NameForms(_LATIN_PARTICLES), "de": NameForms(_LATIN_PARTICLES),
    "it": NameForms(_LATIN_PARTICLES), "es": NameForms(_LATIN_PARTICLES),
    "pl": NameForms(_LATIN_PARTICLES, None, _POLISH_TITLE_CASES, _POLISH_SURNAMES),
    "uk": NameForms(_LATIN_PARTICLES, _UK_CYRILLIC, _SLAVIC_TITLE_CASES, _CYRILLIC_SURNAMES),
    "ru": NameForms(_LATIN_PARTICLES, _RU_CYRILLIC, _SLAVIC_TITLE_CASES, _CYRILLIC_SURNAMES),
}


NO_DECLENSION = Declension()


@dataclass(frozen=True, slots=True)
class Person:
    """A name found next to a title: word indexes (end exclusive) and the case its title shows."""

    first: int
    last: int
    case: str | None


def find_people(text: str, ws: Sequence[Word], language: str, titles: Iterable[str], *,
                known: Sequence[Entity] = (), companies: Collection[str] = (),
                function_words: Collection[str] = (), declension: Declension = NO_DECLENSION) -> list[Entity]:
    """Officials named next to an office title and unknown to the gazetteers, as `Entity` records of type
    "official" with source "title" and no id.

    `titles` are the `title` phrases of roles.yaml for the language (the other roles' phrases may be
    added, so that "minister of defence" is one title); `known` are the entities found before (their
    words are never part of a new name, and a title next to a known official is that official's);
    `companies` are the ids of organisations that are companies (a title of theirs is no office);
    `function_words` are the language's articles and prepositions (a capitalised word after "de" is a
    ministry, "in San Diego" a place); `declension` gives declined titles ("міністром", "ministrem").
    A language without name forms gets no person."""
    forms = FORMS.get(language)
    if forms is None or not ws:
        return []
    phrases = _title_phrases(tuple(titles))
    matcher = _title_matcher(phrases, language, declension)
    ctx = _Context(text, ws, _owners(ws, known), _office_words(phrases), frozenset(function_words), forms)
    firms = [i for i, e in ctx.owner.items() if e.type == "organization" and e.id in companies]
    found: dict[tuple[int, int], Person] = {}
    for m in matcher.scan(list(ws)):
        for person in (_after(ctx, m), _before(ctx, m)):
            if person is not None and not any(min(m.first, person.first) - 3 <= i < max(m.last, person.last) + 3
                                              for i in firms):
                found.setdefault((person.first, person.last), person)
    people = [(p, _entity(text, ws, p, forms)) for p in sorted(found.values(), key=lambda p: p.first)]
    return [e for _, e in people] + _later_mentions(ws, people, set(ctx.owner))


@lru_cache(maxsize=32)
def _title_phrases(titles: tuple[str, ...]) -> tuple[str, ...]:
    """The title phrases, sorted, without repeats or blanks: the same for every article of a language."""
    return tuple(sorted({t for t in titles if t.strip()}))


@lru_cache(maxsize=32)
def _title_matcher(phrases: tuple[str, ...], language: str, declension: Declension) -> PhraseMatcher:
    matcher = PhraseMatcher(language, declension=declension)
    for phrase in phrases:
        matcher.add(phrase, phrase, wildcard=False, case="any")
    return matcher


@lru_cache(maxsize=32)
def _office_words(phrases: tuple[str, ...]) -> frozenset[str]:
    """Words of the title phrases: a capitalised "Defence" or "Verteidigung" after a title is no name."""
    return frozenset(w for p in phrases for w in alias_key(p) if len(w) > 2)


@dataclass(frozen=True, slots=True)
class _Context:
    """What every look-up around a title needs."""

    text: str
    ws: Sequence[Word]
    owner: dict[int, Entity]  # word index -> the known entity over it
    office: frozenset[str]
    function_words: frozenset[str]
    forms: NameForms


def _owners(ws: Sequence[Word], known: Sequence[Entity]) -> dict[int, Entity]:
    """Word index -> the known entity over that word (by bisection on the word starts)."""
    starts = starts_of(ws)
    owner: dict[int, Entity] = {}
    for e in sorted(known, key=lambda e: (e.start, e.end)):
        i = max(0, bisect_right(starts, e.start) - 1)
        while i < len(ws) and ws[i].start < e.end:
            if e.start < ws[i].end:
                owner.setdefault(i, e)
            i += 1
    return owner


def _after(c: _Context, m: Match) -> Person | None:
    """The name that follows a title, across up to MAX_GAP lower-case words or known states and
    organisations ("the Norwegian minister X", "міністр оборони Норвегії X"), never across a clause
    break, a known official (the title is theirs) or a function word ("ministro de Cooperación")."""
    ws, j = c.ws, m.last
    for _ in range(MAX_GAP + 1):
        if j >= len(ws) or _CLAUSE_BREAK.search(c.text, ws[j - 1].end, ws[j].start):
            return None
        w, owner = ws[j], c.owner.get(j)
        if owner is not None and owner.type in ("official", "system"):
            return None
        if owner is None and _capitalised(w) and w.norm not in c.office:
            break
        if not (owner is not None or w.text.islower() or w.text.isupper() or w.norm in c.office):
            return None
        j += 1
    else:
        return None
    if j > m.last and ws[j - 1].norm in c.function_words:
        return None
    last = _name_end(c, j)
    if last - j < 2:
        return None
    return Person(j, last, _title_case(ws[m.first:m.last], m.payload, c.forms) or _name_case(ws[j], c.forms))


def _before(c: _Context, m: Match) -> Person | None:
    """The name before ", title, state" ("Gijs Tuinman, secrétaire d'État néerlandais"): a run of
    capitalised words that ends at the comma, not after a function word ("in San Diego, Prime Minister
    ..."), with a state or body named just after the title."""
    ws, end = c.ws, m.first
    if end == 0 or not _COMMA.fullmatch(c.text, ws[end - 1].end, ws[end].start):
        return None
    first = end
    while first > 0 and end - first < MAX_NAME:
        k = first - 1
        joined = k == end - 1 or _joined(c.text, ws[k], ws[k + 1])
        if k in c.owner or not joined or not _name_word(ws[k], c):
            break
        first = k
    while first < end and (ws[first].norm in c.forms.particles or ws[first].norm in c.function_words):
        first += 1
    if end - first < 2 or not _capitalised(ws[first]):
        return None
    if first > 0 and ws[first - 1].norm in c.function_words:
        return None
    if not any(_party(c.owner.get(k)) for k in range(m.last, min(len(ws), m.last + MAX_GAP + 1))):
        return None  # "X, envoyée spéciale à Dubaï" is a reporter; "X, secrétaire d'État néerlandais" an official
    return Person(first, end, None)


def _party(e: Entity | None) -> bool:
    """A state or body named as such (not a place) makes the title before it an office."""
    return e is not None and e.type in ("country", "organization") and not e.place


def _name_end(c: _Context, j: int) -> int:
    """Index after the last word of the name starting at j: capitalised words, initials ("O."), and
    particles between them ("bin", "van der"), joined by spaces, hyphens or apostrophes."""
    ws, last = c.ws, j
    while last < len(ws) and last - j < MAX_NAME and last not in c.owner and _name_word(ws[last], c):
        if last > j and not _joined(c.text, ws[last - 1], ws[last]):
            break
        last += 1
    while last > j and (ws[last - 1].norm in c.forms.particles or _initial(c.text, ws[last - 1])):
        last -= 1  # a name ends on a family name, not on "van" or "O."
    return last


def _name_word(w: Word, c: _Context) -> bool:
    if w.norm in c.forms.particles:
        return True
    return _capitalised(w) and w.norm not in c.office and w.norm not in _COMPANY_WORDS


def _capitalised(w: Word) -> bool:
    """An initial capital and not all capitals (acronyms such as "NATO", "МВС" are no names)."""
    return w.text[:1].isupper() and (len(w.text) == 1 or not w.text.isupper())


def _joined(text: str, a: Word, b: Word) -> bool:
    """Two words of one name: a space, hyphen or apostrophe between them, or a full stop after an initial."""
    if _BETWEEN_NAME_WORDS.fullmatch(text, a.end, b.start):
        return True
    return len(a.text) == 1 and _AFTER_INITIAL.fullmatch(text, a.end, b.start) is not None


def _initial(text: str, w: Word) -> bool:
    return len(w.text) == 1 and text[w.end:w.end + 1] == "."


def _title_case(title: Sequence[Word], phrase: str, forms: NameForms) -> str | None:
    """The case the first declined word of a title shows ("міністром": instrumental, "премьер-министра":
    genitive), None when every word has its dictionary form."""
    if not forms.title_cases:
        return None
    for w, base in zip(title, alias_key(phrase), strict=False):
        if w.norm != base:
            return next((case for ending, case in forms.title_cases if w.norm.endswith(ending)), None)
    return None


def _name_case(first: Word, forms: NameForms) -> str | None:
    """A given name in the instrumental ("Василем", "Petrem") puts the family name there too, whatever
    the title ("заступником глави МЗС Василем Боднарем")."""
    if forms.surname_endings is None or len(first.norm) < 4:
        return None
    return "ins" if first.norm.endswith(("ем", "ом", "єм", "em")) else None


def _entity(text: str, ws: Sequence[Word], p: Person, forms: NameForms) -> Entity:
    start, end = ws[p.first].start, ws[p.last - 1].end
    return Entity("official", "", canonical_name(text[start:end], forms, p.case), "name", start, end,
                  text[start:end], source="title")


def canonical_name(surface: str, forms: NameForms, case: str | None = None) -> str:
    """The name in Latin script, its last word in the nominative when `case` says it is declined."""
    parts = re.sub(r"(?<=\b\w)\.(?=\w)", ". ", surface).split()  # "А.Гойты" -> "А. Гойты"
    if case is not None and forms.surname_endings:
        parts[-1] = _nominative(parts[-1], forms.surname_endings.get(case, ()))
    name = " ".join(parts)
    return _transliterate(name, forms.cyrillic) if forms.cyrillic else name


def _nominative(word: str, endings: tuple[tuple[str, str], ...]) -> str:
    low = word.casefold()
    for ending, nominative in endings:
        if low.endswith(ending) and len(low) - len(ending) >= 3:
            return word[:len(word) - len(ending)] + nominative
    return word


def _transliterate(name: str, table: Mapping[str, str]) -> str:
    out = []
    for ch in name:
        low = ch.lower()
        latin = table.get(low)
        if latin is None:
            out.append(ch)
        elif ch != low and latin:
            out.append(latin[0].upper() + latin[1:])
        else:
            out.append(latin)
    return "".join(out)


def _later_mentions(ws: Sequence[Word], people: list[tuple[Person, Entity]], covered: set[int]) -> list[Entity]:
    """A bare family name after the person's full mention ("..., said Sidhu") is that person."""
    if not people:
        return []  # most pages: no title with an unknown name, no word to look at
    by_surname: dict[str, tuple[int, Entity]] = {}
    for person, entity in people:
        by_surname.setdefault(ws[person.last - 1].norm, (person.last, entity))
    taken = {i for p, _ in people for i in range(p.first, p.last)}
    out = []
    for i, w in enumerate(ws):
        hit = by_surname.get(w.norm)
        if hit is None or i < hit[0] or i in covered or i in taken:
            continue
        entity = hit[1]
        out.append(Entity("official", "", entity.name, "name", w.start, w.end, w.text, source="title"))
    return out
