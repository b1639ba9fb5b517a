"""defcoop's spaCy components: sentence splitting, gazetteer spans, unknown officials and fact finding.

They work on any pipeline, blank or statistical. A Doc may be a whole article or one block of it. What
they read and write flows on registered extensions:

- `doc._.defcoop_block` (input, a `Block`): where the Doc starts in its article, the article context and
  the pre-scan of the whole article. The extractor sets it; a Doc used alone (`nlp("...")`) gets one made
  from its own text, so every offset the components produce is an article offset either way.
- `doc.spans["defcoop"]` (written by `defcoop_gazetteer`): one span per gazetteer mention, its record in
  `span._.defcoop_entity`. `defcoop_facts` reads the entities of each sentence from these spans.
- `doc._.defcoop_people` (written by `defcoop_officials`): officials the statistical recogniser found.
- `doc._.defcoop_facts` and `doc._.defcoop_dropped` (written by `defcoop_facts`): the facts, and the
  candidates turned down with the rule that did it (for `--trace`); `doc._.defcoop_candidates`: every
  candidate with its features, when a trained decision takes them (decide/).
"""

from __future__ import annotations

import functools
from bisect import bisect_left
from typing import Any

import numpy

from .spacy_import import import_spacy

import_spacy()  # before any spaCy module: it leaves out spaCy's CLI (0.2 s of start-up)

from spacy.attrs import LOWER, POS, SENT_START, TAG  # noqa: E402
from spacy.language import Language  # noqa: E402
from spacy.strings import StringStore  # noqa: E402
from spacy.tokens import Doc, Span  # noqa: E402

from .dates import DateMention, find_dates  # noqa: E402
from .decide import CandidateRecord, Decider, decide_article, load_decider, propose, with_article_features  # noqa: E402
from .facts import ArticleContext, Sentence, dependency_clauses, find_facts, make_sentence  # noqa: E402
from .index import Entity, Hit, LanguageIndex, language_index  # noqa: E402
from .model import Fact, Rejected  # noqa: E402
from .scan import Block, context_for, dateline_end, prescan, starts_in_order  # noqa: E402
from .text import sentence_spans  # noqa: E402

NER_PERSON = {"PERSON", "PER"}
SPAN_KEY = "defcoop"
STANDALONE = "defcoop_standalone"  # user_data key: the Doc is its own article (no extractor made its block)
MAX_TRIGGERS = 40  # candidates of one sentence: the rules compare them pairwise
BEFORE_CHARS = 3000  # text before a sentence read for the year of "in March" and similar dates
DATELINE_CHARS = 40  # a "date YYYY-MM-DD" field can only be in a sentence that starts this near the top


for _name, _default in (("defcoop_block", None), ("defcoop_people", None), ("defcoop_facts", None),
                        ("defcoop_dropped", None), ("defcoop_candidates", None)):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=_default)
if not Span.has_extension("defcoop_entity"):
    Span.set_extension("defcoop_entity", default=None)


def block_of(doc: Doc, index: LanguageIndex) -> Block:
    """The Doc's block; a Doc used on its own is its own article (path and date from `user_data`)."""
    block = doc._.defcoop_block
    if block is None:
        published = doc.user_data.get("published")
        scan = prescan(index, doc.text, published)
        block = Block(0, context_for(index, doc.user_data.get("path", "<doc>"), published, scan), scan)
        doc._.defcoop_block = block
        doc.user_data[STANDALONE] = True  # so that defcoop_facts, run after another component, decides it
    return block


def _in_block(items: list[Any], starts: list[int] | None, lo: int, hi: int) -> list[Any]:
    """The items that start in [lo, hi), in their order. `starts` are their start offsets when the items
    are in text order (the pre-scan keeps them so): then by bisection, as a scan of every item per block
    and per sentence was quadratic in the length of the article."""
    if starts is None:
        return [x for x in items if lo <= x.start < hi]
    return items[bisect_left(starts, lo):bisect_left(starts, hi)]


