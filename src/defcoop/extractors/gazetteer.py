"""The one checked loader for gazetteers and lexicons (schemas in gazetteers/README.md).

Files are read with a safe YAML loader only, so a user file carrying object tags is refused, never
executed. Every problem is reported with the file, the entry and what is wrong; `validate` collects them
all, `load_gazetteer` raises on the first batch.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, NamedTuple

import yaml

from .model import ACTIONS
from .text import alias_key

try:  # the C loader is several times faster; both are safe loaders
    _Base: Any = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Base = yaml.SafeLoader


class _SafeLoader(_Base):  # type: ignore[misc, valid-type]
    """Safe loading with dates left as text, so a bad date is reported with its entry, not a crash."""


_SafeLoader.yaml_implicit_resolvers = {
    k: [(tag, rx) for tag, rx in v if tag != "tag:yaml.org,2002:timestamp"]
    for k, v in _Base.yaml_implicit_resolvers.items()
}

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
_ACTOR_CODE = re.compile(r"^(?:[A-Z]{2}|EU|NATO|UN)$")
_SLUG = re.compile(r"^[a-z0-9][a-z0-9._-]*$")


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

    @property
    def referring(self) -> frozenset[str]:
        """Determiners that make a weapon noun point back to a system named before ("those jets")."""
        return self.anaphora | self.referring_articles


LANGUAGE_WORDS = tuple(f for f in LanguageData.__slots__ if f not in (  # type: ignore[attr-defined]
    "language", "verb_final", "negation_after", "weapon_nouns", "dative_endings", "infinitive_endings",
    "locative_endings", "genitive_endings", "declension", "stem_vowels"))
LANGUAGE_FLAGS = ("verb_final", "negation_after")
LANGUAGE_ENDINGS = ("dative", "infinitive", "locative", "genitive", "declension", "stem_vowels")
_STEM_LISTS = {"joint_stems", "adversary_stems", "member_stems", "read_also"}


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


# --- where the data lives ---------------------------------------------------------------------

def shipped_dir() -> Path:
    return Path(str(resources.files("defcoop.gazetteers")))


def gazetteer_dirs(extra: Iterable[str | Path] = ()) -> list[Path]:
    """The shipped folder, then DEFCOOP_GAZETTEERS folders, then folders given on the command line."""
    dirs = [shipped_dir()]
    env = os.environ.get(ENV_VAR, "")
    dirs += [Path(p) for p in env.split(os.pathsep) if p]
    dirs += [Path(p) for p in extra]
    return dirs


# --- loading ----------------------------------------------------------------------------------

class _Problems:
    def __init__(self) -> None:
        self.lines: list[str] = []

    def add(self, path: Path | str, entry: str | None, message: str) -> None:
        where = f"{path}" + (f": entry {entry}" if entry else "")
        self.lines.append(f"{where}: {message}")


def _read_yaml(path: Path, problems: _Problems) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        problems.add(path, None, f"cannot read file ({exc.__class__.__name__}: {exc})")
        return None
    try:
        return yaml.load(text, Loader=_SafeLoader)  # noqa: S506 - a safe loader
    except yaml.constructor.ConstructorError as exc:
        tag = getattr(exc, "problem", "") or str(exc)
        problems.add(path, None, f"YAML tags are not allowed, the file is plain data only ({tag.strip()})")
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        at = f" at line {mark.line + 1}" if mark is not None else ""
        problems.add(path, None, f"malformed YAML{at}: {getattr(exc, 'problem', exc)}")
    return None


def _strings(value: Any, key: str, path: Path, entry: str, problems: _Problems) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, (str, int, float)) for v in value):
        problems.add(path, entry, f"`{key}` must be a list of strings")
        return ()
    out = tuple(str(v).strip() for v in value if str(v).strip())
    return out


def _day(value: Any, key: str, path: Path, entry: str, problems: _Problems) -> str | None:
    if value is None:
        return None
    if isinstance(value, dt.date):
        return value.isoformat()
    try:
        return dt.date.fromisoformat(str(value)).isoformat()
    except ValueError:
        problems.add(path, entry, f"`{key}` must be a date YYYY-MM-DD, not {value!r}")
        return None


_SCHEMAS: dict[str, tuple[set[str], set[str]]] = {
    # kind: (required keys, optional keys)
    "systems": ({"id", "name", "category", "origin", "manufacturer"},
                {"aliases", "family", "same_as", "ambiguous", "case_sensitive"}),
    "officials": ({"id", "name", "country"}, {"aliases", "roles", "case_sensitive", "home"}),
    "states": ({"id", "name"}, {"aliases", "adjectives", "capitals", "case_sensitive", "not_names",
                                "adversaries"}),
    "organizations": ({"id", "name", "type"}, {"aliases", "actor", "country", "case_sensitive"}),
    "roles": ({"role", "phrases"}, set()),
}


def _check_keys(kind: str, raw: dict, path: Path, entry: str, problems: _Problems) -> bool:
    required, optional = _SCHEMAS[kind]
    missing = sorted(required - raw.keys())
    unknown = sorted(raw.keys() - required - optional)
    for key in missing:
        problems.add(path, entry, f"missing key `{key}`")
    for key in unknown:
        problems.add(path, entry, f"unknown key `{key}` (allowed: {', '.join(sorted(required | optional))})")
    return not missing


def _entry_name(raw: Any, index: int) -> str:
    if isinstance(raw, dict):
        for key in ("id", "role", "action", "cue"):
            if key in raw:
                return f"{raw[key]!s}"
    return f"#{index + 1}"


def _parse_system(raw: dict, path: Path, name: str, p: _Problems) -> System | None:
    if not _check_keys("systems", raw, path, name, p):
        return None
    category = str(raw["category"])
    if category not in SYSTEM_CATEGORIES:
        p.add(path, name, f"unknown category {category!r} (one of: {', '.join(SYSTEM_CATEGORIES)})")
    origin = _strings(raw["origin"], "origin", path, name, p)
    for code in origin:
        if not _ACTOR_CODE.match(code):
            p.add(path, name, f"origin {code!r} is not an ISO 3166 alpha-2 code")
    aliases = _strings(raw.get("aliases"), "aliases", path, name, p)
    ambiguous = _strings(raw.get("ambiguous"), "ambiguous", path, name, p)
    return System(
        id=str(raw["id"]), name=str(raw["name"]), category=category, origin=origin,
        manufacturer=str(raw["manufacturer"]), aliases=aliases,
        family=str(raw["family"]) if raw.get("family") else None,
        same_as=_strings(raw.get("same_as"), "same_as", path, name, p),
        ambiguous=frozenset(ambiguous),
        case_sensitive=frozenset(_strings(raw.get("case_sensitive"), "case_sensitive", path, name, p)),
    )


def _parse_official(raw: dict, path: Path, name: str, p: _Problems) -> Official | None:
    if not _check_keys("officials", raw, path, name, p):
        return None
    country = str(raw["country"])
    if not _ACTOR_CODE.match(country):
        p.add(path, name, f"country {country!r} is not an ISO 3166 alpha-2 code, EU, NATO or UN")
    periods: list[RolePeriod] = []
    roles = raw.get("roles") or []
    if not isinstance(roles, list):
        p.add(path, name, "`roles` must be a list of {role, from, to}")
        roles = []
    for i, r in enumerate(roles):
        if not isinstance(r, dict) or "role" not in r or "from" not in r:
            p.add(path, name, f"role #{i + 1} must be a mapping with `role`, `from` and `to`")
            continue
        unknown = sorted(set(r) - {"role", "from", "to"})
        if unknown:
            p.add(path, name, f"role #{i + 1} has unknown key `{unknown[0]}`")
        if r["role"] not in ROLE_KEYS:
            p.add(path, name, f"unknown role {r['role']!r}")
            continue
        start = _day(r["from"], "from", path, name, p)
        end = _day(r.get("to"), "to", path, name, p)
        if start is None:
            continue
        if end is not None and end < start:
            p.add(path, name, f"role {r['role']} ends ({end}) before it starts ({start})")
            continue
        periods.append(RolePeriod(str(r["role"]), start, end))
    by_role: dict[str, list[RolePeriod]] = {}
    for period in periods:
        by_role.setdefault(period.role, []).append(period)
    for role, spans in by_role.items():
        spans.sort(key=lambda s: s.start)
        for a, b in zip(spans, spans[1:]):
            if a.end is None or b.start < a.end:
                p.add(path, name, f"role {role} periods overlap ({a.start}..{a.end or 'now'} and "
                                  f"{b.start}..{b.end or 'now'})")
    home = raw.get("home")
    if home is False:
        p.add(path, name, "home is false: quote Norway as 'NO'")
        home = None
    elif home is not None and not re.fullmatch(r"[A-Z]{2}", str(home)):
        p.add(path, name, f"home {home!r} is not an ISO 3166 alpha-2 code")
        home = None
    return Official(
        id=str(raw["id"]), name=str(raw["name"]), country=country,
        aliases=_strings(raw.get("aliases"), "aliases", path, name, p), roles=tuple(periods),
        case_sensitive=frozenset(_strings(raw.get("case_sensitive"), "case_sensitive", path, name, p)),
        home=None if home is None else str(home),
    )


def _parse_state(raw: dict, path: Path, name: str, p: _Problems) -> State | None:
    if not _check_keys("states", raw, path, name, p):
        return None
    code = str(raw["id"])
    if not _ACTOR_CODE.match(code):
        p.add(path, name, "`id` must be an ISO 3166 alpha-2 code")
    return State(
        id=code, name=str(raw["name"]),
        aliases=_strings(raw.get("aliases"), "aliases", path, name, p),
        adjectives=_strings(raw.get("adjectives"), "adjectives", path, name, p),
        capitals=_strings(raw.get("capitals"), "capitals", path, name, p),
        case_sensitive=frozenset(_strings(raw.get("case_sensitive"), "case_sensitive", path, name, p)),
        not_names=_strings(raw.get("not_names"), "not_names", path, name, p),
        adversaries=_strings(raw.get("adversaries"), "adversaries", path, name, p),
    )


def _parse_org(raw: dict, path: Path, name: str, p: _Problems) -> Organization | None:
    if not _check_keys("organizations", raw, path, name, p):
        return None
    if raw["type"] not in ORG_TYPES:
        p.add(path, name, f"unknown type {raw['type']!r} (one of: {', '.join(ORG_TYPES)})")
    for key in ("actor", "country"):
        if raw.get(key) and not _ACTOR_CODE.match(str(raw[key])):
            p.add(path, name, f"`{key}` {raw[key]!r} is not an actor code")
    return Organization(
        id=str(raw["id"]), name=str(raw["name"]), type=str(raw["type"]),
        aliases=_strings(raw.get("aliases"), "aliases", path, name, p),
        actor=str(raw["actor"]) if raw.get("actor") else None,
        country=str(raw["country"]) if raw.get("country") else None,
        case_sensitive=frozenset(_strings(raw.get("case_sensitive"), "case_sensitive", path, name, p)),
    )


def _parse_roles(raw: dict, path: Path, name: str, p: _Problems, gaz: Gazetteer) -> None:
    if not _check_keys("roles", raw, path, name, p):
        return
    role = str(raw["role"])
    if role not in ROLE_PHRASE_KEYS:
        p.add(path, name, f"unknown role {role!r}")
        return
    phrases = raw["phrases"]
    if not isinstance(phrases, dict):
        p.add(path, name, "`phrases` must map a language code to a list of phrases")
        return
    target = gaz.roles.setdefault(role, {})
    for lang, items in phrases.items():
        target.setdefault(str(lang), []).extend(_strings(items, f"phrases.{lang}", path, name, p))


def _parse_actions(doc: dict, path: Path, p: _Problems, gaz: Gazetteer) -> None:
    lang = doc.get("language")
    if not isinstance(lang, str) or not re.fullmatch(r"[a-z]{2,3}", lang):
        p.add(path, None, "an actions file needs `language: xx` (an ISO 639-1 code)")
        return
    lex = gaz.lexicons.setdefault(lang, Lexicon(lang))
    for i, raw in enumerate(doc.get("entries") or []):
        name = _entry_name(raw, i)
        if not isinstance(raw, dict):
            p.add(path, name, "an entry must be a mapping")
            continue
        if "action" in raw:
            unknown = sorted(set(raw) - {"action", "triggers", "frame", "needs_object"})
            if unknown:
                p.add(path, name, f"unknown key `{unknown[0]}`")
            if raw["action"] not in ACTIONS:
                p.add(path, name, f"unknown action {raw['action']!r} (one of: {', '.join(ACTIONS)})")
                continue
            for phrase in _strings(raw.get("triggers"), "triggers", path, name, p):
                lex.triggers.append(Trigger(raw["action"], phrase, bool(raw.get("frame", False)),
                                            bool(raw.get("needs_object", False))))
        elif "cue" in raw:
            unknown = sorted(set(raw) - {"cue", "words"})
            if unknown:
                p.add(path, name, f"unknown key `{unknown[0]}`")
            if raw["cue"] not in CUES:
                p.add(path, name, f"unknown cue {raw['cue']!r} (one of: {', '.join(CUES)})")
                continue
            lex.cues.setdefault(raw["cue"], []).extend(_strings(raw.get("words"), "words", path, name, p))
        else:
            p.add(path, name, "an actions entry needs `action` or `cue`")


def _word_list(value: Any, key: str, path: Path, p: _Problems) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        p.add(path, key, "must be a list of strings")
        return ()
    bad = [v for v in value if v != v.casefold() or not v.strip()]
    if bad:
        p.add(path, key, f"words must be lower case and not blank: {bad[0]!r}")
    return tuple(value)


def _section(doc: dict, name: str, keys: Sequence[str], path: Path, p: _Problems) -> dict:
    section = doc.get(name)
    if not isinstance(section, dict):
        p.add(path, None, f"missing mapping `{name}` (keys: {', '.join(keys)})")
        return {}
    for key in sorted(set(keys) - section.keys()):
        p.add(path, f"{name}.{key}", "missing key (an empty list is allowed, a missing key is not)")
    for key in sorted(section.keys() - set(keys)):
        p.add(path, f"{name}.{key}", f"unknown key (allowed: {', '.join(keys)})")
    return section


def _parse_language(doc: dict, path: Path, p: _Problems) -> LanguageData | None:
    lang = doc.get("language")
    if not isinstance(lang, str) or not re.fullmatch(r"[a-z]{2,3}", lang):
        p.add(path, None, "a language file needs `language: xx` (an ISO 639-1 code)")
        return None
    before = len(p.lines)
    flags = _section(doc, "flags", LANGUAGE_FLAGS, path, p)
    for key in LANGUAGE_FLAGS:
        if key in flags and not isinstance(flags[key], bool):
            p.add(path, f"flags.{key}", "must be true or false")
    words = _section(doc, "words", LANGUAGE_WORDS + ("weapon_nouns",), path, p)
    lists = {key: _word_list(words[key], f"words.{key}", path, p) for key in LANGUAGE_WORDS if key in words}
    nouns = words.get("weapon_nouns")
    pairs: list[tuple[str, str]] = []
    if not isinstance(nouns, dict):
        p.add(path, "words.weapon_nouns", "must map a system category to a list of stems")
        nouns = {}
    for category, stems in nouns.items():
        if category not in SYSTEM_CATEGORIES:
            p.add(path, f"words.weapon_nouns.{category}", "unknown system category")
        pairs += [(stem, str(category)) for stem in _word_list(stems, f"words.weapon_nouns.{category}", path, p)]
    endings = _section(doc, "endings", LANGUAGE_ENDINGS, path, p)
    suffixes = {k: _word_list(endings[k], f"endings.{k}", path, p) for k in ("dative", "infinitive", "locative", "genitive") if k in endings}
    letters = {k: endings.get(k) for k in ("declension", "stem_vowels")}
    for key, value in letters.items():
        if not isinstance(value, str):
            p.add(path, f"endings.{key}", "must be a string of letters (may be empty)")
    if len(p.lines) > before:
        return None
    return LanguageData(
        language=lang, verb_final=flags["verb_final"], negation_after=flags["negation_after"],
        **{k: (v if k in _STEM_LISTS else frozenset(v)) for k, v in lists.items()},  # type: ignore[arg-type]
        weapon_nouns=tuple(pairs), dative_endings=suffixes["dative"],
        infinitive_endings=suffixes["infinitive"], locative_endings=suffixes["locative"],
        genitive_endings=suffixes["genitive"], declension=str(letters["declension"]),
        stem_vowels=str(letters["stem_vowels"]))


def _yaml_files(folder: Path, problems: _Problems) -> list[Path]:
    if not folder.is_dir():
        problems.add(folder, None, "gazetteer folder not found")
        return []
    return sorted(q for q in folder.rglob("*.yaml") if not any(s.startswith(".") for s in q.parts[-2:]))


def _load(dirs: Sequence[Path]) -> tuple[Gazetteer, list[str]]:
    gaz = Gazetteer()
    p = _Problems()
    parsers = {"systems": (_parse_system, gaz.systems), "officials": (_parse_official, gaz.officials),
               "states": (_parse_state, gaz.states), "organizations": (_parse_org, gaz.organizations)}
    for folder in dirs:
        seen_here: dict[tuple[str, str], Path] = {}
        for path in _yaml_files(Path(folder), p):
            doc = _read_yaml(path, p)
            if doc is None:
                continue
            if isinstance(doc, dict) and doc.get("kind") == "numbers":
                continue  # number words, scales and currencies: read and checked by extractors/quantities.py
            if not isinstance(doc, dict) or doc.get("kind") not in KINDS:
                p.add(path, None, f"a gazetteer file is a mapping with `kind` (one of: {', '.join(KINDS)}) "
                                  "and `entries`")
                continue
            if doc["kind"] == "language":
                unknown = sorted(set(doc) - {"kind", "language", "flags", "words", "endings"})
                if unknown:
                    p.add(path, None, f"unknown top-level key `{unknown[0]}`")
                data = _parse_language(doc, path, p)
                gaz.files.append(str(path))
                if data is not None:
                    gaz.languages[data.language] = data  # a later folder's file replaces the shipped one
                continue
            unknown = sorted(set(doc) - {"kind", "entries", "language"})
            if unknown:
                p.add(path, None, f"unknown top-level key `{unknown[0]}`")
            entries = doc.get("entries")
            if not isinstance(entries, list):
                p.add(path, None, "`entries` must be a list")
                continue
            gaz.files.append(str(path))
            kind = doc["kind"]
            if kind == "actions":
                _parse_actions(doc, path, p, gaz)
                continue
            for i, raw in enumerate(entries):
                name = _entry_name(raw, i)
                if not isinstance(raw, dict):
                    p.add(path, name, "an entry must be a mapping")
                    continue
                if kind == "roles":
                    _parse_roles(raw, path, name, p, gaz)
                    continue
                if "id" in raw and not (_SLUG.match(str(raw["id"])) or _ACTOR_CODE.match(str(raw["id"]))):
                    p.add(path, name, "`id` must be a lowercase slug (letters, digits, . _ -)")
                parse, store = parsers[kind]
                item = parse(raw, path, name, p)
                if item is None:
                    continue
                key = (kind, item.id)
                if key in seen_here:
                    p.add(path, name, f"duplicate id (also in {seen_here[key]})")
                seen_here[key] = path
                store[item.id] = item  # a later folder overrides an earlier one
    _check_links(gaz, p)
    _check_aliases(gaz, p)
    for lang in sorted(set(gaz.lexicons) - set(gaz.languages)):
        p.add("languages", lang, f"an action lexicon for '{lang}' needs a language file too "
                                 f"(kind: language, language: {lang}; see gazetteers/README.md)")
    for state in gaz.states.values():
        for other in state.adversaries:
            if other not in gaz.states:
                p.add("states", state.id, f"adversary {other!r} is not a state id")
    return gaz, p.lines


def _check_links(gaz: Gazetteer, p: _Problems) -> None:
    for sys in gaz.systems.values():
        if sys.family and sys.family not in gaz.systems:
            p.add("systems", sys.id, f"family {sys.family!r} is not a system id")
        for other in sys.same_as:
            if other not in gaz.systems:
                p.add("systems", sys.id, f"same_as {other!r} is not a system id")
        for word in sys.ambiguous:
            if word not in sys.aliases and word != sys.name:
                p.add("systems", sys.id, f"ambiguous alias {word!r} is not among its aliases")


def surface_forms(kind: str, item: Any) -> list[tuple[str, str]]:
    """(alias, form) pairs of one entry; form says how a state is named (name/adjective/capital)."""
    if kind == "states":
        return ([(a, "name") for a in (item.name, *item.aliases)]
                + [(a, "adjective") for a in item.adjectives]
                + [(a, "capital") for a in item.capitals])
    return [(a, "name") for a in (item.name, *item.aliases)]


def _check_aliases(gaz: Gazetteer, p: _Problems) -> None:
    for kind, store in (("systems", gaz.systems), ("officials", gaz.officials),
                        ("states", gaz.states), ("organizations", gaz.organizations)):
        owner: dict[tuple[str, ...], str] = {}
        for item in store.values():
            for alias, _form in surface_forms(kind, item):
                key = alias_key(alias)
                if not key:
                    p.add(kind, item.id, f"alias {alias!r} has no letters or digits")
                    continue
                other = owner.setdefault(key, item.id)
                if other != item.id:
                    p.add(kind, item.id, f"alias {alias!r} also names {other!r}")


def validate(extra_dirs: Iterable[str | Path] = (), include_shipped: bool = True) -> tuple[Gazetteer, list[str]]:
    """Load and return every problem instead of raising (for `defcoop gazetteer validate`)."""
    dirs = gazetteer_dirs(extra_dirs) if include_shipped else [Path(d) for d in extra_dirs]
    return _load(dirs)


@lru_cache(maxsize=8)
def _load_cached(dirs: tuple[str, ...]) -> Gazetteer:
    key = cache_key(dirs)
    gaz = disk_cache_get("gazetteer", key)
    if isinstance(gaz, Gazetteer):
        return gaz
    gaz, problems = _load([Path(d) for d in dirs])
    if problems:
        raise GazetteerError(problems)
    disk_cache_put("gazetteer", key, gaz)
    return gaz


# --- a disk cache of parsed data, so a one-line run does not parse 1 MB of YAML every time --------

CACHE_KEEP = 12  # entries of one kind kept in the cache folder


def cache_dir() -> Path | None:
    """DEFCOOP_CACHE, else the user's cache folder; `DEFCOOP_CACHE=off` turns the cache off."""
    env = os.environ.get("DEFCOOP_CACHE")
    if env == "off":
        return None
    if env:
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "defcoop"


