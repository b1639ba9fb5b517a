"""Article in, mentions and facts out: the function every command calls.

The fast path: the gazetteer and trigger matchers scan the whole article first (they cost little); only
the lines that hold a cooperation trigger go through the spaCy pipeline, where sentences are split and
facts found. Most lines of a news page (menus, bylines, battlefield paragraphs) never reach the model.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from .decide import CandidateRecord, decide_article, load_decider, with_article_features
from .gazetteer import load_gazetteer
from .index import Entity, language_index
from .model import Article, Fact, Mention, Rejected
from .pipeline import build_pipeline, warn_once
from .published import find_published, published_from_url
from .quantities import load_numbers
from .scan import Block, context_for, prescan

DEFAULT_LANGUAGE = "en"


@dataclass(slots=True)
class Result:
    article: Article
    facts: list[Fact] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    dropped: list[Rejected] = field(default_factory=list)  # candidates turned down (`--trace`)
    candidates: list[CandidateRecord] = field(default_factory=list)  # every candidate (`collect`)


_SENTENCE_END = re.compile(r"[.!?…:;\"»”’)\]]\s*$")
PROSE_WORDS = 25  # a line this long is prose even without a final stop


def hard_wrapped(text: str) -> bool:
    """Text broken into lines mid-sentence (e-mail style), with blank lines between paragraphs."""
    lines = [ln for ln in text.split("\n") if len(ln) > 40]
    if len(lines) < 4 or "\n\n" not in text:
        return False
    unfinished = sum(1 for ln in lines if not _SENTENCE_END.search(ln))
    return unfinished / len(lines) > 0.5


def _blocks(text: str, wrapped: bool, related: re.Pattern[str]) -> Iterator[tuple[int, int]]:
    """Prose blocks that may state facts: lines (or paragraphs of wrapped text) that end like a sentence
    or are long. Headlines, menus, captions without a stop, tag lines and "Read also" lines are skipped:
    a headline retells the story's own fact, and the body tells it with its date."""
    pattern = r"(?:[^\n]++|\n(?![^\S\n]*+\n))+" if wrapped else r"[^\n]+"
    for m in re.finditer(pattern, text):
        block = m.group()
        if related.match(block) or block.lstrip().startswith("#"):
            continue
        if not _SENTENCE_END.search(block) and len(block.split()) < PROSE_WORDS and \
                not _attributed(text, m.end()):
            continue
        yield m.start(), m.end()


_ATTRIBUTION = re.compile(r"\n[^\S\n]*[–—][^\S\n]*(\w)")


def _attributed(text: str, end: int) -> bool:
    """Whether the line ending at `end` is a statement whose attribution the page put on the next line
    ("Poland signed a letter of intent with Ukraine" / "– the minister wrote"): a sentence, not a headline."""
    m = _ATTRIBUTION.match(text, end)
    return m is not None and m.group(1).islower()


class Extractor:
    """Holds the pipelines (loaded lazily, once per language) and turns articles into results."""

    def __init__(self, gazetteers: Sequence[str] = (), *, statistical: bool = True, people: bool = True,
                 warn: Callable[[str], None] | None = None, weights: str = "", collect: bool = False) -> None:
        """`people=False` leaves out the statistical recogniser of unknown officials: the facts are the
        same, the mentions lack the officials that only it finds. `weights` names the trained decisions
        ("" the shipped ones, "off" the rules alone); `collect` keeps every candidate (for training)."""
        self.gazetteers = tuple(str(g) for g in gazetteers)
        self.statistical = statistical
        self.people = people
        self.warn = warn
        self.weights = str(weights)
        self.collect = collect
        load_gazetteer(self.gazetteers)  # fail early, before any article, on a broken gazetteer
        load_numbers()  # and on broken number data (read once, in 20 ms)
        # and on a broken weights file
        self.decider = None if self.weights == "off" else load_decider(self.weights or None)
        self.propose = collect or self.decider is not None

    def pipeline(self, language: str) -> Any:
        return build_pipeline(language, self.gazetteers, statistical=self.statistical, people=self.people,
                              warn=self.warn, weights=self.weights, propose=self.propose)

    def language_of(self, article: Article) -> str:
        if article.language:
            return article.language
        from .reader import detect_language

        return detect_language(article.text) or DEFAULT_LANGUAGE

    def process(self, article: Article, *, all_blocks: bool = False) -> Result:
        """Facts and mentions of one article. `all_blocks` runs the model on every line (for NER)."""
        language = self.language_of(article)
        article.language = language
        if not article.published:
            article.published = find_published(article.text, language) or published_from_url(article.url)
        index = language_index(language, self.gazetteers)
        if not index.has_lexicon:
            warn_once(self.warn, f"lex:{language}", f"no action lexicon for '{language}': entities only, no facts")
        scan = prescan(index, article.text, article.published)
        ctx = context_for(index, article.path, article.published, scan)
        trigger_starts = sorted(t.start for t in scan.triggers)
        nlp = self.pipeline(language)
        docs = []
        wrapped = hard_wrapped(article.text)
        for lo, hi in _blocks(article.text, wrapped, index.related):
            # a trigger starts in the block: the first one from lo on, by bisection (a scan of every
            # trigger per block was quadratic in the length of the article)
            k = bisect_left(trigger_starts, lo)
            if not all_blocks and not (k < len(trigger_starts) and trigger_starts[k] < hi):
                continue
            doc = nlp.make_doc(article.text[lo:hi])
            doc._.defcoop_block = Block(lo, ctx, scan, wrapped=wrapped)
            docs.append(doc)
        facts: list[Fact] = []
        dropped: list[Rejected] = []
        candidates: list[CandidateRecord] = []
        extra_officials: list[Entity] = []
        for doc in nlp.pipe(docs):
            facts.extend(doc._.defcoop_facts or ())
            dropped.extend(doc._.defcoop_dropped or ())
            candidates.extend(doc._.defcoop_candidates or ())
            extra_officials.extend(doc._.defcoop_people or ())
        if self.propose:
            candidates = with_article_features(candidates)
            decided, refused = decide_article(candidates, self.decider)
            facts += decided
            dropped += refused
        pointers = _related_lines(article.text, index.related)  # "Read also: ..." names another story's people
        mentions = [Mention(article.path, e.type, e.name, e.text, e.start, e.end, e.id, e.source)
                    for e in sorted(scan.entities + extra_officials, key=lambda e: (e.start, e.end))
                    if not any(lo <= e.start < hi for lo, hi in pointers)]
        return Result(article, dedupe(facts), mentions, dropped, candidates if self.collect else [])



def _related_lines(text: str, related: re.Pattern[str]) -> list[tuple[int, int]]:
    """Spans of the lines that point to other stories ("Read also: ...", "Читайте також: ...")."""
    out, at = [], 0
    for line in text.splitlines(keepends=True):
        if related.match(line):
            out.append((at, at + len(line)))
        at += len(line)
    return out


def dedupe(facts: Iterable[Fact]) -> list[Fact]:
    """One fact per event and action within an article: the first telling wins."""
    seen: set[tuple] = set()
    out = []
    for f in facts:
        key = (f.action, frozenset(f.actors), frozenset(f.systems), f.date)
        if key in seen:
            continue
        seen.add(key)
        out.append(f)
    return out
