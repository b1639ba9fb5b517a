"""How many and how much: the `quantity`, `value` and `currency` of one fact, read from its clause.

Analysts count units ("12 Rafale", "four IRIS-T systems") and money ("€2.7 billion", "1,5 млрд
гривень"). This module reads both from the text of the clause or sentence stating a fact, in the eight
languages defcoop reads, with plain Python (no spaCy): it runs on one clause at a time, after the facts
are found. The words (number words, scale words, currencies, unit nouns, measures) are data in
`gazetteers/languages/numbers.yaml`, read through `load_numbers`, the checked loader below.

The rules, in order:
1. The clause is cut into tokens: digit runs, words, currency signs ("A$", "€") and single marks. Every
   pattern is a plain alternation without nested repetition, so the scan is linear in the text.
2. A number is a digit run with the language's thousands separators ("1,500", "1.500", "12 500") and
   decimal mark ("2,7" in German, "2.7" in English; a separator before anything but three digits is a
   decimal mark in every language), or number words ("twenty-four", "vierundzwanzig", "двадцять
   чотири", Slavic case forms listed as such), or an indefinite article ("a", "une"). Scale words after
   it multiply it ("2,7 Milliarden", "€500m", "2 mil millones").
3. A number with a currency right before it ("$", "A$", "USD") or right after it ("euros", "d'euros",
   "гривень", "zł", "€") is money. The first amount told is the fact's `value` (the price of a deal, the
   sum of a fund), except for `discuss` facts: talks have no price. A bare "$" or "dollars" is the
   context currency when one is given, else USD.
4. Any other number counts units only when it stands just before one of the fact's system mentions
   ("12 Rafale", "36 avions de combat Rafale", "dwanaście śmigłowców Apache"), allowing a unit noun with
   its linker and up to three other words between them. Without one, a number before a unit noun counts
   ("four air defence systems"). An article counts as 1 only with a unit noun ("a Patriot battery", "a
   battery of Patriot"), never before a bare name ("a Patriot deal").
5. Never a count: years (1900-2100 written bare), numbers before a measure ("155 mm", "12 %", "10
   years"), numbers glued to letters, hyphens, slashes or colons ("155mm", "F-16", "2A4", "12/06",
   "08:40"), numbers inside or right after a system name, the fact's or another one named in the clause
   ("Mirage 2000", "Leopard 2", "its first Arrow 3 unit"), numbers next to a month name ("12 June",
   "June 12"), money, and the count of another system ("80 Rafale" in a fact about the Caracal).
6. A count followed by a rate ("20 Bohdana a month", "на місяць") or preceded by one ("jährlich") is a
   rate, not a count. One system counted gives the quantity; several systems counted ("80 Rafale and 12
   Caracal": one number cannot say how many of each), two different counts of one system, or two
   different counts of units without a system give none.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property, lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Literal, NamedTuple

import yaml

from .published import month_numbers

LANGUAGES: tuple[str, ...] = ("en", "fr", "de", "uk", "ru", "it", "pl", "es")
DOLLAR = "dollar"  # in the data: the article's dollar, USD unless a context currency is given
MAX_DIGITS = 15  # a longer digit run is an identifier, not an amount
MAX_GROUPS = 5  # thousands groups after the first: up to 10**18
MAX_COUNT = 10_000_000  # larger counts of units are misreadings
YEARS = (1900, 2100)
MAX_FREE_WORDS = 3  # other words allowed between a count and what it counts ("cztery w pełni sprawne myśliwce")
LOOKAHEAD = 12  # tokens searched after a number for its system or unit noun
RATE_WINDOW = 3  # tokens after the counted mention where a rate word makes the count a rate
_SPACES = " \u00a0\u202f\u2009"
_CODE = re.compile(r"[A-Z]{3}")
_APOSTROPHE = re.compile(r"['’ʼ]")
_GLUE_BEFORE = ("-", "/", ":", ".")  # 'F-16', '12/06', '08:40', 'v.2'
_GLUE_AFTER = ("-", "/", ":", "%", "°", "x", "×")  # '155-mm', '10-12', '12%'
_INFIX = -1  # marks an infix ("und") among the pieces of a compound number word
# yaml.safe_load's loader, in its C build where PyYAML has one: 20 ms instead of 140 at every start
_SAFE_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


# --------------------------------------------------------------------------------------------------
# The data and its checked loader


class NumbersError(Exception):
    """A number-data file that cannot be used: the message names the file, the entry and the problem."""

    def __init__(self, path: str | Path, entry: str | None, problem: str) -> None:
        super().__init__(f"{path}: {entry}: {problem}" if entry else f"{path}: {problem}")
        self.path = str(path)
        self.entry = entry
        self.problem = problem


class _Pattern(NamedTuple):
    words: tuple[str, ...]  # normalized words; a final '*' on a word accepts any ending
    value: Any


class PhraseMatch(NamedTuple):
    value: Any
    end: int  # index of the token after the phrase


@dataclass(frozen=True, slots=True)
class PhraseTable:
    """Words and phrases with a value each, matched on tokens; the longest match wins."""

    exact: dict[str, tuple[_Pattern, ...]]  # first word -> patterns
    prefixes: dict[str, tuple[_Pattern, ...]]  # first word without its '*' -> patterns
    longest_prefix: int
    initials: frozenset[str]  # first letters of every pattern: most tokens are turned down on this alone

    @classmethod
    def build(cls, entries: Iterable[tuple[str, Any]]) -> PhraseTable:
        exact: dict[str, list[_Pattern]] = {}
        prefixes: dict[str, list[_Pattern]] = {}
        for phrase, value in entries:
            words = tuple(normalize(w) for w in re.split(r"[\s-]+", phrase.strip()) if w)
            pattern = _Pattern(words, value)
            if words[0].endswith("*"):
                prefixes.setdefault(words[0][:-1], []).append(pattern)
            else:
                exact.setdefault(words[0], []).append(pattern)
        return cls({k: tuple(v) for k, v in exact.items()}, {k: tuple(v) for k, v in prefixes.items()},
                   max(map(len, prefixes), default=0), frozenset(w[0] for w in [*exact, *prefixes] if w))

    def match(self, tokens: Sequence[Token], i: int) -> PhraseMatch | None:
        if i >= len(tokens) or tokens[i].norm[:1] not in self.initials:
            return None
        first = tokens[i].norm
        candidates = list(self.exact.get(first, ()))
        for n in range(1, min(len(first), self.longest_prefix) + 1):
            candidates.extend(self.prefixes.get(first[:n], ()))
        best: PhraseMatch | None = None
        for pattern in candidates:
            end = _match_words(pattern.words, tokens, i)
            if end is not None and (best is None or end > best.end):
                best = PhraseMatch(pattern.value, end)
        return best


def _match_words(words: tuple[str, ...], tokens: Sequence[Token], i: int) -> int | None:
    """Index after `words` matched from token i; a hyphen may stand between two words ('US-Dollar')."""
    j = i
    for k, word in enumerate(words):
        if k and j < len(tokens) and tokens[j].text == "-":
            j += 1
        if j >= len(tokens):
            return None
        norm = tokens[j].norm
        if not (norm.startswith(word[:-1]) if word.endswith("*") else norm == word):
            return None
        j += 1
    return j


@dataclass(frozen=True, slots=True)
class LanguageNumbers:
    """How one language writes numbers, amounts and counts (see gazetteers/README.md, kind: numbers)."""

    language: str
    decimal: str
    thousands: frozenset[str]
    words: PhraseTable
    articles: frozenset[str]
    joiners: frozenset[str]
    compound: bool
    pieces: dict[str, tuple[tuple[str, int], ...]]  # first letter -> (piece, value), longest first: every
    # one-word number word, the parts found only inside compounds, and the infixes (value _INFIX)
    scales: PhraseTable
    currencies: PhraseTable
    connectors: frozenset[str]
    elisions: frozenset[str]
    units: PhraseTable
    linkers: frozenset[str]
    measures: PhraseTable
    rates: PhraseTable


@dataclass(frozen=True, slots=True)
class NumberData:
    path: str
    signs: dict[str, str]  # sign -> ISO code or DOLLAR
    codes: frozenset[str]
    languages: dict[str, LanguageNumbers]
    tokenizer: re.Pattern[str]

    def language(self, code: str) -> LanguageNumbers:
        try:
            return self.languages[code]
        except KeyError:
            raise ValueError(f"{self.path}: no number data for language {code!r}") from None


_TOP_KEYS = ("kind", "signs", "codes", "languages")
_LIST_KEYS = ("articles", "joiners", "infixes", "connectors", "elisions", "linkers", "units", "measures", "rates")
_MAP_KEYS = ("words", "pieces", "scales", "currencies")
LANGUAGE_KEYS: tuple[str, ...] = ("decimal", "thousands", "compound", *_MAP_KEYS, *_LIST_KEYS)
_STAR_OK = {"scales", "currencies", "units", "measures", "rates"}  # where a final '*' may end a word


def shipped_numbers() -> Path:
    return Path(str(resources.files("defcoop.gazetteers"))) / "languages" / "numbers.yaml"


def normalize(word: str) -> str:
    """The form words are compared in: case folded, every apostrophe written as '."""
    # three replaces, not str.translate: a table of code points is looked up for every character of a
    # non-ASCII text, ten times slower on a page
    return word.replace("’", "'").replace("ʼ", "'").replace("`", "'").casefold()