def cache_key(dirs: Iterable[str], *code: str) -> str:
    """Changes whenever a gazetteer file, this loader or the `code` files (paths) change."""
    import hashlib

    h = hashlib.sha256()
    h.update(Path(__file__).read_bytes())  # a new loader version invalidates old entries
    for path in code:
        h.update(Path(path).read_bytes())
    for d in dirs:  # folders, or the files themselves
        p = Path(d)
        for path in sorted(p.rglob("*.yaml")) if p.is_dir() else [p] if p.is_file() else []:
            st = path.stat()
            h.update(f"{path}\0{st.st_mtime_ns}\0{st.st_size}\n".encode())
    return h.hexdigest()[:24]


def disk_cache_get(kind: str, key: str) -> Any:
    import pickle

    folder = cache_dir()
    if folder is None:
        return None
    try:
        with open(folder / f"{kind}-{key}.pickle", "rb") as f:
            return pickle.load(f)  # noqa: S301 - our own file, written by disk_cache_put
    except Exception:
        return None


def disk_cache_put(kind: str, key: str, value: Any) -> None:
    import pickle
    import tempfile

    folder = cache_dir()
    if folder is None:
        return
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, suffix=".part")
        with os.fdopen(fd, "wb") as f:
            pickle.dump(value, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, folder / f"{kind}-{key}.pickle")
        # keep the newest few entries of each kind: older ones belong to files that have since changed
        entries = sorted(folder.glob(f"{kind}-*.pickle"), key=lambda q: q.stat().st_mtime, reverse=True)
        for old in entries[CACHE_KEEP:]:
            old.unlink(missing_ok=True)
    except Exception:  # a read-only home or a full disk only costs speed
        try:
            os.unlink(tmp)
        except Exception:
            pass


def load_gazetteer(extra_dirs: Iterable[str | Path] = ()) -> Gazetteer:
    """The merged gazetteer; raises GazetteerError naming the file, entry and problem."""
    return _load_cached(tuple(str(d) for d in gazetteer_dirs(extra_dirs)))
