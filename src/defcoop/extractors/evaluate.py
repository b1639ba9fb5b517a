"""Scoring of predicted mentions and facts against gold annotations (`defcoop eval`).

The gold schema and the scoring rules are those of the corpus GUIDELINES.md ("Gold schema" and
"Scoring"); this module is their one implementation, so a change of rule is a change here and in its
tests. Everything here is pure: the CLI reads articles, runs the extractors and renders the report.
"""

from __future__ import annotations

import datetime as dt
import math
import os
import re
import tomllib
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .model import ACTIONS

# --------------------------------------------------------------------------------------------------
# Gold files


class GoldError(Exception):
    """A gold file (or folder) that cannot be used: `path` is the file, `fact` the 1-based fact number."""

    def __init__(self, path: str | Path, message: str, fact: int | None = None) -> None:
        where = f"{path}: fact {fact}: " if fact is not None else f"{path}: "
        super().__init__(where + message)
        self.path = Path(path)
        self.message = message
        self.fact = fact
        self.errors: list[GoldError] = [self]


@dataclass(slots=True)
class GoldFact:
    action: str
    actors: list[str]
    officials: list[str]
    systems: list[str]
    date: str | None
    evidence: str
    quantity: int | None = None  # units of the fact's systems, where the article states them
    value: int | float | None = None  # the amount of money, in `currency`
    currency: str | None = None  # ISO 4217


@dataclass(slots=True)
class GoldDoc:
    id: str
    path: Path
    published: str | None
    language: str | None
    systems: list[str]
    officials: list[str]
    countries: list[str]
    facts: list[GoldFact]


