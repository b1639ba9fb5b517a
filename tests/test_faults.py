"""The fault suite: a folder of bad and odd inputs among good articles, run through `defcoop extract` as a
user would, with --jobs 1, --jobs 2 and -o. Every bad input gets exactly one stderr line naming it (the
JSONL line number too), the good articles give exactly the facts they give alone, nothing prints a
traceback, the exit code is 1, and the whole batch ends within a time bound. Every input is made here,
from our own sentences and the samples; none comes from third-party text.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from support import SAMPLES

EXE = Path(sys.executable).with_name("defcoop")
RUN_SECONDS = 45  # one run of the whole folder; a hang or a super-linear pattern takes minutes
GOOD_EN = ("Germany delivered IRIS-T air defence systems to Ukraine on Monday, the defence ministry in Berlin "
           "said. Poland signed a contract with South Korea for 180 K2 tanks in July 2022.")
GOOD_FR = "La France a livré des canons Caesar à l'Ukraine le mois dernier, a annoncé le ministère des Armées."
GOOD_DE = "Deutschland hat der Ukraine am Dienstag weitere IRIS-T-Systeme geliefert, teilte das Ministerium mit."
GOOD_PL = "Polska podpisała w środę umowę z Koreą Południową na dostawę czołgów K2, poinformował minister."
GOOD_RU = "Россия передала Ирану зенитные комплексы, сообщило в среду министерство обороны."
GOOD_UK = "Україна отримала від Швеції системи ППО, повідомило у вівторок Міністерство оборони."


@dataclass(frozen=True)
class Fault:
    """One input: its file name, how to make it, and what the run must say about it."""

    name: str
    make: Callable[[Path], None]
    expect: str  # "error": one error line; "warning": one warning line, and read; "read": no line at all
    says: str = ""  # a part of its line


def text(content: str, encoding: str = "utf-8") -> Callable[[Path], None]:
    return lambda path: path.write_bytes(content.encode(encoding))


def raw(content: bytes) -> Callable[[Path], None]:
    return lambda path: path.write_bytes(content)


def sparse(size: int) -> Callable[[Path], None]:
    def make(path: Path) -> None:
        with open(path, "wb") as handle:
            handle.truncate(size)  # costs no disk and is never read
    return make


def fifo(path: Path) -> None:
    os.mkfifo(path)


def unix_socket(path: Path) -> None:
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(str(path))
    server.close()  # the socket file stays


def link(target: str) -> Callable[[Path], None]:
    return lambda path: path.symlink_to(target)


def unreadable(path: Path) -> None:
    path.write_text(GOOD_EN)
    path.chmod(0)


def folder(path: Path) -> None:
    path.mkdir()


def front(meta: str, body: str = GOOD_EN) -> Callable[[Path], None]:
    return text(f"---\n{meta}\n---\n{body}\n")


def lines(*records: str | bytes) -> Callable[[Path], None]:
    return raw(b"".join((r if isinstance(r, bytes) else r.encode("utf-8", "surrogatepass")) + b"\n"
                        for r in records))


def record(**fields) -> str:
    return json.dumps(fields, ensure_ascii=True)


ALIAS_BOMB = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{n}: &{n} [{', '.join(['*' + p] * 9)}]\n" for n, p in zip("bcdefghi", "abcdefgh", strict=True)
) + "published: *i"
ROOT = hasattr(os, "geteuid") and os.geteuid() == 0
PATHOLOGICAL = 12 * 1024  # the sizes the issue measured; tests/test_faults' linear-time test uses 100 KB

FAULTS = [
    # empty, binary, size
    Fault("b01-empty.txt", raw(b""), "error", "empty file"),
    Fault("b02-blank.txt", text(" \n\t\n"), "error", "empty file"),
    Fault("b03-pdf.txt", raw(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj"), "error", "looks like PDF"),
    Fault("b04-zip.md", raw(b"PK\x03\x04\x14\x00\x00\x00"), "error", "looks like ZIP"),
    Fault("b05-nul.txt", raw(b"ELF\x00\x01\x02\x00\x00binary\x00"), "error", "NUL bytes"),
    Fault("b06-50mb.txt", sparse(50 * 1024 * 1024), "error", "file too large (50 MB"),
    Fault("b07-too-long.txt", text("word " * 220_000), "error", "text too long"),
    # encodings
    Fault("b08-undecodable.txt", raw(bytes(range(0x80, 0x100)) * 8), "error", "cannot decode text"),
    Fault("b09-broken-utf8.txt", raw(GOOD_FR.encode() + b" \xe2\x82 " + GOOD_FR.encode()), "warning",
          "invalid UTF-8 sequence replaced"),
    Fault("b10-utf16-bom.txt", raw(b"\xff\xfe" + GOOD_DE.encode("utf-16-le")), "read"),
    Fault("b11-utf16-nobom.txt", raw(GOOD_EN.encode("utf-16-be")), "read"),
    Fault("b12-cp1250.txt", text(GOOD_PL, "cp1250"), "read"),
    Fault("b13-koi8r.txt", text(GOOD_RU, "koi8-r"), "read"),
    Fault("b14-koi8u.txt", text(GOOD_UK, "koi8-u"), "read"),
    Fault("b15-cp1252.txt", text(GOOD_FR, "cp1252"), "read"),
    Fault("b16-utf16.jsonl", raw(record(text=GOOD_EN).encode("utf-16")), "error", "JSONL must be UTF-8"),
    # front matter
    Fault("b17-unclosed.md", text(f"---\ntitle: x\n{GOOD_EN}"), "error", "not closed"),
    Fault("b18-bad-yaml.md", front("title: [unclosed"), "error", "invalid front matter YAML"),
    Fault("b19-alias-bomb.md", front(ALIAS_BOMB), "error", "aliases (*name) are not allowed"),
    Fault("b20-deep-yaml.md", front("title: " + "[" * 1000 + "]" * 1000), "error", "nested deeper than 64"),
    Fault("b21-huge-front.md", front("title: " + "x" * 100_000), "error", "front matter too large"),
    Fault("b22-unknown-key.md", front("author: someone"), "error", "unknown front matter key"),
    Fault("b23-bad-date.md", front("published: 2026-02-30"), "error", "invalid front matter 'published'"),
    Fault("b24-zero-date.md", front("published: 0001-01-01", "Germany delivered tanks to Ukraine yesterday, "
                                    "and on Monday the ministry confirmed the delivery."), "read"),
    Fault("b25-language-xx.md", front("language: xx"), "warning", "no action lexicon for language 'xx'"),
    Fault("b26-no-body.md", front("title: only a title", ""), "error", "no article text"),
    # JSONL files (their bad lines are below)
    Fault("b27-empty.jsonl", raw(b"\n \n"), "error", "empty file"),
    Fault("b28-png.jsonl", raw(b"\x89PNG\r\n\x1a\n\x00\x00"), "error", "looks like PNG"),
    # not regular files, links, permissions
    Fault("b29-fifo.txt", fifo, "error", "skipped: a named pipe"),
    Fault("b30-socket.txt", unix_socket, "error", "skipped: a socket"),
    Fault("b31-dangling.txt", link("nowhere.txt"), "error", "broken symbolic link"),
    Fault("b32-loop.txt", link("b32-loop.txt"), "error", "symbolic link loop"),
    Fault("b33-folder-link.txt", link("."), "error", "is a folder"),
    Fault("b34-unreadable.txt", unreadable, "read" if ROOT else "error", "" if ROOT else "permission denied"),
    # odd names (good articles) and bad articles with odd names
    Fault("b35 name with spaces.txt", text(GOOD_DE), "read"),
    Fault("b36-ünïcödé-名前.txt", text(GOOD_FR), "read"),
    Fault("-b37-leading-dash.txt", text(GOOD_EN), "read"),
    Fault("b38-new\nline.txt", raw(b""), "error", "empty file"),
    Fault("b39-escape-\x1b[31m-red.txt", raw(b""), "error", "empty file"),
    Fault("b40-latin1-\udce9.txt", raw(b""), "error", "empty file"),  # the byte \xe9 in the name
    # hostile and pathological text
    Fault("b41-terminal-escapes.txt", text("\x1b]0;pwned\x07" + GOOD_EN + " \x1b[2J\u202e"), "read"),
    Fault("b42-ones.txt", text("1 " * (PATHOLOGICAL // 2)), "read"),
    Fault("b43-years.txt", text("2025 " * 2000), "read"),
    Fault("b44-euros.txt", text("€1 " * (PATHOLOGICAL // 3)), "read"),
    Fault("b45-weekdays.txt", text("Monday, the same day. " * (PATHOLOGICAL // 22)), "read"),
    Fault("b46-html-garbage.html", text("<<<>>> <</ >"), "read"),
    # the HTML parser gives up below 256 levels of elements, and says so
    Fault("b47-html-deep.html", text("<html><body>" + "<div>" * 5000 + GOOD_EN + "</div>" * 5000), "error",
          "no article text"),
    Fault("b48-crlf.txt", text(GOOD_DE.replace(" ", "\r\n", 3) + "\r"), "read"),
]
if os.path.exists("/proc/self/mem"):  # a regular file whose every read fails, even for root
    FAULTS.append(Fault("b49-eio.txt", link("/proc/self/mem"), "error", "input/output error"))

JSONL = "b50-lines.jsonl"
JSONL_LINES = [  # (record, expect, says)
    (record(text=GOOD_EN, id="g1"), "read", ""),
    ('{"text": "x", "nested": ' + "[" * 1000 + "]" * 1000 + "}", "error", "nested deeper than 64"),
    (record(text="Germany sent \ud800 tanks."), "error", "lone surrogate"),
    ("{not json", "error", "invalid JSON"),
    ('["a list"]', "error", "expected a JSON object"),
    (record(title="no text"), "error", "no 'text' field"),
    ('{"text": 17}', "error", "'text' must be a string"),
    (record(text=GOOD_EN, published="0001-01-01T00:00:00Z"), "read", ""),
    (b'{"text": "' + b"x" * (10 * 1024 * 1024 + 10) + b'"}', "error", "line too large"),
    (record(text=GOOD_FR, language="fr"), "read", ""),
]
GOOD_FILES = [("g1-en.txt", text(GOOD_EN)), ("g2-serbia.txt", raw((SAMPLES / "articles" / "en-03-serbia-rafale.txt")
              .read_bytes())), ("g3-pl.txt", raw((SAMPLES / "articles" / "pl-01-k2-korea.txt").read_bytes()))]


def shown(name: str) -> str:
    """How a file name appears in a message line: control characters and undecodable bytes escaped."""
    from defcoop.cli.writers import for_terminal
    from defcoop.extractors.model import printable_path

    return for_terminal(printable_path(name)).replace("\n", "\\n")


@pytest.fixture(scope="module")
def batch(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("faults")
    folder_ = root / "batch"
    folder_.mkdir()
    for name, make in GOOD_FILES:
        make(folder_ / name)
    for fault in FAULTS:
        fault.make(folder_ / fault.name)
    lines(*(r for r, _, _ in JSONL_LINES))(folder_ / JSONL)
    yield folder_
    (folder_ / "b34-unreadable.txt").chmod(0o644)


def run(*args: str, cwd: Path) -> tuple[subprocess.CompletedProcess, float]:
    started = time.perf_counter()
    proc = subprocess.run([str(EXE), "extract", *args], cwd=cwd, capture_output=True, timeout=RUN_SECONDS * 2)
    return proc, time.perf_counter() - started


def decoded(proc: subprocess.CompletedProcess) -> tuple[list[dict], list[str]]:
    rows = [json.loads(line) for line in proc.stdout.decode("utf-8").splitlines()]
    return rows, proc.stderr.decode("utf-8").splitlines()


def expected_lines() -> list[tuple[str, str, str]]:
    """(shown name, kind, part of the line) for every input that must be named on stderr."""
    out = [(f"batch/{shown(f.name)}", f.expect, f.says) for f in FAULTS if f.expect != "read"]
    out += [(f"batch/{JSONL}:{n}", expect, says) for n, (_, expect, says) in enumerate(JSONL_LINES, 1)
            if expect != "read"]
    return out


@pytest.fixture(scope="module")
def alone(batch) -> list[dict]:
    """The facts of the good inputs run without the bad ones, in the order the folder walk gives."""
    good = [name for name, _ in GOOD_FILES] + [f.name for f in FAULTS if f.expect != "error"]
    proc, _ = run(*(f"batch/{name}" for name in sorted(good)), "-f", "jsonl", cwd=batch.parent)
    assert proc.returncode == 0, proc.stderr
    return decoded(proc)[0]


@pytest.fixture(scope="module")
def jobs1(batch):
    return run("batch", "-f", "jsonl", "--jobs", "1", cwd=batch.parent)


def test_the_folder_holds_at_least_40_kinds_of_bad_and_odd_input():
    assert len(FAULTS) + len(JSONL_LINES) - 3 >= 40  # the three good JSONL lines are not faults


@pytest.mark.parametrize("how", ["jobs1", "jobs2", "output"])
def test_every_bad_input_is_one_line_and_the_batch_goes_on(batch, jobs1, how, tmp_path):
    if how == "jobs1":
        proc, seconds = jobs1
    elif how == "jobs2":
        proc, seconds = run("batch", "-f", "jsonl", "--jobs", "2", cwd=batch.parent)
    else:
        proc, seconds = run("batch", "-o", str(tmp_path / "facts.jsonl"), cwd=batch.parent)
    rows, stderr = decoded(proc)
    if how == "output":
        assert rows == []
        rows = [json.loads(line) for line in (tmp_path / "facts.jsonl").read_text("utf-8").splitlines()]
        assert [p.name for p in tmp_path.iterdir()] == ["facts.jsonl"]  # no .part left behind
    assert proc.returncode == 1
    assert seconds < RUN_SECONDS
    assert not any("Traceback" in line or "leaked" in line for line in stderr), stderr
    expected = expected_lines()
    for name, kind, says in expected:
        named = [line for line in stderr if f"{name}: " in line]
        assert len(named) == 1, (name, named)
        assert named[0].startswith(f"{kind}: {name}: ") and says in named[0], named[0]
    said = [line for line in stderr if line.startswith(("error:", "warning:"))]
    assert len(said) == len(expected), sorted(set(said) - {line for line in said for e in expected if e[0] in line})
    assert rows == decoded(jobs1[0])[0]  # the same facts in the same order, however the batch runs


def test_the_good_inputs_give_the_facts_they_give_alone(batch, jobs1, alone):
    rows, _ = decoded(jobs1[0])
    assert alone and rows
    from_jsonl = [r for r in rows if r["article"].startswith(f"batch/{JSONL}:")]
    assert [r for r in rows if r not in from_jsonl] == alone
    assert {r["article"] for r in from_jsonl} == {f"batch/{JSONL}:1", f"batch/{JSONL}:8", f"batch/{JSONL}:10"}


def test_the_summary_counts_the_failures(jobs1):
    _, stderr = decoded(jobs1[0])
    failed = len([e for e in expected_lines() if e[1] == "error"])
    assert stderr[-1].startswith(f"{failed} input(s) failed, ")


def test_a_terminal_never_gets_an_article_s_escape_sequence(batch):
    # the table format on a pipe is what a terminal would get (a pty is not needed for the cells)
    proc, _ = run("batch/b41-terminal-escapes.txt", "-f", "table", cwd=batch.parent)
    out = proc.stdout.decode("utf-8")
    assert "pwned" in out and "\x1b" not in out and "\u202e" not in out
    assert "\\x1b]0;pwned\\x07" in out


# ---------------------------------------------------------------------------------------------- linear time

LINEAR_KB = 100  # the bound: each pattern on 100 KB of pathological text, the article within ~1 s


def _repeat(unit: str) -> str:
    return (unit * (LINEAR_KB * 1024 // len(unit) + 1))[: LINEAR_KB * 1024]


WRAPPED_HEAD = ("word " * 9 + "\n") * 4 + "\n\n"  # makes the text hard-wrapped: blocks join lines
PATHOLOGICAL_TEXTS = {  # what each one strains
    "digits-and-spaces": "1 ",  # money: a run of digits and separators
    "years": "2025 ",
    "digits": "1",
    "commas": "1,",
    "dots": "1.",
    "amount-words": "5 millionaires ",  # money: a scale word that is no amount
    "declined-scale": "5мільйон",  # money: a declined ending without end
    "declined-currency": "долар",
    "digit-then-spaces": "1" + " " * 60 + "x ",  # dates: a day and whitespace without a month
    "month-names": "January ",
    "in-month": "in January ",
    "weekdays": "Monday ",
    "ago": "3 days ",
    "same-day": "the same day ",
    "yesterday": "yesterday ",
    "numeric-dates": "09.02.2026 ",
    "iso-dates": "2026-02-09 ",
    "letters": "a ",
    "one-word": "a",
    "cyrillic-word": "д",
    "abbreviations": "a. B ",  # sentences: a full stop after an initial, again and again
    "initials-and-tabs": "x.\tX.\t",
    "punctuation": "!",
    "quotes": '."',
    "newline-then-spaces": "\n" + " " * 40 + "x",
    "markup": "<p>",
}


@pytest.fixture(scope="module")
def extractor():
    from defcoop.extractors.extract import Extractor

    ready = Extractor(statistical=False)
    from defcoop.extractors.model import Article

    for language in ("en", "uk"):
        ready.process(Article("warm.txt", GOOD_EN if language == "en" else GOOD_UK, language))
    return ready


@pytest.mark.parametrize("name", PATHOLOGICAL_TEXTS)
def test_each_pattern_reads_100_kb_of_pathological_text_in_about_a_second(extractor, name):
    from defcoop.extractors.model import Article

    body = _repeat(PATHOLOGICAL_TEXTS[name])
    language = "uk" if any("\u0400" <= ch <= "\u04ff" for ch in body[:20]) else "en"
    for text_ in (body, WRAPPED_HEAD + body):
        started = time.process_time()  # CPU time: other processes on the machine do not count
        extractor.process(Article(f"{name}.txt", text_, language, published="2026-02-09"))
        assert time.process_time() - started < 2.0, name


@pytest.mark.parametrize("unit", ["€1 ", "$1 ", "5 million euros ", "5 мільйонів доларів ", "1 " * 60 + "€ "])
def test_the_money_pattern_reads_100_kb_of_amounts_in_linear_time(unit):
    # a page of amounts reaches code beyond the pattern (each amount is a trigger): the pattern alone here
    from defcoop.extractors.index import MONEY

    started = time.process_time()
    found = list(MONEY.finditer(_repeat(unit)))
    assert time.process_time() - started < 1.0
    assert found or unit.startswith("1 ")


def test_the_reader_refuses_100_kb_of_nesting_at_once(tmp_path):
    from defcoop.extractors.reader import read_inputs

    (tmp_path / "a.jsonl").write_text('{"text": "x", "a": ' + "[" * LINEAR_KB * 1024 + "\n")
    (tmp_path / "b.md").write_text("---\ntitle: " + "[" * 60_000 + "\n---\nbody\n")
    started = time.process_time()
    items = list(read_inputs([str(tmp_path)]))
    assert time.process_time() - started < 1.0
    assert [i.message.split(" ")[0] for i in items] == ["JSON", "invalid"]
