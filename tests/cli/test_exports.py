"""SQLite, Parquet and Excel exports: every format reads back the facts it was given."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import sys
from pathlib import Path

import pytest

from defcoop.cli.exports import (
    FACT_KINDS,
    ExportError,
    Tables,
    export_format,
    read_export,
    read_facts_file,
    read_parquet,
    read_sqlite,
    read_xlsx,
    write_export,
    write_parquet,
    write_sqlite,
    write_xlsx,
)
from defcoop.extractors.model import FACT_FIELDS
from support import SAMPLES

FORMATS = {"sqlite": "facts.db", "parquet": "facts.parquet", "xlsx": "facts.xlsx"}


def fact(**changes) -> dict:
    """A fact record as `defcoop extract --extra` writes it, with the new keys of issue 13."""
    record = {
        "article": "news/de-01.txt", "language": "de", "published": "2025-06-12", "action": "deliver",
        "actors": ["DE", "UA"], "officials": ["Boris Pistorius"], "systems": ["IRIS-T SLM"],
        "date": "2025-06-11", "evidence": "Deutschland lieferte am Mittwoch ein weiteres IRIS-T SLM.",
        "start": 120, "end": 178, "confidence": 0.9, "quantity": 1, "value": None, "currency": None,
        "modality": "asserted", "plover": "AID", "cameo": "072", "context": ["military"], "mode": "military",
    }
    record.update(changes)
    return record


FACTS = [
    fact(),
    fact(action="pledge", date="2025-06", cameo="0332", plover="AGREE", quantity=None, value=2_700_000_000,
         currency="EUR", evidence="=SUM(A1) looks like a formula; it is text", officials=[],
         context=["military", "future"], mode=None),
    fact(article="news/uk-02.md", language="uk", published=None, date=None, actors=["SE", "UA"],
         officials=["Володимир Зеленський"], systems=[], value=2.5, currency="USD", quantity=None,
         evidence="Швеція виділила кошти"),
    fact(action="agree", date="2024", systems=["Rafale", "Caracal"], confidence=1.0, modality="intended"),
]
ARTICLES = [
    {"path": "news/de-01.txt", "url": "https://example.org/de-01", "language": "de", "published": "2025-06-12",
     "encoding": "utf-8", "title": "IRIS-T für Kyjiw"},
    {"path": "news/uk-02.md", "url": None, "language": "uk", "published": None, "encoding": "cp1251", "title": None},
]
MENTIONS = [
    {"article": "news/de-01.txt", "type": "system", "name": "IRIS-T SLM", "text": "IRIS-T SLM", "start": 150,
     "end": 160, "id": "iris-t-slm", "source": "gazetteer"},
    {"article": "news/uk-02.md", "type": "country", "name": "SE", "text": "Швеція", "start": 0, "end": 6,
     "id": "SE", "source": "gazetteer"},
]


def write(fmt: str, path: Path, facts=FACTS, articles=ARTICLES, mentions=MENTIONS) -> Tables:
    write_export(fmt, path, facts, articles, mentions)
    return read_export(path)


# --------------------------------------------------------------------------------------------------
# Round trips


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_reads_back_the_same_facts(tmp_path, fmt):
    back = write(fmt, tmp_path / FORMATS[fmt])
    assert back.facts == FACTS
    assert [list(f) for f in back.facts] == [list(f) for f in FACTS]  # the same keys, in order


@pytest.mark.parametrize("fmt", ["sqlite", "xlsx"])
def test_databases_and_workbooks_read_back_articles_and_mentions(tmp_path, fmt):
    back = write(fmt, tmp_path / FORMATS[fmt])
    assert back.articles == ARTICLES
    assert back.mentions == MENTIONS


@pytest.mark.parametrize("fmt", FORMATS)
def test_merged_events_with_sentences_holding_semicolons_round_trip(tmp_path, fmt):
    events = [dict(fact(), sources=["a.txt", "b.txt"], evidences=["One; two.", "Three, four."])]
    assert write(fmt, tmp_path / FORMATS[fmt], events).facts == events


@pytest.mark.parametrize("fmt", FORMATS)
def test_no_facts_still_makes_a_readable_file_with_the_record_columns(tmp_path, fmt):
    path = tmp_path / FORMATS[fmt]
    assert write_export(fmt, path, [], [], []) == 0
    assert read_export(path).facts == []
    if fmt == "sqlite":
        con = sqlite3.connect(path)
        names = [row[1] for row in con.execute("PRAGMA table_info(facts)")]
        assert names == ["id", "run_id", "article_id", *FACT_FIELDS]


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_key_of_no_known_kind_is_kept_as_json(tmp_path, fmt):
    facts = [dict(fact(), notes={"checked": True, "by": ["ana"]}), dict(fact(), notes=None)]
    assert write(fmt, tmp_path / FORMATS[fmt], facts).facts == facts


@pytest.fixture(scope="module")
def sample_records():
    """Facts (with --extra), articles and mentions of samples/articles, from the rules alone."""
    from defcoop.extractors.extract import Extractor
    from defcoop.extractors.reader import read_inputs

    extractor = Extractor(statistical=False)
    facts, articles, mentions = [], [], []
    for article in read_inputs([str(SAMPLES / "articles")]):
        result = extractor.process(article)
        facts += [f.as_dict(extra=True) for f in result.facts]
        mentions += [m.as_dict(extra=True) for m in result.mentions]
        articles.append({"path": article.path, "url": article.url, "language": article.language,
                         "published": article.published, "encoding": article.encoding, "title": article.title})
    return facts, articles, mentions


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_facts_of_the_samples_round_trip(tmp_path, fmt, sample_records):
    facts, articles, mentions = sample_records
    assert len(facts) > 50
    back = write(fmt, tmp_path / FORMATS[fmt], facts, articles, mentions)
    assert back.facts == facts
    if fmt != "parquet":
        assert back.mentions == mentions
        by_path = sorted(articles, key=lambda a: a["path"])  # SQLite keeps them in the order first met
        assert sorted(back.articles, key=lambda a: a["path"]) == by_path


# --------------------------------------------------------------------------------------------------
# SQLite


def test_sqlite_links_facts_to_articles_and_lists_to_rows(tmp_path):
    path = tmp_path / "facts.db"
    write_sqlite(path, FACTS, ARTICLES, MENTIONS)
    con = sqlite3.connect(path)
    assert con.execute("PRAGMA foreign_key_check").fetchall() == []
    targets = {row[2] for row in con.execute("PRAGMA foreign_key_list(facts)")}
    assert targets == {"articles", "runs"}
    assert {row[2] for row in con.execute("PRAGMA foreign_key_list(mentions)")} == {"articles", "runs"}
    actors, systems = con.execute("SELECT actors, systems FROM facts WHERE id = 4").fetchone()
    assert (json.loads(actors), json.loads(systems)) == (["DE", "UA"], ["Rafale", "Caracal"])
    links = con.execute("SELECT system FROM fact_systems WHERE fact_id = 4 ORDER BY position").fetchall()
    assert links == [("Rafale",), ("Caracal",)]


def test_sqlite_answers_who_delivered_what_to_whom_in_one_join(tmp_path):
    path = tmp_path / "facts.db"
    write_sqlite(path, FACTS, ARTICLES)
    con = sqlite3.connect(path)
    rows = con.execute("""
        SELECT a.title, f.date FROM facts f
        JOIN articles a ON a.id = f.article_id
        JOIN fact_systems s ON s.fact_id = f.id
        JOIN fact_actors r ON r.fact_id = f.id AND r.position > 0   -- the recipient: the giver is first
        WHERE f.action = 'deliver' AND s.system = 'IRIS-T SLM' AND r.actor = 'UA' AND f.date LIKE '2025%'
    """).fetchall()
    assert rows == [("IRIS-T für Kyjiw", "2025-06-11")]


def test_sqlite_keeps_codes_as_text_and_values_as_numbers(tmp_path):
    path = tmp_path / "facts.db"
    write_sqlite(path, FACTS)
    con = sqlite3.connect(path)
    rows = con.execute("SELECT cameo, typeof(cameo), value, typeof(value) FROM facts ORDER BY id").fetchall()
    assert rows[1] == ("0332", "text", 2700000000, "integer")
    assert rows[2][2:] == (2.5, "real")


def test_appending_a_run_adds_facts_but_no_article_twice(tmp_path):
    path = tmp_path / "facts.db"
    write_sqlite(path, FACTS, ARTICLES, MENTIONS)
    more = [fact(article="news/fr-03.txt", language="fr"), fact()]
    write_sqlite(path, more, [ARTICLES[0], {"path": "news/fr-03.txt", "language": "fr"}], [], append=True)
    con = sqlite3.connect(path)
    assert con.execute("SELECT count(*) FROM articles").fetchone() == (3,)
    assert con.execute("SELECT run_id, count(*) FROM facts GROUP BY run_id").fetchall() == [(1, 4), (2, 2)]
    assert read_sqlite(path).facts == FACTS + more


def test_appending_facts_with_more_keys_adds_their_columns(tmp_path):
    path = tmp_path / "facts.db"
    plain = [{k: fact()[k] for k in FACT_FIELDS}]
    write_sqlite(path, plain)
    write_sqlite(path, [fact()], append=True)
    back = read_sqlite(path).facts
    assert back[1] == fact()
    assert back[0] == {**dict.fromkeys(fact()), **plain[0]}  # the first run had no quantity: null


def test_appending_to_a_database_of_something_else_is_refused(tmp_path):
    path = tmp_path / "other.db"
    sqlite3.connect(path).execute("CREATE TABLE t (x)").connection.commit()
    with pytest.raises(ExportError, match=r"other\.db: not a defcoop database"):
        write_sqlite(path, FACTS, append=True)


def test_appending_to_a_file_that_is_no_database_is_refused(tmp_path):
    path = tmp_path / "notes.db"
    path.write_text("just text, no database " * 100)
    with pytest.raises(ExportError, match=r"notes\.db: not an SQLite database"):
        write_sqlite(path, FACTS, append=True)


def failing(records, after: int):
    """The records, then an error, as a batch that breaks half way."""
    yield from records[:after]
    raise RuntimeError("the batch broke")


@pytest.mark.parametrize("fmt", FORMATS)
def test_an_interrupted_write_leaves_the_old_file_and_no_temporary_file(tmp_path, fmt):
    path = tmp_path / FORMATS[fmt]
    write_export(fmt, path, FACTS[:1])
    before = path.read_bytes()
    with pytest.raises(RuntimeError):
        write_export(fmt, path, failing(FACTS, 2))
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [path.name]


def test_an_interrupted_append_adds_nothing(tmp_path):
    path = tmp_path / "facts.db"
    write_sqlite(path, FACTS, ARTICLES)
    with pytest.raises(RuntimeError):
        write_sqlite(path, failing([fact(article="news/new.txt")] * 3, 2), append=True)
    con = sqlite3.connect(path)
    assert con.execute("SELECT count(*) FROM facts").fetchone() == (4,)
    assert con.execute("SELECT count(*) FROM articles").fetchone() == (2,)
    assert con.execute("SELECT count(*) FROM runs").fetchone() == (1,)


def test_a_date_that_is_no_date_names_the_file_and_the_row(tmp_path):
    path = tmp_path / "facts.db"
    with pytest.raises(ExportError, match=r"facts\.db: facts row 2: 'June 2025' is not a date"):
        write_sqlite(path, [fact(), fact(date="June 2025")])
    assert not path.exists()


def test_reading_a_missing_database_names_it(tmp_path):
    with pytest.raises(ExportError, match=r"absent\.db: no such file"):
        read_sqlite(tmp_path / "absent.db")


# --------------------------------------------------------------------------------------------------
# Parquet


def test_parquet_columns_are_typed(tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    path = tmp_path / "facts.parquet"
    write_parquet(path, FACTS)
    table = pq.read_table(path)
    types = {f.name: f.type for f in table.schema}
    assert types["published"] == pa.date32()
    assert (types["date"], types["date_text"]) == (pa.date32(), pa.string())
    assert types["actors"] == pa.list_(pa.string())
    assert (types["start"], types["quantity"], types["value"], types["cameo"]) == (
        pa.int64(), pa.int64(), pa.float64(), pa.string())
    assert table.column("date").to_pylist() == [dt.date(2025, 6, 11), None, None, None]
    assert table.column("date_text").to_pylist() == ["2025-06-11", "2025-06", None, "2024"]


def test_parquet_of_another_program_is_refused(tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    path = tmp_path / "other.parquet"
    pq.write_table(pa.table({"x": [1]}), path)
    with pytest.raises(ExportError, match="not written by defcoop"):
        read_parquet(path)


# --------------------------------------------------------------------------------------------------
# Excel


def test_excel_keeps_codes_and_formula_lookalikes_as_text_and_dates_as_dates(tmp_path):
    from openpyxl import load_workbook

    path = tmp_path / "facts.xlsx"
    write_xlsx(path, FACTS, ARTICLES, MENTIONS)
    sheet = load_workbook(path)["facts"]
    header = [c.value for c in sheet[1]]
    cameo, evidence, date, actors = (header.index(k) for k in ("cameo", "evidence", "date", "actors"))
    row = list(sheet[3])
    assert (row[cameo].value, row[cameo].data_type) == ("0332", "s")
    assert (row[evidence].value, row[evidence].data_type) == ("=SUM(A1) looks like a formula; it is text", "s")
    assert row[date].value == "2025-06"  # a month stays text
    first = list(sheet[2])
    assert first[date].value == dt.datetime(2025, 6, 11)
    assert first[date].number_format == "yyyy-mm-dd"
    assert first[actors].value == "DE;UA"


def test_excel_reads_an_empty_text_back_as_null(tmp_path):
    path = tmp_path / "facts.xlsx"
    write_xlsx(path, [fact(mode="")])
    assert read_xlsx(path).facts == [fact(mode=None)]  # one empty cell for both
    write_xlsx(path, [fact(context=[])])
    assert read_xlsx(path).facts == [fact(context=[])]  # an empty list is an empty list


def test_excel_has_a_sheet_per_table_and_hides_the_column_kinds(tmp_path):
    from openpyxl import load_workbook

    path = tmp_path / "facts.xlsx"
    write_xlsx(path, FACTS, ARTICLES, MENTIONS)
    book = load_workbook(path)
    assert book.sheetnames == ["facts", "articles", "mentions", "columns"]
    assert book["columns"].sheet_state == "hidden"
    assert book["facts"].freeze_panes == "A2"


def test_excel_of_another_program_is_refused(tmp_path):
    from openpyxl import Workbook

    path = tmp_path / "other.xlsx"
    Workbook().save(path)
    with pytest.raises(ExportError, match="not written by defcoop"):
        read_xlsx(path)


def test_a_file_that_is_no_workbook_is_named(tmp_path):
    path = tmp_path / "facts.xlsx"
    path.write_text("no zip here")
    with pytest.raises(ExportError, match=r"facts\.xlsx: not an Excel workbook"):
        read_xlsx(path)


# --------------------------------------------------------------------------------------------------
# Files of facts for the report


def test_a_jsonl_of_facts_or_an_export_is_read_as_facts_and_articles_are_not(tmp_path):
    facts = tmp_path / "facts.jsonl"
    facts.write_text("".join(json.dumps(f, ensure_ascii=False) + "\n" for f in FACTS) + "\n", encoding="utf-8")
    assert read_facts_file(facts) == FACTS
    articles = tmp_path / "news.jsonl"
    articles.write_text(json.dumps({"text": "Berlin sends IRIS-T.", "id": "a"}) + "\n", encoding="utf-8")
    assert read_facts_file(articles) is None
    assert read_facts_file(tmp_path / "story.txt") is None
    write_sqlite(tmp_path / "facts.db", FACTS)
    assert read_facts_file(tmp_path / "facts.db") == FACTS


def test_a_jsonl_of_facts_with_a_bad_line_names_the_line(tmp_path):
    path = tmp_path / "facts.jsonl"
    path.write_text(json.dumps(FACTS[0]) + "\n{broken\n", encoding="utf-8")
    with pytest.raises(ExportError, match=r"facts\.jsonl: line 2 is not JSON"):
        read_facts_file(path)
    path.write_text(json.dumps(FACTS[0]) + "\n" + json.dumps({"text": "an article"}) + "\n", encoding="utf-8")
    with pytest.raises(ExportError, match=r"facts\.jsonl: line 2 is not a fact"):
        read_facts_file(path)


def test_articles_may_come_after_the_facts_that_name_them(tmp_path):
    path = tmp_path / "facts.db"
    seen: list[dict] = []

    def facts():
        for f in FACTS:
            seen.append({"path": f["article"], "title": "from the stream"})
            yield f

    write_sqlite(path, facts(), seen)
    assert {a["path"]: a["title"] for a in read_sqlite(path).articles} == {
        "news/de-01.txt": "from the stream", "news/uk-02.md": "from the stream"}


# --------------------------------------------------------------------------------------------------
# Choosing a format, and a missing library


def test_the_suffix_chooses_the_format():
    assert [export_format(n) for n in ("a.db", "a.SQLITE", "a.sqlite3", "a.parquet", "a.xlsx", "a.csv")] == [
        "sqlite", "sqlite", "sqlite", "parquet", "xlsx", None]


def test_unknown_formats_and_appends_other_than_sqlite_are_errors(tmp_path):
    with pytest.raises(ExportError, match="unknown export format 'dbf'"):
        write_export("dbf", tmp_path / "a.dbf", FACTS)
    with pytest.raises(ExportError, match="only an SQLite database can be appended to"):
        write_export("parquet", tmp_path / "a.parquet", FACTS, append=True)
    with pytest.raises(ExportError, match=r"a\.csv: not a \.db, \.sqlite, \.parquet or \.xlsx file"):
        read_export(tmp_path / "a.csv")


@pytest.mark.parametrize("fmt, module, extra", [("parquet", "pyarrow", "parquet"), ("xlsx", "openpyxl", "excel")])
def test_a_missing_library_names_the_extra_to_install(tmp_path, monkeypatch, fmt, module, extra):
    for name in [m for m in sys.modules if m == module or m.startswith(module + ".")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, module, None)  # import fails as if it were not installed
    if module == "pyarrow":
        monkeypatch.setitem(sys.modules, "pyarrow.parquet", None)
    path = tmp_path / FORMATS[fmt]
    with pytest.raises(ExportError, match=rf"needs {module}: pip install defcoop\[{extra}\]"):
        write_export(fmt, path, FACTS)
    assert not path.exists()


def test_every_fact_key_has_a_kind():
    assert set(FACT_FIELDS) <= set(FACT_KINDS)
