"""WARC archives (`.warc`, `.warc.gz`, read with warcio): each HTML page a crawler saved is an article.

A response (or resource) record with a 2xx status and an HTML content type (`text/html`,
`application/xhtml+xml`) is read through the reader's HTML path (`reader.page_article`). Its URL is the
record's `WARC-Target-URI`, its id the `WARC-Record-ID`; its publication date is the page's own, else one
found at the top of its text, else the record's `WARC-Date` (the crawl day, which a news crawl takes soon
after publication). It is named `FILE@OFFSET`, the record's byte offset in the file, which
`warcio extract FILE OFFSET` reads back.

Other content records (images, PDFs, redirects, error pages, revisits) are skipped and counted, and the
count is a warning on the file's last page; request, metadata and warcinfo records are bookkeeping and
pass silently. A record is accepted only once the next one starts where it should: a corrupt record (a
broken header, a Content-Length that does not end the record, a failed digest, corrupt gzip data) is one
InputError, and reading resumes at the next record start found after it (the next gzip member of a
`.warc.gz`, the next `WARC/1.` line of a `.warc`). warcio reports some of these on stderr and reads on
from a wrong place; `_Records` turns them into errors instead.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import re
import zlib
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, BinaryIO

from warcio.archiveiterator import ArchiveIterator
from warcio.bufferedreaders import ChunkedDataReader, DecompressingBufferedReader
from warcio.exceptions import ArchiveLoadFailed
from warcio.recordloader import ArcWarcRecord
from warcio.statusandheaders import StatusAndHeadersParserException
from warcio.utils import BUFF_SIZE

from . import reader
from .model import Article, InputError

HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
CONTENT_RECORDS = frozenset({"response", "resource", "revisit"})
_GZIP_MEMBER = b"\x1f\x8b\x08"
_RECORD_LINE = b"\nWARC/1."
_SCAN_BLOCK = 1 << 20
_CHARSET = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9_.:-]+)", re.I)


class _Misaligned(Exception):
    """The bytes after a record are not the blank lines that end it: its Content-Length is wrong."""


# what warcio raises on broken data; anything else it raises there is named by its type
_BROKEN = (ArchiveLoadFailed, StatusAndHeadersParserException, zlib.error, EOFError, OSError, ValueError, _Misaligned)


class _StrictReader(DecompressingBufferedReader):
    """warcio's reader, but gzip data that breaks mid-member raises (warcio prints it and reads on)."""

    def _decompress(self, data: bytes) -> bytes:
        if self.decompressor is not None and data and self.num_block_read:
            return bytes(self.decompressor.decompress(data))
        return bytes(super()._decompress(data))


class _Records(ArchiveIterator):
    """warcio's iterator, strict: a misaligned record or corrupt gzip is an exception, never a note on
    stderr; digests are checked where the record has them."""

    def __init__(self, handle: BinaryIO) -> None:
        super().__init__(handle, check_digests=True)
        self.reader = _StrictReader(self.fh, block_size=BUFF_SIZE)

    def _consume_blanklines(self) -> tuple[bytes | None, int]:
        empty = 0
        while True:
            line = self.reader.readline()
            if not line:
                return None, empty
            if line.strip():
                if empty == 0 and self.record is not None:
                    raise _Misaligned("the record does not end where its Content-Length says")
                return line, empty
            empty += len(line)


@dataclass(slots=True)
class _Record:
    """What one record gave: an article, an error, or nothing (`skipped` says why, when it counts)."""

    offset: int
    item: Article | InputError | None = None
    skipped: str | None = None


