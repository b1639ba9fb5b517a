"""Training the decision model on gold corpora, and scoring it by cross-validation over articles.

1. `collect` runs the extractor over a corpus with every candidate kept and recorded (features, the fact
   it would be). This is the only slow step; everything after works on the records.
2. `labels` aligns candidates with gold facts: a gold fact's evidence is found in the article, and the
   candidate of that sentence whose trigger lies inside the evidence (of the fact's action first, else
   the nearest) carries its action; every other candidate is `none`, except that `training_rows` leaves
   out a candidate that retells a gold fact elsewhere in the article (see there).
3. `fit` is a multinomial logistic regression with L2, full-batch gradient descent from zero weights: the
   same records give the same weights, bit for bit.
4. `cross_validate` holds out each fold of articles in turn (folds by article, assigned by a seeded
   shuffle), trains on the rest plus the always-trained corpora, and scores the held-out predictions
   with `evaluate.score`, the scorer of `defcoop eval`.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..evaluate import GoldDoc, Report, article_stem, load_gold_dir, score, systems_match, tells_gold
from ..extract import Extractor, dedupe
from ..model import Fact
from ..reader import read_inputs
from .apply import CandidateRecord, decide_article
from .model import CLASSES, NONE, OFFER_CLASSES, Decider, Head, offer_row

MIN_COUNT = 2  # a feature seen in fewer training candidates is left out


@dataclass(slots=True)
class ArticleRecords:
    """One gold article with its candidates and what it yields besides facts."""

    stem: str
    language: str
    text: str
    gold: GoldDoc
    candidates: list[CandidateRecord]
    mentions: list[dict] = field(default_factory=list)
    corpus: str = ""


def collect(gold_dir: Path, articles: Sequence[str], extractor: Extractor, corpus: str = "",
            progress: Callable[[str], None] | None = None) -> list[ArticleRecords]:
    """Every candidate of every gold article of a corpus (the extractor must have `collect=True`)."""
    gold = load_gold_dir(Path(gold_dir))
    out = []
    for item in read_inputs(list(articles)):
        if isinstance(item, Exception):
            raise item
        stem = article_stem(item.path, item.id)
        if stem not in gold:
            continue
        result = extractor.process(item)
        if progress is not None:
            progress(item.path)
        out.append(ArticleRecords(stem, result.article.language or "", result.article.text, gold[stem],
                                  result.candidates, [m.as_dict() for m in result.mentions], corpus))
    return out


_SPACE = re.compile(r"\s+")
_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "«": '"', "»": '"', "„": '"', "\xa0": " "})


def _flatten(text: str) -> tuple[str, list[int]]:
    """The text case-folded with runs of space as one and quote styles unified, and where each of its
    characters stands in the original."""
    chars: list[str] = []
    index: list[int] = []
    for i, ch in enumerate(text.translate(_QUOTES)):
        if ch.isspace():
            if chars and chars[-1] == " ":
                continue
            ch = " "
        chars.append(ch.casefold())
        index.append(i)
    return "".join(chars), index


def locate(text: str, evidence: str) -> tuple[int, int] | None:
    """Where a gold evidence stands in the article (spacing, case and quote styles ignored)."""
    if not evidence.strip():
        return None
    at = text.find(evidence)
    if at >= 0:
        return at, at + len(evidence)
    flat, index = _flatten(text)
    needle = _SPACE.sub(" ", evidence.translate(_QUOTES)).strip().casefold()
    for probe in (needle, needle[:60]):
        at = flat.find(probe)
        if at >= 0:
            return index[at], index[min(len(index) - 1, at + len(needle) - 1)] + 1
    return None


def alignment(article: ArticleRecords) -> list[int | None]:
    """For each candidate, the index of the gold fact it tells, or None."""
    out: list[int | None] = [None] * len(article.candidates)
    for g, fact in enumerate(article.gold.facts):
        span = locate(article.text, fact.evidence)
        if span is None:
            continue
        lo, hi = span
        pool = [i for i, c in enumerate(article.candidates) if out[i] is None
                and c.fact.start < hi and lo < c.fact.end]  # candidates of the sentences it overlaps
        if not pool:
            continue

        def rank(i: int, lo: int = lo, hi: int = hi, action: str = fact.action) -> tuple[int, int, int]:
            c = article.candidates[i]
            inside = lo <= c.trigger[0] < hi
            distance = 0 if inside else min(abs(c.trigger[0] - lo), abs(c.trigger[0] - hi))
            return (0 if inside else 1, 0 if c.kind == action else 1, distance)
        out[min(pool, key=rank)] = g
    return out


def labels(article: ArticleRecords) -> list[str]:
    """The class of each candidate: the action of the gold fact it tells, or `none`."""
    return [NONE if g is None else article.gold.facts[g].action for g in alignment(article)]


def offer_labels(article: ArticleRecords) -> list[tuple[tuple[str, ...], str]]:
    """(offer row, yes/no) for each candidate told by a gold fact that names no system itself but was
    offered the article's: yes when the gold fact is about that system."""
    out = []
    for c, g in zip(article.candidates, alignment(article), strict=True):
        if g is None or c.offered is None or c.fact.systems:
            continue
        fact = article.gold.facts[g]
        took = any(systems_match(name, c.offered) for name in fact.systems)
        out.append((tuple(offer_row(c.offer_features, fact.action)), "yes" if took else "no"))
    return out


