"""WARC archives: HTML pages become articles, other records are counted, a corrupt record is one error."""

from __future__ import annotations

import gzip
import io
import json
import subprocess
import sys
import zlib
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from defcoop.extractors.model import Article, InputError
from defcoop.extractors.reader import read_inputs

SPAIN = "Spain signed a contract on Tuesday to buy 24 Hürjet trainer jets from Turkey, the defence ministry said."
GERMANY = "Germany delivered another IRIS-T SLM air defence system to Ukraine on Monday, the government said."
POLAND = "Poland signed a deal on Wednesday to buy 180 K2 tanks from South Korea."
CRAWLED = "2025-03-14T09:30:00Z"
EXE = Path(sys.executable).with_name("defcoop")


def page(title: str, sentence: str, head: str = "") -> bytes:
    return (f"<!doctype html><html lang='en'><head><title>{title}</title>{head}</head><body><article>"
            f"<h1>{title}</h1><p>{sentence}</p><p>The ministry gave no further details.</p>"
            "</article></body></html>").encode()


@dataclass
class Warc:
    """A WARC file written with warcio, and where each record starts."""

    gz: bool
    buffer: io.BytesIO = field(default_factory=io.BytesIO)
    offsets: list[int] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.writer = WARCWriter(self.buffer, gzip=self.gz)

    def response(self, uri: str, payload: bytes, content_type: str = "text/html; charset=utf-8",
                 status: str = "200 OK", headers: list[tuple[str, str]] | None = None) -> int:
        http = StatusAndHeaders(status, [("Content-Type", content_type), *(headers or [])], protocol="HTTP/1.1")
        record = self.writer.create_warc_record(uri, "response", payload=io.BytesIO(payload), http_headers=http,
                                                warc_headers_dict={"WARC-Date": CRAWLED})
        return self._write(record)

    def request(self, uri: str) -> int:
        http = StatusAndHeaders(f"GET {uri} HTTP/1.1", [("Host", "example.org")], is_http_request=True)
        return self._write(self.writer.create_warc_record(uri, "request", payload=io.BytesIO(b""), http_headers=http))

    def _write(self, record: object) -> int:
        self.offsets.append(self.buffer.tell())
        self.writer.write_record(record)
        return len(self.offsets) - 1

    def save(self, folder: Path, name: str | None = None) -> Path:
        path = folder / (name or ("pages.warc.gz" if self.gz else "pages.warc"))
        path.write_bytes(self.buffer.getvalue())
        return path


def mixed(gz: bool) -> Warc:
    """Three pages among an image, a request, an error page and a PDF."""
    warc = Warc(gz)
    warc.request("https://example.org/spain")
    warc.response("https://example.org/spain", page("Spain buys jets", SPAIN))
    warc.response("https://example.org/logo.png", b"\x89PNG\r\n\x1a\n" + bytes(64), content_type="image/png")
    warc.response("https://example.org/germany", page("Air defence", GERMANY))
    warc.response("https://example.org/gone", page("Not found", "Nothing here."), status="404 Not Found")
    warc.response("https://example.org/report.pdf", b"%PDF-1.4 ...", content_type="application/pdf")
    warc.response("https://example.org/poland", page("Tanks", POLAND))
    return warc


def corrupt(data: bytes, offset: int, gz: bool) -> bytes:
    """Overwrite bytes inside the record at `offset`: its header line (plain) or its gzip data."""
    at = offset + (40 if gz else 3)
    return data[:at] + b"XXXXXXXX" + data[at + 8:]


def read(*paths: Path) -> list[Article | InputError]:
    return list(read_inputs([str(p) for p in paths]))


def pages(items: list[Article | InputError]) -> list[Article]:
    return [i for i in items if isinstance(i, Article)]


def errors(items: list[Article | InputError]) -> list[InputError]:
    return [i for i in items if isinstance(i, InputError)]