@lru_cache(maxsize=4)
def load_numbers(path: str | Path | None = None) -> NumberData:
    """Read and check the number data (the shipped file by default); any problem is a NumbersError."""
    where = Path(path) if path is not None else shipped_numbers()
    try:
        doc = yaml.load(where.read_text(encoding="utf-8"), Loader=_SAFE_LOADER)  # a safe loader, as safe_load
    except (OSError, UnicodeDecodeError) as e:
        raise NumbersError(where, None, f"cannot read the file ({e})") from None
    except yaml.YAMLError as e:
        raise NumbersError(where, None, f"not valid YAML ({' '.join(str(e).split())})") from None
    if not isinstance(doc, dict):
        raise NumbersError(where, None, f"must be a mapping with the keys {', '.join(_TOP_KEYS)}")
    _keys_exactly(doc, _TOP_KEYS, where, None)
    if doc["kind"] != "numbers":
        raise NumbersError(where, "kind", f"must be 'numbers', not {doc['kind']!r}")
    signs = {_text(sign, where, "signs"): _currency(code, where, f"signs[{sign!r}]")
             for sign, code in _mapping(doc, "signs", where).items()}
    codes = frozenset(_code(code, where, f"codes[{i}]") for i, code in enumerate(_list(doc, "codes", where, "codes")))
    languages = _mapping(doc, "languages", where)
    for code in LANGUAGES:
        if code not in languages:
            raise NumbersError(where, f"languages.{code}", "missing: every language defcoop reads needs its entry")
    parsed = {str(code): _language(str(code), raw, where) for code, raw in languages.items()}
    alternatives = "|".join(re.escape(s) for s in sorted(signs, key=len, reverse=True))
    tokenizer = re.compile(
        rf"(?P<sign>{alternatives})|(?P<num>\d+)|(?P<word>[^\W\d_]+(?:['’ʼ][^\W\d_]+)*)|(?P<other>\S)")
    return NumberData(str(where), signs, codes, parsed, tokenizer)