def fit(rows: Sequence[Sequence[str]], targets: Sequence[str], classes: tuple[str, ...] = CLASSES, *,
        l2: float = 1.0, iterations: int = 300, rate: float = 0.5) -> Head:
    """Logistic regression with L2, by full-batch gradient descent with Nesterov momentum from zero
    weights: deterministic. Features seen in fewer than MIN_COUNT rows are left out."""
    import numpy as np

    counts: dict[str, int] = {}
    for row in rows:
        for f in set(row):
            counts[f] = counts.get(f, 0) + 1
    vocab = sorted(f for f, n in counts.items() if n >= MIN_COUNT)
    col = {f: j for j, f in enumerate(vocab)}
    pairs = sorted((i, col[f]) for i, row in enumerate(rows) for f in set(row) if f in col)
    r_idx = np.array([p[0] for p in pairs], dtype=np.int64)
    c_idx = np.array([p[1] for p in pairs], dtype=np.int64)
    by_col = np.argsort(c_idx, kind="stable")
    row_starts, row_ids = np.unique(r_idx, return_index=True)[1], np.unique(r_idx)
    col_starts, col_ids = np.unique(c_idx[by_col], return_index=True)[1], np.unique(c_idx)
    n, width = max(len(rows), 1), len(classes)
    y = np.zeros((len(rows), width))
    y[np.arange(len(rows)), [classes.index(t) for t in targets]] = 1.0
    w, b = np.zeros((len(vocab), width)), np.zeros(width)
    vw, vb = np.zeros_like(w), np.zeros_like(b)
    for _ in range(iterations):
        lw, lb = w + 0.9 * vw, b + 0.9 * vb
        z = np.zeros((len(rows), width)) + lb
        if len(pairs):
            z[row_ids] += np.add.reduceat(lw[c_idx], row_starts)
        z -= z.max(axis=1, keepdims=True)
        p = np.exp(z)
        p /= p.sum(axis=1, keepdims=True)
        err = p - y
        gw = np.zeros_like(w)
        if len(pairs):
            gw[col_ids] = np.add.reduceat(err[r_idx[by_col]], col_starts)
        gw = gw / n + l2 * lw / n
        vw, vb = 0.9 * vw - rate * gw, 0.9 * vb - rate * err.sum(axis=0) / n
        w, b = w + vw, b + vb
    weights = {f: [float(v) for v in w[j]] for f, j in col.items() if np.abs(w[j]).max() > 1e-4}
    return Head(classes, weights, [float(v) for v in b])


def retells(article: ArticleRecords, c: CandidateRecord) -> bool:
    """The candidate, as the rules made it, is a gold fact of its article told again: in the title, the
    lead and a quote, while the gold marks one evidence. Predicting it costs nothing (the scorer merges
    equal facts), so it is no example of `none`."""
    f = c.fact
    return tells_gold(article.gold, f.action, f.actors, f.systems, f.date)


def training_rows(articles: Iterable[ArticleRecords]) -> tuple[list[tuple[str, ...]], list[str]]:
    """(features, class) of every candidate, less those labelled `none` that retell a gold fact. Taught
    as `none`, such retellings taught the model to turn down plain statements of acts; left out, they
    raised cross-validated strict F1 on ../shared/corpus/train from 0.571 to 0.582 (three fold seeds
    agreed within 0.002); taught as facts, they cost more precision than they gave recall."""
    rows, targets = [], []
    for a in articles:
        for c, label in zip(a.candidates, labels(a), strict=True):
            if label == NONE and retells(a, c):
                continue
            rows.append(c.features)
            targets.append(label)
    return rows, targets


