"""Facts into databases and spreadsheets (SQLite, Parquet, Excel), and the readers that load them back.

Event-data users load SQLite and Parquet, tracker users work in Excel; the text formats stay in
writers.py. Every writer takes iterables of fact dicts (the JSONL records), article dicts and mention
dicts and streams them: nothing is held in memory but a batch of rows. Each column has a kind
(`FACT_KINDS`), which decides its type in every format:

- SQLite (`facts.db`): tables `facts`, `articles`, `mentions` and `runs`, foreign keys from facts and
  mentions to articles, lists as JSON arrays and, for actors, systems and officials, in link tables
  (`fact_actors`, `fact_systems`, `fact_officials`, one row per item with its position) so that a question
  such as "deliveries of Patriot to Ukraine in 2025" is one join. Dates are ISO text, which SQLite
  compares and its date functions read. A second run appended to the same file adds a run and its rows;
  an article already there is not added again. A table `columns` records each column's kind.
- Parquet (`facts.parquet`, pyarrow): typed columns; lists as list<string>; `published` as date32;
  `date` as date32 where it is a full day and null where it is a month or a year, with `date_text`
  beside it holding the date as extracted (YYYY-MM-DD, YYYY-MM or YYYY), so no precision is lost.
- Excel (`facts.xlsx`, openpyxl): one sheet per table; lists joined with ";"; full dates as Excel dates,
  partial ones as text; codes such as CAMEO's "0332" stay text. A hidden sheet `columns` holds the kinds.

A new file is built next to the target under a temporary name and renamed into place, so an interrupted
run never leaves half a file; appending to an SQLite file writes in one transaction instead.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import sqlite3
import tempfile
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from itertools import chain, islice
from pathlib import Path
from typing import Any, Literal, NamedTuple

from defcoop import __version__
from defcoop.extractors.model import FACT_FIELDS, MENTION_FIELDS

Kind = Literal["text", "int", "float", "number", "day", "date", "list", "lines", "json"]
KINDS: tuple[str, ...] = ("text", "int", "float", "number", "day", "date", "list", "lines", "json")
# lines: a list of sentences, which Excel shows one to a line (they may hold ';')
_LISTS = ("list", "lines")

# The kind of every known key; a key not listed here is kept as JSON text.
FACT_KINDS: dict[str, Kind] = {
    "article": "text", "language": "text", "published": "day", "action": "text", "actors": "list",
    "officials": "list", "systems": "list", "date": "date", "evidence": "text", "start": "int", "end": "int",
    "confidence": "float", "quantity": "int", "value": "number", "currency": "text", "modality": "text",
    "plover": "text", "cameo": "text", "context": "list", "mode": "text", "sources": "list", "evidences": "lines",
}
ARTICLE_KINDS: dict[str, Kind] = {
    "path": "text", "url": "text", "language": "text", "published": "day", "encoding": "text", "title": "text",
}
MENTION_KINDS: dict[str, Kind] = {
    "article": "text", "type": "text", "name": "text", "text": "text", "start": "int", "end": "int",
    "id": "text", "source": "text",
}
LINKS = {"actors": ("fact_actors", "actor"), "systems": ("fact_systems", "system"),
         "officials": ("fact_officials", "official")}
EXTRAS = {"sqlite": "sqlite", "parquet": "parquet", "xlsx": "excel"}  # format -> pip extra (sqlite: none)
SUFFIXES = {".db": "sqlite", ".sqlite": "sqlite", ".sqlite3": "sqlite", ".parquet": "parquet", ".xlsx": "xlsx"}
BATCH = 5000  # rows per Parquet row group
_FULL_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_PARTIAL = re.compile(r"\d{4}(?:-\d{2})?")


class ExportError(Exception):
    """A file that cannot be written or read: the message names the file and the problem."""


class Column(NamedTuple):
    key: str  # the record's key
    kind: Kind


class Tables(NamedTuple):
    """What a file holds, as the dicts that were written."""

    facts: list[dict]
    articles: list[dict]
    mentions: list[dict]


# --------------------------------------------------------------------------------------------------
# Columns and values


def columns_for(first: Mapping[str, Any] | None, kinds: Mapping[str, Kind], default: Sequence[str]) -> list[Column]:
    """The columns of a table: the first record's keys in order (every record of one run has the same),
    or `default` for a table without records."""
    keys = list(first) if first is not None else list(default)
    return [Column(k, kinds.get(k, "json")) for k in keys]


def _peek(rows: Iterable[Mapping[str, Any]]) -> tuple[Mapping[str, Any] | None, Iterator[Mapping[str, Any]]]:
    it = iter(rows)
    first = next(it, None)
    return first, (it if first is None else chain([first], it))


def _day(value: Any, where: str) -> dt.date | None:
    """A full date, or None; what is not a date at all is an error naming the record."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and _FULL_DAY.fullmatch(value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    if isinstance(value, str) and _PARTIAL.fullmatch(value):
        return None
    raise ExportError(f"{where}: {value!r} is not a date (YYYY-MM-DD, YYYY-MM or YYYY)")


