"""The command line: formats, golden output, exit codes, batches with bad files, pipes."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from defcoop.cli.app import app
from defcoop.extractors.model import FACT_FIELDS, MENTION_FIELDS

from support import ROOT, SAMPLES

GOLDEN = Path(__file__).parent / "golden"
ARTICLES = SAMPLES / "articles"
ONE_EN = str(ARTICLES / "en-01-arrow3-germany.txt")
runner = CliRunner()


def run(*args: str, input: str | bytes | None = None):
    return runner.invoke(app, list(args), input=input, catch_exceptions=False)


def golden(name: str, text: str) -> None:
    """Compare with tests/cli/golden/NAME; DEFCOOP_UPDATE_GOLDEN=1 rewrites the file."""
    path = GOLDEN / name
    if os.environ.get("DEFCOOP_UPDATE_GOLDEN"):
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8"), f"output differs from {path}"


def relative(text: str) -> str:
    return text.replace(str(ROOT) + "/", "")


def test_version():
    result = run("--version")
    assert result.exit_code == 0
    assert result.stdout.startswith("defcoop 0.")


def test_help_does_not_import_spacy():
    code = ("import sys\nfrom defcoop.cli.app import app\n"
            "try:\n    app(['--help'])\nexcept SystemExit:\n    pass\n"
            "print('LOADED' if 'spacy' in sys.modules else 'CLEAN', file=sys.stderr)")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert "CLEAN" in proc.stderr


@pytest.mark.parametrize("command", [[], ["extract"], ["entities"], ["articles"], ["eval"],
                                     ["gazetteer"], ["gazetteer", "validate"], ["gazetteer", "list"],
                                     ["gazetteer", "lookup"]])
def test_every_command_has_help_with_an_example(command):
    result = run(*command, "--help")
    assert result.exit_code == 0
    assert "Example: defcoop" in result.stdout


def test_extract_samples_matches_golden_jsonl(monkeypatch):
    monkeypatch.chdir(ROOT)
    result = run("extract", "samples/articles", "--format", "jsonl")
    assert result.exit_code == 0
    golden("extract-samples.jsonl", result.stdout)


def test_entities_matches_golden_tsv(monkeypatch):
    monkeypatch.chdir(ROOT)
    result = run("entities", "samples/articles/fr-01-caesar-mirage.txt", "--format", "tsv")
    assert result.exit_code == 0
    golden("entities-fr-01.tsv", result.stdout)


def test_fact_records_have_exactly_the_contract_keys():
    result = run("extract", ONE_EN, "--format", "jsonl")
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert rows and all(list(r) == list(FACT_FIELDS) for r in rows)
    extra = [json.loads(line) for line in run("extract", ONE_EN, "-f", "jsonl", "--extra").stdout.splitlines()]
    assert {"modality", "plover", "cameo"} <= set(extra[0])


@pytest.mark.parametrize("fmt", ["csv", "tsv"])
def test_delimited_formats_join_lists_with_semicolons(fmt):
    result = run("extract", ONE_EN, "--format", fmt)
    rows = list(csv.reader(io.StringIO(result.stdout), delimiter="," if fmt == "csv" else "\t"))
    assert rows[0] == list(FACT_FIELDS)
    actors = [r[FACT_FIELDS.index("actors")] for r in rows[1:]]
    assert any(";" in a for a in actors)


def test_json_is_one_array():
    data = json.loads(run("extract", ONE_EN, "--format", "json").stdout)
    assert isinstance(data, list) and data and data[0]["article"] == ONE_EN


def test_json_of_nothing_is_an_empty_array():
    assert json.loads(run("extract", str(ARTICLES / "en-04-battlefield.txt"), "-f", "json").stdout) == []


def test_markdown_and_table():
    md = run("extract", ONE_EN, "--format", "md").stdout
    assert md.splitlines()[0] == "| " + " | ".join(FACT_FIELDS) + " |"
    table = run("extract", ONE_EN, "--format", "table").stdout
    assert "defcoop facts" in table and "agree" in table


def test_output_file_format_from_extension_written_atomically(tmp_path):
    out = tmp_path / "facts.csv"
    result = run("extract", ONE_EN, "-o", str(out))
    assert result.exit_code == 0 and result.stdout == ""
    assert out.read_text().splitlines()[0] == ",".join(FACT_FIELDS)
    assert [p.name for p in tmp_path.iterdir()] == ["facts.csv"]


def test_a_failed_run_leaves_no_output_file(tmp_path):
    out = tmp_path / "facts.json"
    result = run("extract", ONE_EN, "-o", str(out), "--system", "No Such Weapon")
    assert result.exit_code == 2
    assert not out.exists() and list(tmp_path.iterdir()) == []


def test_bad_files_are_reported_and_the_batch_goes_on(tmp_path):
    (tmp_path / "a-good.txt").write_text(Path(ONE_EN).read_text())
    (tmp_path / "b-empty.txt").write_text("")
    (tmp_path / "c-binary.txt").write_bytes(b"%PDF-1.4\x00\x01\x02")
    (tmp_path / "d-broken.txt").symlink_to(tmp_path / "missing.txt")
    result = run("extract", str(tmp_path), "--format", "jsonl")
    assert result.exit_code == 1
    assert len(result.stdout.splitlines()) >= 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 3
    assert any("b-empty.txt: empty file" in e for e in errors)
    assert any("c-binary.txt: binary file" in e for e in errors)
    assert any("d-broken.txt" in e and "broken" in e for e in errors)


def test_missing_path_exits_1_with_one_line():
    result = run("extract", "no/such/file.txt", "--format", "jsonl")
    assert result.exit_code == 1
    assert "error: no/such/file.txt: no such file or folder" in result.stderr


def test_usage_errors_exit_2():
    assert run("extract", ONE_EN, "--since", "last tuesday").exit_code == 2
    assert run("extract", ONE_EN, "--action", "sell").exit_code == 2
    assert run("extract").exit_code == 2


def test_stdin_is_read_with_dash():
    text = Path(ONE_EN).read_text()
    result = run("extract", "-", "--format", "jsonl", input=text)
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert rows and rows[0]["article"] == "-"


def test_filters():
    rows = lambda *a: [json.loads(x) for x in run("extract", str(ARTICLES), "-f", "jsonl", *a).stdout.splitlines()]
    ua = rows("--country", "UA")
    assert ua and all("UA" in r["actors"] for r in ua)
    delivered = rows("--action", "deliver")
    assert delivered and all(r["action"] == "deliver" for r in delivered)
    rafale = rows("--system", "рафаль")  # any known spelling; the family keeps its variants
    assert rafale and all(any(s.startswith("Rafale") for s in r["systems"]) for r in rafale)
    recent = rows("--since", "2026")
    assert all(r["date"] and r["date"] >= "2026" for r in recent)


def test_jobs_2_gives_the_same_output_as_jobs_1():
    one = run("extract", str(ARTICLES), "-f", "jsonl", "--jobs", "1").stdout
    two = run("extract", str(ARTICLES), "-f", "jsonl", "--jobs", "2").stdout
    assert one and one == two


def test_piping_into_head_ends_quietly():
    exe = Path(sys.executable).with_name("defcoop")
    proc = subprocess.run(f"'{exe}' extract '{ARTICLES}' --format jsonl | head -1", shell=True,
                          capture_output=True, text=True)
    assert len(proc.stdout.splitlines()) == 1
    assert "Traceback" not in proc.stderr and "BrokenPipe" not in proc.stderr


def test_entities_have_the_mention_keys():
    rows = [json.loads(x) for x in run("entities", ONE_EN, "-f", "jsonl").stdout.splitlines()]
    assert rows and all(list(r) == list(MENTION_FIELDS) for r in rows)
    assert {"system", "country"} <= {r["type"] for r in rows}


def test_articles_command_shows_language_and_date():
    rows = [json.loads(x) for x in run("articles", str(ARTICLES), "-f", "jsonl").stdout.splitlines()]
    assert {r["language"] for r in rows} >= {"en", "fr", "de", "uk", "ru", "it", "pl", "es"}
    assert all(r["published"] for r in rows)


def test_gazetteer_commands():
    assert run("gazetteer", "validate").exit_code == 0
    listed = run("gazetteer", "list", "systems", "-f", "csv").stdout
    assert "SAMP/T" in listed
    found = run("gazetteer", "lookup", "САМП/Т", "-f", "jsonl").stdout
    assert json.loads(found.splitlines()[0])["name"] == "SAMP/T"


def test_gazetteer_validate_reports_a_broken_user_folder(tmp_path):
    (tmp_path / "bad.yaml").write_text("kind: systems\nentries:\n  - {id: x, name: X}\n")
    result = run("gazetteer", "validate", str(tmp_path))
    assert result.exit_code == 1
    assert f"{tmp_path / 'bad.yaml'}: entry x: missing key `category`" in result.stderr


def test_a_broken_user_gazetteer_stops_extract_with_exit_2(tmp_path):
    (tmp_path / "bad.yaml").write_text("kind: systems\nentries: [")
    result = run("extract", ONE_EN, "-g", str(tmp_path))
    assert result.exit_code == 2
    assert "malformed YAML" in result.stderr


def test_eval_rejects_a_bad_threshold(monkeypatch):
    monkeypatch.chdir(ROOT)
    result = run("eval", "samples/gold", "samples/articles", "--min", "facts=1.01")
    assert result.exit_code == 2
    assert "facts" in result.stderr


def test_eval_gate_exits_1_below_its_minimum(tmp_path):
    gold = tmp_path / "gold"
    gold.mkdir()
    for stem in ("en-01-arrow3-germany", "en-04-battlefield"):
        (gold / f"{stem}.yaml").write_text((SAMPLES / "gold" / f"{stem}.yaml").read_text())
    articles = [str(ARTICLES / "en-01-arrow3-germany.txt"), str(ARTICLES / "en-04-battlefield.txt")]
    report = json.loads(run("eval", str(gold), *articles, "--format", "json").stdout)
    assert report["articles"] == 2
    too_high = min(1.0, round(report["facts"]["f1"] + 0.01, 2))
    if report["facts"]["f1"] >= 1.0:
        pytest.skip("perfect score: no minimum can fail")
    result = run("eval", str(gold), *articles, "--min", f"facts={too_high}")
    assert result.exit_code == 1
    assert f"FAIL: facts F1 {report['facts']['f1']:.3f} is below the minimum {too_high:.3f}" in result.stderr
    assert run("eval", str(gold), *articles, "--min", "facts=0.0").exit_code == 0


def test_eval_names_a_gold_file_without_its_article(tmp_path):
    gold = tmp_path / "gold"
    gold.mkdir()
    (gold / "nowhere.yaml").write_text("id: nowhere\npublished: null\nlanguage: en\nfacts: []\n")
    result = run("eval", str(gold), str(ARTICLES / "en-01-arrow3-germany.txt"))
    assert result.exit_code == 2
    assert "nowhere" in result.stderr and "has no article" in result.stderr


def test_eval_reads_minimums_from_pyproject_unless_min_is_given(tmp_path, monkeypatch):
    gold = tmp_path / "gold"
    gold.mkdir()
    stem = "en-01-arrow3-germany"
    (gold / f"{stem}.yaml").write_text((SAMPLES / "gold" / f"{stem}.yaml").read_text())
    article = str(ARTICLES / f"{stem}.txt")
    report = json.loads(run("eval", str(gold), article, "--format", "json", "--min", "facts=0").stdout)
    if report["facts"]["f1"] >= 1.0:
        pytest.skip("perfect score: no minimum can fail")
    (tmp_path / "pyproject.toml").write_text("[tool.defcoop.eval]\nmin = { facts = 1.0 }\n")
    monkeypatch.chdir(tmp_path)
    strict = run("eval", str(gold), article)
    assert strict.exit_code == 1 and "FAIL: facts F1" in strict.stderr
    assert run("eval", str(gold), article, "--min", "facts=0.0").exit_code == 0


def test_the_installed_command_writes_every_row_and_the_exit_code_before_its_quick_exit(tmp_path):
    # main() ends with os._exit once spaCy is loaded: the -o file and the exit code must survive it
    exe = Path(sys.executable).with_name("defcoop")
    out = tmp_path / "facts.jsonl"
    proc = subprocess.run([str(exe), "extract", ONE_EN, str(tmp_path / "missing.txt"), "-f", "jsonl",
                           "-o", str(out)], capture_output=True, text=True)
    assert proc.returncode == 1
    assert "missing.txt" in proc.stderr
    expected = run("extract", ONE_EN, "-f", "jsonl").stdout
    assert expected and out.read_text() == expected
