"""Word-level normalisation and the phrase matcher shared by gazetteers, role phrases and triggers.

Matching works on words (runs of letters, or of digits) rather than on a pipeline's tokens, so that
`SAMP/T`, `SAMP-T` and `SAMP T` are one alias whatever a language's tokenizer does with the slash, and so
that the same matcher can scan a whole article before any statistical model runs (the fast path).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from itertools import compress
from operator import itemgetter
from typing import Any, NamedTuple

_WORD = re.compile(r"[^\W\d_]+|\d+")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
PLURAL_S = re.compile(r"s?")  # German genitive ("des Taurus-Systems"), Latin plurals ("Typhoons", "Rafales")


@dataclass(frozen=True, slots=True)
class Declension:
    """Case endings an alias may take, by script (letters from the language files' `endings`)."""

    cyrillic: str = ""  # letters of Ukrainian and Russian endings
    polish: str = ""
    stem_vowels: str = ""  # final letters cut from an alias to find its stem
    max_ending: int = 4

    def pattern(self, cls: str) -> re.Pattern[str]:
        if cls == "s":
            return PLURAL_S
        letters = self.cyrillic if cls == "cyrillic" else self.polish
        return re.compile(f"[{re.escape(letters)}]{{0,{self.max_ending}}}" if letters else "")


class Word(NamedTuple):
    norm: str  # case-folded
    start: int
    end: int
    text: str


_NORM = itemgetter(0)  # Word.norm, read in C
_START = itemgetter(1)
_END = itemgetter(2)


def starts_of(ws: Sequence[Word]) -> list[int]:
    """Where each word starts, for bisection (read in C: this runs over every word of a page)."""
    return list(map(_START, ws))


def ends_of(ws: Sequence[Word]) -> list[int]:
    return list(map(_END, ws))


def words(text: str, offset: int = 0) -> list[Word]:
    return [Word(m.group().casefold(), m.start() + offset, m.end() + offset, m.group())
            for m in _WORD.finditer(text)]


def alias_key(alias: str) -> tuple[str, ...]:
    """The normalised word sequence an alias matches (punctuation, spacing and case ignored)."""
    return tuple(m.group().casefold() for m in _WORD.finditer(alias))


def strip_accents(s: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))


@cache
def _parts(phrase: str) -> tuple[str, ...]:
    return tuple(re.findall(r"\.\.\.|…|=?[^\W\d_]+\*?|\d+\*?", phrase))


@cache
def _case_rule(alias: str) -> str:
    """How strictly case must match: 'title' for ordinary capitalised words, 'upper' for acronyms."""
    parts = alias_key(alias)
    if len(parts) != 1 or not parts[0].isalpha():
        return "any"
    if alias.isupper() and len(alias) >= 2:
        return "upper"
    if alias[:1].isupper():
        return "title"
    return "any"


def _case_ok(rule: str, surface: list[Word], exact: str | None) -> bool:
    if exact is not None:
        return [w.text for w in surface] == [m.group() for m in _WORD.finditer(exact)]
    if rule == "any":
        return True
    first = surface[0].text
    if rule == "title":
        return first[:1].isupper()
    return first[:1].isupper()  # 'upper': all capitals or an initial capital, never all lower case


@dataclass(slots=True)
class Match:
    start: int  # character offsets in the scanned text
    end: int
    first: int  # word indexes, end exclusive
    last: int
    payload: Any
    spanned: bool = False  # a split verb: other phrases may stand inside it
    by_lemma: bool = False  # some word met the phrase by its lemma only ("commandait" for "commandé")


# A trie node is a plain list, so that a whole trie pickles and unpickles in C:
#   [EXACT] dict word -> node
#   [STEMS] dict stem -> [(node, suffix class or "*")]
#   [ENDS]  list of (payload, case rule, exact surface or None, met by lemma too) for phrases ending here
#   [SPAN]  node after "...": up to SPAN words (or none), then its children; or None
#   [LENS]  the lengths of the STEMS keys, longest first
#   [LEMMAS] dict lemma -> [node]: the children of words whose lemma it is (a word's other forms)
#   [FIRST] the first letters of the STEMS keys, as one string
_Node = list
EXACT, STEMS, ENDS, SPAN_NODE, LENS, LEMMAS, FIRST = range(7)


SPAN = 20  # words a "..." in a phrase may stand for
LEMMA_COST = 100  # a word met by its lemma only counts as much looser than any other way of meeting
STEM_PREFIX = 3  # letters of a stem that `_Starts` keeps