# ---------------------------------------------------------------------------------------------- pages


@pytest.mark.parametrize("gz", [False, True], ids=["warc", "warc.gz"])
def test_each_html_response_is_an_article_with_url_crawl_date_and_offset(tmp_path, gz):
    warc = mixed(gz)
    path = warc.save(tmp_path)
    items = read(path)
    assert errors(items) == []
    found = pages(items)
    assert [a.url for a in found] == ["https://example.org/spain", "https://example.org/germany",
                                      "https://example.org/poland"]
    assert [a.path for a in found] == [f"{path}@{warc.offsets[i]}" for i in (1, 3, 6)]
    assert {a.published for a in found} == {"2025-03-14"}
    assert {a.language for a in found} == {"en"}
    assert SPAIN in found[0].text and found[0].title == "Spain buys jets"
    assert found[0].id is not None and found[0].id.startswith("<urn:uuid:")


@pytest.mark.parametrize("gz", [False, True], ids=["warc", "warc.gz"])
def test_an_article_offset_reads_the_same_record_back_with_warcio(tmp_path, gz):
    path = mixed(gz).save(tmp_path)
    for article in pages(read(path)):
        offset = int(article.path.rsplit("@", 1)[1])
        with open(path, "rb") as handle:
            handle.seek(offset)
            record = next(iter(ArchiveIterator(handle)))
            assert record.rec_headers.get_header("WARC-Target-URI") == article.url


def test_non_html_records_are_skipped_and_counted_in_a_warning_on_the_last_page(tmp_path):
    path = mixed(True).save(tmp_path)
    found = pages(read(path))
    assert [a.warnings for a in found[:-1]] == [[], []]
    assert found[-1].warnings == [f"3 records of {path} skipped, not HTML pages: 1 HTTP 404, 1 application/pdf, "
                                  "1 image/png"]


def test_a_warc_without_any_page_is_one_error_naming_what_it_skipped(tmp_path):
    warc = Warc(True)
    warc.request("https://example.org/a.png")
    warc.response("https://example.org/a.png", b"\x89PNG\r\n\x1a\n", content_type="image/png")
    path = warc.save(tmp_path)
    (error,) = read(path)
    assert isinstance(error, InputError)
    assert error.path == str(path)
    assert error.message == f"no HTML page in this WARC file (1 record of {path} skipped, not HTML pages: 1 image/png)"


def test_the_page_date_wins_over_the_crawl_date(tmp_path):
    warc = Warc(True)
    warc.response("https://example.org/a", page("Old news", POLAND,
                                                '<meta property="article:published_time" content="2022-07-27">'))
    (article,) = read(warc.save(tmp_path))
    assert isinstance(article, Article)
    assert article.published == "2022-07-27"


def test_the_http_charset_decodes_the_page(tmp_path):
    warc = Warc(False)
    text = "Le ministère a confirmé mardi la livraison de douze canons CAESAR à l'Ukraine, à l'été."
    html = f"<html lang='fr'><body><article><p>{text}</p></article></body></html>".encode("cp1252")
    warc.response("https://example.org/fr", html, content_type="text/html; charset=windows-1252")
    (article,) = read(warc.save(tmp_path))
    assert isinstance(article, Article)
    assert text in article.text and article.encoding == "cp1252"


def test_a_gzip_content_encoding_is_decoded(tmp_path):
    warc = Warc(True)
    warc.response("https://example.org/a", gzip.compress(page("Jets", SPAIN)), headers=[("Content-Encoding", "gzip")])
    (article,) = read(warc.save(tmp_path))
    assert isinstance(article, Article)
    assert SPAIN in article.text