def train_decider(articles: Sequence[ArticleRecords], *, threshold: float = 0.4, kept_threshold: float | None = None,
                  offer_threshold: float = 0.4, l2: float = 10.0, iterations: int = 300,
                  meta: dict | None = None) -> Decider:
    """Both heads, trained on every candidate of `articles`. One threshold serves all candidates: since
    retellings are no longer taught as `none`, a lower one for candidates no veto turned down (it was
    0.25) only cost precision (cross-validated strict F1 0.582 at 0.25, 0.591 at 0.4, mean of three fold
    seeds)."""
    rows, targets = training_rows(articles)
    decision = fit(rows, targets, CLASSES, l2=l2, iterations=iterations)
    offers = [pair for a in articles for pair in offer_labels(a)]
    offer = fit([r for r, _ in offers], [t for _, t in offers], OFFER_CLASSES, l2=l2, iterations=iterations) \
        if offers else None
    return Decider(decision, offer, threshold, offer_threshold, meta or {}, kept_threshold)


def predict(article: ArticleRecords, decider: Decider | None) -> list[Fact]:
    """The facts `defcoop extract` gives for this article with these weights."""
    return dedupe(decide_article(article.candidates, decider)[0])


def evaluate(articles: Iterable[ArticleRecords], predictions: dict[str, list[Fact]]) -> Report:
    return score((a.gold, [f.as_dict() for f in predictions[a.stem]], a.mentions) for a in articles)


def folds(articles: Sequence[ArticleRecords], k: int, seed: int) -> list[list[ArticleRecords]]:
    """k folds of whole articles, assigned by a seeded shuffle stratified by language."""
    order = sorted(articles, key=lambda a: (a.language, a.stem))
    rng = random.Random(seed)
    by_lang: dict[str, list[ArticleRecords]] = {}
    for a in order:
        by_lang.setdefault(a.language, []).append(a)
    out: list[list[ArticleRecords]] = [[] for _ in range(k)]
    at = 0
    for lang in sorted(by_lang):
        group = by_lang[lang]
        rng.shuffle(group)
        for a in group:
            out[at % k].append(a)
            at += 1
    return out


def cross_validate(articles: Sequence[ArticleRecords], always: Sequence[ArticleRecords] = (), *, k: int = 10,
                   seed: int = 0, **train_args: Any) -> dict[str, list[Fact]]:
    """Held-out predictions for every article of `articles`: each fold predicted by a model trained on
    the other folds and on `always`."""
    predictions: dict[str, list[Fact]] = {}
    for held in folds(articles, k, seed):
        held_ids = {id(a) for a in held}
        model = train_decider([a for a in articles if id(a) not in held_ids] + list(always), **train_args)
        for a in held:
            predictions[a.stem] = predict(a, model)
    return predictions


@dataclass(slots=True)
class TrainReport:
    """What `defcoop train` measured: the cross-validated scores of the first corpus, by language."""

    cross_validated: Report | None
    by_language: dict[str, Report]
    articles: dict[str, int]  # corpus name -> articles trained on
    candidates: int
    decider: Decider


def run_train(corpora: Sequence[tuple[Path, Sequence[str]]], *, folds_k: int = 10, seed: int = 0,
              extractor: Extractor | None = None, progress: Callable[[str], None] | None = None,
              **train_args: Any) -> TrainReport:
    """Collect every corpus, cross-validate on the first (folds by article; the others always in
    training), then train on all of them. The same corpora give the same weights."""
    extractor = extractor or Extractor(collect=True, weights="off")
    collected = [collect(Path(gold), list(articles), extractor, Path(gold).parent.name, progress)
                 for gold, articles in corpora]
    first, rest = collected[0], [a for c in collected[1:] for a in c]
    cv, by_language = None, {}
    if folds_k > 1 and len(first) >= folds_k:
        predictions = cross_validate(first, rest, k=folds_k, seed=seed, **train_args)
        cv = evaluate(first, predictions)
        for lang in sorted({a.language for a in first}):
            by_language[lang] = evaluate([a for a in first if a.language == lang], predictions)
    everything = [a for c in collected for a in c]
    meta = {"corpora": {c[0].corpus if c else str(g): len(c) for c, (g, _) in zip(collected, corpora, strict=True)},
            "folds": folds_k, "seed": seed, **{k: v for k, v in train_args.items()}}
    decider = train_decider(everything, meta=meta, **train_args)
    return TrainReport(cv, by_language, meta["corpora"], sum(len(a.candidates) for a in everything), decider)