@Language.factory("defcoop_sentences", default_config={"gazetteers": [], "language": None})
def make_sentences(nlp: Language, name: str, gazetteers: list[str], language: str | None) -> SentenceSplitter:
    return SentenceSplitter(language_index(language or str(nlp.lang), tuple(gazetteers)))


class SentenceSplitter:
    """Rule-based sentence starts for blank pipelines: knows "Feb. 9", "U.S." and "9. Februar"."""

    def __init__(self, index: LanguageIndex) -> None:
        self.index = index

    def __call__(self, doc: Doc) -> Doc:
        """All starts at once: setting `token.is_sent_start` checks the whole Doc each time (quadratic)."""
        starts = {a for a, _ in sentence_spans(doc.text, self.index.abbreviations)}
        flags = [1 if i == 0 or token.idx in starts else -1 for i, token in enumerate(doc)]
        if flags:
            values: Any = numpy.array(flags, dtype="int32").astype("uint64").reshape(-1, 1)
            doc.from_array([SENT_START], values)
        return doc


# English POS from the tagger's Penn tags, as the package's attribute ruler maps them, for the classes the
# rules read (verbs, nouns, pronouns): the ruler's 179 patterns took a fifth of the English pipeline's time.
PENN_POS = {
    "NN": "NOUN", "NNS": "NOUN", "NNP": "PROPN", "NNPS": "PROPN", "VB": "VERB", "VBD": "VERB", "VBG": "VERB",
    "VBN": "VERB", "VBP": "VERB", "VBZ": "VERB", "BES": "VERB", "HVS": "VERB", "MD": "AUX", "JJ": "ADJ",
    "JJR": "ADJ", "JJS": "ADJ", "AFX": "ADJ", "RB": "ADV", "RBR": "ADV", "RBS": "ADV", "WRB": "SCONJ",
    "IN": "ADP", "RP": "ADP", "CC": "CCONJ", "CD": "NUM", "DT": "DET", "PDT": "DET", "WDT": "DET", "WP$": "DET",
    "EX": "PRON", "PRP": "PRON", "PRP$": "PRON", "WP": "PRON", "POS": "PART", "TO": "PART", "UH": "INTJ",
    "$": "SYM", "#": "SYM", "SYM": "SYM", ".": "PUNCT", ",": "PUNCT", ":": "PUNCT", "-LRB-": "PUNCT",
    "-RRB-": "PUNCT", "``": "PUNCT", '""': "PUNCT", "''": "PUNCT", "HYPH": "PUNCT", "NFP": "PUNCT",
    "_SP": "SPACE", "FW": "X", "LS": "X", "NIL": "X", "ADD": "X", "GW": "X", "XX": "X",
}
PENN_PRONOUNS = ("something", "anyone", "anything", "nothing", "someone", "everything", "everyone", "everybody",
                 "nobody", "somebody", "anybody")  # tagged NN, pronouns to the ruler


@functools.cache
def _penn_ids() -> tuple[dict[int, int], int, int, frozenset[int], int]:
    """The tables of `pos_from_tags` as string ids: a string's id is its hash (a POS its symbol), the same in
    every vocabulary, so they are computed once."""
    ids = StringStore()
    pos = {ids.add(tag): ids.add(p) for tag, p in PENN_POS.items()}
    return pos, ids.add("PRON"), ids.add("NN"), frozenset(ids.add(w) for w in PENN_PRONOUNS), ids.add("X")


@Language.component("defcoop_pos_from_tags")
def pos_from_tags(doc: Doc) -> Doc:
    """Universal POS from Penn tags in one array operation, in place of the English attribute ruler."""
    if not len(doc):
        return doc
    pos, pron, noun, pronouns, x = _penn_ids()
    values = [pron if tag == noun and lower in pronouns else pos.get(tag, x)
              for tag, lower in doc.to_array([TAG, LOWER])]
    array: Any = numpy.array(values, dtype="uint64").reshape(-1, 1)
    doc.from_array([POS], array)
    return doc


