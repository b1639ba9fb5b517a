"""`-o/--format` for databases, spreadsheets and text: every format gives back the facts of samples/."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from defcoop.cli.app import app
from defcoop.cli.exports import FACT_KINDS, read_export
from defcoop.extractors.model import EXTRA_FACT_FIELDS, FACT_FIELDS, MENTION_FIELDS
from support import SAMPLES

ARTICLES = SAMPLES / "articles"
ONE_EN = str(ARTICLES / "en-03-serbia-rafale.txt")
runner = CliRunner()


def run(*args: str):
    return runner.invoke(app, list(args), catch_exceptions=False)


@pytest.fixture(scope="module")
def sample_facts() -> list[dict]:
    """The facts of samples/ with every key (--extra), as JSONL gives them: what each format must give back."""
    result = run("extract", str(ARTICLES), "--extra", "-f", "jsonl")
    assert result.exit_code == 0
    facts = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(facts) > 50 and any(f["quantity"] for f in facts) and any(f["value"] for f in facts)
    return facts


def typed(kind: str, cell: str):
    """A CSV or TSV cell read back by the kind of its column (lists were joined with ';')."""
    if kind in ("list", "lines"):
        return cell.split(";") if cell else []
    if cell == "":
        return None
    if kind == "int":
        return int(cell)
    if kind in ("float", "number"):
        number = float(cell)
        return int(number) if kind == "number" and number.is_integer() and "." not in cell else number
    return cell


def read_delimited(path: Path, delimiter: str) -> list[dict]:
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8")), delimiter=delimiter))
    header, body = rows[0], rows[1:]
    return [{k: typed(FACT_KINDS[k], cell) for k, cell in zip(header, row, strict=True)} for row in body]


def read_back(path: Path) -> list[dict]:
    if path.suffix == ".jsonl":
        return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    if path.suffix == ".json":
        return json.loads(path.read_text(encoding="utf-8"))
    if path.suffix in (".csv", ".tsv"):
        return read_delimited(path, "," if path.suffix == ".csv" else "\t")
    return read_export(path).facts


@pytest.mark.parametrize("name", ["facts.jsonl", "facts.json", "facts.csv", "facts.tsv", "facts.db",
                                  "facts.parquet", "facts.xlsx"])
def test_every_format_round_trips_the_facts_of_the_samples(tmp_path, sample_facts, name):
    target = tmp_path / name
    result = run("extract", str(ARTICLES), "--extra", "-o", str(target))
    assert result.exit_code == 0, result.stderr
    assert read_back(target) == sample_facts
    assert [p.name for p in tmp_path.iterdir()] == [name]  # written atomically, nothing left beside it


def test_a_database_holds_the_articles_and_mentions_of_the_run(tmp_path):
    target = tmp_path / "facts.db"
    assert run("extract", ONE_EN, "-o", str(target)).exit_code == 0
    tables = read_export(target)
    assert [a["path"] for a in tables.articles] == [ONE_EN]
    assert tables.articles[0]["language"] == "en" and tables.articles[0]["published"] == "2024-08-30"
    assert {m["name"] for m in tables.mentions} >= {"Rafale", "MiG-29"}
    assert all(list(m) == list(MENTION_FIELDS) for m in tables.mentions)


def test_append_adds_a_run_without_adding_an_article_twice(tmp_path):
    target = tmp_path / "facts.db"
    other = str(ARTICLES / "fr-01-caesar-mirage.txt")
    assert run("extract", ONE_EN, "-o", str(target)).exit_code == 0
    first = len(read_export(target).facts)
    assert run("extract", ONE_EN, other, "-o", str(target), "--append").exit_code == 0
    tables = read_export(target)
    assert sorted(a["path"] for a in tables.articles) == sorted([ONE_EN, other])
    with sqlite3.connect(target) as con:
        assert con.execute("SELECT count(*) FROM runs").fetchone() == (2,)
    assert len(tables.facts) > 2 * first


def test_without_append_a_database_is_replaced(tmp_path):
    target = tmp_path / "facts.db"
    for _ in range(2):
        assert run("extract", ONE_EN, "-o", str(target)).exit_code == 0
    with sqlite3.connect(target) as con:
        assert con.execute("SELECT count(*) FROM runs").fetchone() == (1,)


def test_merged_events_go_into_a_workbook_with_their_sources(tmp_path):
    target = tmp_path / "events.xlsx"
    assert run("extract", str(ARTICLES), "--merge", "-o", str(target)).exit_code == 0
    events = read_export(target).facts
    assert events and all(e["sources"] and e["evidences"] for e in events)
    assert {"quantity", "value", "currency"} <= set(events[0])


def test_entities_go_into_a_database_with_their_articles(tmp_path):
    target = tmp_path / "mentions.db"
    assert run("entities", ONE_EN, "-o", str(target)).exit_code == 0
    tables = read_export(target)
    assert tables.facts == [] and [a["path"] for a in tables.articles] == [ONE_EN]
    assert any(m["name"] == "Rafale" for m in tables.mentions)


@pytest.mark.parametrize("fmt", ["csv", "tsv"])
def test_delimited_output_has_its_fixed_header_even_without_rows(tmp_path, fmt):
    empty = tmp_path / "empty"
    empty.mkdir()
    result = run("extract", str(empty), "--format", fmt)
    assert result.exit_code == 0
    assert result.stdout == ("," if fmt == "csv" else "\t").join(FACT_FIELDS) + "\n"
    extra = run("extract", str(ARTICLES / "en-04-battlefield.txt"), "--extra", "--format", fmt).stdout
    assert extra.splitlines() == [("," if fmt == "csv" else "\t").join(FACT_FIELDS + EXTRA_FACT_FIELDS)]


def test_cameo_codes_keep_their_leading_zero_in_csv(tmp_path):
    target = tmp_path / "facts.csv"
    assert run("extract", str(ARTICLES), "--extra", "-o", str(target)).exit_code == 0
    rows = list(csv.DictReader(target.open(encoding="utf-8")))
    assert {r["cameo"] for r in rows if r["action"] == "pledge"} == {"0332"}
    assert all(r["context"].split(";")[0] == "military" for r in rows)


@pytest.mark.parametrize(("args", "says"), [
    (["-f", "sqlite"], "error: --format sqlite writes a file: give -o FILE"),
    (["-f", "xlsx"], "error: --format xlsx writes a file: give -o FILE"),
    (["-o", "facts.csv", "--append"], "error: --append adds to an SQLite file: give -o FILE.db"),
    (["-o", "facts.xlsx", "--append"], "error: --append adds to an SQLite file, not to xlsx"),
    (["-o", "no/such/folder/facts.db"], "error: cannot write no/such/folder/facts.db: no such folder"),
])
def test_a_file_format_asked_for_wrongly_is_one_line_and_exit_2(tmp_path, monkeypatch, args, says):
    monkeypatch.chdir(tmp_path)
    result = run("extract", ONE_EN, *args)
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [says]
    assert list(tmp_path.iterdir()) == []


def test_mentions_are_no_parquet_file():
    result = run("entities", ONE_EN, "-o", "mentions.parquet")
    assert result.exit_code == 2
    assert result.stderr.strip() == "error: a Parquet file holds facts only: write mentions to .db or .xlsx"


@pytest.mark.parametrize("command", [["articles", ONE_EN], ["gazetteer", "list", "systems"],
                                     ["gazetteer", "lookup", "Rafale"]])
def test_commands_that_write_text_refuse_a_database(command):
    result = run(*command, "--format", "sqlite")
    assert result.exit_code == 2
    assert "writes text formats only" in result.stderr and "not sqlite" in result.stderr


def test_appending_to_a_file_that_is_no_database_names_it(tmp_path):
    target = tmp_path / "facts.db"
    target.write_text("not a database\n")
    result = run("extract", ONE_EN, "-o", str(target), "--append")
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: {target}: not")
    assert target.read_text() == "not a database\n"


def test_a_missing_library_is_one_line_naming_the_extra(tmp_path, monkeypatch):
    for name in [m for m in sys.modules if m == "openpyxl" or m.startswith("openpyxl.")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "openpyxl", None)  # import fails as if it were not installed
    result = run("extract", ONE_EN, "-o", str(tmp_path / "facts.xlsx"))
    assert result.exit_code == 2
    assert result.stderr.strip().endswith("needs openpyxl: pip install defcoop[excel]")
    assert list(tmp_path.iterdir()) == []
