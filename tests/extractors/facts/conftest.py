"""A `Sentence` from a string: the small test gazetteer, no statistical pipeline, every rule run.

`analyse("France will deliver Aster missiles to Ukraine.")` returns the sentence after the rules ran: its
facts, the candidates each rule dropped, and each fact's trace. The text is one sentence of its own
article (no title), published on `PUB` unless told otherwise.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from defcoop.extractors.dates import find_dates
from defcoop.extractors.facts import Sentence, candidate_fact, find_facts, make_sentence
from defcoop.extractors.gazetteer import validate
from defcoop.extractors.index import LanguageIndex
from defcoop.extractors.model import Fact
from defcoop.extractors.scan import context_for, prescan
from support import MINI

PUB = "2026-02-09"
Analyse = Callable[..., Sentence]


@pytest.fixture(scope="session")
def mini_index() -> LanguageIndex:
    gaz, problems = validate([MINI], include_shipped=False)
    assert problems == []
    return LanguageIndex(gaz, "en")


@pytest.fixture(scope="session")
def analyse(mini_index: LanguageIndex) -> Analyse:
    def build(text: str, published: str | None = PUB, before: str = "") -> Sentence:
        """`before` is earlier text of the article (its own line), which counts for the main actors."""
        article = f"{before}\n{text}" if before else text
        start = len(article) - len(text)
        scan = prescan(mini_index, article, published)
        ctx = context_for(mini_index, "t.txt", published, scan)
        first = next(i for i, w in enumerate(scan.words) if w.start >= start)
        shift = [h.shifted(first) for h in scan.triggers if h.start >= start]
        cues = [h.shifted(first) for h in scan.cues if h.start >= start]
        s = make_sentence(ctx, mini_index, article, start, len(article), scan.words[first:],
                          [e for e in scan.entities if e.start >= start], shift, cues,
                          find_dates(text, "en", published, start))
        find_facts(s)
        return s
    return build


def facts(s: Sentence) -> list[Fact]:
    return [candidate_fact(s, c) for c in s.candidates]


def brief(s: Sentence) -> list[tuple[str, tuple[str, ...], tuple[str, ...], str | None]]:
    """(action, actors, systems, date) of each fact."""
    return [(f.action, tuple(f.actors), tuple(f.systems), f.date) for f in facts(s)]


def dropped_by(s: Sentence) -> dict[str, list[str]]:
    """Rule name -> the trigger kinds it dropped."""
    out: dict[str, list[str]] = {}
    for d in s.dropped:
        out.setdefault(d.rule, []).append(d.candidate.trigger.kind)
    return out


def traced(s: Sentence, name: str) -> bool:
    """Some fact's trace names the rule (or one of its variants, `name:...`)."""
    return any(step == name or step.startswith(name + ":") for c in s.candidates for step in c.trace)