def _node() -> _Node:
    return [{}, {}, [], None, (), {}, ""]


@dataclass(frozen=True, slots=True)
class _Starts:
    """What a word needs to start a phrase: its spelling at the root, the first letters of a root stem,
    or a lemma at the root. Most words of a page have none, and skip the walk of the trie. A test that
    lets a few more words through than start a phrase, never fewer."""

    spelled: frozenset[str]  # the root's words, and the forms of the root's lemmas
    prefix: int  # letters of a word looked up in `cuts`
    cuts: dict[str, tuple[int, ...]]  # the first `prefix` letters of root stems -> their lengths, longest first
    every: bool  # a phrase starts with "...": any word may start one

    @classmethod
    def of(cls, root: _Node, lemmas: dict[str, str]) -> _Starts:
        prefix = min((STEM_PREFIX, *map(len, root[STEMS])))
        cuts: dict[str, tuple[int, ...]] = {}
        for stem in sorted(root[STEMS], key=len, reverse=True):  # longest first, as the trie tries them
            have = cuts.setdefault(stem[:prefix], ())
            if len(stem) not in have:
                cuts[stem[:prefix]] = (*have, len(stem))
        forms = (form for form, lemma in lemmas.items() if lemma in root[LEMMAS]) if root[LEMMAS] else ()
        return cls(frozenset((*root[EXACT], *forms)), prefix, cuts, root[SPAN_NODE] is not None)


