"""Training: alignment of candidates with gold, a deterministic fit, cross-validation by article."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from defcoop.extractors.decide.apply import CandidateRecord
from defcoop.extractors.decide.train import ArticleRecords, fit, folds, locate, run_train, training_rows
from defcoop.extractors.evaluate import GoldDoc, GoldFact
from defcoop.extractors.extract import Extractor
from defcoop.extractors.model import Fact
from support import ROOT, SAMPLES

TRAIN = ROOT.parent / "shared" / "corpus" / "train"
needs_train = pytest.mark.skipif(not (TRAIN / "gold").is_dir(),
                                 reason="../shared/corpus/train is absent (it is not part of the repository)")


def test_locate_finds_an_evidence_whatever_its_spacing_and_quotes():
    text = "Intro.\nThe  minister said: «we will deliver»\nand left."
    assert locate(text, "The  minister") == (7, 20)
    start, end = locate(text, 'The minister said: "we will deliver"')
    assert text[start:end] == "The  minister said: «we will deliver»"
    assert locate(text, "nothing like it") is None


def test_fit_learns_a_separable_signal_and_is_deterministic():
    rows = [("bias", "signed"), ("bias", "signed"), ("bias", "talks"), ("bias",), ("bias",)] * 4
    targets = ["agree", "agree", "discuss", "none", "none"] * 4
    a, b = fit(rows, targets), fit(rows, targets)
    assert a == b
    probs = dict(zip(a.classes, a.probabilities(["bias", "signed"]), strict=True))
    assert max(probs, key=probs.get) == "agree"


def _candidate(text: str, sentence: str, action: str, actors: list[str], date: str | None) -> CandidateRecord:
    start = text.index(sentence)
    fact = Fact("a.txt", "en", "2024-05-02", action, actors, [], [], date, sentence, start, start + len(sentence), 0.5)
    return CandidateRecord(fact, 0, action, (start, start + 3), True, (), (f"row={start}",))


def test_training_leaves_out_a_retelling_of_a_gold_fact_but_keeps_other_nones():
    text = "Norway signs tank deal with Poland.\nNorway signed a deal with Poland on 1 May.\nTalks went on."
    gold = GoldDoc("a", Path("a.json"), "2024-05-02", "en", [], [], ["NO", "PL"], [
        GoldFact("agree", ["NO", "PL"], [], [], "2024-05-01", "Norway signed a deal with Poland on 1 May.")])
    title = _candidate(text, "Norway signs tank deal with Poland.", "agree", ["NO", "PL"], "2024-05-01")
    lead = _candidate(text, "Norway signed a deal with Poland on 1 May.", "agree", ["NO", "PL"], "2024-05-01")
    talks = _candidate(text, "Talks went on.", "discuss", ["NO", "PL"], "2024-05-02")
    article = ArticleRecords("a", "en", text, gold, [title, lead, talks])
    rows, targets = training_rows([article])
    # the title retells the gold fact: no example of `none`; the talks are one
    assert list(zip(rows, targets, strict=True)) == [(lead.features, "agree"), (talks.features, "none")]


def test_folds_hold_whole_articles_once_each():
    class A:
        def __init__(self, stem, language):
            self.stem, self.language = stem, language
    articles = [A(f"a{i}", "en" if i % 2 else "fr") for i in range(23)]
    parts = folds(articles, 5, seed=0)
    assert sorted(a.stem for p in parts for a in p) == sorted(a.stem for a in articles)
    assert all(abs(len(p) - 23 / 5) < 1.5 for p in parts)
    assert [[a.stem for a in p] for p in parts] == [[a.stem for a in p] for p in folds(articles, 5, seed=0)]


def test_training_twice_on_the_samples_gives_the_same_weights():
    extractor = Extractor(collect=True, weights="off", statistical=False)
    corpus = [(SAMPLES / "gold", [str(SAMPLES / "articles")])]
    one = run_train(corpus, folds_k=0, extractor=extractor).decider.to_json()
    two = run_train(corpus, folds_k=0, extractor=extractor).decider.to_json()
    assert json.dumps(one, sort_keys=True) == json.dumps(two, sort_keys=True)
    assert one["meta"]["corpora"] == {"samples": 18}


@needs_train
def test_cross_validated_facts_on_the_train_corpus_stay_above_the_gate():
    """The figure the README states, measured as `defcoop train` measures it (10 folds by article)."""
    report = run_train([(TRAIN / "gold", [str(TRAIN / "articles")]),
                        (SAMPLES / "gold", [str(SAMPLES / "articles")]),
                        (SAMPLES / "extra" / "gold", [str(SAMPLES / "extra" / "articles")])])
    assert report.cross_validated is not None
    assert report.cross_validated.facts.f1 >= 0.55
    assert set(report.by_language) == {"de", "en", "es", "fr", "it", "pl", "ru", "uk"}