@dataclass(slots=True)
class _File:
    """One file's items in file order, from its last page on held back: that page carries the count of
    skipped records, known only at the end."""

    path: str
    held: list[Article | InputError] = field(default_factory=list)  # a page, then the errors after it
    skipped: Counter[str] = field(default_factory=Counter)
    errors: int = 0
    records: int = 0

    def add(self, record: _Record) -> Iterator[Article | InputError]:
        self.records += 1
        if record.skipped is not None:
            self.skipped[record.skipped] += 1
        if record.item is not None:
            yield from self.put(record.item)

    def put(self, item: Article | InputError) -> Iterator[Article | InputError]:
        if isinstance(item, Article):
            yield from self.held
            self.held = [item]
            return
        self.errors += 1
        if self.held:
            self.held.append(item)
        else:
            yield item

    def finish(self, size: int) -> Iterator[Article | InputError]:
        note = self.note()
        if self.held:
            page = self.held[0]
            if note and isinstance(page, Article):
                page.warnings.append(note)
            yield from self.held
        elif size == 0:
            yield InputError(self.path, "empty file")
        elif not self.errors:
            yield InputError(self.path, f"no HTML page in this WARC file{f' ({note})' if note else ''}")

    def note(self) -> str | None:
        total = sum(self.skipped.values())
        if not total:
            return None
        kinds = ", ".join(f"{n} {kind}" for kind, n in sorted(self.skipped.items(), key=lambda kv: (-kv[1], kv[0])))
        records = "record" if total == 1 else "records"
        return f"{total} {records} of {self.path} skipped, not HTML pages: {kinds}"


