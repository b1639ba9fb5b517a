"""One set of writers for every command: table, csv, tsv, json, jsonl, md (exports.py: sqlite, parquet, xlsx).

Rows stream out as they come (a table waits for all rows, since its columns are sized to fit). Lists are
joined with ';' in CSV, TSV and Markdown. Files and pipes get the data exactly; a terminal never gets a
raw control character from an article (an escape sequence could retitle the window or hide text): there
they are shown as escapes such as \\x1b, in JSON as \\u001b. A table fits the terminal's width: evidence
wraps at words, paths are shortened in the middle, and below TABLE_MIN_WIDTH columns each row becomes a
block of lines. Writing to a regular file goes through a temporary file renamed into place, so an
interrupted run never leaves half a file; a device or a pipe (`-o /dev/null`) is written directly.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import re
import secrets
import stat
import sys
import textwrap
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from enum import Enum
from pathlib import Path
from typing import Any, TextIO, cast

from .exports import SUFFIXES as EXPORT_SUFFIXES


class Format(str, Enum):
    table = "table"
    csv = "csv"
    tsv = "tsv"
    json = "json"
    jsonl = "jsonl"
    md = "md"
    sqlite = "sqlite"
    parquet = "parquet"
    xlsx = "xlsx"


# written by cli/exports.py, to a file only (-o): databases and spreadsheets, not streams
FILE_FORMATS = frozenset({Format.sqlite, Format.parquet, Format.xlsx})
SUFFIXES = {".csv": Format.csv, ".tsv": Format.tsv, ".json": Format.json, ".jsonl": Format.jsonl,
            ".ndjson": Format.jsonl, ".md": Format.md, ".txt": Format.table,
            **{suffix: Format(fmt) for suffix, fmt in EXPORT_SUFFIXES.items()}}
TABLE_WIDTH = 160  # a table written to a file or a pipe
TABLE_MIN_WIDTH = 120  # narrower terminals get one block of lines per row
WIDE_COLUMNS = frozenset({"evidence", "evidences", "text", "title"})
PATH_COLUMNS = frozenset({"article", "sources"})
NARROW_COLUMNS = frozenset({"date", "published", "action", "language", "type", "start", "end", "chars"})
EVIDENCE_CHARS = 300  # of a table cell; the whole sentence is in every other format

# C0 and C1 controls but tab and newline, DEL, bidirectional overrides and isolates, lone surrogates
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_UNSAFE_IN_JSON = re.compile("[\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_SURROGATES = re.compile("[\ud800-\udfff]")


class OutputError(Exception):
    """The -o target cannot be written (a missing folder, no permission): a usage error."""


def choose_format(fmt: Format | None, output: Path | None, stream: TextIO) -> Format:
    """--format wins; else the output file's suffix; else a table on a terminal and JSONL in a pipe."""
    if fmt is not None:
        return fmt
    if output is not None:
        return SUFFIXES.get(output.suffix.lower(), Format.jsonl)
    return Format.table if stream.isatty() else Format.jsonl


def text_format(fmt: Format | None, output: Path | None, stream: TextIO, command: str) -> Format:
    """`choose_format` for a command that writes text only: a database or a spreadsheet is refused."""
    chosen = choose_format(fmt, output, stream)
    if chosen in FILE_FORMATS:
        raise OutputError(f"{command} writes text formats only (table, csv, tsv, json, jsonl, md), "
                          f"not {chosen.value}")
    return chosen


def for_terminal(text: str) -> str:
    """`text` with every character a terminal would act on shown as an escape: '\\x1b]0;pwned\\x07'."""
    return _UNSAFE.sub(lambda m: _escape(m.group()), text)