@Language.factory("defcoop_gazetteer", default_config={"gazetteers": [], "language": None})
def make_gazetteer(nlp: Language, name: str, gazetteers: list[str], language: str | None) -> GazetteerMatcher:
    return GazetteerMatcher(language_index(language or str(nlp.lang), tuple(gazetteers)))


class GazetteerMatcher:
    """Marks systems, officials, states and organisations as `doc.spans["defcoop"]`."""

    def __init__(self, index: LanguageIndex) -> None:
        self.index = index

    def __call__(self, doc: Doc) -> Doc:
        block = block_of(doc, self.index)
        lo, hi = block.offset, block.offset + len(doc.text)
        spans = []
        for e in _in_block(block.scan.entities, block.scan.entity_starts, lo, hi):
            span = doc.char_span(e.start - lo, e.end - lo, label=e.type, kb_id=e.id, alignment_mode="expand")
            if span is not None:
                span._.defcoop_entity = e
                spans.append(span)
        doc.spans[SPAN_KEY] = spans
        return doc


@Language.factory("defcoop_officials", default_config={"gazetteers": [], "language": None})
def make_officials(nlp: Language, name: str, gazetteers: list[str], language: str | None) -> UnknownOfficials:
    return UnknownOfficials(language_index(language or str(nlp.lang), tuple(gazetteers)))


class UnknownOfficials:
    """People the statistical recogniser finds next to an office title, that no gazetteer knows."""

    def __init__(self, index: LanguageIndex) -> None:
        self.index = index
        self.titles = {w.casefold() for w in index.gaz.roles.get("title", {}).get(index.language, [])}

    def __call__(self, doc: Doc) -> Doc:
        block = block_of(doc, self.index)
        known = [(e.start, e.end) for e in block.scan.entities]
        people: list[Entity] = []
        for ent in doc.ents:
            if ent.label_ not in NER_PERSON or len(ent) < 2:
                continue
            start, end = ent.start_char + block.offset, ent.end_char + block.offset
            if any(s < end and start < e for s, e in known):
                continue
            window = doc[max(0, ent.start - 4):ent.start].text.casefold()
            after = doc[ent.end:ent.end + 4].text.casefold()
            if any(t in window or t in after for t in self.titles):
                people.append(Entity("official", "", ent.text, "name", start, end, ent.text, source="ner"))
        doc._.defcoop_people = people
        return doc


@Language.factory("defcoop_facts", default_config={"gazetteers": [], "language": None, "weights": "",
                                                   "propose": False})
def make_facts(nlp: Language, name: str, gazetteers: list[str], language: str | None, weights: str,
               propose: bool) -> FactFinder:
    """`language` names the lexicons to use, by default the pipeline's own; `weights` a trained decision
    file ("" the shipped one, "off" the rules alone). With `propose`, a Doc that is one block of an
    article gets its candidates only (`doc._.defcoop_candidates`): the extractor decides them with the
    rest of the article."""
    decider = None if weights == "off" else load_decider(weights or None)
    return FactFinder(language_index(language or str(nlp.lang), tuple(gazetteers)), decider, propose)


