"""The accuracy gate CI runs: scores on samples/, samples/extra/ and the dev corpus may only go up.

The minimums are the scores measured when they were last raised, less a small margin; `defcoop eval`
computes them exactly as ../shared/corpus/GUIDELINES.md defines.
"""

from __future__ import annotations

import json

from typer.testing import CliRunner

from defcoop.cli.app import app
from support import DEV, SAMPLES, needs_dev

# measured 2026-12-03 (third session, trained decisions): samples facts 0.884, relaxed 0.895, systems 0.961,
# officials 1.0, countries 0.953; dev facts 0.902, relaxed 0.927, systems 1.0, officials 1.0, countries 0.952;
# samples/extra facts 0.706, relaxed 0.721, systems 0.956, officials 0.994, countries 0.906.
# The shipped weights were trained on these corpora too: these gates guard against regressions, they are
# not estimates for unseen news (tests/extractors/decide/test_train.py holds the cross-validated one).
# The dev gate is lower than before (0.90 facts, 0.97 countries on these 5 pages): the trained decisions
# lose two of its facts and add one state, and gain on news nobody tuned on (cross-validated 0.44 -> 0.54).
SAMPLE_MIN = "facts=0.86,facts_relaxed=0.87,systems=0.94,officials=0.97,countries=0.93"
DEV_MIN = "facts=0.88,facts_relaxed=0.90,systems=0.98,officials=0.98,countries=0.95"
EXTRA_MIN = "facts=0.68,facts_relaxed=0.70,systems=0.93,officials=0.97,countries=0.88"
# Quantities and values on the matched facts whose gold states them (issue 13), measured 2026-12-03 with the
# shipped weights: samples 1.000 (16/16) and 1.000 (8/8); samples/extra 0.909 (50/55) and 0.933 (14/15).
# The dev corpus has no gold quantities. Kept apart from SAMPLE_MIN, which pyproject.toml mirrors.
SAMPLE_AMOUNTS_MIN = "quantity_accuracy=0.95,value_accuracy=0.95"
EXTRA_AMOUNTS_MIN = "quantity_accuracy=0.88,value_accuracy=0.90"


def evaluate(gold, articles, minimum):
    result = CliRunner().invoke(app, ["eval", str(gold), str(articles), "--format", "json", "--min", minimum])
    return result, json.loads(result.stdout)


def test_pyproject_holds_the_samples_minimums():
    from defcoop.extractors.evaluate import load_thresholds, parse_thresholds
    from support import ROOT

    assert load_thresholds(ROOT / "pyproject.toml") == parse_thresholds(SAMPLE_MIN)


def test_samples_gate():
    result, report = evaluate(SAMPLES / "gold", SAMPLES / "articles", f"{SAMPLE_MIN},{SAMPLE_AMOUNTS_MIN}")
    assert report["articles"] >= 10
    assert report["quantities_judged"] >= 15 and report["values_judged"] >= 8
    assert result.exit_code == 0, result.stderr


@needs_dev
def test_dev_corpus_gate():
    result, report = evaluate(DEV / "gold", DEV / "articles", DEV_MIN)
    assert report["articles"] == 5
    assert result.exit_code == 0, result.stderr


def test_extra_samples_gate():
    extra = SAMPLES / "extra"
    result, report = evaluate(extra / "gold", extra / "articles", f"{EXTRA_MIN},{EXTRA_AMOUNTS_MIN}")
    assert report["articles"] == 44
    assert report["quantities_judged"] >= 45 and report["values_judged"] >= 12
    assert result.exit_code == 0, result.stderr