def test_an_unknown_content_encoding_is_an_error_for_that_page_only(tmp_path):
    warc = Warc(True)
    warc.response("https://example.org/a", b"\x00\x01", headers=[("Content-Encoding", "br")])
    warc.response("https://example.org/b", page("Tanks", POLAND))
    path = warc.save(tmp_path)
    items = read(path)
    assert [e.message for e in errors(items)] == ["page compressed with 'br', which cannot be read (gzip and "
                                                  "deflate can)"]
    assert [a.url for a in pages(items)] == ["https://example.org/b"]


def test_a_folder_walk_finds_warc_and_gzipped_jsonl_files(tmp_path):
    mixed(True).save(tmp_path, "a.warc.gz")
    mixed(False).save(tmp_path, "b.warc")
    (tmp_path / "c.jsonl.gz").write_bytes(gzip.compress(json.dumps({"text": POLAND}).encode() + b"\n"))
    (tmp_path / "d.gz").write_bytes(gzip.compress(b"not an input"))
    names = sorted({Path(a.path.split("@")[0].split(":")[0]).name for a in pages(read(tmp_path))})
    assert names == ["a.warc.gz", "b.warc", "c.jsonl.gz"]


# ---------------------------------------------------------------------------------------------- corruption


@pytest.mark.parametrize("gz", [False, True], ids=["warc", "warc.gz"])
def test_a_corrupt_record_is_one_error_and_the_records_after_it_are_read(tmp_path, gz, capfd):
    warc = mixed(gz)
    path = tmp_path / "pages.warc"
    path.write_bytes(corrupt(warc.buffer.getvalue(), warc.offsets[3], gz))
    items = read(path)
    (error,) = errors(items)
    assert error.path == f"{path}@{warc.offsets[3]}"
    assert error.message.startswith("corrupt WARC record (invalid WARC record")
    assert error.message.endswith("; read on from the next record")
    assert [a.url for a in pages(items)] == ["https://example.org/spain", "https://example.org/poland"]
    assert capfd.readouterr().err == ""  # warcio's own notes on stderr are turned into the error


def test_a_record_whose_content_length_is_wrong_is_corrupt(tmp_path):
    warc = mixed(False)
    data = warc.buffer.getvalue()
    start, end = warc.offsets[3], warc.offsets[4]
    record = data[start:end]
    header_end = record.index(b"\r\n\r\n")
    length = record[:header_end].split(b"Content-Length: ")[1].split(b"\r\n")[0]
    record = record.replace(b"Content-Length: " + length, b"Content-Length: " + str(int(length) - 7).encode(), 1)
    path = tmp_path / "pages.warc"
    path.write_bytes(data[:start] + record + data[end:])
    items = read(path)
    assert [(e.path, e.message) for e in errors(items)] == [
        (f"{path}@{start}", "corrupt WARC record (the record does not end where its Content-Length says); read "
                            "on from the next record")]
    assert [a.url for a in pages(items)] == ["https://example.org/spain", "https://example.org/poland"]


def test_a_record_that_fails_its_digest_is_corrupt(tmp_path):
    warc = mixed(False)
    data = warc.buffer.getvalue().replace(b"IRIS-T SLM", b"IRIS-T SLX")
    path = tmp_path / "pages.warc"
    path.write_bytes(data)
    items = read(path)
    (error,) = errors(items)
    assert error.path == f"{path}@{warc.offsets[3]}"
    assert error.message.startswith("corrupt WARC record (block digest failed: sha1:")
    assert len(pages(items)) == 2


@pytest.mark.parametrize("gz", [False, True], ids=["warc", "warc.gz"])
def test_a_file_cut_inside_its_last_record_reports_that_record(tmp_path, gz):
    warc = mixed(gz)
    path = tmp_path / "pages.warc"
    path.write_bytes(warc.buffer.getvalue()[: warc.offsets[6] + 150])
    items = read(path)
    (error,) = errors(items)
    assert error.path.startswith(f"{path}@")
    assert "cut short" in error.message
    assert [a.url for a in pages(items)] == ["https://example.org/spain", "https://example.org/germany"]


