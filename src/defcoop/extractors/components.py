"""defcoop's spaCy components: gazetteer matching, role resolution and fact finding.

They work on any pipeline, blank or statistical. A Doc may be a whole article or one block of it; the
extractor passes the block's offset and the article context in `doc.user_data["defcoop"]`, so every
offset the components produce is an article offset. Used alone (`nlp("...")`), a Doc is its own article.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left
from dataclasses import dataclass, field, replace

from .spacy_import import import_spacy

import_spacy()  # before any spaCy module: it leaves out spaCy's CLI (0.2 s of start-up)

from spacy.language import Language  # noqa: E402
from spacy.tokens import Doc  # noqa: E402

from .dates import find_dates
from .facts import ArticleContext, dependency_clauses, main_actors, sentence_facts
from .index import Entity, Hit, LanguageIndex, language_index
from .roles import resolve_roles
from .text import RELATED, Word, sentence_spans, words

NER_PERSON = {"PERSON", "PER"}


@dataclass(slots=True)
class Scan:
    """What the cheap pre-scan found in a whole article (shared with the components)."""

    text: str
    words: list[Word]
    entities: list[Entity]
    triggers: list[Hit]
    cues: list[Hit]
    starts: list[int] = field(default_factory=list)  # where each word starts, for bisection


@dataclass(slots=True)
class BlockInfo:
    offset: int
    context: ArticleContext
    scan: Scan | None = None
    facts: list = field(default_factory=list)
    ner: list[Entity] = field(default_factory=list)
    wrapped: bool = False  # hard-wrapped text: a line break does not end a sentence


def prescan(index: LanguageIndex, text: str, published: str | None) -> Scan:
    ws = words(text)
    entities = _one_variant_per_article(index, index.find_entities(text, ws))
    entities += resolve_roles(index, text, ws, entities, published)
    officials = index.gaz.officials
    entities = [replace(e, actor=officials[e.id].actor_on(published))
                if e.type == "official" and e.id in officials and officials[e.id].home else e for e in entities]
    entities.sort(key=lambda e: e.start)
    triggers, cues = index.find_hits(ws, text)
    return Scan(text, ws, entities, triggers, cues, [w.start for w in ws])


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


def context_for(path: str, language: str, published: str | None, scan: Scan) -> ArticleContext:
    title_end = scan.text.find("\n", 1)
    return ArticleContext(
        path=path, language=language, published=published,
        main_actors=main_actors(scan.entities, title_end if title_end > 0 else 0),
        officials=[e for e in scan.entities if e.type == "official"],
        systems=[e for e in scan.entities if e.type == "system"],
        event_day=_event_day(scan, language, published, max(title_end, 0)),
    )


EVENT_DAY_WINDOW = 7  # days before publication in which the lead's date is the story's day
LEAD_PARAGRAPHS = 3  # paragraphs with a trigger that are searched for it


def _event_day(scan: Scan, language: str, published: str | None, title_end: int) -> str | None:
    """The day of the story the article tells: the first exact date within a week before publication in
    a paragraph that tells a fact ("on Wednesday ..." in a Thursday paper). A later sentence about the
    same story without a date of its own ("In the afternoon, the ministers signed ...") happened then,
    not on the publication day."""
    if published is None:
        return None
    pub = dt.date.fromisoformat(published)
    text = scan.text
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
        if RELATED.match(text[lo:hi]):
            continue
        for d in find_dates(text[lo:hi], language, published, lo, before=text[max(0, lo - 3000):lo]):
            if len(d.value) == 10 and not d.since and \
                    0 <= (pub - dt.date.fromisoformat(d.value)).days <= EVENT_DAY_WINDOW:
                return d.value
    return None


def _info(doc: Doc, index: LanguageIndex) -> BlockInfo:
    info = doc.user_data.get("defcoop")
    if info is None:  # a Doc used on its own is its own article
        published = doc.user_data.get("published")
        scan = prescan(index, doc.text, published)
        ctx = context_for(doc.user_data.get("path", "<doc>"), index.language, published, scan)
        info = BlockInfo(0, ctx, scan)
        doc.user_data["defcoop"] = info
    return info


def _in_block(items, lo: int, hi: int):
    return [x for x in items if lo <= x.start < hi]


@Language.component("defcoop_sentences")
def split_sentences(doc: Doc) -> Doc:
    """Rule-based sentence starts for blank pipelines: knows "Feb. 9", "U.S." and "9. Februar"."""
    starts = {a for a, _ in sentence_spans(doc.text)}
    for i, token in enumerate(doc):
        token.is_sent_start = i == 0 or token.idx in starts
    return doc


@Language.factory("defcoop_gazetteer", default_config={"gazetteers": [], "language": None})
def make_gazetteer(nlp: Language, name: str, gazetteers: list[str], language: str | None) -> "GazetteerMatcher":
    return GazetteerMatcher(language_index(language or nlp.lang, tuple(gazetteers)))


class GazetteerMatcher:
    """Marks systems, officials, states and organisations as `doc.spans["defcoop"]`."""

    def __init__(self, index: LanguageIndex) -> None:
        self.index = index

    def __call__(self, doc: Doc) -> Doc:
        info = _info(doc, self.index)
        lo, hi = info.offset, info.offset + len(doc.text)
        spans = []
        for e in _in_block(info.scan.entities, lo, hi):
            span = doc.char_span(e.start - lo, e.end - lo, label=e.type, kb_id=e.id,
                                 alignment_mode="expand")
            if span is not None:
                spans.append(span)
        doc.spans["defcoop"] = spans
        return doc


@Language.factory("defcoop_officials", default_config={"gazetteers": [], "language": None})
def make_officials(nlp: Language, name: str, gazetteers: list[str], language: str | None) -> "UnknownOfficials":
    return UnknownOfficials(language_index(language or nlp.lang, tuple(gazetteers)))


class UnknownOfficials:
    """People the statistical recogniser finds next to an office title, that no gazetteer knows."""

    def __init__(self, index: LanguageIndex) -> None:
        self.index = index
        self.titles = {w.casefold() for w in index.gaz.roles.get("title", {}).get(index.language, [])}

    def __call__(self, doc: Doc) -> Doc:
        info = _info(doc, self.index)
        known = [(e.start, e.end) for e in info.scan.entities]
        for ent in doc.ents:
            if ent.label_ not in NER_PERSON or len(ent) < 2:
                continue
            start, end = ent.start_char + info.offset, ent.end_char + info.offset
            if any(s < end and start < e for s, e in known):
                continue
            window = doc[max(0, ent.start - 4):ent.start].text.casefold()
            after = doc[ent.end:ent.end + 4].text.casefold()
            if not any(t in window or t in after for t in self.titles):
                continue
            info.ner.append(Entity("official", "", ent.text, "name", start, end, ent.text, source="ner"))
        return doc


@Language.factory("defcoop_facts", default_config={"gazetteers": [], "language": None})
def make_facts(nlp: Language, name: str, gazetteers: list[str], language: str | None) -> "FactFinder":
    """`language` names the lexicons to use; by default the pipeline's own language."""
    return FactFinder(language_index(language or nlp.lang, tuple(gazetteers)))