def _keys_exactly(raw: dict, keys: Sequence[str], path: Path, entry: str | None) -> None:
    missing = [k for k in keys if k not in raw]
    if missing:
        raise NumbersError(path, entry,
                           f"missing key(s) {', '.join(missing)} (an empty list is allowed, a missing key is not)")
    unknown = [str(k) for k in raw if k not in keys]
    if unknown:
        raise NumbersError(path, entry, f"unknown key(s) {', '.join(unknown)}; expected {', '.join(keys)}")


def _mapping(raw: dict, key: str, path: Path, entry: str | None = None) -> dict:
    value = raw[key]
    if not isinstance(value, dict):
        raise NumbersError(path, entry or key, f"must be a mapping, not {type(value).__name__}")
    return value


def _list(raw: dict, key: str, path: Path, entry: str) -> list:
    value = raw[key]
    if not isinstance(value, list):
        raise NumbersError(path, entry, f"must be a list, not {type(value).__name__}")
    return value


def _text(value: object, path: Path, entry: str) -> str:
    if isinstance(value, bool):  # YAML 1.1 reads yes/no/on/off as booleans
        raise NumbersError(path, entry, f"{str(value).lower()} is read as a boolean: quote it")
    if not isinstance(value, str) or not value.strip():
        raise NumbersError(path, entry, f"must be a non-empty string, not {value!r}")
    return value


def _word(value: object, path: Path, entry: str, star: bool) -> str:
    word = _text(value, path, entry)
    if word != word.lower():
        raise NumbersError(path, entry, f"{word!r} must be written in lower case")
    parts = re.split(r"[\s-]+", word)
    if any("*" in part[:-1] for part in parts) or ("*" in word and not star):
        raise NumbersError(path, entry,
                           f"{word!r}: '*' may only end a word, in scales, currencies, units, measures and rates")
    return word


def _currency(value: object, path: Path, entry: str) -> str:
    code = _text(value, path, entry)
    if code != DOLLAR and not _CODE.fullmatch(code):
        raise NumbersError(path, entry, f"{code!r} is not an ISO 4217 code (three capitals) or '{DOLLAR}'")
    return code


def _code(value: object, path: Path, entry: str) -> str:
    code = _text(value, path, entry)
    if not _CODE.fullmatch(code):
        raise NumbersError(path, entry, f"{code!r} is not an ISO 4217 code (three capitals)")
    return code


