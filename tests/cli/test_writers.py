"""The writers: where output goes (atomic files, devices, pipes), what a terminal may receive, how a
table fits its width."""

from __future__ import annotations

import io
import json
import os
import re
import stat
import threading
from pathlib import Path

import pytest

from defcoop.cli.writers import (
    TABLE_MIN_WIDTH,
    Format,
    OutputError,
    choose_format,
    for_terminal,
    open_output,
    render_text,
    shorten_path,
    text_format,
    write_rows,
)

ROW = {"article": "news/2026/02/en-01-arrow3-germany.txt", "date": "2026-02-09", "action": "agree",
       "actors": ["DE", "IL"], "officials": ["Boris Pistorius"], "systems": ["Arrow 3"],
       "evidence": "Germany and Israel signed the contract for the Arrow 3 system in Berlin on Monday, a deal "
                   "worth about 3.6 billion euros that the ministry called the largest in its history."}
COLUMNS = list(ROW)
HOSTILE = {**ROW, "evidence": "Signed \x1b]0;pwned\x07 today \x1b[2J\u202egninrael\x9b31m."}
RICH_STYLE = re.compile(r"\x1b\[[0-9;]*m")  # the table's own bold headers, not the article's bytes


def plain(text: str) -> str:
    return RICH_STYLE.sub("", text)


class Terminal(io.StringIO):
    """A stream that says it is a terminal of a given width."""

    def __init__(self, width: int = 120) -> None:
        super().__init__()
        self.width = width

    def isatty(self) -> bool:
        return True


@pytest.fixture
def columns_env(monkeypatch):
    def set_width(width: int) -> None:
        monkeypatch.setenv("COLUMNS", str(width))
    return set_width


# ---------------------------------------------------------------------------------------------- files


def test_a_new_output_file_gets_the_usual_mode_not_owner_only(tmp_path):
    old = os.umask(0o022)
    try:
        with open_output(tmp_path / "facts.jsonl") as out:
            out.write("x\n")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "facts.jsonl").stat().st_mode) == 0o644


def test_a_replaced_output_file_keeps_its_mode(tmp_path):
    target = tmp_path / "facts.csv"
    target.write_text("old\n")
    target.chmod(0o640)
    with open_output(target) as out:
        out.write("new\n")
    assert target.read_text() == "new\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640


def test_a_failed_write_leaves_the_old_file_and_no_part_file(tmp_path):
    target = tmp_path / "facts.csv"
    target.write_text("old\n")
    with pytest.raises(RuntimeError), open_output(target) as out:
        out.write("half")
        raise RuntimeError("interrupted")
    assert target.read_text() == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["facts.csv"]


