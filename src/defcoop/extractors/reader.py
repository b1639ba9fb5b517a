"""Turn command-line inputs (files, folders, globs, JSONL, WARC archives, standard input) into Articles.

Inputs are read one at a time, so a batch of any size runs in bounded memory. Every problem with an
input, expected or not, is an InputError naming it, yielded in place of the article: one bad file never
stops a batch. The work per input is bounded: its size (MAX_BYTES), its text (MAX_CHARS), its front
matter (MAX_FRONT_MATTER_BYTES, no YAML aliases, MAX_NESTING levels), its JSON (MAX_NESTING levels), and
optionally its time (`time_limit`). Only regular files are read from folders and patterns; a named pipe
or a device is read only when named on the command line, like standard input.
Gzipped JSONL (`.jsonl.gz`) is read line by line as it is decompressed; WARC archives (`.warc`,
`.warc.gz`) are read record by record in `warc.py`, each HTML page through the HTML path here.
trafilatura and py3langid are imported only when first needed, so the CLI starts fast.
"""

from __future__ import annotations

import codecs
import datetime as dt
import errno
import functools
import glob
import gzip
import json
import logging
import os
import re
import reprlib
import stat
import sys
import traceback
import zlib
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from itertools import accumulate
from typing import Any, BinaryIO, Literal, Protocol

import yaml

from . import encodings
from .limits import TimeLimitExceeded, time_limit
from .model import Article, InputError, printable_path
from .published import find_published

SUPPORTED_SUFFIXES = (".txt", ".md", ".html", ".htm", ".jsonl")
# files that hold many articles, read from folders too: gzipped JSONL and WARC archives
ARCHIVE_SUFFIXES = (".jsonl.gz", ".warc", ".warc.gz")
WARC_SUFFIXES = (".warc", ".warc.gz")
MAX_BYTES = 10 * 1024 * 1024  # per article file, per JSONL line
MAX_CHARS = 1_000_000  # per article text, as spaCy's nlp.max_length
MAX_FRONT_MATTER_BYTES = 64 * 1024  # five short keys need a few hundred bytes
MAX_NESTING = 64  # levels of lists and objects in a JSONL record or in front matter
STDIN = "-"

StdinFormat = Literal["auto", "text", "html", "jsonl"]
STDIN_FORMATS: tuple[str, ...] = ("auto", "text", "html", "jsonl")

# What py3langid may answer: broad enough for world news, without the rare languages it confuses
# with ours on short paragraphs.
LANGUAGES: tuple[str, ...] = (
    "en", "fr", "de", "uk", "ru", "it", "pl", "es", "nl", "pt", "cs", "sk", "ro", "hu", "bg", "sr",
    "hr", "sl", "lt", "lv", "et", "fi", "sv", "da", "no", "tr", "ar", "fa", "he", "zh", "ja", "ko", "hi",
)
LANGUAGE_SAMPLE_CHARS = 3000
MIN_LANGUAGE_LETTERS = 20

METADATA_KEYS: tuple[str, ...] = ("id", "language", "published", "title", "url")
# Placeholders scrapers write for "no date" (Go's and .NET's zero time, MySQL's zero date): no date
ZERO_DATES = frozenset({"0001-01-01", "0000-00-00"})

_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "PDF"),
    (b"PK\x03\x04", "ZIP"),
    (b"PK\x05\x06", "ZIP"),
    (b"\x89PNG\r\n\x1a\n", "PNG"),
    (b"\xff\xd8\xff", "JPEG"),
    (b"GIF87a", "GIF"),
    (b"GIF89a", "GIF"),
    (b"\x1f\x8b", "gzip"),
)
# Data that is UTF-8 but for a few broken sequences (a file cut mid-character, a bad paste) is read as
# UTF-8 with those bytes replaced, not as a legacy encoding that would garble every accented letter:
# when it has this many good characters beyond ASCII per broken sequence. Legacy text decoded as UTF-8
# breaks at nearly every accented letter.
_GOOD_PER_BAD_UTF8 = 2

_GLOB_MAGIC = re.compile(r"[*?[]")
_FENCE = re.compile(r"^---[ \t]*$", re.MULTILINE)
_LANGUAGE_CODE = re.compile(r"([a-z]{2})(?:[-_][a-z0-9]+)*")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_XML_DECLARATION = re.compile(r"\A\s*<\?xml[^>]*\?>")
# comments before the page are atomic: one that cannot be followed by more must not be re-split
_HTML_START = re.compile(
    rb"\A(?:\xef\xbb\xbf)?\s*+(?:(?><!--.*?-->)\s*+)*+<(?:!doctype\s+html|html)[\s>]", re.IGNORECASE | re.DOTALL
)
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
# a string, to its closing quote or (unterminated) to the end: every quote is read once
_JSON_STRING = re.compile(r'"(?:[^"\\]++|\\.)*+"?')
_BRACKET_STEP = {"[": 1, "{": 1, "]": -1, "}": -1}
_SURROGATE = re.compile(r"[\ud800-\udfff]")
_NON_ASCII = re.compile(r"[^\x00-\x7f\ufffd]++")

