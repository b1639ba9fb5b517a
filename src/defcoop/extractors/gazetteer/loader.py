"""Where the gazetteer files are, and the one checked loader that reads them all.

Files are read with a safe YAML loader only, so a user file carrying object tags is refused, never
executed. Every problem is reported with the file, the entry and what is wrong; `validate` collects them
all, `load_gazetteer` raises on the first batch.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from ..text import alias_key
from .cache import cache_key, disk_cache_get, disk_cache_put
from .parse import (
    Problems,
    entry_name,
    parse_actions,
    parse_language,
    parse_official,
    parse_org,
    parse_roles,
    parse_state,
    parse_system,
    read_yaml,
)
from .records import ACTOR_CODE, ENV_VAR, KINDS, SLUG, Gazetteer, GazetteerError


@cache
def shipped_dir() -> Path:
    """Found once a process: importlib.resources takes 0.1 ms, and every `language_index` call asks."""
    return Path(str(resources.files("defcoop.gazetteers")))


def gazetteer_dirs(extra: Iterable[str | Path] = ()) -> list[Path]:
    """The shipped folder, then DEFCOOP_GAZETTEERS folders, then folders given on the command line."""
    dirs = [shipped_dir()]
    env = os.environ.get(ENV_VAR, "")
    dirs += [Path(p) for p in env.split(os.pathsep) if p]
    dirs += [Path(p) for p in extra]
    return dirs


def _yaml_files(folder: Path, problems: Problems) -> list[Path]:
    if not folder.is_dir():
        problems.add(folder, None, "gazetteer folder not found")
        return []
    return sorted(q for q in folder.rglob("*.yaml") if not any(s.startswith(".") for s in q.parts[-2:]))


def _load(dirs: Sequence[Path]) -> tuple[Gazetteer, list[str]]:
    gaz = Gazetteer()
    p = Problems()
    parsers: dict[str, tuple[Callable[..., Any], dict[str, Any]]] = {
        "systems": (parse_system, gaz.systems), "officials": (parse_official, gaz.officials),
        "states": (parse_state, gaz.states), "organizations": (parse_org, gaz.organizations)}
    for folder in dirs:
        seen_here: dict[tuple[str, str], Path] = {}
        for path in _yaml_files(Path(folder), p):
            doc = read_yaml(path, p)
            if doc is None:
                continue
            if isinstance(doc, dict) and doc.get("kind") == "numbers":
                continue  # number words, scales and currencies: read and checked by extractors/quantities.py
            if not isinstance(doc, dict) or doc.get("kind") not in KINDS:
                p.add(path, None, f"a gazetteer file is a mapping with `kind` (one of: {', '.join(KINDS)}) "
                                  "and `entries`")
                continue
            if doc["kind"] == "language":
                unknown = sorted(set(doc) - {"kind", "language", "flags", "words", "endings", "dates"})
                if unknown:
                    p.add(path, None, f"unknown top-level key `{unknown[0]}`")
                data = parse_language(doc, path, p)
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
                parse_actions(doc, path, p, gaz)
                continue
            for i, raw in enumerate(entries):
                name = entry_name(raw, i)
                if not isinstance(raw, dict):
                    p.add(path, name, "an entry must be a mapping")
                    continue
                if kind == "roles":
                    parse_roles(raw, path, name, p, gaz)
                    continue
                if "id" in raw and not (SLUG.match(str(raw["id"])) or ACTOR_CODE.match(str(raw["id"]))):
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


def _check_links(gaz: Gazetteer, p: Problems) -> None:
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


def _check_aliases(gaz: Gazetteer, p: Problems) -> None:
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


def load_gazetteer(extra_dirs: Iterable[str | Path] = ()) -> Gazetteer:
    """The merged gazetteer; raises GazetteerError naming the file, entry and problem."""
    return _load_cached(tuple(str(d) for d in gazetteer_dirs(extra_dirs)))
