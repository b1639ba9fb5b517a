"""The trained decisions on the command line: `train`, `--weights`, `extract --trace`, `eval --explain`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from defcoop.cli.app import app
from defcoop.extractors.decide.train import locate
from defcoop.extractors.extract import Extractor
from defcoop.extractors.model import FACT_FIELDS
from defcoop.extractors.reader import read_inputs
from support import SAMPLES

ARTICLES = SAMPLES / "articles"
GOLD = SAMPLES / "gold"
ONE_EN = str(ARTICLES / "en-03-serbia-rafale.txt")
runner = CliRunner()


def run(*args: str, env: dict[str, str] | None = None):
    return runner.invoke(app, list(args), catch_exceptions=False, env=env)


def records(*args: str, env: dict[str, str] | None = None) -> list[dict]:
    result = run("extract", *args, "-f", "jsonl", env=env)
    assert result.exit_code == 0, result.stderr
    return [json.loads(line) for line in result.stdout.splitlines()]


def library_facts(weights: str) -> list[dict]:
    """What the extractor itself gives on the samples with these weights."""
    extractor = Extractor(weights=weights)
    return [f.as_dict() for a in read_inputs([str(ARTICLES)]) for f in extractor.process(a).facts]


@pytest.fixture(scope="module")
def trained(tmp_path_factory) -> Path:
    """Weights trained on the samples alone (no cross-validation: quick)."""
    target = tmp_path_factory.mktemp("weights") / "samples.json"
    result = run("train", str(GOLD), str(ARTICLES), "-o", str(target), "--folds", "0")
    assert result.exit_code == 0, result.stderr
    return target


# ------------------------------------------------------------------------------------------------ train


def test_training_twice_on_the_samples_writes_the_same_bytes(tmp_path):
    one, two = tmp_path / "one.json", tmp_path / "two.json"
    for target in (one, two):
        result = run("train", str(GOLD), str(ARTICLES), "-o", str(target), "--folds", "3", "--seed", "1")
        assert result.exit_code == 0, result.stderr
    assert one.read_bytes() == two.read_bytes()
    text = one.read_text(encoding="utf-8")
    data = json.loads(text)
    assert text == json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True) + "\n"
    assert data["meta"] == {"corpora": {"samples": 18}, "folds": 3, "seed": 1}


def test_train_prints_the_cross_validated_facts_scores_overall_and_per_language(tmp_path):
    result = run("train", str(GOLD), str(ARTICLES), "-o", str(tmp_path / "w.json"), "--folds", "3", "-f", "json")
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["cross_validated"]["articles"] == 18
    assert set(report["by_language"]) == {"de", "en", "es", "fr", "it", "pl", "ru", "uk"}
    assert sum(r["tp"] for r in report["by_language"].values()) == report["cross_validated"]["tp"]
    assert 0 < report["cross_validated"]["f1"] <= 1
    assert report["articles"] == {"samples": 18}
    table = run("train", str(GOLD), str(ARTICLES), "-o", str(tmp_path / "w.json"), "--folds", "3").stdout
    assert "cross-validated facts" in table and "│ all " in table and "│ uk " in table


def test_a_bad_gold_folder_is_one_line_and_exit_2(tmp_path):
    broken = tmp_path / "gold"
    broken.mkdir()
    (broken / "a.yaml").write_text("facts: [1, 2\n", encoding="utf-8")
    for gold in (broken, tmp_path / "missing"):
        result = run("train", str(gold), str(ARTICLES), "-o", str(tmp_path / "w.json"))
        assert result.exit_code == 2
        assert len(result.stderr.splitlines()) == 1 and result.stderr.startswith(f"error: {gold}")
    assert not (tmp_path / "w.json").exists()


def test_a_weights_file_in_a_missing_folder_is_refused_before_training(tmp_path):
    result = run("train", str(GOLD), str(ARTICLES), "-o", str(tmp_path / "no" / "w.json"))
    assert result.exit_code == 2
    assert result.stderr == f"error: cannot write {tmp_path / 'no' / 'w.json'}: no such folder\n"


def test_train_takes_pairs_of_gold_and_articles(tmp_path):
    result = run("train", str(GOLD), "-o", str(tmp_path / "w.json"))
    assert result.exit_code == 2
    assert "give pairs: GOLD_DIR ARTICLES" in result.stderr


def test_articles_that_pair_with_no_gold_file_are_an_error(tmp_path):
    elsewhere = tmp_path / "articles"
    elsewhere.mkdir()
    (elsewhere / "unrelated.txt").write_text("Nothing to see.\n", encoding="utf-8")
    result = run("train", str(GOLD), str(elsewhere), "-o", str(tmp_path / "w.json"), "--folds", "0")
    assert result.exit_code == 2
    assert result.stderr.startswith("error: ") and "pairs with an article" in result.stderr


# ---------------------------------------------------------------------------------------------- weights


def test_weights_off_gives_the_rules_alone_and_a_file_gives_its_decisions(trained):
    assert records(str(ARTICLES), "--weights", "off") == library_facts("off")
    assert records(str(ARTICLES), "--weights", str(trained)) == library_facts(str(trained))
    assert records(str(ARTICLES), "--weights", "off") != records(str(ARTICLES))


def test_the_environment_names_the_weights_too(trained):
    assert records(str(ARTICLES), env={"DEFCOOP_WEIGHTS": "off"}) == records(str(ARTICLES), "--weights", "off")
    assert records(str(ARTICLES), env={"DEFCOOP_WEIGHTS": str(trained)}) == library_facts(str(trained))


def test_the_workers_use_the_weights_given():
    assert records(str(ARTICLES), "--weights", "off", "--jobs", "2") == library_facts("off")


@pytest.mark.parametrize("command", [["extract", ONE_EN], ["entities", ONE_EN],
                                     ["eval", str(GOLD), str(ARTICLES)], ["report", ONE_EN, "-o", "r.html"]])
@pytest.mark.parametrize(("content", "says"), [(None, "cannot read weights"),
                                               ('{"format": 1}', "not a defcoop weights file"),
                                               ("{not json", "cannot read weights")])
def test_a_weights_file_that_cannot_be_used_is_one_line_and_exit_2(tmp_path, monkeypatch, command, content, says):
    monkeypatch.chdir(tmp_path)
    weights = tmp_path / "w.json"
    if content is not None:
        weights.write_text(content, encoding="utf-8")
    result = run(*command, "--weights", str(weights))
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [result.stderr.strip()]
    assert result.stderr.startswith(f"error: {weights}: {says}")
    assert result.stdout == "" and sorted(p.name for p in tmp_path.iterdir()) == (["w.json"] if content else [])


# ------------------------------------------------------------------------------------------------ trace


def test_trace_adds_the_rules_to_each_fact_and_writes_the_candidates_turned_down():
    plain = records(str(ARTICLES))
    traced = records(str(ARTICLES), "--trace")
    facts = [r for r in traced if r["status"] == "fact"]
    rejected = [r for r in traced if r["status"] == "rejected"]
    assert [{k: r[k] for k in FACT_FIELDS} for r in facts] == plain
    assert all(list(r) == [*FACT_FIELDS, "status", "trace", "rule", "vetoes"] for r in traced)
    assert all(r["trace"][0] == "trigger" and r["rule"] is None and r["vetoes"] == [] for r in facts)
    assert rejected and all(r["rule"] for r in rejected)
    assert any(r["rule"] == "decide" for r in rejected)  # the trained decision refused it
    assert any(r["rule"] != "decide" for r in rejected)  # a structural rule merged it away


def test_with_the_rules_alone_a_veto_rule_turns_each_candidate_down():
    rejected = [r for r in records(str(ARTICLES), "--trace", "--weights", "off") if r["status"] == "rejected"]
    assert rejected and not any(r["rule"] == "decide" for r in rejected)
    assert all(r["rule"] in r["vetoes"] for r in rejected if r["vetoes"])


def test_trace_keeps_the_filters():
    traced = records(str(ARTICLES), "--trace", "--country", "RS")
    assert traced and all("RS" in r["actors"] for r in traced)


def test_a_traced_run_goes_into_a_database_and_back(tmp_path):
    from defcoop.cli.exports import read_export

    target = tmp_path / "trace.db"
    assert run("extract", ONE_EN, "--trace", "-o", str(target)).exit_code == 0
    assert read_export(target).facts == records(ONE_EN, "--trace")


def test_trace_does_not_go_with_merge():
    result = run("extract", ONE_EN, "--trace", "--merge")
    assert result.exit_code == 2
    assert "does not go with --merge" in result.stderr


def test_trace_in_a_table_shows_status_and_rule():
    table = run("extract", ONE_EN, "--trace", "-f", "table").stdout
    assert "status" in table and "rejected" in table and "decide" in table


# ------------------------------------------------------------------------------------------------ eval


def test_eval_states_quantity_and_value_accuracy():
    out = run("eval", str(GOLD), str(ARTICLES), "--min", "facts=0").stdout
    assert "quantity accuracy on matched facts: " in out and "value accuracy on matched facts: " in out


def test_explain_lists_the_candidates_turned_down_near_each_miss_and_the_trace_of_each_false_alarm():
    result = run("eval", str(GOLD), str(ARTICLES), "--explain", "--format", "json", "--min", "facts=0")
    details = json.loads(result.stdout)["details"]
    texts = {a.path.rsplit("/", 1)[-1].rsplit(".", 1)[0]: a.text for a in read_inputs([str(ARTICLES)])}
    missed = [(d["id"], f) for d in details for f in d["facts"]["missed"]]
    spurious = [f for d in details for f in d["facts"]["spurious"]]
    assert missed and spurious
    assert any(f["turned_down"] for _, f in missed)
    for stem, f in missed:
        span = locate(texts[stem], f["evidence"])
        assert span is not None or f["turned_down"] == []
        for c in f["turned_down"]:  # a candidate of a sentence the gold evidence overlaps
            assert c["start"] < span[1] and span[0] < c["end"]
            assert c["rule"] and c["trace"][0] == "trigger"
    assert all(f["trace"] and f["trace"][0] == "trigger" for f in spurious)
    text = run("eval", str(GOLD), str(ARTICLES), "--explain", "--min", "facts=0").stdout
    assert "turned down: " in text and "trace: trigger > " in text