class FactFinder:
    """Runs the fact rules over each sentence that holds a trigger, and the trained decision if any."""

    def __init__(self, index: LanguageIndex, decider: Decider | None = None, propose: bool = False) -> None:
        self.index = index
        self.decider = decider
        self.propose = propose or decider is not None

    def __call__(self, doc: Doc) -> Doc:
        # a Doc used on its own is its own article, also when defcoop_gazetteer made its block
        standalone = doc._.defcoop_block is None or bool(doc.user_data.get(STANDALONE))
        block = block_of(doc, self.index)
        scan = block.scan
        entities = [s._.defcoop_entity for s in doc.spans[SPAN_KEY]] if SPAN_KEY in doc.spans \
            else _in_block(scan.entities, scan.entity_starts, block.offset, block.offset + len(doc.text))
        entity_starts = starts_in_order(entities)
        facts: list[Fact] = []
        turned_down: list[Rejected] = []
        records: list[CandidateRecord] = []
        told: str | None = None  # the last date told in this block, for sentences that give none
        for a, b in sentence_spans(doc.text, self.index.abbreviations, line_breaks=not block.wrapped):
            sentence = self._sentence(doc, block, (entities, entity_starts), a, b, told)
            if sentence is None:
                told = _last_date(block, a + block.offset, b + block.offset) or told
                continue
            if self.propose:
                found, merged = propose(sentence)
                records += found
            else:
                made, merged = find_facts(sentence)
                facts += made
            turned_down += merged
            told = _last_of(sentence.dates, block.context) or told
        if self.propose and standalone:
            facts, refused = decide_article(with_article_features(records), self.decider)
            turned_down += refused
        doc._.defcoop_facts = facts
        doc._.defcoop_dropped = turned_down
        doc._.defcoop_candidates = records
        return doc

    def _sentence(self, doc: Doc, block: Block, entities: tuple[list[Entity], list[int] | None], a: int, b: int,
                  told: str | None) -> Sentence | None:
        """The sentence from Doc offset a to b with its candidates, or None when it holds no trigger.
        `entities`: the block's entities and their start offsets."""
        scan, ctx, lo = block.scan, block.context, block.offset
        s_start, s_end = a + lo, b + lo
        trig = _in_block(scan.triggers, scan.trigger_starts, s_start, s_end)
        if not trig or self.index.related.match(scan.text[s_start:s_end]):  # "Vous pouvez également lire"
            return None
        # the sentence's words, found by bisection: a scan of the whole article per sentence was
        # quadratic in the length of the article
        first = bisect_left(scan.starts, s_start)
        ws = scan.words[first:bisect_left(scan.starts, s_end)]
        if not ws:
            return None
        text = scan.text
        dates = find_dates(text[s_start:s_end], ctx.language, ctx.published, offset=s_start,
                           before=text[max(0, s_start - BEFORE_CHARS):s_start])
        if s_start < DATELINE_CHARS and (header := dateline_end(text)):
            dates = [d for d in dates if d.start >= header]
        # a "sentence" with more triggers than this is a table or a list, not prose: its first ones only
        trig = [_shift(h, first) for h in trig[:MAX_TRIGGERS]]
        ents = _in_block(*entities, s_start, s_end)
        span = doc.char_span(a, b, alignment_mode="expand")
        clauses = dependency_clauses(ws, span, lo) if doc.has_annotation("DEP") and span is not None else None
        cues = [_shift(h, first) for h in _in_block(scan.cues, scan.cue_starts, s_start, s_end)]
        nominal = _nominal(doc, trig, lo) if doc.has_annotation("POS") else None
        return make_sentence(ctx, self.index, text, s_start, s_end, ws, ents, trig, cues, dates, clauses, nominal,
                             told)


def _nominal(doc: Doc, triggers: list[Hit], lo: int) -> set[int]:
    """Word indexes of triggers tagged as nouns, with no verb in them ("during a visit", "the talks")."""
    out: set[int] = set()
    for t in triggers:
        toks = doc.char_span(t.start - lo, t.end - lo, alignment_mode="expand")
        if toks is not None and any(x.pos_ in ("NOUN", "PROPN") for x in toks) and \
                not any(x.pos_ in ("VERB", "AUX") for x in toks):
            out.add(t.first)
    return out


def _last_of(dates: list[DateMention], ctx: ArticleContext) -> str | None:
    usable = [d.value for d in dates if not d.since and len(d.value) >= 7
              and (ctx.published is None or d.value <= ctx.published)]
    return usable[-1] if usable else None


def _last_date(block: Block, start: int, end: int) -> str | None:
    ctx = block.context
    header = dateline_end(block.scan.text) if start < DATELINE_CHARS else 0
    return _last_of([d for d in find_dates(block.scan.text[start:end], ctx.language, ctx.published, start)
                     if d.start >= header], ctx)


def _shift(h: Hit, n: int) -> Hit:
    return h.shifted(n)