def _positive(value: object, path: Path, entry: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise NumbersError(path, entry, f"must be a positive whole number, not {value!r}")
    return value


def _language(code: str, raw: object, path: Path) -> LanguageNumbers:
    at = f"languages.{code}"
    if not isinstance(raw, dict):
        raise NumbersError(path, at, "must be a mapping")
    _keys_exactly(raw, LANGUAGE_KEYS, path, at)
    if raw["decimal"] not in (".", ","):
        raise NumbersError(path, f"{at}.decimal", f"must be '.' or ',', not {raw['decimal']!r}")
    thousands = _list(raw, "thousands", path, f"{at}.thousands")
    for i, sep in enumerate(thousands):
        if sep not in (" ", ".", ",", "'") or sep == raw["decimal"]:
            raise NumbersError(path, f"{at}.thousands[{i}]",
                               f"{sep!r} is not ' ', '.', ',' or \"'\" other than the decimal mark")
    if not isinstance(raw["compound"], bool):
        raise NumbersError(path, f"{at}.compound", "must be true or false")
    maps = {key: _word_map(raw, key, path, at) for key in _MAP_KEYS}
    lists = {key: [_word(w, path, f"{at}.{key}[{i}]", key in _STAR_OK)
                   for i, w in enumerate(_list(raw, key, path, f"{at}.{key}"))] for key in _LIST_KEYS}
    if not raw["compound"] and (maps["pieces"] or lists["infixes"]):
        raise NumbersError(path, f"{at}.pieces",
                           "pieces and infixes are read inside compound words only: set compound: true")
    for word, scale in maps["scales"].items():
        if scale < 1000 or str(scale).rstrip("0") != "1":
            raise NumbersError(path, f"{at}.scales[{word!r}]", f"must be a power of ten from 1000, not {scale}")
    pieces = [(normalize(w), v) for w, v in maps["words"].items() if not re.search(r"[\s-]", w)]
    pieces += [(normalize(w), v) for w, v in maps["pieces"].items()]
    pieces += [(normalize(w), _INFIX) for w in lists["infixes"]]
    by_letter: dict[str, list[tuple[str, int]]] = {}
    for piece, value in sorted(pieces, key=lambda pv: -len(pv[0])):
        by_letter.setdefault(piece[0], []).append((piece, value))
    return LanguageNumbers(
        code, raw["decimal"], frozenset(thousands), PhraseTable.build(maps["words"].items()),
        frozenset(map(normalize, lists["articles"])), frozenset(map(normalize, lists["joiners"])), raw["compound"],
        {letter: tuple(group) for letter, group in by_letter.items()},
        PhraseTable.build(maps["scales"].items()), PhraseTable.build(maps["currencies"].items()),
        frozenset(map(normalize, lists["connectors"])), frozenset(map(normalize, lists["elisions"])),
        PhraseTable.build((u, True) for u in lists["units"]), frozenset(map(normalize, lists["linkers"])),
        PhraseTable.build((m, True) for m in lists["measures"]), PhraseTable.build((r, True) for r in lists["rates"]),
    )


def _word_map(raw: dict, key: str, path: Path, at: str) -> dict[str, Any]:
    entries = _mapping(raw, key, path, f"{at}.{key}")
    out: dict[str, Any] = {}
    for word, value in entries.items():
        entry = f"{at}.{key}[{word!r}]"
        out[_word(word, path, entry, key in _STAR_OK)] = (
            _currency(value, path, entry) if key == "currencies" else _positive(value, path, entry))
    return out


# --------------------------------------------------------------------------------------------------
# Tokens and numbers


class Token(NamedTuple):
    kind: Literal["sign", "num", "word", "other"]
    text: str
    norm: str
    start: int
    end: int


class Span(NamedTuple):
    """Character offsets of a system mention in the clause text."""

    start: int
    end: int


class _Number(NamedTuple):
    first: int  # token indexes: first token, and the token after the number and its scales
    last: int
    value: Decimal
    kind: Literal["digits", "words", "article", "broken"]  # broken: a date or version, never read
    scaled: bool = False
    measure_scale: bool = False  # its scale word is also a measure ("12 m"): money only
    end_digits: int = 0  # token index after the number itself, before its scales


class Money(NamedTuple):
    """An amount of money told in a clause: `value` in `currency` (ISO 4217), at start..end."""

    value: Decimal
    currency: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Amounts:
    """What a fact counts and costs; None where the clause does not say."""

    quantity: int | None = None
    value: int | float | None = None
    currency: str | None = None

    def as_dict(self) -> dict[str, int | float | str | None]:
        return {"quantity": self.quantity, "value": self.value, "currency": self.currency}


def tokenize(text: str, lang: LanguageNumbers, data: NumberData) -> list[Token]:
    """Digit runs, words, currency signs and single marks; elided articles split off ("d'euros")."""
    out: list[Token] = []
    for m in data.tokenizer.finditer(text):
        kind = m.lastgroup or "other"
        word = m.group()
        if kind == "num":  # most tokens of a long input: nothing to fold
            out.append(Token("num", word, word, m.start(), m.end()))
            continue
        cut = _APOSTROPHE.search(word) if kind == "word" else None
        if cut and normalize(word[:cut.start()]) in lang.elisions:
            head = word[:cut.end()]
            out.append(Token("word", head, normalize(head), m.start(), m.start() + len(head)))
            out.append(Token("word", word[cut.end():], normalize(word[cut.end():]), m.start() + len(head), m.end()))
            continue
        out.append(Token(kind, word, normalize(word), m.start(), m.end()))  # type: ignore[arg-type]
    return out


class _Clause:
    """The tokens of one clause with the questions the rules ask about their neighbours."""

    def __init__(self, text: str, lang: LanguageNumbers, data: NumberData, spans: Sequence[Span],
                 others: Sequence[Span] = ()) -> None:
        self.text = text
        self.lang = lang
        self.data = data
        self.spans = spans  # the fact's system mentions
        self.all_spans = [*spans, *others]  # with the other systems named in the clause
        self.tokens = tokenize(text, lang, data)

    @cached_property
    def targets(self) -> list[int]:
        """For each token, the index of the first system mention or unit noun at or after it: a number
        farther than LOOKAHEAD from one counts nothing, and most numbers of a long text are seen so.
        Only counts ask (amounts of money never do: `money_in` over a whole page needs none)."""
        t = self.tokens
        marks = [False] * len(t)
        for k, tok in enumerate(t):
            if tok.kind == "word" and self.lang.units.match(t, k) is not None:
                marks[k] = True
        for span in self.all_spans:
            for k, tok in enumerate(t):
                if span.start < tok.end and tok.start < span.end:
                    marks[k] = True
        out, nearest = [0] * (len(t) + 1), len(t) + LOOKAHEAD + 1
        out[len(t)] = nearest
        for k in range(len(t) - 1, -1, -1):
            nearest = k if marks[k] else nearest
            out[k] = nearest
        return out

    def glued(self, i: int, j: int) -> bool:
        """Tokens i and j touch, with no space between them."""
        t = self.tokens
        return 0 <= i < len(t) and 0 <= j < len(t) and t[i].end == t[j].start

    def near(self, i: int, j: int) -> bool:
        """Token j follows token i with at most one space between them."""
        t = self.tokens
        if not (0 <= i < len(t) and 0 <= j < len(t)):
            return False
        gap = self.text[t[i].end:t[j].start]
        return gap == "" or (len(gap) == 1 and gap in _SPACES)

    def is_text(self, i: int, *texts: str) -> bool:
        return 0 <= i < len(self.tokens) and self.tokens[i].text in texts

    def kind(self, i: int) -> str:
        return self.tokens[i].kind if 0 <= i < len(self.tokens) else ""


def _group_end(c: _Clause, j: int, lead: int) -> int | None:
    """Index after one thousands group starting at token j ("1,500", "1.500", "12 500"), else None."""
    if lead > 3:
        return None
    t, lang = c.tokens, c.lang
    if (c.kind(j) == "other" and t[j].text in lang.thousands and c.glued(j - 1, j) and c.kind(j + 1) == "num"
            and len(t[j + 1].text) == 3 and c.glued(j, j + 1)):
        return j + 2
    glued_on = c.glued(j, j + 1) and (c.kind(j + 1) == "word" or c.is_text(j + 1, "-"))  # '12 155mm'
    if (" " in lang.thousands and c.kind(j) == "num" and len(t[j].text) == 3 and c.near(j - 1, j)
            and not c.glued(j - 1, j) and not glued_on):
        return j + 1
    return None


def _digits_at(c: _Clause, i: int) -> _Number:
    """A number written in digits, with its thousands groups and decimals read the language's way."""
    t = c.tokens
    whole, j, groups = t[i].text, i + 1, 0
    if len(whole) > MAX_DIGITS:
        return _Number(i, i + 1, Decimal(0), "broken")
    if j >= len(t) or (t[j].start != t[i].end and not (
            t[j].kind == "num" and len(t[j].text) == 3 and len(whole) <= 3 and " " in c.lang.thousands)):
        return _Number(i, j, Decimal(whole), "digits", end_digits=j)  # nothing glued, no group: the usual case
    while groups < MAX_GROUPS and (end := _group_end(c, j, len(whole) if not groups else 3)) is not None:
        whole += t[end - 1].text
        j, groups = end, groups + 1
    fraction = ""
    if c.is_text(j, ".", ",") and c.glued(j - 1, j) and c.kind(j + 1) == "num" and c.glued(j, j + 1):
        if t[j].text in c.lang.thousands and len(t[j + 1].text) == 3 and not groups:
            return _Number(i, j + 2, Decimal(0), "broken")  # too many digits before the group
        fraction, j = t[j + 1].text, j + 2
    if c.is_text(j, ".", ",", "/", ":") and c.glued(j - 1, j) and c.kind(j + 1) == "num" and c.glued(j, j + 1):
        return _Number(i, j + 2, Decimal(0), "broken")  # a date or a version: 12.06.2024, 1.2.3
    if len(fraction) > MAX_DIGITS:
        return _Number(i, j, Decimal(0), "broken")
    return _Number(i, j, Decimal(f"{whole}.{fraction or 0}"), "digits", end_digits=j)


def _segment(word: str, lang: LanguageNumbers) -> int | None:
    """A number written as one word of pieces: 'vierundzwanzig' 24, 'ventitré' 23, 'duemila' 2000."""
    if not lang.compound or len(word) > 40:
        return None
    if not word or word[0] not in lang.pieces:
        return None
    failed: set[int] = set()

    def walk(at: int) -> list[int] | None:
        if at == len(word):
            return []
        if at in failed:
            return None
        for piece, value in lang.pieces.get(word[at], ()):
            if word.startswith(piece, at) and (rest := walk(at + len(piece))) is not None:
                return [value, *rest]
        failed.add(at)
        return None

    parts = walk(0)
    if parts is None or len(parts) < 2 or parts[0] == _INFIX or parts[-1] == _INFIX:
        return None
    return _compose(_unit_before_ten(parts))


def _unit_before_ten(parts: list[int]) -> list[int]:
    """German names the unit first: vier-und-zwanzig is [20, 4] in the order the value is built."""
    out: list[int] = []
    i = 0
    while i < len(parts):
        if i + 2 < len(parts) and parts[i + 1] == _INFIX and parts[i] < 10 and parts[i + 2] in range(20, 100, 10):
            out += [parts[i + 2], parts[i]]
            i += 3
        elif parts[i] == _INFIX:
            return [0, 0]  # an infix elsewhere makes no number (compose refuses [0, 0])
        else:
            out.append(parts[i])
            i += 1
    return out


def _place(n: int) -> int:
    """The smallest place value filled in n: 200 -> 100, 120 -> 10, 0 -> no limit."""
    if n == 0:
        return 10**18
    place = 1
    while n % (place * 10) == 0:
        place *= 10
    return place


def _compose(values: Sequence[int]) -> int | None:
    """The value of number words in order ('two hundred and twelve' [2, 100, 12] is 212), or None when
    they do not make one number ([2, 3] is two numbers, [4, 20] is not English)."""
    total = current = 0
    for v in values:
        if v == 100:
            if current >= 100:
                return None
            current = max(current, 1) * 100
        elif v == 1000:
            if total:
                return None
            total, current = max(current, 1) * 1000, 0
        elif v < _place(current) and 0 < v < 1000:
            current += v
        else:
            return None
    return total + current or None


def _word_number_at(c: _Clause, i: int) -> _Number | None:
    """Number words from token i, joined by hyphens or joiners ('vingt et un', 'treinta y seis')."""
    lang, t = c.lang, c.tokens
    first = lang.words.match(t, i)
    if first is None:
        value = _segment(t[i].norm, lang)
        if value is None:
            return _Number(i, i + 1, Decimal(1), "article", end_digits=i + 1) if t[i].norm in lang.articles else None
        first = PhraseMatch(value, i + 1)
    values, j = [first.value], first.end
    while j < len(t):
        k = j + 1 if (t[j].text == "-" or t[j].norm in lang.joiners) else j
        nxt = lang.words.match(t, k)
        if nxt is None and k > j and t[k - 1].norm in lang.joiners and k < len(t) and t[k].norm in lang.articles:
            nxt = PhraseMatch(1, k + 1)  # 'vingt et un'
        if nxt is None and k < len(t) and (seg := _segment(t[k].norm, lang)) is not None:
            nxt = PhraseMatch(seg, k + 1)
        if nxt is None or _compose([*values, nxt.value]) is None:
            break
        values.append(nxt.value)
        j = nxt.end
    value = _compose(values)
    return None if value is None else _Number(i, j, Decimal(value), "words", end_digits=j)


def _with_scales(c: _Clause, num: _Number) -> _Number:
    """'2,7 Milliarden', '€500m', '2 mil millones', '3 млрд.': scale words multiply the number."""
    j, value, scaled, measure = num.last, num.value, False, False
    for _ in range(2):
        m = c.lang.scales.match(c.tokens, j)
        if m is None or not c.near(j - 1, j) or _span_at(c, j) is not None or (
                c.glued(m.end - 1, m.end) and c.kind(m.end) in ("num", "word")):
            break  # '12 M109' is a count of the M109, not 12 million
        measure = measure or c.lang.measures.match(c.tokens, j) is not None
        value *= m.value
        j, scaled = m.end, True
        if c.is_text(j, ".") and c.glued(j - 1, j):
            j += 1  # 'Mrd.', 'млрд.'
    return num._replace(last=j, value=value, scaled=scaled, measure_scale=measure) if scaled else num


def _numbers(c: _Clause) -> list[_Number]:
    out: list[_Number] = []
    i = 0
    while i < len(c.tokens):
        kind = c.tokens[i].kind
        num = _digits_at(c, i) if kind == "num" else _word_number_at(c, i) if kind == "word" else None
        if num is None:
            i += 1
            continue
        if num.kind != "broken":
            num = _with_scales(c, num)
        out.append(num)
        i = num.last
    return out


# --------------------------------------------------------------------------------------------------
# Money


# Dollars other than the US one: an article that writes one of them and never "US$" means it by "$"
OTHER_DOLLARS = ("AUD", "CAD", "NZD", "HKD", "SGD", "TWD")


def context_currency(text: str, language: str, *, data: NumberData | None = None) -> str | None:
    """What a bare "$" means in an article: the other dollar it names ("A$10 billion", "Australian
    dollars"), unless it also names the US one (then "$" stays USD); None means USD."""
    data = data or load_numbers()
    if not _other_dollar_hint(data, language).found_in(text):
        return None  # no sign, code or word of another dollar: reading every amount would find none
    found = {m.currency for m in money_in(text, language, "XXX", data=data)}  # bare dollars come out as XXX
    others = [code for code in OTHER_DOLLARS if code in found]
    return others[0] if len(others) == 1 and "USD" not in found else None


@dataclass(frozen=True, slots=True)
class _DollarHint:
    """What any mention of a dollar other than the US one holds: one of its signs ("A$") or its code as
    written (the tokenizer reads signs, and `_prefix_currency` codes, case and all: "decade" holds no
    CAD), or the first word of one of its currency words ("australian" of "australian dollars"),
    casefolded as the words are compared."""

    marks: re.Pattern[str]
    words: re.Pattern[str] | None

    def found_in(self, text: str) -> bool:
        return bool(self.marks.search(text) or (self.words is not None and self.words.search(normalize(text))))


def _alternatives(names: Iterable[str]) -> str:
    return "|".join(re.escape(n) for n in sorted(set(names), key=len, reverse=True))


_HINTS: dict[tuple[str, str], _DollarHint] = {}


def _other_dollar_hint(data: NumberData, language: str) -> _DollarHint:
    key = (data.path, language)
    if key not in _HINTS:
        marks = [sign for sign, code in data.signs.items() if code in OTHER_DOLLARS] + list(OTHER_DOLLARS)
        words: list[str] = []
        if language in data.languages:
            table = data.language(language).currencies
            words = [normalize(p.words[0].rstrip("*")) for group in (table.exact, table.prefixes)
                     for ps in group.values() for p in ps if p.value in OTHER_DOLLARS]
        _HINTS[key] = _DollarHint(re.compile(_alternatives(marks)), re.compile(_alternatives(words)) if words else None)
    return _HINTS[key]


def _currency_of(code: str, context: str | None) -> str:
    return (context or "USD") if code == DOLLAR else code


def _prefix_currency(c: _Clause, i: int) -> str | None:
    """A sign or ISO code just before the number: '$178 million', 'A$10 billion', 'USD 1.2 billion'."""
    j = i - 1
    if j < 0:
        return None
    tok = c.tokens[j]
    if not (tok.kind == "sign" or tok.text in c.data.codes) or not c.near(j, i):
        return None
    if tok.kind == "sign":
        return c.data.signs[tok.text]
    if tok.text in c.data.codes:
        return tok.text
    return None


def _suffix_currency(c: _Clause, num: _Number) -> tuple[str, int] | None:
    """A currency after the number and its scales ('2.7 billion euros', "deux milliards d'euros",
    '1,5 млрд гривень', '500 M€'); a connector needs a scale before it."""
    j = num.last
    if num.scaled and j < len(c.tokens) and c.tokens[j].norm in c.lang.connectors and c.near(j - 1, j):
        j += 1
    if j >= len(c.tokens) or c.tokens[j].kind == "num" or not c.near(j - 1, j):
        return None
    tok = c.tokens[j]
    if (tok.kind == "sign" or tok.text in c.data.codes) and c.kind(j + 1) == "num" and c.near(j, j + 1):
        return None  # the sign of the next amount: 'a $178 million loan'
    if tok.kind == "sign":
        return c.data.signs[tok.text], j + 1
    if tok.text in c.data.codes:
        return tok.text, j + 1
    m = c.lang.currencies.match(c.tokens, j)
    return (m.value, m.end) if m else None


def _money(c: _Clause, num: _Number, context: str | None) -> Money | None:
    if num.kind == "broken" or (num.kind == "article" and not num.scaled):
        return None  # 'a billion dollars' is money, 'a $3bn deal' has its amount after the article
    prefix = _prefix_currency(c, num.first)
    if prefix is not None:
        start, end = c.tokens[num.first - 1].start, c.tokens[num.last - 1].end
        return Money(num.value, _currency_of(prefix, context), start, end)
    suffix = _suffix_currency(c, num)
    if suffix is None:
        return None
    code, end = suffix
    return Money(num.value, _currency_of(code, context), c.tokens[num.first].start, c.tokens[end - 1].end)


def _inside(start: int, spans: Sequence[Span]) -> bool:
    return any(s.start <= start < s.end for s in spans)


def money_in(text: str, language: str, context_currency: str | None = None, *,
             data: NumberData | None = None) -> list[Money]:
    """Every amount of money in a text, in order."""
    data = data or load_numbers()
    c = _Clause(text, data.language(language), data, ())
    return [m for num in _numbers(c) if (m := _money(c, num, context_currency)) is not None]


# --------------------------------------------------------------------------------------------------
# Counts


class _Count(NamedTuple):
    value: int
    system: str | None  # the counted mention as written (case folded), None for a unit noun alone
    end: int  # index of the token after what is counted


def _is_month(tok: Token, before: bool) -> bool:
    """A month name; before a number only when capitalised or longer than an abbreviation ('sie 12')."""
    if tok.kind != "word" or tok.norm not in month_numbers():
        return False
    return not before or len(tok.text) >= 4 or tok.text[:1].isupper()


def _looks_like_count(c: _Clause, num: _Number) -> bool:
    """Rule 5: years, measures, model numbers, dates and glued designations are never counts."""
    t, first = c.tokens, num.first
    if num.kind == "broken" or num.measure_scale or num.value != num.value.to_integral_value():
        return False
    if not 1 <= num.value <= MAX_COUNT or _inside(t[first].start, c.all_spans):
        return False
    if num.kind == "digits" and (_is_year(c, num) or _is_designation(c, num)):
        return False
    after = _skip_dot(c, num.last)
    if _measure_at(c, after) and c.near(num.last - 1, after):
        return False
    return not ((first > 0 and _is_month(t[first - 1], True)) or (after < len(t) and _is_month(t[after], False)))


def _is_year(c: _Clause, num: _Number) -> bool:
    """'in 2024': four bare digits from 1900 to 2100."""
    digits = c.tokens[num.first].text
    return not num.scaled and num.end_digits == num.first + 1 and len(digits) == 4 and YEARS[0] <= num.value <= YEARS[1]


def _is_designation(c: _Clause, num: _Number) -> bool:
    """Digits glued to letters or marks ('F-16', '155mm', '2A4', '12/06', '1st'), or right after a system
    name ('Leopard 2')."""
    first, end = num.first, num.end_digits
    if c.glued(first - 1, first) and (c.kind(first - 1) in ("word", "num") or c.is_text(first - 1, *_GLUE_BEFORE)):
        return True
    if not num.scaled and c.glued(end - 1, end) and (c.kind(end) == "word" or c.is_text(end, *_GLUE_AFTER)):
        return True
    start = c.tokens[first].start
    return any(0 <= start - s.end <= 1 and c.text[s.end:start].strip() == "" for s in c.all_spans)


def _measure_at(c: _Clause, j: int) -> bool:
    """A measure word at token j ('mm', '%', 'years'), not the start of a designation ('M109')."""
    m = c.lang.measures.match(c.tokens, j)
    if m is None or _span_at(c, j) is not None:
        return False
    return not (c.glued(m.end - 1, m.end) and c.kind(m.end) in ("num", "word"))


def _skip_dot(c: _Clause, j: int) -> int:
    """'12. Juni': the ordinal dot glued to a number."""
    return j + 1 if c.is_text(j, ".") and c.glued(j - 1, j) else j


def _measure_end(c: _Clause, j: int) -> int | None:
    """Index after a measure written with digits at token j ('155mm', '155 mm', '155-мм'), else None."""
    if c.kind(j) != "num":
        return None
    k = j + 2 if c.is_text(j + 1, "-") and c.glued(j, j + 1) else j + 1
    if k >= len(c.tokens) or c.tokens[k].norm[:1] not in c.lang.measures.initials:
        return None
    return c.lang.measures.match(c.tokens, k).end if _measure_at(c, k) and c.near(k - 1, k) else None  # type: ignore[union-attr]


def _span_at(c: _Clause, j: int) -> Span | None:
    tok = c.tokens[j]
    return next((s for s in c.all_spans if s.start < tok.end and tok.start < s.end), None)


def _unit_after(c: _Clause, span: Span) -> bool:
    """A unit noun right after a system mention: 'a Patriot battery'."""
    j = next((k for k, tok in enumerate(c.tokens) if tok.start >= span.end), None)
    if j is not None and c.is_text(j, "-") and c.glued(j - 1, j):
        j += 1  # 'eine Patriot-Batterie'
    return j is not None and c.lang.units.match(c.tokens, j) is not None


def _counted(c: _Clause, num: _Number) -> _Count | None:
    """What a number counts (rule 4), unless it is a rate ('20 Bohdana a month', 'jährlich 100 Panzer')."""
    count = _attached(c, num)
    if count is None or _rate_around(c, num.first, count.end):
        return None
    return count


def _attached(c: _Clause, num: _Number) -> _Count | None:
    """The first system mention after a number, or a unit noun alone, with what may stand between."""
    t, lang = c.tokens, c.lang
    j, free, unit_end = num.last, 0, None
    if c.targets[min(j, len(t))] - j >= LOOKAHEAD:
        return None  # nothing within reach to count
    allowed = 1 if num.kind == "article" else MAX_FREE_WORDS
    while j < len(t) and j - num.last < LOOKAHEAD:
        span = _span_at(c, j)
        if span is not None:
            if span not in c.spans or (num.kind == "article" and not (unit_end is not None or _unit_after(c, span))):
                return None  # it counts another system ('12 Rafale' in a fact about the Caracal)
            after = next((k for k in range(j, len(t)) if t[k].start >= span.end), len(t))
            return _Count(int(num.value), normalize(c.text[span.start:span.end]), after)
        if t[j].text == "-":
            j += 1
            continue
        if t[j].kind == "num" and (calibre := _measure_end(c, j)) is not None:
            j = calibre  # '18 155mm Caesar howitzers'
            continue
        if t[j].kind != "word" or lang.words.match(t, j) or t[j].norm in lang.articles:
            break
        m = lang.units.match(t, j)
        if m is not None:
            unit_end = j = m.end
            continue
        if unit_end is not None and t[j].norm in lang.linkers:
            j += 1
            continue
        free += 1
        if free > allowed:
            break
        j += 1
    return _Count(int(num.value), None, unit_end) if unit_end is not None else None


def _rate_around(c: _Clause, first: int, end: int) -> bool:
    """A rate word just after what is counted ('a month', 'на місяць') or just before the number."""
    rates = c.lang.rates
    if any(rates.match(c.tokens, k) is not None for k in range(end, min(end + RATE_WINDOW, len(c.tokens)))):
        return True
    return any((m := rates.match(c.tokens, k)) is not None and m.end == first for k in range(max(first - 3, 0), first))


def _quantity(counts: Sequence[_Count]) -> int | None:
    """Rule 6: one system counted gives its count; a system counted twice differently, several systems
    counted (one number cannot say how many of each), or units alone counted differently, give nothing."""
    by_system: dict[str, set[int]] = {}
    for count in counts:
        if count.system is not None:
            by_system.setdefault(count.system, set()).add(count.value)
    if by_system:
        if len(by_system) > 1:
            return None
        (values,) = by_system.values()
        return values.pop() if len(values) == 1 else None
    units = {count.value for count in counts}
    return units.pop() if len(units) == 1 else None


# --------------------------------------------------------------------------------------------------
# The one entry point


def _plain(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def find_amounts(text: str, language: str, systems: Iterable[tuple[int, int]] = (), action: str | None = None,
                 *, others: Iterable[tuple[int, int]] = (), context_currency: str | None = None,
                 data: NumberData | None = None) -> Amounts:
    """The quantity, value and currency of the fact stated by `text` (its clause or sentence).

    `systems` are the character spans, in `text`, of the fact's system mentions, `others` those of the
    other systems named there (their numbers are designations, their counts not the fact's); `action`
    the fact's action; `context_currency` the ISO code a bare "$" stands for in this article (USD when
    None).
    """
    if context_currency is not None and not _CODE.fullmatch(context_currency):
        raise ValueError(f"context currency {context_currency!r} is not an ISO 4217 code")
    data = data or load_numbers()
    spans = [Span(*s) for s in systems]
    c = _Clause(text, data.language(language), data, spans, [Span(*s) for s in others])
    amounts: list[Money] = []
    counts: list[_Count] = []
    for num in _numbers(c):
        money = _money(c, num, context_currency)
        if money is not None:
            if not _inside(money.start, c.all_spans):
                amounts.append(money)
        elif num.kind != "broken" and (count := _counted(c, num)) is not None and _looks_like_count(c, num):
            counts.append(count)  # what it counts first: most numbers count nothing, and that is quick to see
    first = amounts[0] if amounts and action != "discuss" else None
    return Amounts(_quantity(counts), _plain(first.value) if first else None, first.currency if first else None)


def fact_amounts(article_text: str, language: str, start: int, end: int, action: str,
                 systems: Iterable[tuple[int, int]], others: Iterable[tuple[int, int]] = (), *,
                 context_currency: str | None = None) -> Amounts:
    """`find_amounts` for a fact whose evidence is `article_text[start:end]`, given the article offsets
    of its system mentions and of the other system mentions (those outside the evidence are left out)."""
    def inside(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
        return [(a - start, b - start) for a, b in spans if start <= a and b <= end]

    return find_amounts(article_text[start:end], language, inside(systems), action, others=inside(others),
                        context_currency=context_currency)


def most_told(tellings: Iterable[Amounts]) -> Amounts:
    """What most tellings of one event say (`--merge`): the quantity and the value with its currency told
    most often, each on its own; a tie goes to the first told, and a telling that says nothing does not
    count."""
    told = list(tellings)
    quantity = _most([a.quantity for a in told if a.quantity is not None])
    money = _most([(a.value, a.currency) for a in told if a.value is not None])
    return Amounts(quantity, *(money if money else (None, None)))


def _most(values: Sequence[Any]) -> Any:
    return max(values, key=values.count) if values else None  # max keeps the first of equal counts