def test_a_part_file_left_by_a_killed_run_is_removed_but_a_live_one_is_not(tmp_path):
    dead = tmp_path / ".facts.csv.999999999.abcdef.part"  # no such process
    live = tmp_path / f".facts.csv.{os.getpid()}.abcdef.part"  # this process: a run still writing
    other = tmp_path / ".notes.txt.999999999.abcdef.part"  # another output's
    for path in (dead, live, other):
        path.write_text("stale")
    with open_output(tmp_path / "facts.csv") as out:
        out.write("x\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["facts.csv", live.name, other.name])


def test_a_link_to_the_output_file_stays_a_link(tmp_path):
    real = tmp_path / "real.jsonl"
    real.write_text("old\n")
    (tmp_path / "link.jsonl").symlink_to(real)
    with open_output(tmp_path / "link.jsonl") as out:
        out.write("new\n")
    assert (tmp_path / "link.jsonl").is_symlink() and real.read_text() == "new\n"


def test_a_named_pipe_is_written_directly_not_replaced(tmp_path):
    pipe = tmp_path / "out.fifo"
    os.mkfifo(pipe)
    received: list[str] = []
    reader = threading.Thread(target=lambda: received.append(pipe.read_text()))
    reader.start()
    with open_output(pipe) as out:
        out.write("row\n")
    reader.join(timeout=10)
    assert received == ["row\n"]
    assert stat.S_ISFIFO(pipe.stat().st_mode)
    assert [p.name for p in tmp_path.iterdir()] == ["out.fifo"]


@pytest.mark.skipif(not os.access(os.devnull, os.W_OK), reason="no writable /dev/null")
def test_dev_null_stays_a_device():
    with open_output(Path(os.devnull)) as out:
        out.write("discarded\n")
    assert stat.S_ISCHR(os.stat(os.devnull).st_mode)


@pytest.mark.parametrize(("target", "message"), [("missing/facts.csv", "no such file"), (".", "it is a folder")])
def test_an_output_that_cannot_be_written_is_an_output_error(tmp_path, target, message):
    with pytest.raises(OutputError, match=message), open_output(tmp_path / target):
        pass


# ---------------------------------------------------------------------------------------------- terminals


def test_for_terminal_shows_controls_bidi_marks_and_surrogates_as_escapes():
    assert for_terminal("a\x1b[31mb\x07\x9b\u202e\ud800\tc\nd") == "a\\x1b[31mb\\x07\\x9b\\u202e\\ud800\tc\nd"
    assert for_terminal("Україна, Zürich, 北京") == "Україна, Zürich, 北京"


@pytest.mark.parametrize("fmt", [Format.csv, Format.tsv, Format.md, Format.table])
def test_no_control_character_reaches_a_terminal(fmt, columns_env):
    columns_env(160)
    out = Terminal()
    write_rows([HOSTILE], COLUMNS, fmt, out)
    text = plain(out.getvalue())
    assert "pwned" in text and "\\x1b" in text
    assert not any(ch in text for ch in "\x1b\x07\x9b\u202e")


@pytest.mark.parametrize("fmt", [Format.json, Format.jsonl])
def test_json_on_a_terminal_escapes_controls_and_stays_the_same_data(fmt):
    out = Terminal()
    write_rows([HOSTILE], COLUMNS, fmt, out)
    text = out.getvalue()
    assert not any(ch in text for ch in "\x1b\x07\x9b\u202e")
    data = json.loads(text)
    assert (data[0] if fmt is Format.json else data)["evidence"] == HOSTILE["evidence"]


@pytest.mark.parametrize("fmt", [Format.csv, Format.tsv, Format.jsonl])
def test_files_and_pipes_get_the_data_exactly(fmt):
    out = io.StringIO()
    write_rows([HOSTILE], COLUMNS, fmt, out)
    assert "\x1b]0;pwned\x07" in out.getvalue() or "\\u001b]0;pwned\\u0007" in out.getvalue()
    assert "\u202e" in out.getvalue()


def test_a_lone_surrogate_is_written_as_a_json_escape_not_an_encoding_error():
    out = io.BytesIO()
    stream = io.TextIOWrapper(out, encoding="utf-8")
    write_rows([{"article": "a\udcffb.txt"}], ["article"], Format.jsonl, stream)
    assert json.loads(out.getvalue()) == {"article": "a\udcffb.txt"}


# ---------------------------------------------------------------------------------------------- tables


@pytest.mark.parametrize("width", [80, 100, 120, 160, 200])
def test_a_table_fits_the_terminal_and_never_cuts_a_word(width, columns_env):
    columns_env(width)
    out = Terminal()
    write_rows([ROW, {**ROW, "officials": [], "evidence": "Short one."}], COLUMNS, Format.table, out,
               title="defcoop facts")
    lines = plain(out.getvalue()).splitlines()
    assert max(len(line) for line in lines) <= width
    words = " ".join(line.strip("│┃ ") for line in lines).split()
    for word in ROW["evidence"].split():
        assert word in " ".join(words) or word.rstrip(".,") in " ".join(words)
    assert "2026-02-09" in out.getvalue()  # a date never wraps


def test_a_narrow_terminal_gets_one_block_per_row(columns_env):
    columns_env(TABLE_MIN_WIDTH - 40)
    out = Terminal()
    write_rows([ROW], COLUMNS, Format.table, out, title="defcoop facts")
    lines = out.getvalue().splitlines()
    assert lines[:3] == ["defcoop facts", "", "news/2026/02/en-01-arrow3-germany.txt"]
    assert "  date: 2026-02-09  action: agree  actors: DE;IL  officials: Boris Pistorius" in lines
    assert not any("│" in line for line in lines)


def test_long_evidence_is_cut_at_a_word_in_a_table(columns_env):
    columns_env(200)
    out = Terminal()
    long = " ".join(["interceptor"] * 60)
    write_rows([{**ROW, "evidence": long}], COLUMNS, Format.table, out)
    cells = " ".join(line.split("│")[-2].strip() for line in plain(out.getvalue()).splitlines() if "│" in line)
    assert cells.endswith("interceptor …") and "interceptorinterceptor" not in cells.replace(" ", " ")


@pytest.mark.parametrize(("width", "expected"), [
    (60, "news/2026/02/en-01-arrow3-germany.txt"),
    (30, "news…/en-01-arrow3-germany.txt"),
    (26, "…/en-01-arrow3-germany.txt"),
    (20, "en-01-arr…ermany.txt"),
])
def test_paths_are_shortened_keeping_the_file_name(width, expected):
    assert shorten_path("news/2026/02/en-01-arrow3-germany.txt", width) == expected
    assert len(expected) <= width


def test_a_table_in_a_file_is_160_columns_wide():
    out = io.StringIO()
    write_rows([ROW], COLUMNS, Format.table, out)
    assert max(len(line) for line in out.getvalue().splitlines()) == 160


@pytest.mark.parametrize(("name", "fmt"), [("facts.db", Format.sqlite), ("facts.SQLITE", Format.sqlite),
                                           ("facts.sqlite3", Format.sqlite), ("facts.parquet", Format.parquet),
                                           ("facts.xlsx", Format.xlsx), ("facts.tsv", Format.tsv)])
def test_the_output_suffix_chooses_databases_and_workbooks_too(name, fmt):
    assert choose_format(None, Path(name), io.StringIO()) is fmt


def test_a_command_that_writes_text_refuses_a_database():
    with pytest.raises(OutputError, match=r"writes text formats only .* not xlsx"):
        text_format(None, Path("a.xlsx"), io.StringIO(), "defcoop articles")
    assert text_format(Format.csv, Path("a.xlsx"), io.StringIO(), "defcoop articles") is Format.csv


@pytest.mark.parametrize(("value", "cell"), [(0.9, "0.9"), (1.0, "1"), (2750000000.5, "2750000000.5"),
                                             (1234567.25, "1234567.25"), (2700000000, "2700000000")])
def test_numbers_in_csv_keep_every_digit_and_stay_short(value, cell):
    assert render_text([{"value": value}], ["value"], Format.csv) == f"value\n{cell}\n"