def test_corrupt_gzip_data_inside_a_record_is_one_error(tmp_path, capfd):
    warc = mixed(True)
    data = bytearray(warc.buffer.getvalue())
    start, end = warc.offsets[3], warc.offsets[4]
    middle = (start + end) // 2
    data[middle:middle + 4] = bytes(b ^ 0xFF for b in data[middle:middle + 4])
    path = tmp_path / "pages.warc.gz"
    path.write_bytes(bytes(data))
    items = read(path)
    (error,) = errors(items)
    assert error.path == f"{path}@{start}"
    assert error.message.startswith("corrupt WARC record (")
    assert [a.url for a in pages(items)] == ["https://example.org/spain", "https://example.org/poland"]
    assert capfd.readouterr().err == ""


def test_a_warc_gzipped_as_one_stream_is_one_error(tmp_path):
    path = tmp_path / "pages.warc.gz"
    path.write_bytes(gzip.compress(mixed(False).buffer.getvalue()))
    items = read(path)
    assert [e.message for e in errors(items)] == [
        "gzip compresses the whole file as one stream, not each record on its own; `warcio recompress` makes a "
        "readable copy"]


def test_a_file_that_is_no_warc_is_one_error(tmp_path):
    path = tmp_path / "page.warc"
    path.write_bytes(b"<html><body>hello</body></html>")
    (error,) = read(path)
    assert isinstance(error, InputError)
    assert error.message == "not a WARC file (unknown archive format: '<html><body>hello</body></html>')"


def test_an_empty_warc_is_an_error(tmp_path):
    path = tmp_path / "empty.warc.gz"
    path.write_bytes(b"")
    (error,) = read(path)
    assert isinstance(error, InputError)
    assert error.message == "empty file"


def test_a_page_that_cannot_be_read_does_not_stop_the_file(tmp_path):
    warc = Warc(True)
    warc.response("https://example.org/empty", b"   ")
    warc.response("https://example.org/b", page("Tanks", POLAND))
    path = warc.save(tmp_path)
    items = read(path)
    assert [(e.path, e.message) for e in errors(items)] == [(f"{path}@{warc.offsets[0]}", "empty page")]
    assert [a.url for a in pages(items)] == ["https://example.org/b"]


def test_zlib_is_what_gzip_members_use(tmp_path):
    """The scan for the next record looks for a gzip member's first bytes: deflate, as warcio writes."""
    data = mixed(True).buffer.getvalue()
    assert data[:3] == b"\x1f\x8b\x08"
    assert zlib.decompress(data, zlib.MAX_WBITS | 16).startswith(b"WARC/1.")


# ---------------------------------------------------------------------------------------------- the CLI


def test_extract_on_a_mixed_warc_gives_its_facts_and_one_error_line(tmp_path):
    warc = mixed(True)
    path = tmp_path / "news.warc.gz"
    path.write_bytes(corrupt(warc.buffer.getvalue(), warc.offsets[3], gz=True))
    proc = subprocess.run([str(EXE), "extract", str(path), "-f", "jsonl", "--blank"], capture_output=True, text=True,
                          cwd=tmp_path)
    facts = [json.loads(line) for line in proc.stdout.splitlines()]
    assert [(f["article"], f["action"], f["actors"], f["systems"], f["date"]) for f in facts] == [
        (f"{path}@{warc.offsets[1]}", "agree", ["ES", "TR"], ["Hürjet"], "2025-03-11"),
        (f"{path}@{warc.offsets[6]}", "agree", ["PL", "KR"], ["K2 Black Panther"], "2025-03-12"),
    ]
    lines = proc.stderr.splitlines()
    assert [line for line in lines if line.startswith("error:")] == [
        f"error: {path}@{warc.offsets[3]}: corrupt WARC record (invalid WARC record); read on from the next record"]
    assert lines[-1] == "1 input(s) failed, 2 read (1 warning)"
    assert proc.returncode == 1
