"""The typed records the fact rules read and write: one `Sentence`, its `Candidate`s, their actors.

A `Sentence` carries everything a rule may need (its words, clauses, triggers, cues, entities and dates,
the article context and the language's word lists), so that every rule is a function of one argument.
Rules change the sentence only through `drop` and `note`, which record the rule's name: that record is
what `defcoop extract --trace` and `defcoop eval --explain` show for each fact and each dropped candidate.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from typing import NamedTuple

from ..dates import DateMention
from ..gazetteer import LanguageData
from ..index import Entity, Hit, LanguageIndex
from ..text import Word
from .clauses import Clauses


@dataclass(slots=True)
class ArticleContext:
    """What a sentence needs to know about its article."""

    path: str
    language: str
    published: str | None
    main_actors: list[str] = field(default_factory=list)
    officials: list[Entity] = field(default_factory=list)  # officials in text order
    event_day: str | None = None  # the day of the story the article tells (scan.event_day)
    # an undated page: the month (or year) of the latest date it tells, the best guess of when it was written
    estimated: str | None = None
    systems: list[Entity] = field(default_factory=list)  # systems in text order
    currency: str | None = None  # what a bare "$" stands for in this article (None: USD), quantities.py


class ActorMention(NamedTuple):
    """A state named in a clause, with what its context says about its part."""

    actor: str
    recipient: bool  # "to Ukraine", "Україні" (a dative)
    word: int  # word index in the sentence
    giver: bool  # "from Germany"


class ActorsFound(NamedTuple):
    mentions: list[ActorMention]
    named: bool  # any state or official was named in the words looked at
    speaker: Entity | None  # the official speaking in a first-person quote


@dataclass(slots=True)
class Candidate:
    """A trigger on its way to becoming a fact; the rules fill in the rest."""

    trigger: Hit
    clause: int
    trace: list[str] = field(default_factory=list)  # names of the rules that made or changed it
    vetoes: list[str] = field(default_factory=list)  # veto rules that turned it down (kept in soft mode)
    systems: list[Entity] = field(default_factory=list)
    absorbed: list[Hit] = field(default_factory=list)  # triggers framed by this one
    modality: str = "asserted"
    action: str = ""
    found: ActorsFound | None = None
    named: list[str] = field(default_factory=list)  # states named in its own clause
    actors: list[str] = field(default_factory=list)
    officials: list[str] = field(default_factory=list)
    date: str | None = None
    explicit_date: bool = False
    system_names: list[str] = field(default_factory=list)
    # the article's system, for an act that names none; a trained decision takes it or not (decide/)
    offered_system: str | None = None
    confidence: float = 0.0

    def __post_init__(self) -> None:
        self.action = self.action or self.trigger.kind


@dataclass(slots=True)
class Dropped:
    """A candidate a rule turned down, kept for `--trace` and `eval --explain`."""

    candidate: Candidate
    rule: str


@dataclass(slots=True)
class Sentence:
    """One sentence of an article. All character offsets are article offsets; word indexes (of `words`,
    triggers and cues) are sentence-relative."""

    ctx: ArticleContext
    index: LanguageIndex
    text: str  # the whole article
    start: int
    end: int
    words: list[Word]
    entities: list[Entity]
    triggers: list[Hit]
    cues: list[Hit]
    dates: list[DateMention]
    clauses: Clauses
    nominal: set[int] | None = None  # word indexes of triggers tagged as nouns, when a tagger ran
    told: str | None = None  # the last date told earlier in the paragraph
    candidates: list[Candidate] = field(default_factory=list)
    dropped: list[Dropped] = field(default_factory=list)
    # soft mode: candidates a veto rule turned down, left for a trained decision (decide.py)
    vetoed: list[Candidate] = field(default_factory=list)
    mode: str = "hard"  # hard: vetoes drop; soft: vetoes set aside in `vetoed`; complete: vetoes only noted
    rule: str = ""  # the rule now running (set by the driver)
    veto: bool = True  # whether the running rule is a veto (a judgement) or structural (a merge)
    _starts: dict[int, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._starts = {w.start: i for i, w in enumerate(self.words)}

    @property
    def lang(self) -> LanguageData:
        return self.index.lang

    @property
    def systems(self) -> list[Entity]:
        return [e for e in self.entities if e.type == "system"]

    @property
    def weapon_cues(self) -> list[Hit]:
        return [c for c in self.cues if c.kind == "weapon_nouns"]

    def word_at(self, char: int) -> int:
        """The index of the word at (or first after) an article offset."""
        found = self._starts.get(char)
        if found is not None:
            return found
        # the first word ending after it, by bisection (words are in text order): a scan of the words
        # for every entity and date of a long sentence was quadratic
        return bisect_right(self.words, char, key=lambda w: w.end)

    def clause_of(self, word: int) -> int:
        return self.clauses.ids[min(word, len(self.words) - 1)]

    def clause_words(self, clause: int) -> set[int]:
        return set(self.clauses.words(clause))

    def cues_in(self, here: set[int]) -> list[Hit]:
        return [q for q in self.cues if q.first in here]

    def norm(self, i: int) -> str:
        return self.words[i].norm

    def before(self, first: int, n: int) -> list[str]:
        """The normalised words in the `n` words before word `first`."""
        return [w.norm for w in self.words[max(0, first - n):first]]

    def drop(self, candidate: Candidate) -> None:
        """Turn a candidate down, recording the running rule."""
        self.keep([c for c in self.candidates if c is not candidate])

    def keep(self, wanted: list[Candidate]) -> None:
        """Keep only `wanted` (in its order); the running rule turns the others down. A veto in soft
        mode sets them aside with the rule noted; in complete mode it only notes the rule."""
        ids = {id(c) for c in wanted}
        refused = [c for c in self.candidates if id(c) not in ids]
        if self.veto and self.mode != "hard":
            for c in refused:
                c.vetoes.append(self.rule)
            if self.mode == "complete":
                return
            self.vetoed += refused
        else:
            self.dropped += [Dropped(c, self.rule) for c in refused]
        self.candidates = list(wanted)

    def note(self, candidate: Candidate, variant: str | None = None) -> None:
        """Record that the running rule changed this candidate (`rule:variant` for one of its outcomes)."""
        candidate.trace.append(f"{self.rule}:{variant}" if variant else self.rule)