class FactFinder:
    """Finds the cooperation facts of each sentence; they land in `doc.user_data["defcoop"].facts`."""

    def __init__(self, index: LanguageIndex) -> None:
        self.index = index

    def __call__(self, doc: Doc) -> Doc:
        info = _info(doc, self.index)
        scan, ctx, lo = info.scan, info.context, info.offset
        text = scan.text
        starts = scan.starts
        parsed = doc.has_annotation("DEP")
        tagged = doc.has_annotation("POS")
        told: str | None = None  # the last date told in this block, for sentences that give none
        for a, b in sentence_spans(doc.text, line_breaks=not info.wrapped):
            s_start, s_end = a + lo, b + lo
            trig = _in_block(scan.triggers, s_start, s_end)
            if trig and RELATED.match(text[s_start:s_end]):  # "Vous pouvez également lire : ..." mid-paragraph
                trig = []
            if not trig:
                told = _last_date(text[s_start:s_end], ctx, s_start) or told
                continue
            # the sentence's words, found by bisection: a scan of the whole article per sentence was
            # quadratic in the length of the article
            first = bisect_left(starts, s_start)
            ws = scan.words[first:bisect_left(starts, s_end)]
            if not ws:
                continue
            ents = _in_block(scan.entities, s_start, s_end)
            cues = _in_block(scan.cues, s_start, s_end)
            # word indexes of hits are article-wide: make them sentence-relative
            trig = [_shift(h, first) for h in trig]
            cues = [_shift(h, first) for h in cues]
            dates = find_dates(text[s_start:s_end], ctx.language, ctx.published, offset=s_start,
                               before=text[max(0, s_start - 3000):s_start])
            span = doc.char_span(a, b, alignment_mode="expand")
            clauses = dependency_clauses(ws, span) if parsed and span is not None else None
            nominal = None
            if tagged:
                nominal = set()
                for t in trig:  # "during a visit", "the talks": no verb in the trigger
                    toks = doc.char_span(t.start - lo, t.end - lo, alignment_mode="expand")
                    if toks is not None and any(x.pos_ in ("NOUN", "PROPN") for x in toks) and \
                            not any(x.pos_ in ("VERB", "AUX") for x in toks):
                        nominal.add(t.first)
            info.facts.extend(sentence_facts(ctx, self.index, text, s_start, s_end, ws, ents, trig,
                                             cues, dates, clauses, nominal, told))
            told = _last_of(dates, ctx) or told
        return doc


def _last_of(dates, ctx: ArticleContext) -> str | None:
    usable = [d.value for d in dates if not d.since and len(d.value) >= 7
              and (ctx.published is None or d.value <= ctx.published)]
    return usable[-1] if usable else None


def _last_date(sentence: str, ctx: ArticleContext, offset: int) -> str | None:
    return _last_of(find_dates(sentence, ctx.language, ctx.published, offset), ctx)


def _shift(h: Hit, n: int) -> Hit:
    return Hit(h.kind, h.start, h.end, h.first - n, h.last - n, h.trigger)
