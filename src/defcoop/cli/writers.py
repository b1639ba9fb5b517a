"""One set of writers for every command: table, csv, tsv, json, jsonl, md.

Rows stream out as they come (a table waits for all rows, since its columns are sized to fit). Lists are
joined with ';' in CSV, TSV and Markdown. Writing to a file goes through a temporary file renamed into
place, so an interrupted run never leaves half a file.
"""

from __future__ import annotations

import csv
import io
import json
import os
import sys
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from enum import Enum
from pathlib import Path
from typing import Any, TextIO


class Format(str, Enum):
    table = "table"
    csv = "csv"
    tsv = "tsv"
    json = "json"
    jsonl = "jsonl"
    md = "md"


SUFFIXES = {".csv": Format.csv, ".tsv": Format.tsv, ".json": Format.json, ".jsonl": Format.jsonl,
            ".ndjson": Format.jsonl, ".md": Format.md, ".txt": Format.table}


def choose_format(fmt: Format | None, output: Path | None, stream: TextIO) -> Format:
    """--format wins; else the output file's suffix; else a table on a terminal and JSONL in a pipe."""
    if fmt is not None:
        return fmt
    if output is not None:
        return SUFFIXES.get(output.suffix.lower(), Format.jsonl)
    return Format.table if stream.isatty() else Format.jsonl


def _flat(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return ";".join(_flat(v) for v in value)
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def write_rows(rows: Iterable[dict], columns: Sequence[str], fmt: Format, out: TextIO,
               title: str | None = None, table_columns: Sequence[str] | None = None) -> int:
    """Write rows to `out` in `fmt`; returns how many were written. A table shows `table_columns`
    (a readable subset) when given; every other format writes all `columns`."""
    n = 0
    if fmt is Format.jsonl:
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
            n += 1
    elif fmt is Format.json:
        out.write("[")
        for row in rows:
            out.write(("," if n else "") + "\n  " + json.dumps(row, ensure_ascii=False))
            n += 1
        out.write("\n]\n" if n else "]\n")
    elif fmt in (Format.csv, Format.tsv):
        writer = csv.writer(out, delimiter="," if fmt is Format.csv else "\t", lineterminator="\n")
        writer.writerow(columns)
        for row in rows:
            writer.writerow([_flat(row.get(c)) for c in columns])
            n += 1
    elif fmt is Format.md:
        out.write("| " + " | ".join(columns) + " |\n")
        out.write("|" + "|".join("---" for _ in columns) + "|\n")
        for row in rows:
            cells = [_flat(row.get(c)).replace("|", "\\|").replace("\n", " ") for c in columns]
            out.write("| " + " | ".join(cells) + " |\n")
            n += 1
    else:
        n = _table(rows, table_columns or columns, out, title)
    out.flush()
    return n


def _table(rows: Iterable[dict], columns: Sequence[str], out: TextIO, title: str | None) -> int:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    table = Table(title=title, show_lines=any(c in ("evidence", "text", "evidences") for c in columns),
                  expand=False)
    wide = {"evidence", "text", "title", "evidences"}
    for c in columns:
        if c in wide:
            table.add_column(c, overflow="fold", min_width=30, ratio=1)
        else:
            table.add_column(c, overflow="fold")
    n = 0
    for row in rows:
        cells = []
        for c in columns:
            value = _flat(row.get(c))
            if c in wide and len(value) > 160:
                value = value[:157] + "..."
            cells.append(Text(value))  # text, never markup
        table.add_row(*cells)
        n += 1
    width = None if out.isatty() else 160
    Console(file=out, width=width, soft_wrap=False).print(table)
    return n


@contextmanager
def open_output(path: Path | None) -> Iterator[TextIO]:
    """stdout, or a temporary file beside `path` that replaces it only when writing succeeded."""
    if path is None:
        yield sys.stdout
        return
    directory = path.parent if str(path.parent) else Path(".")
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=directory)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            yield handle
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def render_text(rows: Iterable[dict], columns: Sequence[str], fmt: Format) -> str:
    """The same output as a string (tests and `eval`)."""
    buf = io.StringIO()
    write_rows(rows, columns, fmt, buf)
    return buf.getvalue()


def stderr_is_tty() -> bool:
    return sys.stderr.isatty()


def devnull_stdout() -> None:
    """After a closed pipe (`| head -1`), point stdout at /dev/null so exit does not complain."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())

