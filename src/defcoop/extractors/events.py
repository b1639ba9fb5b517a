"""Filters for one-liners and `--merge`: one row per real event across articles."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from .gazetteer import Gazetteer, System
from .model import FACT_FIELDS, Fact
from .quantities import Amounts, most_told
from .text import alias_key


@dataclass(slots=True)
class FactFilter:
    since: str | None = None
    until: str | None = None
    countries: frozenset[str] = frozenset()
    systems: frozenset[str] = frozenset()  # canonical names
    actions: frozenset[str] = frozenset()

    def __call__(self, fact: Fact) -> bool:
        return self.keeps(fact.action, fact.actors, fact.systems, fact.date)

    def record(self, fact: Mapping[str, Any]) -> bool:
        """The same test on a fact record read back from a file (`defcoop report facts.jsonl`)."""
        return self.keeps(str(fact.get("action")), fact.get("actors") or (), fact.get("systems") or (),
                          fact.get("date"))

    def keeps(self, action: str, actors: Iterable[str], systems: Iterable[str], date: str | None) -> bool:
        if self.actions and action not in self.actions:
            return False
        if self.countries and not self.countries & set(actors):
            return False
        if self.systems and not self.systems & set(systems):
            return False
        if self.since or self.until:
            if date is None:
                return False
            # compare at the fact's own precision: 2025-06 is within --since 2025-06-15's month
            if self.since and date < self.since[:len(date)]:
                return False
            if self.until and date[:len(self.until)] > self.until:
                return False
        return True


def resolve_systems(names: Sequence[str], gaz: Gazetteer) -> tuple[frozenset[str], list[str]]:
    """Canonical names for --system values given in any alias spelling, with their variants and their
    `same_as` twins (`with_twins`); unknown ones are returned."""
    by_key: dict[tuple[str, ...], System] = {}
    for s in gaz.systems.values():
        for alias in (s.name, *s.aliases):
            by_key.setdefault(alias_key(alias), s)
    found: set[str] = set()
    unknown: list[str] = []
    for name in names:
        hit = by_key.get(alias_key(name))
        if hit is None:
            unknown.append(name)
            continue
        # a family name selects its variants too (--system IRIS-T keeps IRIS-T SLM)
        found.add(hit.name)
        found.update(v.name for v in gaz.systems.values() if v.family == hit.id)
    return with_twins(frozenset(found), gaz), unknown


def with_twins(names: frozenset[str], gaz: Gazetteer) -> frozenset[str]:
    """The systems `names` selects, with their `same_as` twins and the twins' variants: --system follows
    the links --merge follows (Storm Shadow and SCALP are one missile)."""
    linked: dict[str, set[str]] = {}
    for system in gaz.systems.values():
        for other in system.same_as:
            if other in gaz.systems:
                linked.setdefault(system.id, set()).add(other)
                linked.setdefault(other, set()).add(system.id)
    chosen = {s.id for s in gaz.systems.values() if s.name in names}
    todo = list(chosen)
    while todo:
        for other in linked.get(todo.pop(), ()):
            if other not in chosen:
                chosen.add(other)
                todo.append(other)
    variants = {s.id for s in gaz.systems.values() if s.family in chosen}
    return frozenset(names) | {gaz.systems[i].name for i in chosen | variants}


def _dates_compatible(a: str | None, b: str | None) -> bool:
    if a is None or b is None:
        return True
    n = min(len(a), len(b))
    return a[:n] == b[:n]


@dataclass(slots=True)
class Event:
    fact: Fact
    members: list[Fact] = field(default_factory=list)

    def row(self, extra: bool = False) -> dict:
        row = self.fact.as_dict(extra)
        dates = [m.date for m in self.members if m.date]
        row["date"] = max(dates, key=len) if dates else None  # the most precise telling
        row["confidence"] = max(m.confidence for m in self.members)
        row["officials"] = sorted({o for m in self.members for o in m.officials})
        row["sources"] = [m.article for m in self.members]
        row["evidences"] = [m.evidence for m in self.members]
        row.update(most_told(Amounts(m.quantity, m.value, m.currency) for m in self.members).as_dict())
        return row


MERGED_FIELDS = FACT_FIELDS + ("sources", "evidences")


def merge(facts: Iterable[Fact], gaz: Gazetteer) -> list[Event]:
    """Collapse facts with the same action, actors and systems and compatible dates."""
    twin = {}
    for s in gaz.systems.values():  # Storm Shadow and SCALP are one missile
        group = sorted({s.name, *(gaz.systems[o].name for o in s.same_as if o in gaz.systems)})
        twin[s.name] = group[0]
    events: list[Event] = []
    index: dict[tuple, list[Event]] = {}
    for f in facts:
        key = (f.action, frozenset(f.actors), frozenset(twin.get(s, s) for s in f.systems))
        bucket = index.setdefault(key, [])
        for ev in bucket:
            if all(_dates_compatible(m.date, f.date) for m in ev.members):
                ev.members.append(f)
                break
        else:
            ev = Event(f, [f])
            bucket.append(ev)
            events.append(ev)
    return events