class PhraseMatcher:
    """Longest-match phrase lookup over words, with `*` prefixes and automatic declension.

    `language` names the suffix class applied to aliases: 'cyrillic' aliases always decline; Latin aliases
    decline as Polish in Polish text and take a genitive -s in German text (None: the shared entity
    matcher of the other languages, where Latin aliases take a plural -s). Inside a phrase, up to `gap`
    words may stand between its words, except the `gap_blockers` ("el [texto del] acuerdo" is not "el
    acuerdo"); the particle of a split verb ("kündigte ... an") must close its clause: punctuation or one
    of `clause_closers` follows it, which tells it from the preposition ("an die Ukraine").
    """

    def __init__(self, language: str | None = None, gap: int = 0, *, declension: Declension = Declension(),
                 gap_blockers: frozenset[str] = frozenset(), clause_closers: frozenset[str] = frozenset(),
                 lemmas: dict[str, str] | None = None) -> None:
        self.root = _node()
        self.language = language
        self.gap = gap
        self.min_stem = 3
        self.size = 0
        self.declension = declension
        self.suffixes = {cls: declension.pattern(cls) for cls in ("cyrillic", "polish", "s")}
        self.gap_blockers = gap_blockers
        self.clause_closers = clause_closers
        # form -> lemma (lemmas.py): a phrase word also meets the other forms of its lemma
        self.lemmas = lemmas or {}
        self._starts: _Starts | None = None  # built on the first scan after the last `add`

    def add(self, phrase: str, payload: Any, *, wildcard: bool = False, case: str | None = None,
            exact: bool = False, by_lemma: bool = True) -> None:
        """`by_lemma=False`: the phrase's meaning lies in its word forms ("would", "sarebbe"), so other
        forms of its words' lemmas never meet it."""
        parts = _parts(phrase)
        if not parts:
            return
        self._starts = None
        node = self.root
        for part in parts:
            if part in ("...", "…"):  # a split verb: "sagte ... zu", "kündigte ... an"
                if node[SPAN_NODE] is None:
                    node[SPAN_NODE] = _node()
                node = node[SPAN_NODE]
                continue
            star = part.endswith("*")
            form_only = part.startswith("=")  # "=sarebbe": this spelling, no other form of it
            word = part.strip("*=").casefold()
            parent = node
            if star and wildcard:
                node = self._stem_child(node, word, "*")
                continue
            if not form_only and len(word) >= 4 and word.isalpha() and (cls := self._suffix_class(word)):
                stem = word.rstrip(self.declension.stem_vowels) if cls != "s" else word
                if len(word) - len(stem) > 2 or len(stem) < self.min_stem:
                    stem = word
                node = self._stem_child(node, stem, cls)
            else:
                node = node[EXACT].setdefault(word, _node())
            lemma = self.lemmas.get(word) if by_lemma and not form_only else None
            if lemma is not None:
                siblings = parent[LEMMAS].setdefault(lemma, [])
                if not any(n is node for n in siblings):
                    siblings.append(node)
        rule = case if case is not None else _case_rule(phrase)
        node[ENDS].append((payload, rule, phrase if exact else None, by_lemma))
        self.size += 1

    def _suffix_class(self, word: str) -> str | None:
        if _CYRILLIC.search(word):
            return "cyrillic"
        if self.language == "pl":
            return "polish"
        if self.language in ("de", None):  # None: the shared entity matcher of en, fr, it, es, uk, ru
            return "s"
        return None

    @staticmethod
    def _stem_child(node: _Node, stem: str, cls: str) -> _Node:
        options = node[STEMS].setdefault(stem, [])
        for child, c in options:
            if c == cls:
                return child
        child = _node()
        options.append((child, cls))
        if len(stem) not in node[LENS]:
            node[LENS] = tuple(sorted((*node[LENS], len(stem)), reverse=True))
        if stem[:1] not in node[FIRST]:
            node[FIRST] += stem[:1]
        return child

    def _step(self, node: _Node, word: str, lens: tuple[int, ...]) -> list[tuple[_Node, int]]:
        """The children a text word leads to, with how loosely it met each: 0 by spelling, 1 by a `*`
        prefix, 2 by a declension ending, LEMMA_COST by its lemma only. `lens`: the lengths of the
        node's stems that may begin the word (all of node[LENS], or fewer)."""
        out = []
        child = node[EXACT].get(word)
        if child is not None:
            out.append((child, 0))
        if lens:
            n = len(word)
            stems = node[STEMS]
            for cut in lens:
                if cut > n:
                    continue
                options = stems.get(word[:cut])
                if options is None:
                    continue
                for child, cls in options:
                    if cls == "*":
                        out.append((child, 1))
                    elif self.suffixes[cls].fullmatch(word, cut):
                        out.append((child, 2))
        if node[LEMMAS]:
            lemma = self.lemmas.get(word)
            if lemma is not None:
                for other in node[LEMMAS].get(lemma, ()):
                    out.append((other, LEMMA_COST))
        return out

    def _compiled(self) -> _Starts:
        starts = self._starts
        if starts is None:
            starts = self._starts = _Starts.of(self.root, self.lemmas)
        return starts

    def _starting(self, ws: list[Word], start: int, end: int) -> list[tuple[int, list[tuple[_Node, int]]]]:
        """The words of ws[start:end] that start a phrase, each with the root's children it leads to. Each
        distinct word of the text is looked up at the root once ("de", "the" come dozens of times)."""
        starts = self._compiled()
        root = self.root
        norms = list(map(_NORM, ws[start:end]))
        if starts.every:  # a phrase opens with "...": every word starts one
            return [(i, self._step(root, w, root[LENS])) for i, w in enumerate(norms, start)]
        prefix, cuts = starts.prefix, starts.cuts
        vocab = set(norms)
        maybe = vocab & starts.spelled  # spelled as a root word, or a form of a root lemma
        maybe.update(w for w in vocab if w[:prefix] in cuts)
        first: dict[str, list[tuple[_Node, int]]] = {}
        for w in maybe:
            steps = self._step(root, w, cuts.get(w[:prefix], ()))
            if steps:
                first[w] = steps
        # the positions of those words and their children, gathered in C (a loop here costs more than the
        # rest of the scan on most pages)
        starting = list(map(first.__contains__, norms))
        return list(zip(compress(range(start, end), starting), map(first.__getitem__, compress(norms, starting)),
                        strict=True))

    def scan(self, ws: list[Word], start: int = 0, end: int | None = None) -> list[Match]:
        """All longest, non-overlapping matches, left to right."""
        out: list[Match] = []
        end = len(ws) if end is None else end
        after = start  # where the next match may start
        for i, first in self._starting(ws, start, end):
            if i < after:
                continue
            best = self._longest(ws, i, end, first)
            if best is None:
                continue
            out.append(best)
            after = best.first + 1 if best.spanned else best.last  # "kündigte neue Lieferungen an": both
        return out

    def scan_all(self, ws: list[Word]) -> list[Match]:
        """Every match starting at every word (overlaps kept), longest first at each start."""
        out: list[Match] = []
        for i, first in self._starting(ws, 0, len(ws)):
            found = self._longest(ws, i, len(ws), first)
            if found is not None:
                out.append(found)
        return out

    def _longest(self, ws: list[Word], i: int, end: int, first: list[tuple[_Node, int]]) -> Match | None:
        """The longest match starting at word i, which leads to the root's children `first`; of two as
        long, the one whose words met the phrase more closely (by spelling before a `*` prefix, a
        declension ending, a lemma)."""
        best: Match | None = None
        best_last = best_cost = 0
        root, gap, blockers = self.root, self.gap, self.gap_blockers
        # node, next word, words skipped so far, past a "...", how loosely the words met so far
        frontier = [(root, i, 0, False, 0)]
        while frontier:
            node, j, skipped, spanned, cost = frontier.pop()
            if j >= end:
                continue
            word = ws[j].norm
            for child, step in first if node is root else self._step(node, word, node[LENS]):
                total = cost + step
                if child[ENDS] and (best is None or j + 1 > best_last or (j + 1 == best_last and total < best_cost)) \
                        and (not spanned or self._closes_clause(ws, j, end)):
                    by_lemma = total >= LEMMA_COST
                    surface = ws[i:j + 1]
                    for payload, rule, exact, lemma_ok in child[ENDS]:
                        if (lemma_ok or not by_lemma) and _case_ok(rule, surface, exact):
                            best = Match(ws[i].start, ws[j].end, i, j + 1, payload, spanned, by_lemma)
                            best_last, best_cost = j + 1, total
                            break
                if self._leads_on(child, ws, j + 1, skipped, end):
                    frontier.append((child, j + 1, skipped, spanned, total))
            # inside a phrase, up to `gap` words may stand between its words ("souhaite également recevoir")
            if node is not root and skipped < gap and word not in blockers and \
                    self._leads_on(node, ws, j + 1, skipped + 1, end):
                frontier.append((node, j + 1, skipped + 1, spanned, cost))
            if node[SPAN_NODE] is not None:
                for k in range(j + 1, min(end, j + SPAN + 1)):
                    frontier.append((node[SPAN_NODE], k, skipped, True, cost))
        return best

    def _leads_on(self, node: _Node, ws: list[Word], k: int, skipped: int, end: int) -> bool:
        """Whether the walk from `node` at word k can meet anything: some word it would try (k, then the
        next ones while it may skip them) has the spelling, the first letter of a stem or the lemma of
        one of its children. Where none has, the walk is not taken: it would find nothing (a test that
        lets more through than find something, never fewer)."""
        if node[SPAN_NODE] is not None:
            return True  # after "...", any later word may close the phrase
        exact, first, lemmas = node[EXACT], node[FIRST], node[LEMMAS]
        if not (exact or first):
            return False  # a leaf leads nowhere
        while k < end:
            w = ws[k].norm
            if w in exact or w[:1] in first or (lemmas and self.lemmas.get(w) in lemmas):
                return True
            if skipped >= self.gap or w in self.gap_blockers:
                return False
            k += 1
            skipped += 1
        return False

    def _closes_clause(self, ws: list[Word], j: int, end: int) -> bool:
        """Word j ends its clause: nothing follows, or punctuation (more than one character between the
        two words), or a coordinating conjunction."""
        if j + 1 >= end:
            return True
        return ws[j + 1].start - ws[j].end > 1 or ws[j + 1].norm in self.clause_closers