_DOC_KEYS = ("id", "published", "language", "systems", "officials", "countries", "facts")
_FACT_KEYS = ("action", "actors", "officials", "systems", "date", "evidence", "quantity", "value", "currency")
_FACT_REQUIRED = ("action", "actors")
_GROUPS = ("EU", "NATO")  # actors that are not states but act as one
_STATE_RE = re.compile(r"[A-Z]{2}")
_DATE_RE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
_CURRENCY_RE = re.compile(r"[A-Z]{3}")
VALUE_TOLERANCE = 0.01  # a predicted value within 1 % of the gold one, in the same currency, is right
_LOOSE_DATE_RE = re.compile(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b")


class _Invalid(Exception):
    """A value-level problem, turned into a GoldError once the file and fact are known."""


def _date_string(value: object) -> str | None:
    """A gold or predicted date as the string the rules compare: YYYY-MM-DD, YYYY-MM, YYYY or None.

    YAML reads an unquoted 2025-06-12 as a date and 2025 as an int; both are accepted here.
    """
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        raise _Invalid(f"date {value} has a time of day; write YYYY-MM-DD")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        raise _Invalid(f"date {value!r} is not YYYY-MM-DD, YYYY-MM, YYYY or null")
    if isinstance(value, int):
        if 1000 <= value <= 9999:
            return str(value)
        raise _Invalid(f"date {value} is not a four-digit year")
    if not isinstance(value, str):
        raise _Invalid(f"date {value!r} is not YYYY-MM-DD, YYYY-MM, YYYY or null")
    m = _DATE_RE.fullmatch(value)
    if not m:
        raise _Invalid(f"date {value!r} is not YYYY-MM-DD, YYYY-MM, YYYY or null")
    year, month, day = int(m[1]), m[2], m[3]
    try:
        dt.date(year, int(month or 1), int(day or 1))
    except ValueError as e:
        raise _Invalid(f"date {value!r} does not exist ({e})") from None
    return value


def _string(value: object, what: str, *, optional: bool = False) -> str | None:
    if value is None and optional:
        return None
    if isinstance(value, bool):
        # YAML 1.1 reads no/yes/on/off as booleans.
        raise _Invalid(f"{what} is {str(value).lower()}, not a string (quote it)")
    if not isinstance(value, str) or not value.strip():
        raise _Invalid(f"{what} must be a non-empty string, not {value!r}")
    return value


def _string_list(value: object, what: str) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise _Invalid(f"{what} must be a list, not {type(value).__name__}")
    return [_string(item, f"{what}[{i}]") for i, item in enumerate(value)]  # type: ignore[misc]


def _state_list(value: object, what: str) -> list[str]:
    codes = []
    if isinstance(value, list):
        for i, item in enumerate(value):
            if item is False:  # YAML 1.1 reads an unquoted NO (Norway) as false
                raise _Invalid(f"{what}[{i}] is false: quote Norway as 'NO'")
    for i, code in enumerate(_string_list(value, what)):
        if not (_STATE_RE.fullmatch(code) or code in _GROUPS):
            raise _Invalid(
                f"{what}[{i}] {code!r} is not an ISO 3166-1 alpha-2 code (two capital letters), EU or NATO"
            )
        codes.append(code)
    return codes


def _check_keys(data: Mapping, allowed: Sequence[str], required: Sequence[str], what: str) -> None:
    unknown = [str(k) for k in data if k not in allowed]
    if unknown:
        raise _Invalid(f"unknown {what} key(s) {', '.join(unknown)}; expected {', '.join(allowed)}")
    missing = [k for k in required if k not in data]
    if missing:
        raise _Invalid(f"missing {what} key(s) {', '.join(missing)}")


def _amounts(data: Mapping) -> tuple[int | None, int | float | None, str | None]:
    """The optional quantity, value and currency of a gold fact; a value needs its currency."""
    quantity, value, currency = data.get("quantity"), data.get("value"), data.get("currency")
    if quantity is not None and (isinstance(quantity, bool) or not isinstance(quantity, int) or quantity < 1):
        raise _Invalid(f"quantity must be a whole number of units from 1, not {quantity!r}")
    if value is not None and (isinstance(value, bool) or not isinstance(value, (int, float)) or not value > 0):
        raise _Invalid(f"value must be a positive number (the amount, e.g. 2700000000), not {value!r}")
    if currency is not None and not (isinstance(currency, str) and _CURRENCY_RE.fullmatch(currency)):
        raise _Invalid(f"currency {currency!r} is not an ISO 4217 code (three capitals, e.g. EUR)")
    if (value is None) != (currency is None):
        raise _Invalid("value and currency go together: give both or neither")
    return quantity, value, currency


def _gold_fact(data: object) -> GoldFact:
    if not isinstance(data, dict):
        raise _Invalid(f"a fact must be a mapping, not {type(data).__name__}")
    _check_keys(data, _FACT_KEYS, _FACT_REQUIRED, "fact")
    action = _string(data["action"], "action")
    if action not in ACTIONS:
        raise _Invalid(f"action {action!r} is not one of {', '.join(ACTIONS)}")
    evidence = data.get("evidence")
    if evidence is not None and not isinstance(evidence, str):
        raise _Invalid(f"evidence must be a string, not {type(evidence).__name__}")
    quantity, value, currency = _amounts(data)
    return GoldFact(
        action=action,
        actors=_state_list(data["actors"], "actors"),
        officials=_string_list(data.get("officials"), "officials"),
        systems=_string_list(data.get("systems"), "systems"),
        date=_date_string(data.get("date")),
        evidence=evidence or "",
        quantity=quantity,
        value=value,
        currency=currency,
    )


def _impossible_date_hint(text: str) -> str:
    """YAML raises a bare ValueError on an unquoted impossible date: find it so the message can say where."""
    for lineno, line in enumerate(text.splitlines(), 1):
        for m in _LOOSE_DATE_RE.finditer(line):
            try:
                dt.date(int(m[1]), int(m[2]), int(m[3]))
            except ValueError as e:
                return f"line {lineno}: date {m[0]} does not exist ({e})"
    return ""


def load_gold(path: Path) -> GoldDoc:
    """Read and check one gold file; any problem is a GoldError naming the file and the fact."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as e:
        raise GoldError(path, f"cannot read the file ({e})") from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as e:
        raise GoldError(path, f"not valid YAML ({' '.join(str(e).split())})") from None
    except ValueError as e:
        raise GoldError(path, _impossible_date_hint(text) or f"not a valid gold file ({e})") from None
    if not isinstance(data, dict):
        got = "an empty file" if data is None else type(data).__name__
        raise GoldError(path, f"a gold file must be a mapping with the keys {', '.join(_DOC_KEYS)}, not {got}")
    try:
        _check_keys(data, _DOC_KEYS, ("facts",), "top-level")
        doc_id = _string(data.get("id", path.stem), "id")
        if doc_id != path.stem:
            raise _Invalid(f"id {doc_id!r} differs from the file name {path.stem!r}")
        published = _date_string(data.get("published"))
        language = _string(data.get("language"), "language", optional=True)
        systems = _string_list(data.get("systems"), "systems")
        officials = _string_list(data.get("officials"), "officials")
        countries = _state_list(data.get("countries"), "countries")
        facts_data = data["facts"]
        if not isinstance(facts_data, list):
            raise _Invalid("facts must be a list (write facts: [] for an article without facts)")
    except _Invalid as e:
        raise GoldError(path, str(e)) from None
    facts = []
    for number, fact_data in enumerate(facts_data, 1):
        try:
            facts.append(_gold_fact(fact_data))
        except _Invalid as e:
            raise GoldError(path, str(e), fact=number) from None
    return GoldDoc(
        id=doc_id,
        path=path,
        published=published,
        language=language,
        systems=systems,
        officials=officials,
        countries=countries,
        facts=facts,
    )


def load_gold_dir(gold_dir: Path) -> dict[str, GoldDoc]:
    """Every *.yaml / *.yml gold file of a folder, keyed by file stem.

    All files are checked before failing, so one run lists every broken file: the GoldError raised
    then has the folder as `path` and the individual errors in `errors`.
    """
    gold_dir = Path(gold_dir)
    if not gold_dir.is_dir():
        raise GoldError(gold_dir, "not a folder")
    paths = sorted(p for p in gold_dir.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())
    if not paths:
        raise GoldError(gold_dir, "no gold files (*.yaml, *.yml) in the folder")
    docs: dict[str, GoldDoc] = {}
    errors: list[GoldError] = []
    for path in paths:
        if path.stem in docs:
            errors.append(GoldError(path, f"a second gold file for {path.stem!r} (also {docs[path.stem].path.name})"))
            continue
        try:
            docs[path.stem] = load_gold(path)
        except GoldError as e:
            errors.append(e)
    if len(errors) == 1:
        raise errors[0]
    if errors:
        error = GoldError(gold_dir, f"{len(errors)} gold files are invalid:\n" + "\n".join(f"  {e}" for e in errors))
        error.errors = errors
        raise error
    return docs


# --------------------------------------------------------------------------------------------------
# Pairing articles with gold


@dataclass(slots=True)
class Pairing:
    """Articles paired with their gold, in article order; `unpaired` are the articles without gold."""

    pairs: list[tuple[str, GoldDoc]]
    unpaired: list[str]

    @property
    def ignored(self) -> int:
        return len(self.unpaired)


def article_stem(path: str, article_id: str | None = None) -> str:
    """The name an article pairs on: its `id` when it has one (JSONL lines), else its file name stem."""
    if article_id:
        return article_id
    name = re.sub(r":\d+$", "", path.replace("\\", "/").rsplit("/", 1)[-1])
    return Path(name).stem


def pair_articles(
    gold: Mapping[str, GoldDoc], article_paths: Iterable[str | os.PathLike | tuple[str, str | None]]
) -> Pairing:
    """Pair articles with gold files by stem: `a/b/000_x.txt` with `000_x.yaml`.

    An item is a path, or a (path, id) pair for articles read from JSONL (`f.jsonl:3`), which pair on
    their id. Gold without an article is an error (the score would silently ignore it); articles
    without gold are skipped and listed, since a folder may hold more articles than are annotated.
    """
    pairs: list[tuple[str, GoldDoc]] = []
    unpaired: list[str] = []
    seen: dict[str, str] = {}
    for item in article_paths:
        path, article_id = (os.fspath(item), None) if isinstance(item, (str, os.PathLike)) else item
        stem = article_stem(path, article_id)
        doc = gold.get(stem)
        if doc is None:
            unpaired.append(path)
            continue
        if stem in seen:
            raise GoldError(doc.path, f"gold file {doc.path.name} matches two articles: {seen[stem]} and {path}")
        seen[stem] = path
        pairs.append((path, doc))
    for stem, doc in gold.items():
        if stem not in seen:
            raise GoldError(doc.path, f"gold file {doc.path.name} has no article")
    return Pairing(pairs, unpaired)


# --------------------------------------------------------------------------------------------------
# Names

_EXTRA_LATIN = str.maketrans({"ł": "l", "đ": "d", "ø": "o", "æ": "ae", "œ": "oe", "ı": "i", "þ": "th"})


def normalize_name(s: str) -> str:
    """Case-fold, strip accents and keep letters and digits only, so SAMP-T == SAMP/T == samp t."""
    s = unicodedata.normalize("NFKD", s.casefold().translate(_EXTRA_LATIN))
    return "".join(ch for ch in s if ch.isalnum() and not unicodedata.combining(ch))


def _systems_keys_match(a: str, b: str) -> bool:
    return bool(a) and bool(b) and (a in b or b in a)


def systems_match(a: str, b: str) -> bool:
    """Equal after normalization, or one contains the other (IRIS-T ~ IRIS-T SLM); empty names never match."""
    return _systems_keys_match(normalize_name(a), normalize_name(b))


_FOLDS = (("kh", "h"), ("ou", "u"), ("w", "v"), ("j", "y"))
_REPEATS = re.compile(r"(.)\1+")
_ENDING = re.compile(r"(?:iy|yi|i)$")


def fold_transliteration(s: str) -> str:
    """Fold the spellings that transliteration from Cyrillic (and French/German/Polish habits) produce.

    normalize_name, then kh->h, ou->u (Oumerov), w->v (Umerow), j->y (Selenskyj), repeated letters
    collapsed (Zelenskyy), and a final -iy/-yi/-i read as -y (Zelenskiy, Zelenskyi, Zelenskii).
    Both sides of a comparison are folded, so the folds only cost a false match between two surnames
    that differ by nothing else.
    """
    s = normalize_name(s)
    for old, new in _FOLDS:
        s = s.replace(old, new)
    s = _REPEATS.sub(r"\1", s)
    return _ENDING.sub("y", s)


def _surname_key(name: str) -> str:
    words = [w for w in name.split() if normalize_name(w)]
    return fold_transliteration(words[-1]) if words else ""


def _officials_keys_match(a: str, b: str) -> bool:
    return bool(a) and a == b


def officials_match(a: str, b: str) -> bool:
    """Same surname (the last word), transliteration folded: Volodymyr Zelensky ~ Zelenskyy."""
    return _officials_keys_match(_surname_key(a), _surname_key(b))


def _match_sets(gold: Sequence[str], pred: Sequence[str], same: Callable[[str, str], bool]) -> dict[int, int]:
    """One-to-one matching of two name lists: gold index -> predicted index.

    Greedy in gold order, each gold name taking the first free predicted name it matches, with
    augmenting paths so that a loose containment match taken early never blocks a later name:
    the result is a maximum matching, independent of how the names are ordered.
    """
    owner: dict[int, int] = {}  # predicted index -> gold index

    def place(g: int, visited: set[int]) -> bool:
        for p, name in enumerate(pred):
            if p in visited or not same(gold[g], name):
                continue
            visited.add(p)
            if p not in owner or place(owner[p], visited):
                owner[p] = g
                return True
        return False

    for g in range(len(gold)):
        place(g, set())
    return {g: p for p, g in owner.items()}


def _distinct(names: Iterable[str], key: Callable[[str], str] = normalize_name) -> list[str]:
    seen: set[str] = set()
    out = []
    for name in names:
        k = key(name)
        if k not in seen:
            seen.add(k)
            out.append(name)
    return out


# --------------------------------------------------------------------------------------------------
# Scores


@dataclass(slots=True)
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, other: Counts) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn

    @property
    def precision(self) -> float:
        # Nothing predicted and nothing to find is a perfect score, not an undefined one.
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else (1.0 if self.tp + self.fn == 0 else 0.0)

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else (1.0 if self.tp + self.fp == 0 else 0.0)

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, float | int]:
        return {
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
        }


_MENTION_KINDS = ("systems", "officials", "countries")
_FACT_SCORES = ("facts", "facts_relaxed")
_STATS = ("precision", "recall", "f1")
METRICS: tuple[str, ...] = (
    *_MENTION_KINDS,
    *_FACT_SCORES,
    *(f"{kind}.{stat}" for kind in (*_MENTION_KINDS, *_FACT_SCORES) for stat in _STATS),
    "date_accuracy",
    "quantity_accuracy",
    "value_accuracy",
)
"""Names accepted by Report.metric and in thresholds: a bare score name means its F1."""
_ACCURACIES = ("date_accuracy", "quantity_accuracy", "value_accuracy")


@dataclass(slots=True)
class ArticleDetail:
    """What `--explain` shows for one article: the misses and the false alarms."""

    id: str
    missed_facts: list[dict[str, Any]] = field(default_factory=list)
    spurious_facts: list[dict[str, Any]] = field(default_factory=list)
    missed: dict[str, list[str]] = field(default_factory=dict)  # kind -> gold names not found
    spurious: dict[str, list[str]] = field(default_factory=dict)  # kind -> predicted names not in gold

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"id": self.id, "facts": {"missed": self.missed_facts, "spurious": self.spurious_facts}}
        for kind in _MENTION_KINDS:
            out[kind] = {"missed": self.missed.get(kind, []), "spurious": self.spurious.get(kind, [])}
        return out


@dataclass(slots=True)
class Report:
    articles: int = 0
    systems: Counts = field(default_factory=Counts)
    officials: Counts = field(default_factory=Counts)
    countries: Counts = field(default_factory=Counts)
    facts: Counts = field(default_factory=Counts)
    facts_relaxed: Counts = field(default_factory=Counts)
    by_action: dict[str, Counts] = field(default_factory=dict)
    dates_correct: int = 0
    dates_judged: int = 0  # strictly matched facts whose gold date is not null
    details: list[ArticleDetail] = field(default_factory=list)
    quantities_correct: int = 0
    quantities_judged: int = 0  # strictly matched facts whose gold has a quantity
    values_correct: int = 0
    values_judged: int = 0  # strictly matched facts whose gold has a value

    @property
    def date_accuracy(self) -> float:
        # Like precision: with nothing to judge there is nothing wrong.
        return self.dates_correct / self.dates_judged if self.dates_judged else 1.0

    @property
    def quantity_accuracy(self) -> float:
        return self.quantities_correct / self.quantities_judged if self.quantities_judged else 1.0

    @property
    def value_accuracy(self) -> float:
        return self.values_correct / self.values_judged if self.values_judged else 1.0

    def metric(self, name: str) -> float:
        """A score by name (see METRICS): `facts` is the facts F1, `facts.recall` its recall."""
        if name not in METRICS:
            raise ValueError(f"unknown metric {name!r}; expected one of {', '.join(METRICS)}")
        if name in _ACCURACIES:
            return getattr(self, name)
        kind, _, stat = name.partition(".")
        return getattr(getattr(self, kind), stat or "f1")

    def as_dict(self, explain: bool = False) -> dict[str, Any]:
        out: dict[str, Any] = {"articles": self.articles}
        for kind in (*_MENTION_KINDS, *_FACT_SCORES):
            out[kind] = getattr(self, kind).as_dict()
        out["date_accuracy"] = round(self.date_accuracy, 4)
        out["dates_correct"] = self.dates_correct
        out["dates_judged"] = self.dates_judged
        out["quantity_accuracy"] = round(self.quantity_accuracy, 4)
        out["quantities_correct"] = self.quantities_correct
        out["quantities_judged"] = self.quantities_judged
        out["value_accuracy"] = round(self.value_accuracy, 4)
        out["values_correct"] = self.values_correct
        out["values_judged"] = self.values_judged
        out["by_action"] = {action: counts.as_dict() for action, counts in self.by_action.items()}
        if explain:
            out["details"] = [detail.as_dict() for detail in self.details]
        return out


@dataclass(slots=True)
class _Fact:
    """A gold or predicted fact reduced to what the rules compare, with the record it came from."""

    action: str
    actors: frozenset[str]
    systems: tuple[str, ...]  # distinct normalized names, in order
    date: str | None
    view: dict[str, Any]
    quantity: object = None  # as given: a prediction may hold anything, and then matches no gold
    value: object = None
    currency: object = None

    @property
    def key(self) -> tuple:
        return (self.action, self.actors, frozenset(self.systems), self.date)


_VIEW_KEYS = ("action", "actors", "systems", "date", "evidence")


def _fact(action: str, actors: Iterable[str], systems: Iterable[str], date: object, view: dict) -> _Fact:
    try:
        date_str = _date_string(date)
    except _Invalid:
        date_str = str(date)  # a malformed predicted date is kept as is: it then matches no gold date
    return _Fact(
        action=action,
        actors=frozenset(actors),
        systems=tuple(dict.fromkeys(map(normalize_name, systems))),
        date=date_str,
        view=view,
    )


def _gold_facts(doc: GoldDoc) -> list[_Fact]:
    out = []
    for f in doc.facts:
        fact = _fact(f.action, f.actors, f.systems, f.date, {k: v for k, v in asdict(f).items() if k in _VIEW_KEYS})
        fact.quantity, fact.value, fact.currency = f.quantity, f.value, f.currency
        out.append(fact)
    return out


def _predicted_facts(facts: Iterable[Mapping[str, Any]]) -> list[_Fact]:
    out = []
    for f in facts:
        view = {k: f.get(k) for k in _VIEW_KEYS}
        fact = _fact(f["action"], f.get("actors") or (), f.get("systems") or (), f.get("date"), view)
        fact.quantity, fact.value, fact.currency = f.get("quantity"), f.get("value"), f.get("currency")
        out.append(fact)
    return out


def _quantity_right(gold: _Fact, pred: _Fact) -> bool:
    return type(pred.quantity) is int and pred.quantity == gold.quantity


def _value_right(gold: _Fact, pred: _Fact) -> bool:
    """Within VALUE_TOLERANCE of the gold amount, in the same currency."""
    if pred.currency != gold.currency or isinstance(pred.value, bool) or not isinstance(pred.value, (int, float)):
        return False
    return abs(pred.value - gold.value) <= VALUE_TOLERANCE * abs(gold.value)  # type: ignore[operator, arg-type]


def _dedup(facts: list[_Fact]) -> list[_Fact]:
    seen: set[tuple] = set()
    out = []
    for f in facts:
        if f.key not in seen:
            seen.add(f.key)
            out.append(f)
    return out


def tells_gold(doc: GoldDoc, action: str, actors: Iterable[str], systems: Iterable[str], date: object) -> bool:
    """Whether a fact with these fields would strictly match one of the article's gold facts (the
    scoring's test, without the one-to-one pairing): a later telling of a gold act is such a fact."""
    pred = _fact(action, actors, systems, date, {})
    return any(_facts_match(gold, pred, True) for gold in _gold_facts(doc))


def _dates_agree(gold: str | None, pred: str | None) -> bool:
    if gold is None:
        return True
    if pred is None or not _DATE_RE.fullmatch(pred):
        return False
    n = min(len(gold), len(pred))
    return gold[:n] == pred[:n]


def _facts_match(gold: _Fact, pred: _Fact, strict: bool) -> bool:
    if strict and gold.action != pred.action:
        return False
    if gold.actors and not gold.actors & pred.actors:
        return False
    if gold.systems or pred.systems:
        matched = len(_match_sets(gold.systems, pred.systems, _systems_keys_match))
        if matched < max(len(gold.systems), len(pred.systems)) / 2:
            return False
    return _dates_agree(gold.date, pred.date)


def _match_facts(gold: list[_Fact], pred: list[_Fact], strict: bool) -> dict[int, int]:
    """GUIDELINES: one-to-one, greedy in gold order, each gold fact taking the first free prediction."""
    taken: set[int] = set()
    matches: dict[int, int] = {}
    for g, gold_fact in enumerate(gold):
        for p, pred_fact in enumerate(pred):
            if p not in taken and _facts_match(gold_fact, pred_fact, strict):
                taken.add(p)
                matches[g] = p
                break
    return matches


def _score_names(
    gold: list[str], pred: list[str], key: Callable[[str], str], same: Callable[[str, str], bool]
) -> tuple[Counts, list[str], list[str]]:
    matches = _match_sets([key(n) for n in gold], [key(n) for n in pred], same)
    matched_pred = set(matches.values())
    missed = [n for g, n in enumerate(gold) if g not in matches]
    spurious = [n for p, n in enumerate(pred) if p not in matched_pred]
    return Counts(len(matches), len(spurious), len(missed)), missed, spurious


def score(pairs: Iterable[tuple[GoldDoc, Sequence[Mapping[str, Any]], Sequence[Mapping[str, Any]]]]) -> Report:
    """Score (gold, predicted facts, predicted mentions) per article, micro-averaged over articles.

    Predicted facts are dicts with the FACT_FIELDS keys, mentions dicts with the MENTION_FIELDS keys.
    """
    report = Report()
    for doc, pred_fact_dicts, mentions in pairs:
        report.articles += 1
        detail = ArticleDetail(doc.id)

        pred_names = {
            "systems": [m["name"] for m in mentions if m.get("type") == "system"],
            "officials": [m["name"] for m in mentions if m.get("type") == "official"],
            "countries": [a for f in pred_fact_dicts for a in f.get("actors") or ()],
        }
        gold_names = {"systems": doc.systems, "officials": doc.officials, "countries": doc.countries}
        rules: dict[str, tuple[Callable[[str], str], Callable[[str, str], bool]]] = {
            "systems": (normalize_name, _systems_keys_match),
            "officials": (_surname_key, _officials_keys_match),
            "countries": (str, str.__eq__),
        }
        for kind, (key, same) in rules.items():
            distinct = normalize_name if kind != "countries" else str
            counts, missed, spurious = _score_names(
                _distinct(gold_names[kind], distinct), _distinct(pred_names[kind], distinct), key, same
            )
            getattr(report, kind).add(counts)
            detail.missed[kind], detail.spurious[kind] = missed, spurious

        gold_facts = _dedup(_gold_facts(doc))
        pred_facts = _dedup(_predicted_facts(pred_fact_dicts))
        for strict, counts in ((True, report.facts), (False, report.facts_relaxed)):
            matches = _match_facts(gold_facts, pred_facts, strict)
            counts.add(Counts(len(matches), len(pred_facts) - len(matches), len(gold_facts) - len(matches)))
            if not strict:
                continue
            matched_pred = set(matches.values())
            for g, p in matches.items():
                _action_counts(report, gold_facts[g].action).tp += 1
                if gold_facts[g].date is not None:
                    report.dates_judged += 1
                    report.dates_correct += pred_facts[p].date == gold_facts[g].date
                _judge_amounts(report, gold_facts[g], pred_facts[p])
            for g, gold_fact in enumerate(gold_facts):
                if g not in matches:
                    _action_counts(report, gold_fact.action).fn += 1
                    detail.missed_facts.append(gold_fact.view)
            for p, pred_fact in enumerate(pred_facts):
                if p not in matched_pred:
                    _action_counts(report, pred_fact.action).fp += 1
                    detail.spurious_facts.append(pred_fact.view)
        report.details.append(detail)

    # The eight actions in GUIDELINES order, then any unknown predicted label.
    order = {a: i for i, a in enumerate(ACTIONS)}
    report.by_action = dict(sorted(report.by_action.items(), key=lambda kv: (order.get(kv[0], len(order)), kv[0])))
    return report


def _judge_amounts(report: Report, gold: _Fact, pred: _Fact) -> None:
    """Quantity and value accuracy count only the matched facts whose gold states them."""
    if gold.quantity is not None:
        report.quantities_judged += 1
        report.quantities_correct += _quantity_right(gold, pred)
    if gold.value is not None:
        report.values_judged += 1
        report.values_correct += _value_right(gold, pred)


def _action_counts(report: Report, action: str) -> Counts:
    return report.by_action.setdefault(action, Counts())


# --------------------------------------------------------------------------------------------------
# Thresholds


class ThresholdError(ValueError):
    """A minimum score that cannot be used: unknown metric, not a number, or outside 0..1."""


def _threshold(name: str, value: object, where: str) -> float:
    if name not in METRICS:
        raise ThresholdError(f"{where}unknown metric {name!r}; expected one of {', '.join(METRICS)}")
    if isinstance(value, bool):
        raise ThresholdError(f"{where}minimum for {name} must be a number between 0 and 1, not {value!r}")
    if isinstance(value, str):
        try:
            value = float(value)
        except ValueError:
            raise ThresholdError(f"{where}minimum for {name} is not a number: {value!r}") from None
    if not isinstance(value, (int, float)) or math.isnan(value) or not 0 <= value <= 1:
        raise ThresholdError(f"{where}minimum for {name} must be a number between 0 and 1, not {value!r}")
    return float(value)


def parse_thresholds(spec: str) -> dict[str, float]:
    """Parse `--min facts=0.75,systems=0.95`; a bare score name means its F1 (see METRICS)."""
    thresholds: dict[str, float] = {}
    for item in spec.split(","):
        item = item.strip()
        if not item:
            continue
        name, sep, value = item.partition("=")
        name = name.strip()
        if not sep:
            raise ThresholdError(f"--min: {item!r} is not METRIC=VALUE (e.g. facts=0.75)")
        if name in thresholds:
            raise ThresholdError(f"--min: {name} is given twice")
        thresholds[name] = _threshold(name, value.strip(), "--min: ")
    return thresholds


def load_thresholds(pyproject: Path) -> dict[str, float]:
    """Minimum scores from the `min` table of `[tool.defcoop.eval]` in a pyproject.toml.

    ```toml
    [tool.defcoop.eval]
    min = { facts = 0.75, systems = 0.95, "facts.recall" = 0.6 }
    ```
    A table keeps room for other eval settings next to it. Dotted keys written unquoted
    (`facts.recall = 0.6` inside `[tool.defcoop.eval.min]`) are read as the same names.
    No section or no `min` gives {}.
    """
    pyproject = Path(pyproject)
    try:
        data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as e:
        raise ThresholdError(f"{pyproject}: cannot read the file ({e})") from None
    except tomllib.TOMLDecodeError as e:
        raise ThresholdError(f"{pyproject}: not valid TOML ({e})") from None
    section = data.get("tool", {}).get("defcoop", {}).get("eval", {})
    where = f"{pyproject}: [tool.defcoop.eval] "
    if not isinstance(section, dict):
        raise ThresholdError(f"{where}must be a table")
    minimums = section.get("min", {})
    if not isinstance(minimums, dict):
        raise ThresholdError(f"{where}min must be a table, e.g. min = {{ facts = 0.75 }}")
    return {name: _threshold(name, value, f"{where}min: ") for name, value in _flatten(minimums)}


def _flatten(table: Mapping[str, Any], prefix: str = "") -> list[tuple[str, Any]]:
    out = []
    for key, value in table.items():
        if isinstance(value, dict):
            out.extend(_flatten(value, f"{prefix}{key}."))
        else:
            out.append((f"{prefix}{key}", value))
    return out


def _label(name: str) -> str:
    if name in _ACCURACIES:
        return name.replace("_", " ")
    kind, _, stat = name.partition(".")
    return f"{kind} {'F1' if stat in ('', 'f1') else stat}"


def check_thresholds(report: Report, thresholds: Mapping[str, float]) -> list[str]:
    """One line per metric below its minimum, e.g. "facts F1 0.712 is below the minimum 0.750".

    Scores are compared as the report shows them (4 decimals), so a printed score never fails
    against an equal minimum.
    """
    failures = []
    for name, minimum in thresholds.items():
        value = round(report.metric(name), 4)
        if value < minimum:
            shown, wanted = f"{value:.3f}", f"{minimum:.3f}"
            if shown == wanted:
                shown, wanted = f"{value:.4f}", f"{minimum:.4f}"
            failures.append(f"{_label(name)} {shown} is below the minimum {wanted}")
    return failures