def _number(value: Any) -> int | float | None:
    """An amount read back: a whole number as int (2700000000), else float."""
    if value is None or isinstance(value, bool):
        return value
    value = float(value)
    return int(value) if value.is_integer() else value


def _decode(kind: str, value: Any) -> Any:
    """A stored value back as the record had it (text formats: SQLite, the JSON of unknown keys)."""
    if value is None:
        return None  # a column a record did not have (an earlier run without --extra)
    if kind in _LISTS:
        return json.loads(value) if isinstance(value, str) else list(value)
    if kind == "json":
        return json.loads(value) if isinstance(value, str) else value
    if kind == "number":
        return _number(value)
    if kind == "int":
        return int(value)
    if kind == "float":
        return float(value)
    if kind in ("day", "date") and isinstance(value, dt.date):
        return (value.date() if isinstance(value, dt.datetime) else value).isoformat()
    return value


def _json(value: Any) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False)


# --------------------------------------------------------------------------------------------------
# Writing a new file atomically


@contextmanager
def atomic_path(target: Path) -> Iterator[Path]:
    """A temporary path beside `target` that replaces it only when the block succeeds."""
    directory = target.parent if str(target.parent) else Path(".")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=directory)
    except OSError as e:
        raise ExportError(f"{target}: cannot write here ({e.strerror or e})") from None
    os.close(fd)
    mask = os.umask(0)
    os.umask(mask)
    os.chmod(tmp, 0o666 & ~mask)  # as open() would make it, not mkstemp's owner-only mode
    try:
        yield Path(tmp)
        os.replace(tmp, target)
    finally:
        for leftover in (Path(tmp), Path(tmp + "-journal")):
            leftover.unlink(missing_ok=True)


def _need(module: str, fmt: str, target: Path) -> Any:
    """Import an optional library, or say which extra installs it."""
    import importlib

    try:
        return importlib.import_module(module)
    except ImportError:
        name = {"sqlite": "SQLite", "parquet": "Parquet", "xlsx": "Excel"}[fmt]
        raise ExportError(f"{target}: writing or reading {name} needs {module.split('.')[0]}: "
                          f"pip install defcoop[{EXTRAS[fmt]}]") from None


# --------------------------------------------------------------------------------------------------
# SQLite


def _q(name: str) -> str:
    """An SQL identifier, quoted: `end` and `text` are keywords."""
    return '"' + name.replace('"', '""') + '"'


def _sql_key(key: str) -> str:
    return "entity_id" if key == "id" else key  # a mention's gazetteer id; `id` is the row's key


_SQL_TYPES = {"text": "TEXT", "int": "INTEGER", "float": "REAL", "number": "NUMERIC", "day": "TEXT",
              "date": "TEXT", "list": "TEXT", "lines": "TEXT", "json": "TEXT"}