def leftmost(matches: list[Match]) -> list[Match]:
    """What `PhraseMatcher.scan` finds, from what `scan_all` found over the same words: left to right, the
    matches that start after the last one kept (inside it, for a split verb)."""
    out: list[Match] = []
    after = 0
    for m in matches:
        if m.first >= after:
            out.append(m)
            after = m.first + 1 if m.spanned else m.last
    return out


def related_pattern(openers: tuple[str, ...]) -> re.Pattern[str]:
    """Lines that point to other stories ("Read also: ...", "Читайте також: ..."): never the article's
    own facts. `openers` come from the language files (`read_also`)."""
    alternatives = "|".join(re.escape(o).replace(r"\ ", " ") for o in sorted(openers, key=len, reverse=True))
    return re.compile(rf"^\W*(?:{alternatives})\b", re.IGNORECASE)


def literal_alternation(words: Iterable[str], space: str | None = None) -> str:
    """A regex for "any of `words`" (in case-insensitive patterns too) that matches what the plain
    alternation of the escaped words, longest first, matches, and chooses the same word, but tries them
    as a trie of their letters: a few letters are compared at each position of a text, not hundreds of
    words. With `space`, each space in a word stands for that pattern (one or more blanks, say).

    Of the words that fit the text at a position, each is a prefix of the longer ones; the trie tries
    them longest first, as the alternation does, provided no two letters at one node of the trie fit the
    same character and spaces only stand between two letters. Otherwise it is the plain alternation."""
    unique = sorted(set(words), key=lambda w: (-len(w), w))
    trie: dict[str, dict] = {}
    for word in unique:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}
    spaced = space is not None and any("" in w.split(" ") for w in unique)  # "", " in", "in  the"
    if spaced or not _letters_apart(trie, space):
        return "|".join(re.escape(w).replace(r"\ ", " ").replace(" ", space or r"\ ") for w in unique)
    return _trie_pattern(trie, space)