def read_warc(path: str, seconds: float | None) -> Iterator[Article | InputError]:
    """The pages of one WARC file, in file order; every problem is one InputError and the rest is read."""
    found = _File(path)
    size = -1
    try:
        with open(path, "rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            compressed = handle.read(3) == _GZIP_MEMBER
            yield from _records(found, handle, compressed, seconds)
    except OSError as exc:  # opening it, or reading it where no record is being read
        yield from found.put(InputError(path, f"cannot read file: {_reason(exc)}"))
    yield from found.finish(size)


def _records(found: _File, handle: BinaryIO, compressed: bool,
             seconds: float | None) -> Iterator[Article | InputError]:
    """Read from each start in turn: the file's, then the next record start after each corrupt record."""
    start: int | None = 0
    resyncing = False  # a start found by scanning that fails too is no second error
    while start is not None:
        handle.seek(start)
        records = _Records(handle)
        held: _Record | None = None
        try:
            for record in records:
                current = _record(found.path, records.offset, record, seconds)
                if held is not None:
                    yield from found.add(held)
                held, resyncing = current, False
            if held is not None:
                yield from found.add(held)
            if _cut_short(handle, records.offset):
                yield from found.put(InputError(f"{found.path}@{records.offset}",
                                                "corrupt WARC record (the file ends inside it: cut short)"))
            return
        except Exception as exc:  # the record boundary: warcio raises what broken data makes it raise
            bad = records.offset
            if held is not None and held.offset != bad:
                yield from found.add(held)  # the iterator got past it: it was whole
            start = _next_start(handle, bad + 1, compressed)
            if not resyncing:
                cut = start is None and compressed and _member_cut(handle, bad)
                yield from found.put(_corrupt(found, bad, exc, start, cut))
            if _one_stream(exc):
                return
            resyncing = True


def _cut_short(handle: BinaryIO, end: int) -> bool:
    """Bytes beyond the last whole record other than blank lines: warcio ends quietly at a record that
    the file cuts short."""
    handle.seek(end)
    while True:
        block = handle.read(_SCAN_BLOCK)
        if not block:
            return False
        if block.strip():
            return True


def _member_cut(handle: BinaryIO, offset: int) -> bool:
    """Whether the gzip member at `offset`, the file's last, ends before its end-of-stream marker."""
    handle.seek(offset)
    unpack = zlib.decompressobj(zlib.MAX_WBITS | 16)
    try:
        while not unpack.eof:
            block = handle.read(_SCAN_BLOCK)
            if not block:
                return True
            unpack.decompress(block, 1)  # only whether it ends: keep no output
            while unpack.unconsumed_tail and not unpack.eof:
                unpack.decompress(unpack.unconsumed_tail, 1 << 16)
    except zlib.error:
        return False
    return False


def _corrupt(found: _File, offset: int, exc: BaseException, resume: int | None, cut: bool = False) -> InputError:
    reason = "the file ends inside it: cut short" if cut else _one_line(exc)
    if _one_stream(exc):
        return InputError(found.path, "gzip compresses the whole file as one stream, not each record on its own; "
                                      "`warcio recompress` makes a readable copy")
    if offset == 0 and resume is None and found.records == 0:
        return InputError(found.path, f"not a WARC file ({reason})")
    then = "read on from the next record" if resume is not None else "nothing readable after it"
    return InputError(f"{found.path}@{offset}", f"corrupt WARC record ({reason}); {then}")


def _one_stream(exc: BaseException) -> bool:
    return isinstance(exc, ArchiveLoadFailed) and "non-chunked gzip" in str(exc)


def _next_start(handle: BinaryIO, after: int, compressed: bool) -> int | None:
    """The offset of the next record start at or after `after`, by scanning the bytes."""
    pattern = _GZIP_MEMBER if compressed else _RECORD_LINE
    skip = 0 if compressed else 1  # the newline before "WARC/1."
    handle.seek(max(0, after - skip))
    base, tail = max(0, after - skip), b""
    while True:
        block = handle.read(_SCAN_BLOCK)
        if not block:
            return None
        data = tail + block
        at = data.find(pattern)
        if at >= 0:
            return base - len(tail) + at + skip
        tail = data[-(len(pattern) - 1):]
        base += len(block)


# ---------------------------------------------------------------------------------------------- one record


def _record(path: str, offset: int, record: ArcWarcRecord, seconds: float | None) -> _Record:
    """Read one record whole (so its digest is checked) and make it an article, an error or a skip."""
    where = f"{path}@{offset}"
    kind = record.rec_type
    why = None if kind not in CONTENT_RECORDS else "revisit" if kind == "revisit" else _not_a_page(record)
    data = _body(record) if kind in CONTENT_RECORDS and why is None else b""
    _drain(record)
    broken = _broken(record)
    if broken is not None:
        return _Record(offset, InputError(where, f"corrupt WARC record ({broken})"))
    if kind not in CONTENT_RECORDS or why is not None:
        return _Record(offset, skipped=why)
    if data is None:
        return _Record(offset, InputError(where, f"page too large (more than {reader.MAX_BYTES // 2**20} MB; "
                                                 f"the limit is {reader.MAX_BYTES // 2**20} MB)"))
    headers = record.http_headers if record.http_headers is not None else record.rec_headers
    charset = _CHARSET.search(headers.get_header("Content-Type") or "")
    meta = _record_meta(record)
    read = functools.partial(_page, where, data, record, charset.group(1) if charset else None, meta)
    return _Record(offset, reader.guarded(where, read, seconds))


def _page(where: str, data: bytes, record: ArcWarcRecord, charset: str | None, meta: dict[str, str]) -> Article:
    return reader.page_article(where, _decoded(where, data, record), charset=charset, meta=meta)


def _broken(record: ArcWarcRecord) -> str | None:
    """What is wrong with a record read to its end, or None: warcio takes a cut header for a record of
    no type, and a cut body for a short one."""
    if not record.rec_type:
        return "its header is cut short: no WARC-Type"
    if record.rec_headers.get_header("Content-Length") is None:
        return "its header is cut short: no Content-Length"
    if getattr(record.raw_stream, "limit", 0) > 0:
        return "the file ends inside it: cut short"
    if record.digest_checker is not None and record.digest_checker.passed is False:
        return str((record.digest_checker.problems or ["digest failed"])[0])
    return None


def _not_a_page(record: ArcWarcRecord) -> str | None:
    """Why a response or resource is no page to read (`HTTP 404`, `image/png`), or None for a page."""
    headers = record.http_headers
    if headers is not None:
        status = headers.get_statuscode()
        if not status.startswith("2"):
            return f"HTTP {status}"
    else:
        headers = record.rec_headers
    mime = (headers.get_header("Content-Type") or "").split(";")[0].strip().lower()
    if mime not in HTML_TYPES:
        return mime or "no content type"
    return None


def _record_meta(record: ArcWarcRecord) -> dict[str, str]:
    meta = {}
    url = record.rec_headers.get_header("WARC-Target-URI")
    if url:
        meta["url"] = url.strip().strip("<>")
    day = _day(record.rec_headers.get_header("WARC-Date"))
    if day:
        meta["published"] = day
    record_id = record.rec_headers.get_header("WARC-Record-ID")
    if record_id:
        meta["id"] = record_id.strip()
    return meta


def _day(value: str | None) -> str | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value.strip()[:10]).isoformat()
    except ValueError:
        return None