_SCHEMA = """
CREATE TABLE IF NOT EXISTS runs (id INTEGER PRIMARY KEY, created TEXT NOT NULL, version TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS columns (tbl TEXT NOT NULL, key TEXT NOT NULL, kind TEXT NOT NULL,
                                    position INTEGER NOT NULL, PRIMARY KEY (tbl, key));
CREATE TABLE IF NOT EXISTS articles (id INTEGER PRIMARY KEY, path TEXT NOT NULL UNIQUE, url TEXT,
                                     language TEXT, published TEXT, encoding TEXT, title TEXT);
CREATE TABLE IF NOT EXISTS facts (id INTEGER PRIMARY KEY, run_id INTEGER NOT NULL REFERENCES runs(id),
                                  article_id INTEGER REFERENCES articles(id));
CREATE TABLE IF NOT EXISTS mentions (id INTEGER PRIMARY KEY, run_id INTEGER NOT NULL REFERENCES runs(id),
                                     article_id INTEGER REFERENCES articles(id));
CREATE INDEX IF NOT EXISTS facts_article ON facts(article_id);
CREATE INDEX IF NOT EXISTS mentions_article ON mentions(article_id);
"""
_LINK_SCHEMA = """
CREATE TABLE IF NOT EXISTS {table} (fact_id INTEGER NOT NULL REFERENCES facts(id), position INTEGER NOT NULL,
                                    {item} TEXT NOT NULL, PRIMARY KEY (fact_id, position));
CREATE INDEX IF NOT EXISTS {table}_{item} ON {table}({item});
"""


class _Database:
    """One open defcoop database: its columns, the articles it knows, the run being written."""

    def __init__(self, con: sqlite3.Connection, target: Path) -> None:
        self.con = con
        self.target = target
        self.article_ids: dict[str, int] = {}
        con.execute("PRAGMA foreign_keys = ON")
        con.executescript(_SCHEMA + "".join(_LINK_SCHEMA.format(table=t, item=i) for t, i in LINKS.values()))
        created = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        self.run_id = con.execute("INSERT INTO runs (created, version) VALUES (?, ?)",
                                  (created, __version__)).lastrowid

    def ensure_columns(self, table: str, columns: Sequence[Column]) -> None:
        """Add the columns a table lacks (a run with --extra after one without), recording their kinds."""
        known = {row[0]: row[1] for row in self.con.execute("SELECT key, kind FROM columns WHERE tbl = ?", (table,))}
        position = len(known)
        for col in columns:
            if col.key in known:
                if known[col.key] != col.kind:
                    raise ExportError(f"{self.target}: column {table}.{col.key} holds {known[col.key]} values, "
                                      f"not {col.kind}")
                continue
            if table != "articles":
                self.con.execute(f"ALTER TABLE {_q(table)} ADD COLUMN {_q(_sql_key(col.key))} {_SQL_TYPES[col.kind]}")
            self.con.execute("INSERT INTO columns VALUES (?, ?, ?, ?)", (table, col.key, col.kind, position))
            position += 1

    def article_id(self, path: str) -> int:
        if path not in self.article_ids:
            self.con.execute("INSERT INTO articles (path) VALUES (?) ON CONFLICT (path) DO NOTHING", (path,))
            (self.article_ids[path],) = self.con.execute("SELECT id FROM articles WHERE path = ?", (path,)).fetchone()
        return self.article_ids[path]

    def add_article(self, article: Mapping[str, Any]) -> None:
        """An article once, whatever the number of runs; details it lacked are filled in."""
        path = article.get("path", article.get("article"))
        if not path:
            raise ExportError(f"{self.target}: an article record needs `path`, got keys {', '.join(article)}")
        where = f"{self.target}: article {path}"
        values = [path, *(_sql_value(kind, article.get(k), where) for k, kind in ARTICLE_KINDS.items() if k != "path")]
        updates = ", ".join(f"{k} = COALESCE(articles.{k}, excluded.{k})" for k in ARTICLE_KINDS if k != "path")
        self.con.execute(f"INSERT INTO articles ({', '.join(ARTICLE_KINDS)}) VALUES ({', '.join('?' * 6)}) "
                         f"ON CONFLICT (path) DO UPDATE SET {updates}", values)

    def add_row(self, table: str, columns: Sequence[Column], row: Mapping[str, Any], number: int) -> int:
        where = f"{self.target}: {table} row {number}"
        names = ["run_id", "article_id", *(_sql_key(c.key) for c in columns)]
        article = row.get("article")
        values = [self.run_id, self.article_id(article) if article else None,
                  *(_sql_value(c.kind, row.get(c.key), where) for c in columns)]
        cursor = self.con.execute(f"INSERT INTO {_q(table)} ({', '.join(map(_q, names))}) "
                                  f"VALUES ({', '.join('?' * len(names))})", values)
        return cursor.lastrowid  # type: ignore[return-value]

    def add_links(self, fact_id: int, fact: Mapping[str, Any]) -> None:
        for key, (table, item) in LINKS.items():
            items = fact.get(key) or []
            self.con.executemany(f"INSERT INTO {table} (fact_id, position, {item}) VALUES (?, ?, ?)",
                                 [(fact_id, i, str(x)) for i, x in enumerate(items)])


