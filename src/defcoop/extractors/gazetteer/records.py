"""The typed records of the gazetteers: systems, officials, states, organisations, lexicons, languages."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

ENV_VAR = "DEFCOOP_GAZETTEERS"

SYSTEM_CATEGORIES = (
    "air defence", "missile", "aircraft", "munition", "artillery", "armour", "drone",
    "electronic warfare", "naval",
)
ROLE_KEYS = (
    "head_of_state", "head_of_government", "deputy_head_of_government", "defence_minister",
    "foreign_minister", "finance_minister", "economy_minister", "industry_minister", "digital_minister",
    "interior_minister", "security_council_secretary", "chief_of_staff_to_head_of_state",
    "chief_of_defence", "service_chief", "military_spokesperson", "ambassador", "secretary_general",
    "commission_president", "council_president", "high_representative", "defence_commissioner", "other",
)
ROLE_PHRASE_KEYS = ROLE_KEYS + ("counterpart", "title")
CUES = (
    "negation", "hypothetical", "possible", "intention", "past", "recipient", "weapon_nouns", "report",
    "receive", "transition", "opinion", "ignore", "value", "attack", "announce",
)
# Offices held for the EU, NATO or the UN rather than for a state
INTERNATIONAL_ROLES = {"secretary_general", "commission_president", "council_president", "high_representative",
                       "defence_commissioner"}
ORG_TYPES = ("alliance", "union", "format", "programme", "agency", "company")
KINDS = ("systems", "officials", "states", "organizations", "roles", "actions", "language")
ACTOR_CODE = re.compile(r"^(?:[A-Z]{2}|EU|NATO|UN)$")
SLUG = re.compile(r"^[a-z0-9][a-z0-9._-]*$")


class GazetteerError(Exception):
    """One or more problems in gazetteer files; `problems` holds one line each."""

    def __init__(self, problems: Sequence[str]) -> None:
        self.problems = list(problems)
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        super().__init__(f"{problems[0]}{more}")


@dataclass(frozen=True, slots=True)
class System:
    id: str
    name: str
    category: str
    origin: tuple[str, ...]
    manufacturer: str
    aliases: tuple[str, ...]
    family: str | None = None
    same_as: tuple[str, ...] = ()
    ambiguous: frozenset[str] = frozenset()
    case_sensitive: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class RolePeriod:
    role: str
    start: str  # YYYY-MM-DD
    end: str | None  # None: still in office

    def covers(self, day: str) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)


@dataclass(frozen=True, slots=True)
class Official:
    id: str
    name: str
    country: str
    aliases: tuple[str, ...]
    roles: tuple[RolePeriod, ...] = ()
    case_sensitive: frozenset[str] = frozenset()
    home: str | None = None  # the state of an EU/NATO/UN official's national offices (Rutte: NL)

    def actor_on(self, day: str | None) -> str:
        """Whom the official acts for that day: Rutte for the Netherlands as prime minister, for NATO as
        secretary general."""
        if self.home is None or day is None:
            return self.country
        held = self.roles_on(day)
        return self.home if held and not set(held) & INTERNATIONAL_ROLES else self.country

    def roles_on(self, day: str | None) -> list[str]:
        if day is None:
            return [r.role for r in self.roles if r.end is None]
        return [r.role for r in self.roles if r.covers(day)]


@dataclass(frozen=True, slots=True)
class State:
    id: str
    name: str
    aliases: tuple[str, ...]
    adjectives: tuple[str, ...]
    capitals: tuple[str, ...]
    case_sensitive: frozenset[str] = frozenset()
    not_names: tuple[str, ...] = ()  # longer phrases holding an alias that name something else ("Latin America")
    adversaries: tuple[str, ...] = ()  # states it is at war with: no cooperation fact joins them


@dataclass(frozen=True, slots=True)
class Organization:
    id: str
    name: str
    type: str
    aliases: tuple[str, ...]
    actor: str | None = None
    country: str | None = None
    case_sensitive: frozenset[str] = frozenset()


class Trigger(NamedTuple):  # a tuple: thousands of them pickle and unpickle fast in the index cache
    action: str
    phrase: str
    frame: bool
    needs_object: bool


@dataclass(slots=True)
class Lexicon:
    language: str
    triggers: list[Trigger] = field(default_factory=list)
    cues: dict[str, list[str]] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class DateWords:
    """How a language tells when (`dates:` of a language file), for dates.py and published.py."""

    months: tuple[tuple[str, int], ...] = ()  # name, short form or case form -> month number
    weekdays: tuple[tuple[str, int], ...] = ()  # -> 0 Monday .. 6 Sunday
    relative: tuple[tuple[str, str, int], ...] = ()  # phrase, unit (d, m, y), shift ("yesterday", d, -1)
    same: tuple[tuple[str, str], ...] = ()  # phrase, unit: the date told before ("the same day", d)
    before_dates: tuple[str, ...] = ()  # a month or year after these is an act's time ("in", "im")
    before_years: tuple[str, ...] = ()  # ... and a year after these ("im Jahr")
    month_of: tuple[str, ...] = ()  # words between those and a month ("in the month of May")
    month_years: tuple[tuple[str, int], ...] = ()  # after a month, its year from the publication's ("of last year", -1)
    since: tuple[str, ...] = ()  # a date after these is a starting point
    ago: str = ""  # a regular expression for "N days ago"
    language_id: frozenset[str] = frozenset()  # the commonest words, to tell the language


@dataclass(frozen=True, slots=True)
class LanguageData:
    """Every word list the rules need for one language (`gazetteers/languages/<lang>.yaml`).

    Words are lower case. A list may be empty where the language has no such words (Ukrainian has no
    articles), but every key must be present: a missing key is an error at load time, never an empty set.
    """

    language: str
    verb_final: bool  # the finite verb closes its clause (German)
    negation_after: bool  # a negation may follow the verb it cancels ("lieferte ... nicht")
    anaphora: frozenset[str]
    definite: frozenset[str]
    referring_articles: frozenset[str]
    possessives: frozenset[str]
    ordinals: frozenset[str]
    after: frozenset[str]
    setting: frozenset[str]
    first_person: frozenset[str]
    clause_openers: frozenset[str]
    relative: frozenset[str]
    coordinators: frozenset[str]
    joint_words: frozenset[str]
    joint_stems: tuple[str, ...]
    adversary_stems: tuple[str, ...]
    channel_words: frozenset[str]
    giver_markers: frozenset[str]
    source_words: frozenset[str]
    complement_words: frozenset[str]
    member_stems: tuple[str, ...]
    prepositions: frozenset[str]
    place_words: frozenset[str]
    in_country: frozenset[str]
    locative_prepositions: frozenset[str]
    gap_blockers: frozenset[str]
    clause_closers: frozenset[str]
    read_also: tuple[str, ...]
    abbreviations: frozenset[str]
    weapon_nouns: tuple[tuple[str, str], ...]  # (stem, system category), categories in file order
    dative_endings: tuple[str, ...]
    infinitive_endings: tuple[str, ...]
    locative_endings: tuple[str, ...]
    genitive_endings: tuple[str, ...]
    declension: str  # letters of the case endings an alias may take
    stem_vowels: str  # final letters cut from an alias to find its stem
    future_ending: str = ""  # a regular expression: a verb form ending so is a simple future ("livrera")
    conditional_ending: str = ""  # ... a conditional ("livrerait")
    dates: DateWords = field(default_factory=lambda: DateWords())

    @property
    def referring(self) -> frozenset[str]:
        """Determiners that make a weapon noun point back to a system named before ("those jets")."""
        return self.anaphora | self.referring_articles


LANGUAGE_WORDS = tuple(f for f in LanguageData.__slots__ if f not in (
    "language", "verb_final", "negation_after", "weapon_nouns", "dative_endings", "infinitive_endings",
    "locative_endings", "genitive_endings", "declension", "stem_vowels", "dates", "future_ending",
    "conditional_ending"))
DATE_KEYS = tuple(DateWords.__slots__)
LANGUAGE_FLAGS = ("verb_final", "negation_after")
LANGUAGE_ENDINGS = ("dative", "infinitive", "locative", "genitive", "future", "conditional", "declension",
                    "stem_vowels")
STEM_LISTS = {"joint_stems", "adversary_stems", "member_stems", "read_also"}


@dataclass(slots=True)
class Gazetteer:
    systems: dict[str, System] = field(default_factory=dict)
    officials: dict[str, Official] = field(default_factory=dict)
    states: dict[str, State] = field(default_factory=dict)
    organizations: dict[str, Organization] = field(default_factory=dict)
    roles: dict[str, dict[str, list[str]]] = field(default_factory=dict)  # role -> lang -> phrases
    lexicons: dict[str, Lexicon] = field(default_factory=dict)  # lang -> lexicon
    languages: dict[str, LanguageData] = field(default_factory=dict)  # lang -> word lists
    files: list[str] = field(default_factory=list)

    @property
    def abbreviations(self) -> frozenset[str]:
        """Every language's abbreviations: sentence splitting runs before a page's language matters."""
        return frozenset().union(*(d.abbreviations for d in self.languages.values()))

    @property
    def months(self) -> dict[str, int]:
        """Every language's month names: a page's header or a quoted date may be in any of them."""
        return {w: n for d in self.languages.values() for w, n in d.dates.months}

    @property
    def read_also(self) -> tuple[str, ...]:
        """Every language's "Read also" openers: menus of a page are often in another language."""
        return tuple(sorted({p for d in self.languages.values() for p in d.read_also}))

    def holder(self, role: str, country: str, day: str | None) -> Official | None:
        """The official holding `role` for `country` on `day` (None when it is not known or ambiguous)."""
        found = [
            (period.start, o) for o in self.officials.values() if o.country == country
            for period in o.roles if period.role == role
            and (period.covers(day) if day else period.end is None)
        ]
        if not found:
            return None
        found.sort(key=lambda f: f[0])
        # on a handover day the outgoing and incoming holder both match: the incoming one holds it
        if len(found) > 1 and found[-1][0] == found[-2][0]:
            return None
        return found[-1][1]

    def family_of(self, system_id: str) -> set[str]:
        """A system's id with its `same_as` twins, used to merge one weapon reported under two names."""
        sys = self.systems[system_id]
        return {system_id, *sys.same_as}
