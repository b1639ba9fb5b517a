"""Parsers for the entries of each gazetteer kind; every problem names the file, the entry and what is wrong."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from itertools import pairwise
from pathlib import Path
from typing import Any

import yaml

from ..model import ACTIONS
from .records import (
    ACTOR_CODE,
    CUES,
    DATE_KEYS,
    LANGUAGE_ENDINGS,
    LANGUAGE_FLAGS,
    LANGUAGE_WORDS,
    ORG_TYPES,
    ROLE_KEYS,
    ROLE_PHRASE_KEYS,
    STEM_LISTS,
    SYSTEM_CATEGORIES,
    DateWords,
    Gazetteer,
    LanguageData,
    Lexicon,
    Official,
    Organization,
    RolePeriod,
    State,
    System,
    Trigger,
)

try:  # the C loader is several times faster; both are safe loaders
    _Base: Any = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Base = yaml.SafeLoader


class _SafeLoader(_Base):
    """Safe loading with dates left as text, so a bad date is reported with its entry, not a crash."""


_SafeLoader.yaml_implicit_resolvers = {
    k: [(tag, rx) for tag, rx in v if tag != "tag:yaml.org,2002:timestamp"]
    for k, v in _Base.yaml_implicit_resolvers.items()
}


class Problems:
    def __init__(self) -> None:
        self.lines: list[str] = []

    def add(self, path: Path | str, entry: str | None, message: str) -> None:
        where = f"{path}" + (f": entry {entry}" if entry else "")
        self.lines.append(f"{where}: {message}")


def read_yaml(path: Path, problems: Problems) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        problems.add(path, None, f"cannot read file ({exc.__class__.__name__}: {exc})")
        return None
    try:
        return yaml.load(text, Loader=_SafeLoader)
    except yaml.constructor.ConstructorError as exc:
        tag = getattr(exc, "problem", "") or str(exc)
        problems.add(path, None, f"YAML tags are not allowed, the file is plain data only ({tag.strip()})")
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        at = f" at line {mark.line + 1}" if mark is not None else ""
        problems.add(path, None, f"malformed YAML{at}: {getattr(exc, 'problem', exc)}")
    return None


def _strings(value: Any, key: str, path: Path, entry: str, problems: Problems) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, (str, int, float)) for v in value):
        problems.add(path, entry, f"`{key}` must be a list of strings")
        return ()
    out = tuple(str(v).strip() for v in value if str(v).strip())
    return out


def _day(value: Any, key: str, path: Path, entry: str, problems: Problems) -> str | None:
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


def _check_keys(kind: str, raw: dict, path: Path, entry: str, problems: Problems) -> bool:
    required, optional = _SCHEMAS[kind]
    missing = sorted(required - raw.keys())
    unknown = sorted(raw.keys() - required - optional)
    for key in missing:
        problems.add(path, entry, f"missing key `{key}`")
    for key in unknown:
        problems.add(path, entry, f"unknown key `{key}` (allowed: {', '.join(sorted(required | optional))})")
    return not missing


def entry_name(raw: Any, index: int) -> str:
    if isinstance(raw, dict):
        for key in ("id", "role", "action", "cue"):
            if key in raw:
                return f"{raw[key]!s}"
    return f"#{index + 1}"


def parse_system(raw: dict, path: Path, name: str, p: Problems) -> System | None:
    if not _check_keys("systems", raw, path, name, p):
        return None
    category = str(raw["category"])
    if category not in SYSTEM_CATEGORIES:
        p.add(path, name, f"unknown category {category!r} (one of: {', '.join(SYSTEM_CATEGORIES)})")
    origin = _strings(raw["origin"], "origin", path, name, p)
    for code in origin:
        if not ACTOR_CODE.match(code):
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


def parse_official(raw: dict, path: Path, name: str, p: Problems) -> Official | None:
    if not _check_keys("officials", raw, path, name, p):
        return None
    country = str(raw["country"])
    if not ACTOR_CODE.match(country):
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
        for a, b in pairwise(spans):
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


def parse_state(raw: dict, path: Path, name: str, p: Problems) -> State | None:
    if not _check_keys("states", raw, path, name, p):
        return None
    code = str(raw["id"])
    if not ACTOR_CODE.match(code):
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


def parse_org(raw: dict, path: Path, name: str, p: Problems) -> Organization | None:
    if not _check_keys("organizations", raw, path, name, p):
        return None
    if raw["type"] not in ORG_TYPES:
        p.add(path, name, f"unknown type {raw['type']!r} (one of: {', '.join(ORG_TYPES)})")
    for key in ("actor", "country"):
        if raw.get(key) and not ACTOR_CODE.match(str(raw[key])):
            p.add(path, name, f"`{key}` {raw[key]!r} is not an actor code")
    return Organization(
        id=str(raw["id"]), name=str(raw["name"]), type=str(raw["type"]),
        aliases=_strings(raw.get("aliases"), "aliases", path, name, p),
        actor=str(raw["actor"]) if raw.get("actor") else None,
        country=str(raw["country"]) if raw.get("country") else None,
        case_sensitive=frozenset(_strings(raw.get("case_sensitive"), "case_sensitive", path, name, p)),
    )


def parse_roles(raw: dict, path: Path, name: str, p: Problems, gaz: Gazetteer) -> None:
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


def parse_actions(doc: dict, path: Path, p: Problems, gaz: Gazetteer) -> None:
    lang = doc.get("language")
    if not isinstance(lang, str) or not re.fullmatch(r"[a-z]{2,3}", lang):
        p.add(path, None, "an actions file needs `language: xx` (an ISO 639-1 code)")
        return
    lex = gaz.lexicons.setdefault(lang, Lexicon(lang))
    for i, raw in enumerate(doc.get("entries") or []):
        name = entry_name(raw, i)
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


def _word_list(value: Any, key: str, path: Path, p: Problems) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        p.add(path, key, "must be a list of strings")
        return ()
    bad = [v for v in value if v != v.casefold() or not v.strip()]
    if bad:
        p.add(path, key, f"words must be lower case and not blank: {bad[0]!r}")
    return tuple(value)


def _section(doc: dict, name: str, keys: Sequence[str], path: Path, p: Problems) -> dict:
    section = doc.get(name)
    if not isinstance(section, dict):
        p.add(path, None, f"missing mapping `{name}` (keys: {', '.join(keys)})")
        return {}
    for key in sorted(set(keys) - section.keys()):
        p.add(path, f"{name}.{key}", "missing key (an empty list is allowed, a missing key is not)")
    for key in sorted(section.keys() - set(keys)):
        p.add(path, f"{name}.{key}", f"unknown key (allowed: {', '.join(keys)})")
    return section


def parse_language(doc: dict, path: Path, p: Problems) -> LanguageData | None:
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
    suffixes = {k: _word_list(endings[k], f"endings.{k}", path, p)
                for k in ("dative", "infinitive", "locative", "genitive") if k in endings}
    letters = {k: endings.get(k) for k in ("declension", "stem_vowels", "future", "conditional")}
    for key, value in letters.items():
        if not isinstance(value, str):
            p.add(path, f"endings.{key}", "must be a string (may be empty)")
    for key in ("future", "conditional"):
        try:
            re.compile(str(letters[key]))
        except re.error as exc:
            p.add(path, f"endings.{key}", f"not a valid regular expression ({exc})")
    dates = parse_dates(doc, path, p)
    if len(p.lines) > before or dates is None:
        return None
    return LanguageData(
        language=lang, verb_final=flags["verb_final"], negation_after=flags["negation_after"],
        **{k: (v if k in STEM_LISTS else frozenset(v)) for k, v in lists.items()},  # type: ignore[arg-type]
        weapon_nouns=tuple(pairs), dative_endings=suffixes["dative"],
        infinitive_endings=suffixes["infinitive"], locative_endings=suffixes["locative"],
        genitive_endings=suffixes["genitive"], declension=str(letters["declension"]),
        stem_vowels=str(letters["stem_vowels"]), dates=dates, future_ending=str(letters["future"]),
        conditional_ending=str(letters["conditional"]))


def _mapping(value: Any, key: str, path: Path, p: Problems, check: Any) -> list[tuple[str, Any]]:
    """The (word, value) pairs of a mapping whose values pass `check`, each problem reported."""
    if not isinstance(value, dict):
        p.add(path, key, "must be a mapping")
        return []
    pairs = []
    for word, v in value.items():
        if not isinstance(word, str) or word != word.casefold() or not check(v):
            p.add(path, f"{key}.{word}", "a lower-case word and a value of the documented form")
            continue
        pairs.append((word, v))
    return pairs


def parse_dates(doc: dict, path: Path, p: Problems) -> DateWords | None:
    section = _section(doc, "dates", DATE_KEYS, path, p)
    if not section or any(k not in section for k in DATE_KEYS):
        return None
    months = _mapping(section["months"], "dates.months", path, p, lambda v: isinstance(v, int) and 1 <= v <= 12)
    weekdays = _mapping(section["weekdays"], "dates.weekdays", path, p, lambda v: isinstance(v, int) and 0 <= v <= 6)
    relative = _mapping(section["relative"], "dates.relative", path, p, lambda v: isinstance(v, list) and len(v) == 2
                        and v[0] in ("d", "m", "y") and isinstance(v[1], int))
    same = _mapping(section["same"], "dates.same", path, p, lambda v: v in ("d", "m"))
    month_years = _mapping(section["month_years"], "dates.month_years", path, p,
                           lambda v: isinstance(v, int) and not isinstance(v, bool) and -1 <= v <= 1)
    lists = {k: _word_list(section[k], f"dates.{k}", path, p)
             for k in ("before_dates", "before_years", "month_of", "since", "language_id")}
    ago = section["ago"]
    if not isinstance(ago, str):
        p.add(path, "dates.ago", "must be a regular expression (a string, may be empty)")
        return None
    try:
        re.compile(ago)
    except re.error as exc:
        p.add(path, "dates.ago", f"not a valid regular expression ({exc})")
        return None
    return DateWords(tuple(months), tuple(weekdays), tuple((w, u, n) for w, (u, n) in relative), tuple(same),
                     lists["before_dates"], lists["before_years"], lists["month_of"], tuple(month_years),
                     lists["since"], ago, frozenset(lists["language_id"]))
