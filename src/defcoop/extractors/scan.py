"""The whole-article pre-scan, in plain Python: entities, roles, triggers and cues, and the article context.

It runs before any spaCy pipeline (and without importing spaCy), so `gazetteer lookup`, the role tests
and the fast path that picks which lines reach the pipeline cost no model loading.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, replace
from itertools import pairwise

from .dates import find_dates
from .facts import main_actors
from .facts.sentence import ArticleContext
from .index import Entity, Hit, LanguageIndex
from .people import find_people
from .quantities import LANGUAGES as NUMBER_LANGUAGES
from .quantities import context_currency
from .roles import resolve_roles
from .text import Word, starts_of, words

EVENT_DAY_WINDOW = 7  # days before publication in which the lead's date is the story's day
LEAD_PARAGRAPHS = 3  # paragraphs with a trigger that are searched for it
TITLE_WORDS = 25  # a first line this long is the lead paragraph, not a title
# "date 2022-02-02 Egypt has signed ...": the page's own date field, glued by the scraper to the lead
DATELINE = re.compile(r"\s*date\s+(?:19|20)\d\d-[01]\d(?:-[0-3]\d)?(?![\d-])[ \t]*")


def dateline_end(text: str) -> int:
    """Where a "date YYYY-MM-DD" field at the very start of the text ends (0 when there is none): it
    tells when the page was written, not when its first sentence's act happened."""
    m = DATELINE.match(text)
    return m.end() if m else 0


def title_end(text: str) -> int:
    """Where the article's title line ends; 0 when the first line is the lead paragraph itself."""
    end = text.find("\n", 1)
    if end < 0:
        return 0
    return 0 if len(text[dateline_end(text):end].split()) >= TITLE_WORDS else end


@dataclass(slots=True)
class Scan:
    """What the cheap pre-scan found in a whole article (shared with the components)."""

    text: str
    words: list[Word]
    entities: list[Entity]
    triggers: list[Hit]
    cues: list[Hit]
    starts: list[int] = field(default_factory=list)  # where each word starts, for bisection
    # where each entity, trigger and cue starts, for bisection (None: the list is not in text order)
    entity_starts: list[int] | None = field(init=False)
    trigger_starts: list[int] | None = field(init=False)
    cue_starts: list[int] | None = field(init=False)

    def __post_init__(self) -> None:
        self.entity_starts = starts_in_order(self.entities)
        self.trigger_starts = starts_in_order(self.triggers)
        self.cue_starts = starts_in_order(self.cues)


def starts_in_order(items: list[Entity] | list[Hit]) -> list[int] | None:
    """The items' start offsets when they are in text order, else None."""
    starts = [x.start for x in items]
    return starts if all(a <= b for a, b in pairwise(starts)) else None


@dataclass(slots=True)
class Block:
    """Where a block (a Doc) sits in its article, and what the whole article holds."""

    offset: int
    context: ArticleContext
    scan: Scan
    wrapped: bool = False  # hard-wrapped text: a line break does not end a sentence


def prescan(index: LanguageIndex, text: str, published: str | None) -> Scan:
    ws = words(text)
    every_cue = index.cues.scan_all(ws)  # the hits' cues, and the weapon words near ambiguous aliases
    entities = _one_variant_per_article(index, index.find_entities(text, ws, cues=every_cue))
    entities += resolve_roles(index, text, ws, entities, published)
    entities += titled_people(index, text, ws, entities)
    officials = index.gaz.officials
    entities = [replace(e, actor=officials[e.id].actor_on(published))
                if e.type == "official" and e.id in officials and officials[e.id].home else e for e in entities]
    entities.sort(key=lambda e: e.start)
    triggers, cues = index.find_hits(ws, text, cues=every_cue)
    return Scan(text, ws, entities, triggers, cues, starts_of(ws))