def _body(record: ArcWarcRecord) -> bytes | None:
    """The payload as sent (de-chunked, still with its Content-Encoding), or None when over the limit."""
    stream: Any = record.raw_stream
    headers = record.http_headers
    if headers is not None and (headers.get_header("Transfer-Encoding") or "").lower() == "chunked":
        stream = ChunkedDataReader(stream, decomp_type=None)
    data = stream.read(reader.MAX_BYTES + 1)
    return None if len(data) > reader.MAX_BYTES else bytes(data)


def _decoded(where: str, data: bytes, record: ArcWarcRecord) -> bytes:
    """The payload without its HTTP Content-Encoding (gzip or deflate), bounded as a file is."""
    headers = record.http_headers
    encoding = (headers.get_header("Content-Encoding") or "").strip().lower() if headers is not None else ""
    if encoding in ("", "identity"):
        return data
    if encoding not in ("gzip", "x-gzip", "deflate"):
        raise InputError(where, f"page compressed with {encoding!r}, which cannot be read (gzip and deflate can)")
    try:
        unpack = zlib.decompressobj(zlib.MAX_WBITS | 32)  # a gzip or zlib header, found by itself
        out = unpack.decompress(data, reader.MAX_BYTES + 1)
    except zlib.error:
        try:
            unpack = zlib.decompressobj(-zlib.MAX_WBITS)  # "deflate" sent without its zlib header
            out = unpack.decompress(data, reader.MAX_BYTES + 1)
        except zlib.error as exc:
            raise InputError(where, f"cannot decompress the page ({encoding}: {exc})") from exc
    if len(out) > reader.MAX_BYTES:
        raise InputError(where, f"page too large once decompressed (more than {reader.MAX_BYTES // 2**20} MB)")
    return out


def _drain(record: ArcWarcRecord) -> None:
    """Read the record to its end: its block digest is checked there."""
    while record.raw_stream.read(BUFF_SIZE):
        pass


def _reason(exc: OSError) -> str:
    return (exc.strerror or str(exc)).lower()


_QUOTED_LINE = re.compile(r",?\s*first line:.*", re.S)
_PLAIN = re.compile(r"[ -~]{1,60}")


def _one_line(exc: BaseException) -> str:
    """warcio's messages span lines (its gzip advice) and quote the raw line they stopped at, which in
    a corrupt file is binary: one short line, quoting the line only when it is plain text."""
    if not isinstance(exc, _BROKEN):
        return " ".join(f"{type(exc).__name__}: {exc}".split())[:160]
    text = str(exc)
    quoted = re.search(r"first line:\s*(.*)", text)
    text = " ".join(_QUOTED_LINE.sub("", text).split()) or type(exc).__name__
    line = quoted.group(1).strip().strip("[]'\"") if quoted else ""
    if line and _PLAIN.fullmatch(line):
        text += f": {line!r}"
    return text[0].lower() + text[1:]