def _sql_value(kind: str, value: Any, where: str) -> Any:
    if value is None:
        return None
    if kind in (*_LISTS, "json"):
        return _json(value)
    if kind == "day":
        day = _day(value, where)
        return day.isoformat() if day else None
    if kind == "date":
        _day(value, where)  # checks it
        return value.isoformat() if isinstance(value, dt.date) else value
    return value


def write_sqlite(target: str | Path, facts: Iterable[Mapping[str, Any]], articles: Iterable[Mapping[str, Any]] = (),
                 mentions: Iterable[Mapping[str, Any]] = (), *, append: bool = False) -> int:
    """Write facts (and articles, mentions) to an SQLite database; returns the number of facts.

    `append` adds a run to an existing defcoop database in one transaction; otherwise a new file
    replaces `target` atomically.
    """
    target = Path(target)
    if append and target.exists():
        con = _open_database(target)
        try:
            with con:
                return _fill(_Database(con, target), facts, articles, mentions)
        finally:
            con.close()
    with atomic_path(target) as tmp:
        con = sqlite3.connect(tmp)
        try:
            with con:
                n = _fill(_Database(con, target), facts, articles, mentions)
        finally:
            con.close()
    return n


def _open_database(target: Path) -> sqlite3.Connection:
    try:
        con = sqlite3.connect(target)
        tables = {row[0] for row in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    except sqlite3.DatabaseError as e:
        raise ExportError(f"{target}: not an SQLite database ({e})") from None
    if not {"facts", "columns", "runs"} <= tables:
        con.close()
        raise ExportError(f"{target}: not a defcoop database (no facts, columns and runs tables)")
    return con


def _fill(db: _Database, facts: Iterable[Mapping[str, Any]], articles: Iterable[Mapping[str, Any]],
          mentions: Iterable[Mapping[str, Any]]) -> int:
    """Facts first, then articles and mentions: a caller streaming results may gather those two while the
    facts go by (a fact's article gets its row at once, its details when the article comes)."""
    db.ensure_columns("articles", [Column(k, v) for k, v in ARTICLE_KINDS.items()])
    first, rows = _peek(facts)
    columns = columns_for(first, FACT_KINDS, FACT_FIELDS)
    db.ensure_columns("facts", columns)
    n = 0
    for n, fact in enumerate(rows, 1):
        db.add_links(db.add_row("facts", columns, fact, n), fact)
    for article in articles:
        db.add_article(article)
    first_mention, mention_rows = _peek(mentions)
    mention_columns = columns_for(first_mention, MENTION_KINDS, MENTION_FIELDS)
    db.ensure_columns("mentions", mention_columns)
    for i, mention in enumerate(mention_rows, 1):
        db.add_row("mentions", mention_columns, mention, i)
    return n


def read_sqlite(source: str | Path) -> Tables:
    """Every fact, article and mention of a defcoop database, as the dicts that were written."""
    source = Path(source)
    if not source.is_file():
        raise ExportError(f"{source}: no such file")
    con = _open_database(source)
    try:
        return Tables(_read_table(con, "facts"), _read_table(con, "articles"), _read_table(con, "mentions"))
    finally:
        con.close()


def _read_table(con: sqlite3.Connection, table: str) -> list[dict]:
    columns = [Column(k, kind) for k, kind in
               con.execute("SELECT key, kind FROM columns WHERE tbl = ? ORDER BY position", (table,))]
    if not columns:
        return []
    names = ", ".join(_q(_sql_key(c.key)) for c in columns)
    rows = con.execute(f"SELECT {names} FROM {_q(table)} ORDER BY id")
    return [{c.key: _decode(c.kind, v) for c, v in zip(columns, row, strict=True)} for row in rows]


# --------------------------------------------------------------------------------------------------
# Parquet


def _arrow_fields(pa: Any, columns: Sequence[Column]) -> list[Any]:
    types = {"text": pa.string(), "int": pa.int64(), "float": pa.float64(), "number": pa.float64(),
             "day": pa.date32(), "date": pa.date32(), "list": pa.list_(pa.string()),
             "lines": pa.list_(pa.string()), "json": pa.string()}
    fields = []
    for col in columns:
        fields.append(pa.field(col.key, types[col.kind]))
        if col.kind == "date":
            fields.append(pa.field(f"{col.key}_text", pa.string()))  # the date as extracted, any precision
    return fields


def _arrow_row(columns: Sequence[Column], row: Mapping[str, Any], where: str) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for col in columns:
        value = row.get(col.key)
        if col.kind in ("day", "date"):
            out[col.key] = _day(value, where)
            if col.kind == "date":
                out[f"{col.key}_text"] = value.isoformat() if isinstance(value, dt.date) else value
        elif col.kind == "json":
            out[col.key] = _json(value)
        elif col.kind in _LISTS:
            out[col.key] = None if value is None else [str(v) for v in value]
        elif col.kind == "text":
            out[col.key] = None if value is None else str(value)
        else:
            out[col.key] = value
    return out


def write_parquet(target: str | Path, facts: Iterable[Mapping[str, Any]]) -> int:
    """Write facts to a Parquet file (one row group per BATCH facts); returns the number of facts."""
    target = Path(target)
    pa = _need("pyarrow", "parquet", target)
    pq = _need("pyarrow.parquet", "parquet", target)
    first, rows = _peek(facts)
    columns = columns_for(first, FACT_KINDS, FACT_FIELDS)
    meta = {b"defcoop": json.dumps({"columns": [list(c) for c in columns], "version": __version__}).encode()}
    schema = pa.schema(_arrow_fields(pa, columns), metadata=meta)
    n = 0
    with atomic_path(target) as tmp, pq.ParquetWriter(str(tmp), schema) as writer:
        while batch := list(islice(rows, BATCH)):
            converted = [_arrow_row(columns, row, f"{target}: fact {n + i}") for i, row in enumerate(batch, 1)]
            writer.write_table(pa.Table.from_pylist(converted, schema=schema))
            n += len(batch)
    return n


def read_parquet(source: str | Path) -> list[dict]:
    """The facts of a Parquet file written by write_parquet, as the dicts that were written."""
    source = Path(source)
    pq = _need("pyarrow.parquet", "parquet", source)
    try:
        table = pq.read_table(source)
    except (OSError, ValueError) as e:  # pyarrow's ArrowInvalid is a ValueError
        raise ExportError(f"{source}: not a Parquet file ({e})") from None
    meta = (table.schema.metadata or {}).get(b"defcoop")
    if meta is None:
        raise ExportError(f"{source}: not written by defcoop (no column kinds in its metadata)")
    columns = [Column(k, kind) for k, kind in json.loads(meta)["columns"]]
    out = []
    for row in table.to_pylist():
        out.append({c.key: _decode(c.kind, row[f"{c.key}_text"] if c.kind == "date" else row[c.key])
                    for c in columns})
    return out


# --------------------------------------------------------------------------------------------------
# Excel


_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")  # what the xlsx format cannot hold
_WIDTHS = {"evidence": 80, "evidences": 80, "title": 50, "text": 30, "article": 40, "path": 40, "url": 40,
           "sources": 40, "systems": 24, "officials": 28, "actors": 12}


def _excel_cell(ws: Any, kind: str, value: Any, where: str) -> Any:
    from openpyxl.cell import WriteOnlyCell

    if kind in ("day", "date") and value is not None:
        day = _day(value, where)
        if day is not None:
            cell = WriteOnlyCell(ws, value=day)
            cell.number_format = "yyyy-mm-dd"
            return cell
    if kind in _LISTS:
        value = ("\n" if kind == "lines" else ";").join(str(v) for v in value) if value else None
    elif kind == "json":
        value = _json(value)
    elif kind == "text" and value is not None:
        value = str(value)
    if isinstance(value, str):
        cell = WriteOnlyCell(ws, value=_ILLEGAL.sub("", value))
        cell.data_type = "s"  # text stays text: '=...' is no formula, '0332' no number
        return cell
    return value


def _excel_sheet(wb: Any, name: str, columns: Sequence[Column], rows: Iterable[Mapping[str, Any]],
                 target: Path) -> int:
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    ws = wb.create_sheet(name)
    ws.freeze_panes = "A2"
    for i, col in enumerate(columns, 1):
        ws.column_dimensions[get_column_letter(i)].width = _WIDTHS.get(col.key, 14)
    header = []
    for col in columns:
        cell = WriteOnlyCell(ws, value=col.key)
        cell.font = Font(bold=True)
        header.append(cell)
    ws.append(header)
    n = 0
    for n, row in enumerate(rows, 1):
        ws.append([_excel_cell(ws, c.kind, row.get(c.key), f"{target}: {name} row {n}") for c in columns])
    if columns:
        ws.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{n + 1}"
    return n


def write_xlsx(target: str | Path, facts: Iterable[Mapping[str, Any]], articles: Iterable[Mapping[str, Any]] = (),
               mentions: Iterable[Mapping[str, Any]] = ()) -> int:
    """Write facts (and articles, mentions) to an Excel workbook, one sheet each; returns the facts written."""
    target = Path(target)
    openpyxl = _need("openpyxl", "xlsx", target)
    wb = openpyxl.Workbook(write_only=True)
    try:
        n = _excel_tables(wb, target, facts, articles, mentions)
    except BaseException:
        for ws in wb.worksheets:  # end the sheets' streams, which would complain when collected
            with suppress(Exception):
                ws.close()
        raise
    with atomic_path(target) as tmp:
        wb.save(tmp)
    return n


def _excel_tables(wb: Any, target: Path, facts: Iterable[Mapping[str, Any]], articles: Iterable[Mapping[str, Any]],
                  mentions: Iterable[Mapping[str, Any]]) -> int:
    kinds: list[tuple[str, Column]] = []
    n = 0
    article_rows = ({**a, "path": a.get("path", a.get("article"))} for a in articles)  # `defcoop articles` rows
    for name, rows, table_kinds, default in (("facts", facts, FACT_KINDS, FACT_FIELDS),
                                             ("articles", article_rows, ARTICLE_KINDS, tuple(ARTICLE_KINDS)),
                                             ("mentions", mentions, MENTION_KINDS, MENTION_FIELDS)):
        first, stream = _peek(rows)
        # articles always have the same columns, as in SQLite; facts and mentions those of the run
        columns = columns_for(None if name == "articles" else first, table_kinds, default)
        written = _excel_sheet(wb, name, columns, stream, target)
        n = written if name == "facts" else n
        kinds += [(name, c) for c in columns]
    ws = wb.create_sheet("columns")
    ws.sheet_state = "hidden"
    ws.append(["table", "key", "kind"])
    for table, col in kinds:
        ws.append([table, col.key, col.kind])
    return n


def read_xlsx(source: str | Path) -> Tables:
    """The facts, articles and mentions of a workbook written by write_xlsx, as the dicts written."""
    source = Path(source)
    openpyxl = _need("openpyxl", "xlsx", source)
    try:
        wb = openpyxl.load_workbook(source, read_only=True, data_only=True)
    except Exception as e:  # openpyxl raises zipfile, KeyError and its own errors for a bad file
        raise ExportError(f"{source}: not an Excel workbook ({e.__class__.__name__}: {e})") from None
    try:
        if "columns" not in wb.sheetnames:
            raise ExportError(f"{source}: not written by defcoop (no columns sheet)")
        kinds: dict[str, dict[str, str]] = {}
        for table, key, kind in islice(wb["columns"].iter_rows(values_only=True), 1, None):
            kinds.setdefault(table, {})[key] = kind
        return Tables(*(_read_sheet(wb, name, kinds.get(name, {})) for name in ("facts", "articles", "mentions")))
    finally:
        wb.close()


def _read_sheet(wb: Any, name: str, kinds: Mapping[str, str]) -> list[dict]:
    rows = wb[name].iter_rows(values_only=True)
    header = next(rows, None) or ()
    out = []
    for row in rows:
        record = {}
        for i, key in enumerate(header):
            value = row[i] if i < len(row) else None  # a row may end before its last empty cells
            kind = kinds.get(key, "text")
            if kind in _LISTS:
                record[key] = value.split("\n" if kind == "lines" else ";") if value else []
            else:
                record[key] = _decode(kind, value)
        out.append(record)
    return out


# --------------------------------------------------------------------------------------------------
# One entry point per direction


def export_format(path: str | Path) -> str | None:
    """'sqlite', 'parquet' or 'xlsx' for a file name with one of their suffixes, else None."""
    return SUFFIXES.get(Path(path).suffix.lower())


def write_export(fmt: str, target: str | Path, facts: Iterable[Mapping[str, Any]],
                 articles: Iterable[Mapping[str, Any]] = (), mentions: Iterable[Mapping[str, Any]] = (),
                 *, append: bool = False) -> int:
    """Write in `fmt` ('sqlite', 'parquet', 'xlsx'); Parquet holds the facts only."""
    writers: dict[str, Callable[[], int]] = {
        "sqlite": lambda: write_sqlite(target, facts, articles, mentions, append=append),
        "parquet": lambda: write_parquet(target, facts),
        "xlsx": lambda: write_xlsx(target, facts, articles, mentions),
    }
    if fmt not in writers:
        raise ExportError(f"{target}: unknown export format {fmt!r} (sqlite, parquet or xlsx)")
    if append and fmt != "sqlite":
        raise ExportError(f"{target}: only an SQLite database can be appended to")
    return writers[fmt]()


def read_facts_file(source: str | Path) -> list[dict] | None:
    """The facts of a file that holds facts (an export, or JSONL written by `defcoop extract`), or None
    for a file of articles, so that `defcoop report` takes either."""
    source = Path(source)
    if export_format(source) is not None:
        return read_export(source).facts
    if source.suffix.lower() not in (".jsonl", ".ndjson"):
        return None
    try:
        with source.open(encoding="utf-8-sig") as lines:
            return _fact_lines(source, lines)
    except (OSError, UnicodeDecodeError) as e:
        raise ExportError(f"{source}: cannot read the file ({e})") from None


def _fact_lines(source: Path, lines: Iterable[str]) -> list[dict] | None:
    facts: list[dict] = []
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as e:
            raise ExportError(f"{source}: line {number} is not JSON ({e.msg})") from None
        if not (isinstance(record, dict) and {"action", "actors", "evidence"} <= record.keys()):
            if facts:
                raise ExportError(f"{source}: line {number} is not a fact (it lacks action, actors or evidence)")
            return None  # articles, one a line
        facts.append(record)
    return facts


def read_export(source: str | Path) -> Tables:
    """Whatever a file written by write_export holds, chosen by its suffix."""
    fmt = export_format(source)
    if fmt == "sqlite":
        return read_sqlite(source)
    if fmt == "xlsx":
        return read_xlsx(source)
    if fmt == "parquet":
        return Tables(read_parquet(source), [], [])
    raise ExportError(f"{source}: not a .db, .sqlite, .parquet or .xlsx file")