def _escape(char: str) -> str:
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def _json(row: dict, terminal: bool) -> str:
    """One JSON value; lone surrogates (never valid UTF-8) and, on a terminal, controls as \\u escapes."""
    text = json.dumps(row, ensure_ascii=False)
    pattern = _UNSAFE_IN_JSON if terminal else _SURROGATES
    return pattern.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def _flat(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return ";".join(_flat(v) for v in value)
    if isinstance(value, float):
        short = f"{value:g}"  # 0.9, 1 for 1.0; but never at the cost of digits (2.75e+09 for 2750000000.5)
        return short if float(short) == value else repr(value)
    return str(value)


def _is_terminal(out: TextIO) -> bool:
    try:
        return out.isatty()
    except (AttributeError, ValueError):
        return False


def write_rows(rows: Iterable[dict], columns: Sequence[str], fmt: Format, out: TextIO,
               title: str | None = None, table_columns: Sequence[str] | None = None) -> int:
    """Write rows to `out` in `fmt`; returns how many were written. A table shows `table_columns`
    (a readable subset) when given; every other format writes all `columns`."""
    if fmt in FILE_FORMATS:
        raise ValueError(f"{fmt.value} is written by cli/exports.py, not as rows of text")
    terminal = _is_terminal(out)
    cell = for_terminal if terminal else str
    n = 0
    if fmt is Format.jsonl:
        for row in rows:
            out.write(_json(row, terminal) + "\n")
            n += 1
    elif fmt is Format.json:
        out.write("[")
        for row in rows:
            out.write(("," if n else "") + "\n  " + _json(row, terminal))
            n += 1
        out.write("\n]\n" if n else "]\n")
    elif fmt in (Format.csv, Format.tsv):
        writer = csv.writer(out, delimiter="," if fmt is Format.csv else "\t", lineterminator="\n")
        writer.writerow(columns)
        for row in rows:
            writer.writerow([cell(_flat(row.get(c))) for c in columns])
            n += 1
    elif fmt is Format.md:
        out.write("| " + " | ".join(columns) + " |\n")
        out.write("|" + "|".join("---" for _ in columns) + "|\n")
        for row in rows:
            cells = [cell(_flat(row.get(c))).replace("|", "\\|").replace("\n", " ") for c in columns]
            out.write("| " + " | ".join(cells) + " |\n")
            n += 1
    else:
        n = _table(rows, table_columns or columns, out, title, terminal)
    out.flush()
    return n


# ---------------------------------------------------------------------------------------------- tables


def _terminal_width(out: TextIO) -> int:
    try:
        return os.get_terminal_size(out.fileno()).columns
    except (AttributeError, OSError, ValueError, io.UnsupportedOperation):
        return TABLE_WIDTH


def _columns_variable() -> int:
    """$COLUMNS, as a user sets it to render for another width."""
    value = os.environ.get("COLUMNS", "")
    return int(value) if value.isdigit() else 0


def _table(rows: Iterable[dict], columns: Sequence[str], out: TextIO, title: str | None, terminal: bool) -> int:
    width = (_columns_variable() or _terminal_width(out)) if terminal else TABLE_WIDTH
    cells = [{c: _cell_text(c, row.get(c)) for c in columns} for row in rows]
    if width < TABLE_MIN_WIDTH:
        _blocks(cells, columns, out, title, width)
    else:
        _grid(cells, columns, out, title, width)
    return len(cells)


def _cell_text(column: str, value: Any) -> str:
    if column in PATH_COLUMNS and isinstance(value, (list, tuple)):
        text = "; ".join(_flat(v) for v in value)
    else:
        text = _flat(value)
    text = for_terminal(" ".join(text.split()) if column in WIDE_COLUMNS else text)
    if column in WIDE_COLUMNS and len(text) > EVIDENCE_CHARS:
        text = text[:EVIDENCE_CHARS].rsplit(" ", 1)[0] + " …"  # cut at a word, never inside one
    return text


def shorten_path(path: str, width: int) -> str:
    """`path` in at most `width` characters, keeping as much of its file name as fits:
    'samples/…/en-01-arrow3.txt', or 'en-01-ar…germany.txt' when the name alone is too long."""
    if len(path) <= width:
        return path
    head, _, name = path.rpartition("/")
    if head and len(name) + 2 <= width:
        keep = width - len(name) - 2
        return head[:keep] + "…/" + name
    half = (width - 1) // 2
    return name[:half] + "…" + name[len(name) - (width - 1 - half):]


def _grid(cells: list[dict[str, str]], columns: Sequence[str], out: TextIO, title: str | None,
          width: int) -> None:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    wide = [c for c in columns if c in WIDE_COLUMNS]
    table = Table(title=title, show_lines=bool(wide), expand=bool(wide))
    # narrow columns keep their width; paths take at most a sixth of the line and lists an eighth, so
    # that the evidence keeps the rest (each column costs 3 characters of border and padding)
    path_width = max(16, width // 6)
    for c in columns:
        if c in WIDE_COLUMNS:
            table.add_column(c, ratio=1, min_width=30, overflow="fold")
        elif c in PATH_COLUMNS:
            table.add_column(c, no_wrap=True, max_width=path_width, overflow="ellipsis")
        elif c in NARROW_COLUMNS:
            table.add_column(c, no_wrap=True)
        else:
            table.add_column(c, overflow="fold", max_width=max(10, width // 8) if wide else None)
    for row in cells:
        table.add_row(*(Text(shorten_path(row[c], path_width) if c in PATH_COLUMNS else row[c]) for c in columns))
    Console(file=out, width=width, soft_wrap=False, highlight=False).print(table)


def _blocks(cells: list[dict[str, str]], columns: Sequence[str], out: TextIO, title: str | None,
            width: int) -> None:
    """For narrow terminals, each row as a block: its first field, then the other short ones as
    `name: value` (a line breaks only between them), then its long ones wrapped at words."""
    width = max(width, 40)
    if title:
        out.write(title + "\n")
    for row in cells:
        first, *rest = columns
        out.write("\n" + shorten_path(row[first], width) + "\n")
        pairs = [f"{c}: {shorten_path(row[c], width - 4) if c in PATH_COLUMNS else row[c]}"
                 for c in rest if c not in WIDE_COLUMNS and row[c]]
        for line in _fill(pairs, width - 2):
            out.write("  " + line + "\n")
        for c in rest:
            if c in WIDE_COLUMNS and row[c]:
                out.write(textwrap.fill(row[c], width, initial_indent="  ", subsequent_indent="  ",
                                        break_on_hyphens=False) + "\n")


def _fill(parts: list[str], width: int) -> Iterator[str]:
    """`parts` joined by two spaces into lines of at most `width`, never breaking one (unless it alone
    is wider)."""
    line = ""
    for part in parts:
        if line and len(line) + 2 + len(part) > width:
            yield line
            line = ""
        line = f"{line}  {part}" if line else part
    if line:
        yield line


# ---------------------------------------------------------------------------------------------- files


@contextmanager
def open_output(path: Path | None) -> Iterator[TextIO]:
    """stdout; or for a regular file (new or existing), a temporary file beside it that replaces it
    only when writing succeeded, with the mode a new file gets (or the one the replaced file had); or
    anything else that exists (/dev/null, a pipe, a terminal), opened and written directly."""
    if path is None:
        yield sys.stdout
        return
    target = Path(os.path.realpath(path)) if path.is_symlink() else path  # replace the file, keep the link
    try:
        info = os.stat(target)
    except FileNotFoundError:
        info = None
    except OSError as exc:
        raise OutputError(f"cannot write {path}: {_reason(exc)}") from exc
    if info is not None and not stat.S_ISREG(info.st_mode):
        if stat.S_ISDIR(info.st_mode):
            raise OutputError(f"cannot write {path}: it is a folder")
        with _opened(target, "w") as handle:
            yield handle
        return
    yield from _atomic(target, None if info is None else stat.S_IMODE(info.st_mode))


def _opened(path: Path, mode: str) -> TextIO:
    try:
        return cast(TextIO, open(path, mode, encoding="utf-8", newline=""))  # the caller closes it
    except OSError as exc:
        raise OutputError(f"cannot write {path}: {_reason(exc)}") from exc


def _atomic(target: Path, keep_mode: int | None) -> Iterator[TextIO]:
    directory = target.parent if str(target.parent) else Path(".")
    _remove_stale_parts(directory, target.name)
    tmp = directory / f".{target.name}.{os.getpid()}.{secrets.token_hex(3)}.part"
    try:
        # 0o666 less the umask, as the shell's > would make it (mkstemp would make it owner-only)
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    except OSError as exc:
        raise OutputError(f"cannot write {target}: {_reason(exc)}") from exc
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            yield handle
        if keep_mode is not None:
            os.chmod(tmp, keep_mode)
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _remove_stale_parts(directory: Path, name: str) -> None:
    """Temporary files a killed run (SIGKILL) left beside `name`: those whose process is gone."""
    prefix = f".{name}."
    with contextlib.suppress(OSError):
        for entry in os.scandir(directory):
            if not (entry.name.startswith(prefix) and entry.name.endswith(".part")):
                continue
            pid = entry.name[len(prefix):].split(".", 1)[0]
            if pid.isdigit() and not _alive(int(pid)):
                with contextlib.suppress(OSError):
                    os.unlink(entry.path)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # it exists, under another user
    return True


def _reason(exc: OSError) -> str:
    return (exc.strerror or str(exc)).lower()


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