def titled_people(index: LanguageIndex, text: str, ws: list[Word], known: list[Entity]) -> list[Entity]:
    """Officials no gazetteer knows, named next to an office title ("Defense Minister <Name>")."""
    found = find_people(text, ws, index.language, index.office_phrases, known=known, companies=index.companies,
                        function_words=index.name_stops, declension=index.declension)
    return [e for e in found if not index.related.match(text, text.rfind("\n", 0, e.start) + 1)]


def _one_variant_per_article(index: LanguageIndex, entities: list[Entity]) -> list[Entity]:
    """A family name after the one variant the article names means that variant: after "IRIS-T SLM", a
    bare "IRIS-T" is that system. Before it, or with two variants named, the family name stays."""
    systems = index.gaz.systems
    named = {e.id for e in entities if e.type == "system"}
    variant_of: dict[str, set[str]] = {}
    for sid in named:
        family = systems[sid].family
        if family is not None and family in named:
            variant_of.setdefault(family, set()).add(sid)
    rename = {family: next(iter(v)) for family, v in variant_of.items() if len(v) == 1}
    if not rename:
        return entities
    first = {sid: min(e.start for e in entities if e.id == sid) for sid in rename.values()}
    return [replace(e, id=rename[e.id], name=systems[rename[e.id]].name)
            if e.type == "system" and e.id in rename and e.start > first[rename[e.id]] else e
            for e in entities]


def context_for(index: LanguageIndex, path: str, published: str | None, scan: Scan) -> ArticleContext:
    title = title_end(scan.text)
    return ArticleContext(
        path=path, language=index.language, published=published,
        main_actors=main_actors(scan.entities, title),
        officials=[e for e in scan.entities if e.type == "official"],
        systems=[e for e in scan.entities if e.type == "system"],
        event_day=event_day(index, scan, published, title),
        estimated=None if published else estimated_month(index, scan.text),
        currency=context_currency(scan.text, index.language) if index.language in NUMBER_LANGUAGES else None,
    )


HEADER_MONTH = re.compile(r"(?<![\d-])((?:19|20)\d\d)-(0[1-9]|1[0-2])(?![\d-])")
HEADER_CHARS = 600  # where a page states when it was written


def estimated_month(index: LanguageIndex, text: str, today: dt.date | None = None) -> str | None:
    """For a page that gives no publication date: the month its header states ("date 2024-04"), else
    the month of the latest date it tells (the year when it tells no month), not after today. A page
    is written after what it reports, mostly soon after."""
    limit = (today or dt.date.today()).isoformat()
    header = HEADER_MONTH.search(text, 0, HEADER_CHARS)
    if header is not None and header.group(0) <= limit[:7]:
        return header.group(0)
    told = [d.value for d in find_dates(text, index.language, None) if not d.since and d.value <= limit]
    months = [v[:7] for v in told if len(v) >= 7]
    if months:
        return max(months)
    return max(told) if told else None


def event_day(index: LanguageIndex, scan: Scan, published: str | None, title_end: int) -> str | None:
    """The day of the story the article tells: the first exact date within a week before publication in
    a paragraph that tells a fact ("on Wednesday ..." in a Thursday paper). A later sentence about the
    same story without a date of its own ("In the afternoon, the ministers signed ...") happened then,
    not on the publication day."""
    if published is None:
        return None
    pub = dt.date.fromisoformat(published)
    text = scan.text
    header = dateline_end(text)  # the page's own date field is not the story's day
    seen: set[int] = set()
    for t in scan.triggers:
        if t.start < title_end:
            continue
        lo = text.rfind("\n", 0, t.start) + 1
        if lo in seen:
            continue
        seen.add(lo)
        if len(seen) > LEAD_PARAGRAPHS:
            break
        hi = text.find("\n", t.end)
        hi = len(text) if hi < 0 else hi
        if index.related.match(text[lo:hi]):
            continue
        for d in find_dates(text[lo:hi], index.language, published, lo, before=text[max(0, lo - 3000):lo]):
            if d.start >= header and len(d.value) == 10 and not d.since and \
                    0 <= (pub - dt.date.fromisoformat(d.value)).days <= EVENT_DAY_WINDOW:
                return d.value
    return None