# Letters that only one of two often-confused Cyrillic languages uses.
_UKRAINIAN_ONLY = frozenset("іїєґІЇЄҐ")
_RUSSIAN_ONLY = frozenset("ыэёЫЭЁ")

_SHORT = reprlib.Repr()  # values quoted in messages: a whole list or a 10 MB string makes no message
_SHORT.maxstring = _SHORT.maxother = 60
_SHORT.maxlevel = 2


# ---------------------------------------------------------------------------------------------- inputs


def expand_inputs(specs: Sequence[str]) -> Iterator[str | InputError]:
    """Yield the files to read, in order, each once; a spec that names nothing yields an InputError."""
    seen: set[str] = set()
    for spec in specs:
        for item in _expand_spec(spec):
            if isinstance(item, str):
                key = item if item == STDIN else os.path.realpath(item)
                if key in seen:
                    continue
                seen.add(key)
            yield item


def _expand_spec(spec: str) -> Iterator[str | InputError]:
    if spec == STDIN:
        yield STDIN
    elif os.path.isdir(spec):
        yield from _walk(spec)
    elif os.path.lexists(spec):
        yield _check_link(spec)  # named on the command line: a pipe or a device is read too
    elif _GLOB_MAGIC.search(spec):
        # the shell leaves a pattern alone when it matches nothing, or when it was quoted
        matches = sorted(glob.glob(spec, recursive=True))
        if not matches:
            yield InputError(spec, "no files match this pattern")
        for match in matches:
            if os.path.isdir(match):
                yield from _walk(match)
            else:
                yield _found(match)
    else:
        yield InputError(spec, "no such file or folder")


def _check_link(path: str) -> str | InputError:
    if os.path.islink(path) and not os.path.exists(path):
        return _broken_link(path)
    return path


def _broken_link(path: str) -> InputError:
    try:
        os.stat(path)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return InputError(path, "symbolic link loop (it leads back to itself)")
    try:
        target = os.readlink(path)
    except OSError:
        return InputError(path, "broken symbolic link")
    return InputError(path, f"broken symbolic link (points to {target}, which does not exist)")


def _found(path: str) -> str | InputError:
    """A file found in a folder or by a pattern: read only if it is a regular file (or a link to one, or
    to a folder, which reading reports). A named pipe would wait for a writer forever."""
    checked = _check_link(path)
    if isinstance(checked, InputError):
        return checked
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return path  # reading it says why
    if stat.S_ISREG(mode) or stat.S_ISDIR(mode):
        return path
    return InputError(path, f"skipped: {_file_kind(mode)}, not a regular file")


