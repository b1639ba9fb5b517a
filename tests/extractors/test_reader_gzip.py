"""Gzipped JSONL: read line by line as it is decompressed, with every fault of a JSONL file and gzip's own."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from defcoop.extractors.model import Article
from defcoop.extractors.reader import ARCHIVE_SUFFIXES, read_article, read_inputs

SPAIN = "Spain signed a contract on Tuesday to buy 24 Hürjet trainer jets from Turkey, the defence ministry said."
POLAND = "Poland signed a deal on Wednesday to buy 180 K2 tanks from South Korea."


def lines(*records: dict | str) -> bytes:
    return "".join((r if isinstance(r, str) else json.dumps(r, ensure_ascii=False)) + "\n" for r in records).encode()


def save(tmp_path: Path, data: bytes, name: str = "batch.jsonl.gz") -> str:
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


def read(path: str) -> list[tuple[str, str]]:
    """(path, what) per item: the first words of an article, or an error's message."""
    return [(i.path, i.text[:12]) if isinstance(i, Article) else (i.path, f"error: {i.message}")
            for i in read_inputs([path])]


def test_records_are_articles_named_by_line_as_in_a_jsonl_file(tmp_path):
    path = save(tmp_path, gzip.compress(lines({"text": SPAIN, "published": "2025-03-14"}, {"text": POLAND})))
    items = list(read_inputs([path]))
    assert [(a.path, a.published, a.language) for a in items if isinstance(a, Article)] == [
        (f"{path}:1", "2025-03-14", "en"), (f"{path}:2", None, "en")]


def test_a_bad_line_is_one_error_and_the_lines_after_it_are_read(tmp_path):
    path = save(tmp_path, gzip.compress(lines({"text": SPAIN}, "{not json", {"text": POLAND})))
    assert read(path) == [(f"{path}:1", SPAIN[:12]),
                          (f"{path}:2", "error: invalid JSON: Expecting property name enclosed in double quotes "
                                        "(column 2)"),
                          (f"{path}:3", POLAND[:12])]


def test_several_gzip_members_read_as_one_stream(tmp_path):
    path = save(tmp_path, gzip.compress(lines({"text": SPAIN})) + gzip.compress(lines({"text": POLAND})))
    assert [p for p, _ in read(path)] == [f"{path}:1", f"{path}:2"]


def test_a_file_cut_short_ends_with_one_error_at_the_line_where_it_broke(tmp_path):
    data = gzip.compress(lines({"text": SPAIN}, {"text": POLAND}))
    path = save(tmp_path, data[:-12])
    assert read(path) == [(f"{path}:1", SPAIN[:12]),
                          (f"{path}:2", "error: cannot read file: corrupt gzip data (compressed file ended before "
                                        "the end-of-stream marker was reached)")]


def test_corrupt_compressed_data_is_one_error(tmp_path):
    data = bytearray(gzip.compress(lines(*({"text": f"{SPAIN} {i}"} for i in range(50)))))
    data[30:34] = b"\xff\xff\xff\xff"
    path = save(tmp_path, bytes(data))
    items = read(path)
    assert len(items) == 1
    assert items[0][0] == f"{path}:1"
    assert items[0][1].startswith("error: cannot read file: corrupt gzip data (")


def test_a_plain_jsonl_file_named_jsonl_gz_is_an_error(tmp_path):
    path = save(tmp_path, lines({"text": SPAIN}))
    assert read(path) == [(path, "error: not gzip-compressed; a .jsonl.gz file must be")]


def test_another_binary_file_named_jsonl_gz_is_named_by_its_kind(tmp_path):
    path = save(tmp_path, b"%PDF-1.4\n...")
    assert read(path) == [(path, "error: not gzip-compressed (looks like PDF); a .jsonl.gz file must be")]


def test_an_empty_gzipped_file_is_an_error(tmp_path):
    path = save(tmp_path, gzip.compress(b"\n\n"))
    assert read(path) == [(path, "error: empty file")]


def test_a_line_over_the_limit_is_refused_without_reading_it_whole(tmp_path, monkeypatch):
    from defcoop.extractors import reader

    monkeypatch.setattr(reader, "MAX_BYTES", 1024)
    path = save(tmp_path, gzip.compress(lines({"text": "x" * 5000}, {"text": POLAND})))
    assert read(path) == [(f"{path}:1", "error: line too large (more than 1 KB; the limit is 1 KB)"),
                          (f"{path}:2", POLAND[:12])]


def test_a_missing_file_is_an_error(tmp_path):
    path = str(tmp_path / "gone.jsonl.gz")
    assert read(path) == [(path, "error: no such file or folder")]


@pytest.mark.parametrize("suffix", ARCHIVE_SUFFIXES)
def test_read_article_refuses_a_file_of_many_articles(tmp_path, suffix):
    with pytest.raises(ValueError, match="holds many articles"):
        read_article(str(tmp_path / f"a{suffix}"))
