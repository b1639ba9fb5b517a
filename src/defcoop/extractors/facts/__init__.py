"""From the entities, triggers and cues of one sentence to cooperation facts, through named rules.

`sentence.py` holds the typed records, `clauses.py` cuts a sentence into clauses, `registry.py` runs the
rules of `rules/` stage by stage (triggers, framing, systems, facts, outcomes). Each rule module opens with
a table of its rules; `defcoop extract --trace` shows which rules made each fact and which dropped each
candidate. How to add a rule: README.md, "How it works".
"""

from __future__ import annotations

from collections import Counter
from functools import lru_cache

from ..dates import DateMention
from ..index import Entity, Hit, LanguageIndex
from ..model import Fact, Rejected
from ..quantities import LANGUAGES as NUMBER_LANGUAGES
from ..quantities import Amounts, fact_amounts
from ..text import Word
from . import rules  # noqa: F401 - registers the rules
from .clauses import Clauses, dependency_clauses, split_clauses
from .registry import RULES, ordered_rules, run
from .sentence import ArticleContext, Candidate, Dropped, Sentence

__all__ = [
    "RULES",
    "ArticleContext",
    "Candidate",
    "Clauses",
    "Dropped",
    "Sentence",
    "candidate_fact",
    "dependency_clauses",
    "find_facts",
    "main_actors",
    "make_sentence",
    "ordered_rules",
    "rejected",
    "run",
    "split_clauses",
]


def main_actors(entities: list[Entity], title_end: int = 0) -> list[str]:
    """The article's two most-named actor states (officials count for their state; the title twice)."""
    counts: Counter[str] = Counter()
    first: dict[str, int] = {}
    for e in entities:
        if e.actor is None or e.type == "system":
            continue
        counts[e.actor] += 2 if e.start < title_end else 1
        first.setdefault(e.actor, e.start)
    return sorted(counts, key=lambda a: (-counts[a], first[a]))[:2]


@lru_cache(maxsize=64)
def _amounts(text: str, language: str, start: int, end: int, action: str, mine: tuple[tuple[int, int], ...],
             others: tuple[tuple[int, int], ...], currency: str | None) -> Amounts:
    """`fact_amounts`, once per sentence, action and systems: each reading is a pass over the sentence,
    and a sentence's candidates often share all three (a page of bare amounts makes thousands)."""
    return fact_amounts(text, language, start, end, action, mine, others, context_currency=currency)


def candidate_fact(s: Sentence, c: Candidate) -> Fact:
    """The fact a candidate would be, with the quantity and value its sentence states."""
    amounts = Amounts()
    if s.ctx.language in NUMBER_LANGUAGES:  # a user's lexicon for another language has no number data
        mine = [(e.start, e.end) for e in c.systems]
        others = [(e.start, e.end) for e in s.systems if (e.start, e.end) not in mine]
        amounts = _amounts(s.text, s.ctx.language, s.start, s.end, c.action, tuple(mine), tuple(others),
                           s.ctx.currency)
    return Fact(
        article=s.ctx.path, language=s.ctx.language, published=s.ctx.published, action=c.action,
        actors=c.actors, officials=c.officials, systems=c.system_names, date=c.date,
        evidence=s.text[s.start:s.end], start=s.start, end=s.end, confidence=c.confidence,
        modality=c.modality, trace=list(c.trace), quantity=amounts.quantity, value=amounts.value,
        currency=amounts.currency,
    )


def make_sentence(ctx: ArticleContext, index: LanguageIndex, text: str, start: int, end: int, ws: list[Word],
                  entities: list[Entity], triggers: list[Hit], cues: list[Hit], dates: list[DateMention],
                  clauses: Clauses | None = None, nominal: set[int] | None = None,
                  told: str | None = None) -> Sentence:
    """A sentence from article offset `start` to `end`; its word indexes (of `ws`, triggers and cues)
    are sentence-relative. Without a parse (`clauses` None) the rules cut the clauses."""
    s = Sentence(ctx, index, text, start, end, ws, entities, triggers, cues, dates, Clauses([]), nominal, told)
    if clauses is None:
        subjects = {s.word_at(e.start) for e in entities if e.actor is not None and not e.place}
        clauses = split_clauses(ws, text, index.lang, subjects, {t.first for t in triggers})
    s.clauses = clauses
    return s


def find_facts(s: Sentence) -> tuple[list[Fact], list[Rejected]]:
    """Run the rules over one sentence, each trigger a candidate: the facts left, and those dropped."""
    if not s.triggers or not s.words:
        return [], []
    s.candidates = [Candidate(t, s.clause_of(t.first), trace=["trigger"]) for t in s.triggers]
    run(s)
    return [candidate_fact(s, c) for c in s.candidates], rejected(s, s.dropped)


def rejected(s: Sentence, dropped: list[Dropped]) -> list[Rejected]:
    return [Rejected(candidate_fact(s, d.candidate), d.rule, list(d.candidate.vetoes)) for d in dropped]