def _file_kind(mode: int) -> str:
    for test, kind in ((stat.S_ISFIFO, "a named pipe"), (stat.S_ISSOCK, "a socket"),
                       (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device")):
        if test(mode):
            return kind
    return "a special file"


def _walk(folder: str) -> Iterator[str | InputError]:
    """Files under `folder` in path order (component-wise), streaming, without dotfiles.

    Symbolic links to folders are not followed, so a link loop cannot make the walk endless.
    """
    try:
        with os.scandir(folder) as scan:
            entries = sorted(scan, key=lambda entry: entry.name)
    except OSError as exc:
        yield InputError(folder, f"cannot read folder: {_reason(exc)}")
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        if entry.is_dir(follow_symlinks=False):
            yield from _walk(entry.path)
        elif entry.name.lower().endswith(SUPPORTED_SUFFIXES + ARCHIVE_SUFFIXES):
            yield _found(entry.path)


def read_inputs(specs: Sequence[str], stdin: BinaryIO | None = None, *, stdin_format: StdinFormat = "auto",
                seconds: float | None = None) -> Iterator[Article | InputError]:
    """Yield one Article (or the InputError that stopped it) per input file or JSONL line.

    `stdin_format` says what `-` holds ("auto": JSONL when its first line is a JSON object, HTML when it
    starts like a page, text otherwise); `seconds` limits the time spent reading one input.
    """
    for item in read_or_defer(specs, stdin, stdin_format=stdin_format, seconds=seconds):
        yield read_one(item, seconds) if isinstance(item, str) else item


def read_or_defer(specs: Sequence[str], stdin: BinaryIO | None = None, *, stdin_format: StdinFormat = "auto",
                  seconds: float | None = None) -> Iterator[Article | InputError | str]:
    """As `read_inputs`, but a file that holds one article comes as its path, to be read by `read_one`
    where it is extracted (a worker process); archives, JSONL and standard input are read here."""
    for item in expand_inputs(specs):
        if isinstance(item, InputError):
            yield item
        elif item == STDIN:
            yield from _read_stdin(stdin, stdin_format, seconds)
        elif item.lower().endswith(".jsonl"):
            yield from _read_jsonl(item, seconds)
        elif item.lower().endswith(".jsonl.gz"):
            yield from _read_jsonl_gz(item, seconds)
        elif item.lower().endswith(WARC_SUFFIXES):
            from .warc import read_warc

            yield from read_warc(item, seconds)
        else:
            yield item


def read_one(path: str, seconds: float | None = None) -> Article | InputError:
    """The article of a file that holds one (text, Markdown, a page), or the InputError that stopped it."""
    return guarded(path, functools.partial(read_article, path), seconds)


def guarded(where: str, read: Callable[[], Article], seconds: float | None) -> Article | InputError:
    """The article `read` returns, or the InputError that stopped it: an unexpected exception is turned
    into one too (with its traceback as `detail`), so no input can stop the ones after it."""
    try:
        with time_limit(seconds):
            return read()
    except InputError as exc:
        return exc
    except TimeLimitExceeded as exc:
        return InputError(where, f"reading it {exc} (the time limit for one input)")
    except Exception as exc:  # the input boundary
        return unexpected(where, exc, "reading")


def unexpected(where: str, exc: BaseException, doing: str) -> InputError:
    """An exception no rule expected, as one line naming the input (the traceback goes in `detail`)."""
    detail = "".join(traceback.format_exception(exc))
    return InputError(where, f"unexpected error while {doing}: {type(exc).__name__}: {_clip(str(exc))}", detail=detail)


def _clip(message: str, width: int = 200) -> str:
    return message if len(message) <= width else message[: width - 3] + "..."


def _read_stdin(stdin: BinaryIO | None, fmt: StdinFormat, seconds: float | None) -> Iterator[Article | InputError]:
    stream = stdin if stdin is not None else sys.stdin.buffer
    try:
        first = stream.readline(MAX_BYTES + 1)
        if fmt == "jsonl" or (fmt == "auto" and _looks_like_jsonl(first)):
            yield from _jsonl_records(STDIN, stream, seconds, first=first)
            return
        data = first + stream.read(MAX_BYTES + 1 - len(first)) if len(first) <= MAX_BYTES else first
    except OSError as exc:
        yield InputError(STDIN, f"cannot read standard input: {_reason(exc)}")
        return
    if len(data) > MAX_BYTES:
        yield InputError(STDIN, _over_limit("input"))
        return
    html = {"html": True, "text": False}.get(fmt)
    yield guarded(STDIN, lambda: read_article(STDIN, data, html=html), seconds)


def _looks_like_jsonl(first_line: bytes) -> bool:
    """A first line that is one JSON object: JSONL (`cat batch.jsonl | defcoop extract -`)."""
    line = first_line.removeprefix(codecs.BOM_UTF8).strip()
    return line.startswith(b"{") and line.endswith(b"}")


# ---------------------------------------------------------------------------------------------- one file


def read_article(path: str, data: bytes | None = None, *, html: bool | None = None) -> Article:
    """Read one article file (not JSONL); `data` is its content when it does not come from disk (stdin).

    `html` says whether the data is a page; by default the suffix says (for stdin, how the data starts).
    """
    if path.lower().endswith((".jsonl", *ARCHIVE_SUFFIXES)):
        raise ValueError(f"{path}: this file holds many articles; read it with read_inputs()")
    if data is None:
        data = _read_file(path)
    elif len(data) > MAX_BYTES:
        raise _too_large(path, len(data))
    if html is None:
        html = path.lower().endswith((".html", ".htm")) or (path == STDIN and bool(_HTML_START.match(data)))
    text, encoding, warnings = _decode_text(data, path, declared=_declared_charset(data) if html else None)
    text = _normalise_newlines(text)
    if not text.strip():
        raise InputError(path, "empty file")
    body, meta = _read_html(text, path) if html else _split_front_matter(text, path)
    article = _make_article(path, body, meta, encoding)
    article.warnings.extend(warnings)
    return article


def page_article(where: str, data: bytes, *, charset: str | None = None,
                 meta: dict[str, str] | None = None) -> Article:
    """A web page's bytes (a WARC record's payload) read as an `.html` file is: `charset` is the one its
    HTTP headers declare (it wins over the page's own), `meta` what the record says of it (its URL
    wins over the page's; its date comes last, after the page's own and one found in its text)."""
    if len(data) > MAX_BYTES:
        raise _too_large(where, len(data))
    declared = charset if charset and _known_codec(charset) else _declared_charset(data)
    text, encoding, warnings = _decode_text(data, where, declared=declared)
    text = _normalise_newlines(text)
    if not text.strip():
        raise InputError(where, "empty page")
    body, found = _read_html(text, where)
    given = dict(meta or {})
    fallback_date = given.pop("published", None)
    found.update(given)
    if not found.get("published") and fallback_date:
        language = found.get("language") or detect_language(body.strip())
        found["published"] = find_published(body, language) or fallback_date
        if language:
            found["language"] = language
    article = _make_article(where, body, found, encoding)
    article.warnings.extend(warnings)
    return article


def _known_codec(name: str) -> bool:
    try:
        codecs.lookup(name)
    except LookupError:
        return False
    return True


def _read_file(path: str) -> bytes:
    try:
        info = os.stat(path)
    except FileNotFoundError:
        if os.path.islink(path):
            raise _broken_link(path) from None
        raise InputError(path, "no such file") from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise _broken_link(path) from None
        raise InputError(path, f"cannot read file: {_reason(exc)}") from exc
    if stat.S_ISDIR(info.st_mode):
        raise InputError(path, "is a folder, not a file")
    if stat.S_ISSOCK(info.st_mode) or stat.S_ISBLK(info.st_mode):
        raise InputError(path, f"cannot read {_file_kind(info.st_mode)}; give a file, a pipe or -")
    if info.st_size > MAX_BYTES:
        raise _too_large(path, info.st_size)
    try:
        with open(path, "rb") as handle:
            data = handle.read(MAX_BYTES + 1)  # a pipe or a growing file can outrun its stat size
    except OSError as exc:
        raise InputError(path, f"cannot read file: {_reason(exc)}") from exc
    if len(data) > MAX_BYTES:
        raise InputError(path, _over_limit("file"))
    return data


def _too_large(path: str, size: int) -> InputError:
    return InputError(path, f"file too large ({_size(size)}; the limit is {_size(MAX_BYTES)})")


def _over_limit(what: str) -> str:
    """For inputs whose size is unknown until MAX_BYTES + 1 bytes have been read."""
    return f"{what} too large (more than {_size(MAX_BYTES)}; the limit is {_size(MAX_BYTES)})"


def _size(n: int) -> str:
    """Sizes as people read them: 52.4 MB, 10 MB, 3 KB, 80 bytes."""
    for unit, scale in (("MB", 1024 * 1024), ("KB", 1024)):
        if n >= scale:
            return f"{n / scale:.1f}".removesuffix(".0") + f" {unit}"
    return f"{n} bytes"


def _reason(exc: OSError) -> str:
    return (exc.strerror or str(exc)).lower()


def _normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _make_article(path: str, body: str, meta: dict[str, str], encoding: str | None) -> Article:
    """Trim the body, then fill language and date from the text when the metadata lacks them."""
    body = body.lstrip("\n").rstrip()
    if not body.strip():
        raise InputError(path, "no article text")
    if len(body) > MAX_CHARS:
        raise InputError(path, f"text too long ({len(body):,} characters; the limit is {MAX_CHARS:,}, "
                               "as spaCy's nlp.max_length): split it into several articles")
    language = meta.get("language") or detect_language(body)
    published = meta.get("published") or find_published(body, language)
    return Article(
        path=printable_path(path),  # a file name that is no UTF-8 could not be written out
        text=body,
        language=language,
        published=published,
        title=meta.get("title"),
        url=meta.get("url"),
        id=meta.get("id"),
        encoding=encoding,
    )


# ---------------------------------------------------------------------------------------------- decoding


def decode(data: bytes, *, path: str = "<bytes>", declared: str | None = None) -> tuple[str, str]:
    """Return (text, encoding name); raise InputError for binary or undecodable data.

    Unicode is recognised by its BOM or by its bytes before anything is guessed; `declared` (an HTML
    page's meta charset) comes next, then the legacy encodings of `encodings.py`.
    """
    text, encoding, _warnings = _decode_text(data, path, declared)
    return text, encoding


def _decode_text(data: bytes, path: str, declared: str | None) -> tuple[str, str, list[str]]:
    """decode(), with what had to be repaired (a few bytes that are not UTF-8) as warnings."""
    kind = _binary_kind(data)
    if kind is not None:
        raise InputError(path, f"binary file, not text (looks like {kind})")
    for bom, encoding in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
    ):
        if data.startswith(bom):
            try:
                return data[len(bom):].decode(encoding.removesuffix("-sig")), encoding, []
            except UnicodeDecodeError as exc:
                message = f"cannot decode text (it starts with a {encoding} BOM but is not {encoding})"
                raise InputError(path, message) from exc
    if b"\x00" in data:
        utf16 = _utf16_without_bom(data)
        if utf16 is None:
            raise InputError(path, "binary file, not text (it contains NUL bytes)")
        return (*utf16, [])
    try:
        return data.decode("utf-8"), "utf-8", []
    except UnicodeDecodeError:
        pass
    repaired = _mostly_utf8(data)
    if repaired is not None:
        return repaired
    if declared is not None:
        try:
            return data.decode(declared), codecs.lookup(declared).name, []
        except (LookupError, UnicodeDecodeError):
            pass  # pages often declare a charset they do not use
    guess = encodings.guess(data)
    if guess is None:
        raise InputError(path, "cannot decode text (not UTF-8, UTF-16 or a known legacy encoding)")
    return (*guess, [])


def _mostly_utf8(data: bytes) -> tuple[str, str, list[str]] | None:
    """UTF-8 with a few broken sequences: read as UTF-8, each bad byte becoming U+FFFD."""
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd") - data.decode("utf-8", errors="ignore").count("\ufffd")
    good = sum(map(len, _NON_ASCII.findall(text)))
    if good < _GOOD_PER_BAD_UTF8 * bad:
        return None
    what = "sequence" if bad == 1 else "sequences"
    return text, "utf-8", [f"{bad} invalid UTF-8 {what} replaced with U+FFFD"]


def _binary_kind(data: bytes) -> str | None:
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            return kind
    return None


def _utf16_without_bom(data: bytes) -> tuple[str, str] | None:
    """UTF-16 text shows NULs on one side of its byte pairs (ASCII, spaces, digits), none on the other."""
    sample = data[:8192]
    if len(data) % 2 or len(sample) < 2:
        return None
    pairs = len(sample) // 2
    even_nuls, odd_nuls = sample[0::2].count(0), sample[1::2].count(0)
    if odd_nuls >= pairs * 0.05 and even_nuls <= pairs * 0.01:
        encoding = "utf-16-le"
    elif even_nuls >= pairs * 0.05 and odd_nuls <= pairs * 0.01:
        encoding = "utf-16-be"
    else:
        return None
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        return None
    if any(ch < " " and ch not in "\t\n\r\f" for ch in text):
        return None  # control characters: binary data that happened to look like UTF-16
    return text, encoding


def _declared_charset(data: bytes) -> str | None:
    match = _META_CHARSET.search(data[:4096])
    return match.group(1).decode("ascii") if match else None


# ---------------------------------------------------------------------------------------------- metadata


def _split_front_matter(text: str, path: str) -> tuple[str, dict[str, str]]:
    """Split optional YAML front matter (between a first line `---` and the next `---` line) from the body."""
    first_end = text.find("\n")
    first_line = text if first_end < 0 else text[:first_end]
    if not _FENCE.fullmatch(first_line):
        return text, {}
    closing = _FENCE.search(text, first_end + 1) if first_end >= 0 else None
    if closing is None:
        raise InputError(path, "front matter is not closed (no second '---' line)")
    block = text[first_end + 1 : closing.start()]
    if len(block.encode("utf-8", "surrogatepass")) > MAX_FRONT_MATTER_BYTES:
        raise InputError(path, f"front matter too large (more than {_size(MAX_FRONT_MATTER_BYTES)}; "
                               f"it holds only {', '.join(METADATA_KEYS)})")
    try:
        data = yaml.load(block, Loader=_FrontMatterLoader)  # a SafeLoader
    except yaml.YAMLError as exc:
        raise InputError(path, f"invalid front matter YAML: {_yaml_problem(exc)}") from exc
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise InputError(path, f"front matter must be 'key: value' lines, not {_type_name(data)}")
    unknown = sorted(str(key) for key in data if key not in METADATA_KEYS)
    if unknown:
        raise InputError(
            path, f"unknown front matter key {_SHORT.repr(unknown[0])} (allowed: {', '.join(METADATA_KEYS)})"
        )
    return text[closing.end() + 1 :], _check_metadata(data, path, "front matter")


class _FrontMatterLoader(yaml.SafeLoader):
    """safe_load keeping dates as strings (so `published: 2026-02-30` is reported by key, not as a crash),
    refusing aliases (a few lines of them expand to gigabytes) and nesting deeper than MAX_NESTING."""

    yaml_implicit_resolvers = {  # noqa: RUF012 - PyYAML's table, replaced for this loader
        first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }
    _depth = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            mark = self.peek_event().start_mark
            raise yaml.composer.ComposerError(None, None, "aliases (*name) are not allowed in front matter", mark)
        if self._depth >= MAX_NESTING:
            mark = self.peek_event().start_mark
            raise yaml.composer.ComposerError(None, None, f"nested deeper than {MAX_NESTING} levels", mark)
        self._depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


def _yaml_problem(exc: yaml.YAMLError) -> str:
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    mark = getattr(exc, "problem_mark", None)
    # the block starts on the file's second line, after the opening ---
    return f"{problem} (line {mark.line + 2})" if mark is not None else str(problem)


def _check_metadata(data: dict[str, Any], path: str, where: str) -> dict[str, str]:
    """Check and normalise id, language, published, title and url; None means absent."""
    meta: dict[str, str] = {}
    for key in METADATA_KEYS:
        value = data.get(key)
        if value is None or value == "":
            continue
        if key == "published":
            if isinstance(value, str) and value.strip()[:10] in ZERO_DATES:
                continue  # a placeholder for "no date": the date is looked for in the text
            published = _published(value)
            if published is None:
                raise InputError(path, f"invalid {where} 'published' {_SHORT.repr(value)} "
                                       "(expected a date YYYY-MM-DD)")
            meta[key] = published
        elif key == "language":
            language = _language_code(value)
            if language is None:
                expected = "expected a 2-letter code such as 'en'"
                raise InputError(path, f"invalid {where} 'language' {_SHORT.repr(value)} ({expected})")
            meta[key] = language
        elif key in ("id", "title") and isinstance(value, (int, float)) and not isinstance(value, bool):
            meta[key] = str(value)  # YAML reads `id: 17` and `title: 1984` as numbers
        elif isinstance(value, str):
            meta[key] = value.strip()
        else:
            raise InputError(path, f"{where} '{key}' must be text, not {_type_name(value)}")
    return meta


def _published(value: Any) -> str | None:
    """YYYY-MM-DD, or an ISO datetime string (common in scraped data) cut to its date."""
    if not isinstance(value, str):
        return None
    value = value.strip()
    try:
        if _ISO_DATE.fullmatch(value):
            return dt.date.fromisoformat(value).isoformat()
        if _ISO_DATE.match(value) and value[10:11] in ("T", " "):
            # Python 3.10 does not read the "Z" suffix
            return dt.datetime.fromisoformat(value.removesuffix("Z")).date().isoformat()
    except ValueError:
        return None
    return None


def _language_code(value: Any) -> str | None:
    """'en', 'EN', 'en-GB' and 'en_GB' all mean 'en'."""
    if not isinstance(value, str) or len(value) > 64:
        return None
    match = _LANGUAGE_CODE.fullmatch(value.strip().lower())
    return match.group(1) if match else None


def _type_name(value: Any) -> str:
    names = {
        dict: "a mapping", list: "a list", bool: "true/false", int: "a number", float: "a number", str: "a string"
    }
    return names.get(type(value), type(value).__name__)


# ---------------------------------------------------------------------------------------------- JSONL


def _read_jsonl(path: str, seconds: float | None) -> Iterator[Article | InputError]:
    """One Article per non-empty line, read line by line; a bad line is reported as `path:LINENO`."""
    try:
        with open(path, "rb") as handle:
            head = _peek(handle, 16)
            kind = _binary_kind(head)
            if kind is not None:
                yield InputError(path, f"binary file, not text (looks like {kind})")
            elif head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
                yield InputError(path, "JSONL must be UTF-8, and this file is UTF-16")
            else:
                yield from _jsonl_records(path, handle, seconds)  # reports its own read errors by line
    except OSError as exc:  # opening it, or its first bytes
        yield InputError(path, f"cannot read file: {_reason(exc)}")


def _read_jsonl_gz(path: str, seconds: float | None) -> Iterator[Article | InputError]:
    """Gzipped JSONL, decompressed as it is read: records are named `path:LINENO` as in a JSONL file, and
    a file cut short or corrupt ends with one error at the line where the data broke."""
    try:
        with open(path, "rb") as handle:
            if _peek(handle, 2) != b"\x1f\x8b":
                kind = _binary_kind(_peek(handle, 16))
                looks = f" (looks like {kind})" if kind else ""
                yield InputError(path, f"not gzip-compressed{looks}; a .jsonl.gz file must be")
                return
            with gzip.GzipFile(fileobj=handle, mode="rb") as unpacked:
                yield from _jsonl_records(path, _GzipLines(unpacked), seconds)
    except OSError as exc:  # opening it, or its first bytes
        yield InputError(path, f"cannot read file: {_reason(exc)}")


class _GzipLines:
    """A gzip stream's lines; data cut short or corrupt is an OSError, as a failed read of a plain file is."""

    def __init__(self, stream: gzip.GzipFile) -> None:
        self.stream = stream

    def readline(self, size: int = -1) -> bytes:
        try:
            return self.stream.readline(size)
        except (EOFError, zlib.error, gzip.BadGzipFile) as exc:
            raise OSError(f"corrupt gzip data ({exc})") from exc


def _peek(handle: BinaryIO, size: int) -> bytes:
    """The first bytes, left in the stream (a pipe cannot seek back)."""
    peek = getattr(handle, "peek", None)
    if peek is not None:
        return bytes(peek(size)[:size])
    head = handle.read(size)
    handle.seek(0)
    return head


class _Lines(Protocol):
    def readline(self, size: int = -1, /) -> bytes: ...


def _jsonl_records(name: str, handle: _Lines, seconds: float | None,
                   first: bytes | None = None) -> Iterator[Article | InputError]:
    """The records of a JSONL stream (a file, or stdin whose `first` line is already read)."""
    records = 0
    lineno = 0
    while True:
        try:
            raw = first if first is not None else handle.readline(MAX_BYTES + 1)
            first = None
        except OSError as exc:
            yield InputError(f"{name}:{lineno + 1}", f"cannot read file: {_reason(exc)}")
            return
        if not raw:
            break
        lineno += 1
        where = f"{name}:{lineno}"
        if len(raw) > MAX_BYTES and not raw.endswith(b"\n"):
            _skip_line(handle)
            records += 1
            yield InputError(where, _over_limit("line"))
            continue
        if lineno == 1:
            raw = raw.removeprefix(codecs.BOM_UTF8)
        if not raw.strip():
            continue
        records += 1
        yield guarded(where, functools.partial(_jsonl_article, where, raw), seconds)
    if records == 0:
        yield InputError(name, "empty file" if name != STDIN else "empty input")


def _skip_line(handle: _Lines) -> None:
    while True:
        chunk = handle.readline(1024 * 1024)
        if not chunk or chunk.endswith(b"\n"):
            return


def _jsonl_article(where: str, raw: bytes) -> Article:
    try:
        line = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        message = f"not UTF-8 (bad byte at column {exc.start + 1}); JSONL must be UTF-8"
        raise InputError(where, message) from exc
    if _nesting(line) > MAX_NESTING:
        raise InputError(where, f"JSON nested deeper than {MAX_NESTING} levels; an article record is flat")
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        raise InputError(where, f"invalid JSON: {exc.msg} (column {exc.colno})") from exc
    if not isinstance(record, dict):
        raise InputError(where, f"expected a JSON object with a 'text' field, got {_type_name(record)}")
    text = record.get("text")
    if text is None:
        raise InputError(where, "no 'text' field")
    if not isinstance(text, str):
        raise InputError(where, f"'text' must be a string, not {_type_name(text)}")
    for key in ("text", *METADATA_KEYS):
        value = record.get(key)
        lone = _SURROGATE.search(value) if isinstance(value, str) else None
        if lone is not None:  # "\\ud800" alone decodes, but no UTF-8 can hold it
            raise InputError(where, f"field '{key}' holds a lone surrogate \\u{ord(lone.group()):04x} (half of an "
                                    "escaped character pair), which is no character")
    # other fields (source, author, ...) are common in scraped data and simply ignored
    meta = _check_metadata(record, where, "field")
    return _make_article(where, _normalise_newlines(text), meta, "utf-8")


def _nesting(line: str) -> int:
    """How deep the JSON nests lists and objects (brackets inside strings do not count), found without
    recursion: json.loads raises RecursionError on deep input, at a depth that depends on the caller."""
    if line.count("[") + line.count("{") <= MAX_NESTING:
        return 0  # cannot be deeper: the common case costs two counts
    brackets = re.sub(r"[^\[\]{}]++", "", _JSON_STRING.sub("", line))
    return max(accumulate(map(_BRACKET_STEP.__getitem__, brackets)), default=0)


# ---------------------------------------------------------------------------------------------- HTML


def _read_html(text: str, path: str) -> tuple[str, dict[str, str]]:
    """The page's main text, paragraphs as blank-line-separated blocks, with its title, url, date and lang."""
    trafilatura = _trafilatura()
    from trafilatura.baseline import baseline, html2txt
    from trafilatura.utils import load_html

    markup = _XML_DECLARATION.sub("", text, count=1)  # lxml refuses str input with an encoding declaration
    tree = load_html(markup)
    if tree is None:  # trafilatura rejects bare fragments such as "<p>...</p>"
        tree = load_html(f"<html><body>{markup}</body></html>")
    if tree is None:
        raise InputError(path, "no article text (not parseable as HTML)")
    root = tree.getroottree().getroot()
    document = trafilatura.bare_extraction(tree, with_metadata=True, include_comments=False)
    body = _paragraphs(document.text) if document is not None and document.text else ""
    if not body:
        body = _paragraphs(baseline(tree)[1]) or html2txt(tree)
    meta: dict[str, str] = {}
    if document is not None:
        for key in ("title", "url"):
            value = getattr(document, key)
            if value:
                meta[key] = value
        published = _published(document.date) if document.date else None
        if published:
            meta["published"] = published
    language = _language_code(root.get("lang") or root.get(_XML_LANG) or root.get("xml:lang"))
    if language:
        meta["language"] = language
    return body, meta


@functools.cache
def _trafilatura() -> Any:
    import trafilatura

    # trafilatura logs "discarding data" for every page it cannot use; the caller reports failures itself
    for name in ("trafilatura", "htmldate", "courlan"):
        logging.getLogger(name).addHandler(logging.NullHandler())
    return trafilatura


def _paragraphs(text: str | None) -> str:
    """trafilatura puts one block per line; blank lines make the paragraphs visible to sentence splitters."""
    if not text:
        return ""
    return "\n\n".join(line.strip() for line in _normalise_newlines(text).split("\n") if line.strip())


# ---------------------------------------------------------------------------------------------- language


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of the text's language, or None when there are too few letters to tell."""
    sample = text[:LANGUAGE_SAMPLE_CHARS]
    if not _has_letters(sample, MIN_LANGUAGE_LETTERS):
        return None
    quick = _by_function_words(sample)
    if quick is not None:
        return quick
    language, _score = _identifier().classify(sample)
    return _settle_cyrillic(language, sample)


@functools.cache
def _function_words() -> dict[str, frozenset[str]]:
    """The commonest short words of each language file (`dates.language_id`). A news paragraph holds
    dozens of them, so counting them settles most articles without loading py3langid's model (0.4 s)."""
    from .gazetteer import load_gazetteer

    return {lang: data.dates.language_id for lang, data in load_gazetteer().languages.items()
            if data.dates.language_id}


_WORD_RE = re.compile(r"[^\W\d_]+")


def _has_letters(sample: str, n: int) -> bool:
    """At least n letters in the sample: counted up to n only (most texts have them in their first line)."""
    for ch in sample:
        if ch.isalpha():
            n -= 1
            if n <= 0:
                return True
    return n <= 0


@functools.cache
def _function_word_languages() -> dict[str, tuple[str, ...]]:
    """Each function word with the languages it is one of, in the order of `_function_words`."""
    out: dict[str, tuple[str, ...]] = {}
    for lang, stop in _function_words().items():
        for word in stop:
            out[word] = (*out.get(word, ()), lang)
    return out


def _by_function_words(sample: str) -> str | None:
    """The language whose function words clearly dominate the sample, or None to ask py3langid."""
    counts = dict.fromkeys(_function_words(), 0)
    languages = _function_word_languages()
    seen = Counter(_WORD_RE.findall(sample.lower()))
    for word in seen.keys() & languages.keys():  # the function words among the sample's words
        for lang in languages[word]:
            counts[lang] += seen[word]
    ranked = sorted(counts.items(), key=lambda kv: -kv[1])
    (best, n1), (_second, n2) = ranked[0], ranked[1]
    if n1 < 12 or n1 < 2 * n2:
        return None
    return _settle_cyrillic(best, sample) if best in ("uk", "ru") else best


@functools.cache
def _identifier() -> Any:
    """Our own py3langid identifier: restricting the shared one would change it for other callers."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE)
    identifier.set_languages(list(LANGUAGES))
    return identifier


def _settle_cyrillic(language: str, sample: str) -> str:
    """Letters that only Ukrainian (і ї є ґ) or only Russian (ы э ё) uses settle what short text leaves open."""
    if language not in ("uk", "ru", "bg", "sr"):
        return language
    chars = set(sample)
    ukrainian, russian = bool(chars & _UKRAINIAN_ONLY), bool(chars & _RUSSIAN_ONLY)
    if ukrainian and not russian and "ъ" not in chars:
        return "uk"
    if russian and not ukrainian:
        return "ru"
    return language
