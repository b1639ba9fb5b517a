"""The accuracy gate CI runs: scores on samples/ and the dev corpus may only go up.

The minimums are the scores measured when they were last raised, less a small margin; `defcoop eval`
computes them exactly as ../shared/corpus/GUIDELINES.md defines.
"""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from defcoop.cli.app import app

from support import DEV, SAMPLES, needs_dev

SAMPLE_MIN = "facts=0.80,facts_relaxed=0.85,systems=0.95,officials=0.90"
DEV_MIN = "facts=0.75,facts_relaxed=0.85,systems=0.95,officials=0.90"


def evaluate(gold, articles, minimum):
    result = CliRunner().invoke(app, ["eval", str(gold), str(articles), "--format", "json", "--min", minimum])
    return result, json.loads(result.stdout)


def test_samples_gate():
    result, report = evaluate(SAMPLES / "gold", SAMPLES / "articles", SAMPLE_MIN)
    assert report["articles"] >= 10
    assert result.exit_code == 0, result.stderr


@needs_dev
def test_dev_corpus_gate():
    result, report = evaluate(DEV / "gold", DEV / "articles", DEV_MIN)
    assert report["articles"] == 5
    assert result.exit_code == 0, result.stderr