def _char_pattern(ch: str, space: str | None) -> str:
    return space if ch == " " and space is not None else re.escape(ch)


def _trie_pattern(node: dict[str, dict], space: str | None) -> str:
    branches = [_char_pattern(ch, space) + _trie_pattern(child, space) for ch, child in node.items() if ch]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return f"(?:{body})?" if "" in node else body  # a word may end here: the longer ones first


def _letters_apart(node: dict[str, dict], space: str | None) -> bool:
    """No two letters at one node (or below it) fit a common character, case ignored."""
    keys = [ch for ch in node if ch]
    for k, a in enumerate(keys):
        for b in keys[k + 1:]:
            if re.fullmatch(_char_pattern(a, space), b, re.IGNORECASE) or \
                    re.fullmatch(_char_pattern(b, space), a, re.IGNORECASE):
                return False
    return all(_letters_apart(child, space) for child in node.values())


# A word before a full stop that does not end a sentence: an initial, U.S., an ordinal (9. Februar)
_ABBREVIATION = re.compile(r"(?:[^\W\d_]\.|(?:[^\W\d_]\.){2,}|\d{1,2}\.)")


def sentence_spans(text: str, abbreviations: frozenset[str], line_breaks: bool = True) -> list[tuple[int, int]]:
    """Rule-based sentence boundaries; a line break ends one unless the text is hard-wrapped. A full stop
    after one of `abbreviations` (the language files' lists) ends no sentence."""
    spans: list[tuple[int, int]] = []
    longest = max(map(len, abbreviations), default=0)
    for line in re.finditer(r"[^\n]+" if line_breaks else r"(?:[^\n]++|\n(?![^\S\n]*+\n))+", text):
        base = line.start()
        chunk = line.group()
        start = 0
        word = _LastWord(chunk, abbreviations, longest)
        for m in re.finditer(r"(?<=[.!?…])[\"»”’)]*\s+(?=[\"«“‘(]*[A-ZÀ-ÖØ-ÞА-ЯЁЄІЇҐ0-9])", chunk):
            # an abbreviation or an initial (Feb. 9, U.S. army, J. Smith) does not end a sentence
            if word.is_abbreviation(start, m.start()):
                continue
            spans.append(_trim(text, base + start, base + m.start()))
            start = m.end()
        spans.append(_trim(text, base + start, base + len(chunk)))
    return [s for s in spans if s[1] > s[0]]


class _LastWord:
    """Whether the last space-separated word before a full stop is an abbreviation, found without
    copying the line up to it (a line of thousands of abbreviations took quadratic time): each stretch
    of the line is searched for spaces once, and the word is copied only when it is short enough to be
    one of `abbreviations`. The same answers as testing `chunk[start:end].rsplit(" ", 1)[-1]`."""

    def __init__(self, chunk: str, abbreviations: frozenset[str], longest: int) -> None:
        self.chunk = chunk
        self.abbreviations = abbreviations
        self.longest = longest  # casefold() never makes a word shorter
        self.start = self.scanned = 0
        self.space = -1  # the last space in chunk[start:scanned], or -1

    def is_abbreviation(self, start: int, end: int) -> bool:
        chunk = self.chunk
        if start != self.start:  # a new sentence began
            self.start, self.scanned, self.space = start, start, -1
        found = chunk.rfind(" ", self.scanned, end)
        if found >= 0:
            self.space = found
        self.scanned = end
        first = self.space + 1 if self.space >= start else start
        # chunk[end - 1] is the full stop the pattern looked behind at: nothing to strip on the right
        if _ABBREVIATION.fullmatch(chunk, first, end):
            return True
        last = end
        while last > first and chunk[last - 1] == ".":
            last -= 1
        return last - first <= self.longest and chunk[first:last].casefold() in self.abbreviations


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def unique(items: Iterable[Any]) -> list[Any]:
    """Items in first-seen order without repeats."""
    seen: set[Any] = set()
    out = []
    for item in items:
        if item not in seen:
            seen.add(item)
            out.append(item)
    return out
