"""The command line: formats, golden output, exit codes, batches with bad files, pipes."""

from __future__ import annotations

import csv
import io
import json
import os
import signal
import subprocess
import sys
import time
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


@pytest.mark.parametrize("command", [[], ["extract"], ["entities"], ["articles"], ["eval"], ["report"], ["train"],
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


def test_extract_writes_the_quantity_and_value_of_a_deal():
    result = run("extract", str(ARTICLES / "en-03-serbia-rafale.txt"), "--format", "jsonl")
    deal = json.loads(result.stdout.splitlines()[0])
    assert (deal["action"], deal["systems"]) == ("agree", ["Rafale"])
    assert (deal["quantity"], deal["value"], deal["currency"]) == (12, 2_700_000_000, "EUR")


def test_extra_adds_plover_context_and_mode():
    rows = [json.loads(line) for line in run("extract", ONE_EN, "-f", "jsonl", "--extra").stdout.splitlines()]
    assert all("military" in r["context"] for r in rows)
    assert all(r["mode"] == {"deliver": "military", "fund": "economic"}.get(r["action"]) for r in rows)


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
    def rows(*a: str) -> list[dict]:
        return [json.loads(x) for x in run("extract", str(ARTICLES), "-f", "jsonl", *a).stdout.splitlines()]

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


# ---------------------------------------------------------------------------------------------- faults


def test_system_filter_follows_same_as_links_like_merge():
    fr = str(ARTICLES / "fr-01-caesar-mirage.txt")  # names the missile SCALP
    rows = [json.loads(x) for x in run("extract", fr, "-f", "jsonl", "--system", "Storm Shadow").stdout.splitlines()]
    assert rows and all("SCALP" in r["systems"] for r in rows)


def test_a_missing_gazetteer_folder_is_an_error_not_a_silent_run(tmp_path, monkeypatch):
    result = run("extract", ONE_EN, "-g", str(tmp_path / "nope"))
    assert result.exit_code == 2
    assert f"error: gazetteer folder {tmp_path / 'nope'} does not exist (from --gazetteers)" in result.stderr
    monkeypatch.setenv("DEFCOOP_GAZETTEERS", str(tmp_path / "gone"))
    for command in (["entities", ONE_EN], ["gazetteer", "list", "systems"], ["gazetteer", "lookup", "IRIS-T"],
                    ["eval", str(SAMPLES / "gold"), ONE_EN]):
        result = run(*command)
        assert result.exit_code == 2, command
        assert f"error: gazetteer folder {tmp_path / 'gone'} does not exist (from DEFCOOP_GAZETTEERS)" in result.stderr


def test_jsonl_on_stdin_is_read_record_by_record():
    text = Path(ONE_EN).read_text()
    stdin = json.dumps({"text": text, "id": "a"}) + "\n{broken\n" + json.dumps({"text": text}) + "\n"
    result = run("extract", "-", "-f", "jsonl", input=stdin)
    assert result.exit_code == 1
    articles = {json.loads(x)["article"] for x in result.stdout.splitlines()}
    assert articles == {"-:1", "-:3"}
    assert "error: -:2: invalid JSON" in result.stderr


def test_stdin_format_text_reads_jsonl_looking_input_as_one_article():
    line = json.dumps({"text": Path(ONE_EN).read_text()})
    result = run("articles", "-", "-f", "jsonl", "--stdin-format", "text", input=line + "\n")
    [row] = [json.loads(x) for x in result.stdout.splitlines()]
    assert row["article"] == "-" and row["chars"] == len(line)


def test_the_stdin_formats_are_the_readers():
    from defcoop.cli.app import StdinFormat
    from defcoop.extractors.reader import STDIN_FORMATS

    assert tuple(f.value for f in StdinFormat) == STDIN_FORMATS


def test_an_unexpected_error_in_one_article_is_one_line_and_the_batch_goes_on(monkeypatch, tmp_path):
    from defcoop.extractors.extract import Extractor

    real = Extractor.process
    bad = str(ARTICLES / "de-01-iris-t-patriot.txt")

    def process(self, article, **kwargs):
        if article.path == bad:
            raise ValueError("a rule tripped")
        return real(self, article, **kwargs)

    monkeypatch.setattr(Extractor, "process", process)
    result = run("extract", ONE_EN, bad, str(ARTICLES / "fr-01-caesar-mirage.txt"), "-f", "jsonl")
    assert result.exit_code == 1
    assert {json.loads(x)["article"] for x in result.stdout.splitlines()} == {
        ONE_EN, str(ARTICLES / "fr-01-caesar-mirage.txt")}
    lines = result.stderr.splitlines()
    assert f"error: {bad}: unexpected error while extracting facts: ValueError: a rule tripped" in lines
    assert not any("Traceback" in line for line in lines)
    verbose = run("extract", bad, "-f", "jsonl", "--verbose")
    assert "Traceback (most recent call last):" in verbose.stderr and "a rule tripped" in verbose.stderr


def test_a_time_limit_is_reported_per_article_in_the_workers_too():
    # no article is extracted within a millisecond: every one is reported, none stops the batch
    exe = Path(sys.executable).with_name("defcoop")
    proc = subprocess.run([str(exe), "extract", ONE_EN, str(ARTICLES / "fr-01-caesar-mirage.txt"), "--jobs", "2",
                           "--timeout", "0.001", "-f", "jsonl"], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 1 and proc.stdout == ""
    errors = [line for line in proc.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 2 and all("(the time limit for one input)" in e for e in errors)
    assert "Traceback" not in proc.stderr


def test_a_language_without_a_lexicon_is_a_warning_naming_the_article(tmp_path):
    path = tmp_path / "a.md"
    path.write_text(f"---\nlanguage: xx\n---\n{Path(ONE_EN).read_text()}")
    result = run("extract", str(path), "-f", "jsonl")
    assert result.exit_code == 0
    assert {json.loads(x)["action"] for x in result.stdout.splitlines()} <= {"fund"}  # amounts of money only
    [warning] = [line for line in result.stderr.splitlines() if "lexicon" in line]
    assert warning.startswith(f"warning: {path}: no action lexicon for language 'xx'")


def test_an_output_folder_that_does_not_exist_is_a_usage_error(tmp_path):
    result = run("extract", ONE_EN, "-o", str(tmp_path / "missing" / "facts.csv"))
    assert result.exit_code == 2
    assert "error: cannot write" in result.stderr and "no such file or directory" in result.stderr


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full")
def test_an_output_that_fails_while_written_exits_1_in_one_line():
    result = run("extract", ONE_EN, "-o", "/dev/full", "-f", "jsonl")
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines()[-1] == "error: cannot write the output: No space left on device"


def test_error_lines_escape_the_control_characters_of_a_file_name(tmp_path):
    (tmp_path / "bad\x1b[31m\nname.txt").write_bytes(b"")
    result = run("extract", str(tmp_path), "-f", "jsonl")
    assert f"error: {tmp_path}/bad\\x1b[31m\\nname.txt: empty file" in result.stderr.splitlines()


def _defcoop(*args: str, **kwargs) -> subprocess.Popen:
    exe = Path(sys.executable).with_name("defcoop")
    return subprocess.Popen([str(exe), *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, **kwargs)


def test_jobs_2_into_head_ends_quietly_every_time():
    exe = Path(sys.executable).with_name("defcoop")
    for _ in range(2):  # the tracebacks came in about half the runs
        proc = subprocess.run(f"'{exe}' extract '{SAMPLES}' --jobs 2 --format jsonl | head -1", shell=True,
                              capture_output=True, text=True, timeout=120)
        assert len(proc.stdout.splitlines()) == 1
        assert proc.stderr == ""  # no worker traceback, no "leaked semaphore objects"


@pytest.mark.parametrize(("signum", "code", "says"), [(signal.SIGINT, 130, "interrupted"), (signal.SIGTERM, 143, "")])
def test_a_signal_under_jobs_2_ends_the_run_quietly_and_removes_the_part_file(tmp_path, signum, code, says):
    out = tmp_path / "facts.jsonl"
    proc = _defcoop("extract", str(SAMPLES), "--jobs", "2", "-o", str(out), start_new_session=True)
    time.sleep(3)  # the workers are extracting
    os.killpg(proc.pid, signum) if signum == signal.SIGINT else proc.send_signal(signum)  # Ctrl-C: the group
    _, stderr = proc.communicate(timeout=60)
    time.sleep(0.5)  # a leak report would come from the resource tracker, after the main process
    assert proc.returncode == code
    assert stderr.decode().strip() == says
    assert list(tmp_path.iterdir()) == []  # neither the output nor its .part


def test_broken_number_data_stops_extract_and_is_a_validate_problem(monkeypatch):
    from defcoop.extractors import quantities

    def broken(path=None):
        raise quantities.NumbersError("numbers.yaml", "languages.fr.scales", "must be a mapping")

    monkeypatch.setattr(quantities, "load_numbers", broken)
    result = run("extract", ONE_EN)
    assert result.exit_code == 2
    assert result.stderr.splitlines() == ["error: numbers.yaml: languages.fr.scales: must be a mapping"]
    checked = run("gazetteer", "validate")
    assert checked.exit_code == 1 and "languages.fr.scales" in checked.stderr
