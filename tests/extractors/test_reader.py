"""Tests for the input layer: every input form, every encoding, every way an input can be bad."""

from __future__ import annotations

import io
import json
import os
import time
from pathlib import Path

import pytest

from defcoop.extractors import reader
from defcoop.extractors.model import Article, InputError
from defcoop.extractors.reader import (
    MAX_BYTES,
    SUPPORTED_SUFFIXES,
    decode,
    detect_language,
    expand_inputs,
    read_article,
    read_inputs,
)

ENGLISH = "The defence ministry said on Tuesday that twelve howitzers had reached the eastern brigades."
FRENCH = "Le ministère des Armées a confirmé mardi que douze obusiers étaient arrivés près du front, à l'été."
GERMAN = "Das Verteidigungsministerium bestätigte am Dienstag, dass zwölf Haubitzen an die Brigaden übergeben wurden."
UKRAINIAN = "Міністерство оборони повідомило у вівторок, що дванадцять гаубиць уже прибули до бригад на сході країни."
RUSSIAN = "Министерство обороны сообщило во вторник, что двенадцать гаубиц уже прибыли в бригады на востоке страны."
ITALIAN = "Il ministero della Difesa ha comunicato martedì che dodici obici sono già arrivati alle brigate orientali."
POLISH = "Ministerstwo Obrony Narodowej przekazało we wtorek, że dwanaście haubic dotarło już do brygad na wschodzie."
SPANISH = "El Ministerio de Defensa informó el martes de que doce obuses ya han llegado a las brigadas del este del país."


def write(folder: Path, name: str, content: str | bytes) -> str:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        content = content.encode("utf-8")
    path.write_bytes(content)
    return str(path)


def articles(items: list[Article | InputError]) -> list[Article]:
    return [item for item in items if isinstance(item, Article)]


def errors(items: list[Article | InputError]) -> list[InputError]:
    return [item for item in items if isinstance(item, InputError)]


def read_one_bad(tmp_path: Path, name: str, content: str | bytes) -> InputError:
    """Read the bad file between two good ones: exactly one error, and both good articles still arrive."""
    before = write(tmp_path, "a_before.txt", ENGLISH)
    bad = write(tmp_path, name, content)
    after = write(tmp_path, "z_after.txt", FRENCH)
    items = list(read_inputs([before, bad, after]))
    assert [a.path for a in articles(items)] == [before, after]
    assert len(errors(items)) == 1
    error = errors(items)[0]
    assert error.path == bad
    return error


# ---------------------------------------------------------------------------------------------- forms


def test_api_constants_match_the_contract():
    assert SUPPORTED_SUFFIXES == (".txt", ".md", ".html", ".htm", ".jsonl")
    assert MAX_BYTES == 10 * 1024 * 1024


def test_plain_text_file_becomes_one_article_with_detected_language(tmp_path):
    path = write(tmp_path, "note.txt", ENGLISH + "\n")
    article = read_article(path)
    assert article == Article(path=path, text=ENGLISH, language="en", encoding="utf-8")


def test_file_with_unknown_suffix_named_explicitly_is_read_as_text(tmp_path):
    path = write(tmp_path, "dispatch.log", ENGLISH)
    [article] = list(read_inputs([path]))
    assert article.text == ENGLISH


def test_front_matter_sets_metadata_and_is_cut_from_the_text(tmp_path):
    content = (
        "---\n"
        "url: https://news.example/howitzers\n"
        "published: 2026-02-09\n"
        "title: Howitzers arrive\n"
        "language: EN-gb\n"
        "id: 42\n"
        "---\n"
        "\n"
        f"{ENGLISH}\n"
    )
    article = read_article(write(tmp_path, "story.md", content))
    assert article.text == ENGLISH
    assert (article.url, article.published, article.title, article.language, article.id) == (
        "https://news.example/howitzers", "2026-02-09", "Howitzers arrive", "en", "42"
    )


def test_front_matter_published_may_be_a_quoted_string_or_a_timestamp(tmp_path):
    quoted = read_article(write(tmp_path, "a.md", f"---\npublished: '2025-06-06'\n---\n{FRENCH}"))
    stamped = read_article(write(tmp_path, "b.md", f"---\npublished: 2025-06-06 01:30:00\n---\n{FRENCH}"))
    assert quoted.published == stamped.published == "2025-06-06"


def test_empty_front_matter_block_is_allowed(tmp_path):
    article = read_article(write(tmp_path, "a.txt", f"---\n---\n{ENGLISH}"))
    assert article.text == ENGLISH
    assert article.title is None


def test_front_matter_language_wins_over_detection(tmp_path):
    article = read_article(write(tmp_path, "a.txt", f"---\nlanguage: de\n---\n{ENGLISH}"))
    assert article.language == "de"


def test_front_matter_date_wins_over_a_date_in_the_text(tmp_path):
    content = f"---\npublished: 2026-01-05\n---\nKyiv, 9 February 2026\n{ENGLISH}"
    assert read_article(write(tmp_path, "a.txt", content)).published == "2026-01-05"


def test_date_in_the_first_lines_is_used_when_metadata_has_none(tmp_path):
    article = read_article(write(tmp_path, "a.txt", f"Posted 9 February 2026, 14:39\n\n{ENGLISH}"))
    assert article.published == "2026-02-09"


def test_a_line_of_dashes_later_in_the_text_is_not_front_matter(tmp_path):
    content = f"{ENGLISH}\n---\n{FRENCH}\n"
    assert read_article(write(tmp_path, "a.md", content)).text == content.rstrip()


HTML_PAGE = """<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<title>Howitzers arrive | Example News</title>
<meta property="og:title" content="Howitzers arrive in the east">
<meta property="og:url" content="https://news.example/2026/howitzers">
<meta property="article:published_time" content="2026-02-09T14:39:00+01:00">
</head>
<body>
<nav><a href="/">Home</a> <a href="/world">World</a> <a href="/defence">Defence</a></nav>
<article>
<h1>Howitzers arrive in the east</h1>
<p>The defence ministry said on Tuesday that twelve self-propelled howitzers had reached the eastern brigades,
two weeks ahead of the schedule agreed with the manufacturer.</p>
<p>A further delivery of ammunition is planned for the spring, according to a spokesperson who asked not to be
named because the shipment dates are classified.</p>
</article>
<div class="comments"><p>Reader comment: great news, but when will the next batch of spare parts arrive?</p></div>
<footer>Copyright Example News. All rights reserved.</footer>
</body>
</html>
"""


def test_html_is_reduced_to_main_text_with_metadata(tmp_path):
    article = read_article(write(tmp_path, "page.html", HTML_PAGE))
    paragraphs = article.text.split("\n\n")
    assert paragraphs[0] == "Howitzers arrive in the east"
    assert paragraphs[1].startswith("The defence ministry said on Tuesday")
    assert paragraphs[2].startswith("A further delivery of ammunition")
    assert "Home" not in article.text and "Reader comment" not in article.text and "Copyright" not in article.text
    assert article.title == "Howitzers arrive in the east"
    assert article.url == "https://news.example/2026/howitzers"
    assert article.published == "2026-02-09"
    assert article.language == "en"


def test_htm_suffix_is_read_as_html(tmp_path):
    article = read_article(write(tmp_path, "page.HTM", HTML_PAGE))
    assert article.title == "Howitzers arrive in the east"


def test_html_without_lang_attribute_gets_a_detected_language(tmp_path):
    page = HTML_PAGE.replace(' lang="en-GB"', "")
    assert read_article(write(tmp_path, "page.html", page)).language == "en"


def test_html_lang_of_an_xhtml_page_with_xml_declaration_is_read(tmp_path):
    page = '<?xml version="1.0" encoding="utf-8"?>\n' + HTML_PAGE.replace(
        '<html lang="en-GB">', '<html xmlns="http://www.w3.org/1999/xhtml" xml:lang="fr">'
    )
    article = read_article(write(tmp_path, "page.xhtml.html", page))
    assert article.language == "fr"
    assert "twelve self-propelled howitzers" in article.text


def test_html_fragment_without_html_element_is_read(tmp_path):
    article = read_article(write(tmp_path, "fragment.html", f"<p>{ENGLISH}</p>"))
    assert article.text == ENGLISH


def test_html_falls_back_to_visible_text_when_trafilatura_finds_no_main_text(tmp_path, monkeypatch):
    import trafilatura

    monkeypatch.setattr(trafilatura, "bare_extraction", lambda *args, **kwargs: None)
    article = read_article(write(tmp_path, "page.html", HTML_PAGE))
    assert "twelve self-propelled howitzers" in article.text
    assert article.title is None  # the metadata came with the extraction that failed
    assert article.language == "en"  # <html lang> does not depend on it


def test_html_with_no_text_is_no_article_text(tmp_path):
    page = "<html><head><title>Just a title</title></head><body></body></html>"
    error = read_one_bad(tmp_path, "empty.html", page)
    assert error.message.startswith("no article text")


def test_html_declared_charset_is_used_for_legacy_pages(tmp_path):
    text = "Żołnierze otrzymali nowe haubice; dostawa przyszła wcześniej, niż zapowiadało ministerstwo."
    page = f'<html lang="pl"><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1250"></head><body><p>{text}</p></body></html>'
    article = read_article(write(tmp_path, "pl.html", page.encode("cp1250")))
    assert article.text == text
    assert article.encoding == "cp1250"


def test_html_declaring_a_charset_it_does_not_use_is_still_decoded(tmp_path):
    page = f'<html><head><meta charset="utf-8"></head><body><p>{FRENCH}</p></body></html>'
    article = read_article(write(tmp_path, "fr.html", page.encode("cp1252")))
    assert article.text == FRENCH
    assert article.encoding == "cp1252"


def test_stdin_is_read_as_one_article(tmp_path):
    stdin = io.BytesIO(f"---\ntitle: From a pipe\n---\n{ENGLISH}\r\n".encode())
    [article] = list(read_inputs(["-"], stdin=stdin))
    assert (article.path, article.text, article.title) == ("-", ENGLISH, "From a pipe")


def test_stdin_html_is_recognised_by_its_start(tmp_path):
    [article] = list(read_inputs(["-"], stdin=io.BytesIO(HTML_PAGE.encode())))
    assert article.title == "Howitzers arrive in the east"
    assert "<p>" not in article.text


def test_stdin_is_read_once_even_if_named_twice():
    items = list(read_inputs(["-", "-"], stdin=io.BytesIO(ENGLISH.encode())))
    assert len(items) == 1


def test_stdin_over_the_limit_is_an_error(monkeypatch):
    monkeypatch.setattr(reader, "MAX_BYTES", 50)
    [error] = list(read_inputs(["-"], stdin=io.BytesIO(ENGLISH.encode())))
    assert isinstance(error, InputError)
    assert (error.path, error.message) == ("-", "input too large (more than 50 bytes; the limit is 50 bytes)")


def test_stdin_empty_is_an_error():
    [error] = list(read_inputs(["-"], stdin=io.BytesIO(b"  \n")))
    assert isinstance(error, InputError)
    assert error.message == "empty file"


def test_stdin_read_failure_is_an_error():
    class Broken(io.BytesIO):
        def read(self, size: int | None = -1) -> bytes:
            raise OSError(5, "Input/output error")

    [error] = list(read_inputs(["-"], stdin=Broken()))
    assert isinstance(error, InputError)
    assert error.message == "cannot read standard input: input/output error"


def test_read_article_takes_data_for_stdin():
    assert read_article("-", ENGLISH.encode()).text == ENGLISH


def test_read_article_data_over_the_limit_is_an_error(monkeypatch):
    monkeypatch.setattr(reader, "MAX_BYTES", 10)
    with pytest.raises(InputError, match="file too large"):
        read_article("-", ENGLISH.encode())


def test_read_article_refuses_jsonl_because_it_holds_many_articles(tmp_path):
    with pytest.raises(ValueError, match="read_inputs"):
        read_article(write(tmp_path, "batch.jsonl", '{"text": "x"}\n'))


# ---------------------------------------------------------------------------------------------- JSONL


def test_jsonl_yields_one_article_per_nonempty_line_named_by_line_number(tmp_path):
    lines = [
        '{"text": "%s", "id": "a1", "url": "https://news.example/1", "published": "2026-02-09"}' % ENGLISH,
        "",
        '{"text": "%s", "language": "fr", "title": "Obusiers", "source": "ignored extra field"}' % FRENCH,
        '{"text": "Line one\\r\\nLine two of a story about twelve howitzers sent east.", "published": "2026-02-09T14:39:00Z"}',
    ]
    path = write(tmp_path, "batch.jsonl", "\n".join(lines) + "\n")
    items = list(read_inputs([path]))
    assert [a.path for a in items] == [f"{path}:1", f"{path}:3", f"{path}:4"]
    first, second, third = items
    assert (first.id, first.url, first.published, first.language) == ("a1", "https://news.example/1", "2026-02-09", "en")
    assert (second.language, second.title, second.encoding) == ("fr", "Obusiers", "utf-8")
    assert third.text.startswith("Line one\nLine two")
    assert third.published == "2026-02-09"


def test_jsonl_with_utf8_bom_and_crlf_lines_is_read(tmp_path):
    path = write(tmp_path, "b.jsonl", b"\xef\xbb\xbf" + ('{"text": "%s"}\r\n{"text": "%s"}\r\n' % (ENGLISH, GERMAN)).encode())
    assert [a.text for a in read_inputs([path])] == [ENGLISH, GERMAN]


BAD_JSONL_LINES = [
    ("{not json", "invalid JSON: Expecting property name enclosed in double quotes (column 2)"),
    ('["a list"]', "expected a JSON object with a 'text' field, got a list"),
    ('"just a string"', "expected a JSON object with a 'text' field, got a string"),
    ('{"title": "no body"}', "no 'text' field"),
    ('{"text": 17}', "'text' must be a string, not a number"),
    ('{"text": "   "}', "no article text"),
    ('{"text": "Some text here", "published": "9 Feb 2026"}', "invalid field 'published' '9 Feb 2026' (expected a date YYYY-MM-DD)"),
    ('{"text": "Some text here", "language": "english"}', "invalid field 'language' 'english' (expected a 2-letter code such as 'en')"),
    ('{"text": "Some text here", "url": ["a", "b"]}', "field 'url' must be text, not a list"),
]


@pytest.mark.parametrize(("line", "message"), BAD_JSONL_LINES)
def test_jsonl_bad_line_is_reported_by_line_and_the_other_lines_go_on(tmp_path, line, message):
    content = f'{{"text": "{ENGLISH}"}}\n{line}\n{{"text": "{FRENCH}"}}\n'
    path = write(tmp_path, "batch.jsonl", content)
    items = list(read_inputs([path]))
    assert [a.path for a in articles(items)] == [f"{path}:1", f"{path}:3"]
    [error] = errors(items)
    assert (error.path, error.message) == (f"{path}:2", message)


def test_jsonl_line_that_is_not_utf8_is_reported(tmp_path):
    path = write(tmp_path, "b.jsonl", f'{{"text": "{ENGLISH}"}}\n'.encode() + '{"text": "déjà"}\n'.encode("cp1252"))
    items = list(read_inputs([path]))
    assert len(articles(items)) == 1
    [error] = errors(items)
    assert error.path == f"{path}:2"
    assert error.message == "not UTF-8 (bad byte at column 12); JSONL must be UTF-8"


def test_jsonl_line_over_the_limit_is_skipped_without_losing_the_next_line(tmp_path, monkeypatch):
    monkeypatch.setattr(reader, "MAX_BYTES", 200)
    long_line = '{"text": "%s"}' % ("word " * 100)
    path = write(tmp_path, "b.jsonl", f'{long_line}\n{{"text": "{ENGLISH}"}}\n')
    first, second = list(read_inputs([path]))
    assert isinstance(first, InputError)
    assert (first.path, first.message) == (f"{path}:1", "line too large (more than 200 bytes; the limit is 200 bytes)")
    assert (second.path, second.text) == (f"{path}:2", ENGLISH)


def test_jsonl_without_records_is_an_empty_file(tmp_path):
    path = write(tmp_path, "b.jsonl", "\n\n  \n")
    [error] = list(read_inputs([path]))
    assert (error.path, error.message) == (path, "empty file")


def test_jsonl_in_utf16_is_refused_once_not_per_line(tmp_path):
    path = write(tmp_path, "b.jsonl", f'{{"text": "{ENGLISH}"}}\n'.encode("utf-16"))
    [error] = list(read_inputs([path]))
    assert error.message == "JSONL must be UTF-8, and this file is UTF-16"


def test_jsonl_that_is_really_binary_is_refused_once(tmp_path):
    path = write(tmp_path, "b.jsonl", b"PK\x03\x04" + b"\x00\x01\n" * 50)
    [error] = list(read_inputs([path]))
    assert error.message == "binary file, not text (looks like ZIP)"


def test_jsonl_that_cannot_be_opened_is_an_error(tmp_path, monkeypatch):
    path = write(tmp_path, "b.jsonl", f'{{"text": "{ENGLISH}"}}\n')

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(reader, "open", refuse, raising=False)
    [error] = list(read_inputs([path]))
    assert (error.path, error.message) == (path, "cannot read file: permission denied")


def test_jsonl_is_read_line_by_line_not_all_at_once(tmp_path):
    path = write(tmp_path, "b.jsonl", f'{{"text": "{ENGLISH}"}}\n{{"text": "{FRENCH}"}}\n')
    items = read_inputs([path])
    assert next(items).text == ENGLISH
    with open(path, "a", encoding="utf-8") as handle:  # appended after the first line was read
        handle.write(f'{{"text": "{GERMAN}"}}\n')
    assert [a.text for a in items] == [FRENCH, GERMAN]


# ---------------------------------------------------------------------------------------------- expansion


def test_folder_is_walked_recursively_in_path_order_skipping_dotfiles_and_other_suffixes(tmp_path):
    for name in ["b.txt", "a.md", "sub/c.html", "sub/deeper/d.jsonl", "z.htm", "notes.pdf", "image.png",
                 ".hidden.txt", ".git/config.txt", "sub/.cache/e.txt", "UPPER.TXT"]:
        write(tmp_path, name, "x")
    found = [os.path.relpath(p, tmp_path) for p in expand_inputs([str(tmp_path)])]
    assert found == ["UPPER.TXT", "a.md", "b.txt", "sub/c.html", "sub/deeper/d.jsonl", "z.htm"]


def test_folder_contents_are_read_lazily_one_file_at_a_time(tmp_path):
    write(tmp_path, "a.txt", ENGLISH)
    second = write(tmp_path, "b.txt", FRENCH)
    items = read_inputs([str(tmp_path)])
    assert next(items).text == ENGLISH
    os.remove(second)  # gone before the reader reached it
    [error] = list(items)
    assert (error.path, error.message) == (second, "no such file")


def test_specs_keep_their_order_and_files_within_a_folder_are_sorted(tmp_path):
    last = write(tmp_path, "zz.txt", "x")
    write(tmp_path, "dir/b.txt", "x")
    write(tmp_path, "dir/a.txt", "x")
    found = list(expand_inputs([last, str(tmp_path / "dir")]))
    assert found == [last, str(tmp_path / "dir" / "a.txt"), str(tmp_path / "dir" / "b.txt")]


def test_the_same_file_named_twice_is_read_once(tmp_path):
    path = write(tmp_path, "dir/a.txt", ENGLISH)
    other = write(tmp_path, "dir/b.txt", FRENCH)
    specs = [path, str(tmp_path / "dir"), str(tmp_path / "dir" / ".." / "dir" / "a.txt")]
    assert list(expand_inputs(specs)) == [path, other]


def test_unquoted_glob_pattern_is_expanded_sorted_and_recursive(tmp_path):
    for name in ["b.txt", "a.txt", "sub/c.txt", "sub/d.md", "e.log"]:
        write(tmp_path, name, "x")
    found = [os.path.relpath(p, tmp_path) for p in expand_inputs([str(tmp_path / "**" / "*.txt")])]
    assert found == ["a.txt", "b.txt", "sub/c.txt"]


def test_glob_matching_a_folder_walks_it(tmp_path):
    write(tmp_path, "2026-01/a.txt", "x")
    write(tmp_path, "2026-02/b.md", "x")
    found = [os.path.relpath(p, tmp_path) for p in expand_inputs([str(tmp_path / "2026-*")])]
    assert found == ["2026-01/a.txt", "2026-02/b.md"]


def test_glob_matching_nothing_is_an_error_and_the_next_spec_goes_on(tmp_path):
    good = write(tmp_path, "a.txt", "x")
    pattern = str(tmp_path / "*.nothing")
    first, second = list(expand_inputs([pattern, good]))
    assert isinstance(first, InputError)
    assert (first.path, first.message) == (pattern, "no files match this pattern")
    assert second == good


def test_missing_path_is_an_error_and_the_next_spec_goes_on(tmp_path):
    good = write(tmp_path, "a.txt", ENGLISH)
    missing = str(tmp_path / "missing.txt")
    first, second = list(read_inputs([missing, good]))
    assert isinstance(first, InputError)
    assert (first.path, first.message) == (missing, "no such file or folder")
    assert second.text == ENGLISH


def test_broken_symlink_named_directly_is_an_error(tmp_path):
    link = tmp_path / "dangling.txt"
    link.symlink_to(tmp_path / "gone.txt")
    good = write(tmp_path, "a.txt", ENGLISH)
    first, second = list(read_inputs([str(link), good]))
    assert isinstance(first, InputError)
    assert first.message == f"broken symbolic link (points to {tmp_path / 'gone.txt'}, which does not exist)"
    assert second.text == ENGLISH


def test_broken_symlink_inside_a_folder_is_an_error_and_the_walk_goes_on(tmp_path):
    write(tmp_path, "a.txt", ENGLISH)
    (tmp_path / "b.txt").symlink_to("nowhere.txt")
    write(tmp_path, "c.txt", FRENCH)
    items = list(read_inputs([str(tmp_path)]))
    assert [a.text for a in articles(items)] == [ENGLISH, FRENCH]
    [error] = errors(items)
    assert (error.path, error.message) == (str(tmp_path / "b.txt"), "broken symbolic link (points to nowhere.txt, which does not exist)")


def test_symlinked_file_is_read_but_symlinked_folder_is_not_followed(tmp_path):
    write(tmp_path, "real/a.txt", ENGLISH)
    (tmp_path / "walk").mkdir()
    (tmp_path / "walk" / "link.txt").symlink_to(tmp_path / "real" / "a.txt")
    (tmp_path / "walk" / "loop").symlink_to(tmp_path / "walk")
    assert list(expand_inputs([str(tmp_path / "walk")])) == [str(tmp_path / "walk" / "link.txt")]


def test_unreadable_folder_is_an_error_and_the_walk_goes_on(tmp_path, monkeypatch):
    write(tmp_path, "a/x.txt", "x")
    write(tmp_path, "b/y.txt", "x")
    locked = str(tmp_path / "a")
    real_scandir = os.scandir

    def scandir(path):
        if os.fspath(path) == locked:
            raise PermissionError(13, "Permission denied")
        return real_scandir(path)

    monkeypatch.setattr(reader.os, "scandir", scandir)
    first, second = list(expand_inputs([str(tmp_path)]))
    assert isinstance(first, InputError)
    assert (first.path, first.message) == (locked, "cannot read folder: permission denied")
    assert second == str(tmp_path / "b" / "y.txt")


# ---------------------------------------------------------------------------------------------- encodings


@pytest.mark.parametrize(
    ("encoding", "prefix", "expected_name"),
    [
        ("utf-8", b"", "utf-8"),
        ("utf-8", b"\xef\xbb\xbf", "utf-8-sig"),
        ("utf-16-le", b"\xff\xfe", "utf-16-le"),
        ("utf-16-be", b"\xfe\xff", "utf-16-be"),
        ("utf-16-le", b"", "utf-16-le"),
        ("utf-16-be", b"", "utf-16-be"),
    ],
)
@pytest.mark.parametrize("text", [FRENCH, UKRAINIAN], ids=["latin", "cyrillic"])
def test_unicode_files_are_decoded_with_or_without_bom(tmp_path, encoding, prefix, expected_name, text):
    article = read_article(write(tmp_path, "a.txt", prefix + text.encode(encoding)))
    assert article.text == text  # no BOM character left in front
    assert article.encoding == expected_name


@pytest.mark.parametrize(("text", "language"), [(UKRAINIAN, "uk"), (RUSSIAN, "ru")])
def test_cp1251_cyrillic_is_detected(tmp_path, text, language):
    article = read_article(write(tmp_path, "a.txt", text.encode("cp1251")))
    assert (article.text, article.encoding, article.language) == (text, "cp1251", language)


def test_cp1252_french_with_accents_and_typographic_quotes_is_detected(tmp_path):
    text = FRENCH + " « Nous tiendrons nos engagements », a-t-elle déclaré – sans préciser le coût."
    article = read_article(write(tmp_path, "a.txt", text.encode("cp1252")))
    assert (article.text, article.encoding, article.language) == (text, "cp1252", "fr")


def test_latin1_text_is_decoded(tmp_path):
    # latin-1 and cp1252 agree on every letter, so either name is a correct answer
    article = read_article(write(tmp_path, "a.txt", GERMAN.encode("latin-1")))
    assert article.text == GERMAN
    assert article.encoding in ("cp1252", "latin-1")


def test_iso_8859_2_polish_is_decoded(tmp_path):
    text = "Żołnierze ćwiczą obsługę nowych haubic; ministerstwo zapowiada kolejną dostawę jesienią."
    article = read_article(write(tmp_path, "a.txt", text.encode("iso-8859-2")))
    assert (article.text, article.encoding) == (text, "iso-8859-2")


@pytest.mark.parametrize("newline", ["\r\n", "\r"])
def test_newlines_are_normalised_so_offsets_match(tmp_path, newline):
    raw = f"First line.{newline}{newline}Second line about twelve howitzers.{newline}"
    article = read_article(write(tmp_path, "a.txt", raw))
    assert article.text == "First line.\n\nSecond line about twelve howitzers."


def test_decode_reports_encoding_without_a_path():
    assert decode("déjà".encode()) == ("déjà", "utf-8")
    with pytest.raises(InputError) as caught:
        decode(b"%PDF-1.7 rest")
    assert caught.value.path == "<bytes>"


def test_bom_followed_by_invalid_utf8_is_an_error(tmp_path):
    error = read_one_bad(tmp_path, "b.txt", b"\xef\xbb\xbfabc\xff\xfe\xfd")
    assert error.message == "cannot decode text (it starts with a utf-8-sig BOM but is not utf-8-sig)"


# ---------------------------------------------------------------------------------------------- bad inputs


def test_empty_file_is_an_error(tmp_path):
    assert read_one_bad(tmp_path, "b.txt", b"").message == "empty file"


def test_whitespace_only_file_is_an_error(tmp_path):
    assert read_one_bad(tmp_path, "b.txt", " \n\t\r\n").message == "empty file"


def test_whitespace_only_utf16_file_is_an_error(tmp_path):
    assert read_one_bad(tmp_path, "b.txt", "\n  \n".encode("utf-16")).message == "empty file"


@pytest.mark.parametrize(
    ("magic", "kind"),
    [
        (b"%PDF-1.4\n", "PDF"),
        (b"PK\x03\x04\x14\x00", "ZIP"),
        (b"\x89PNG\r\n\x1a\n", "PNG"),
        (b"\xff\xd8\xff\xe0", "JPEG"),
        (b"GIF89a", "GIF"),
        (b"\x1f\x8b\x08\x00", "gzip"),
    ],
)
def test_binary_file_with_known_magic_is_an_error(tmp_path, magic, kind):
    error = read_one_bad(tmp_path, "b.txt", magic + b"\x00\x01\x02binary payload")
    assert error.message == f"binary file, not text (looks like {kind})"


def test_file_with_nul_bytes_that_is_not_utf16_is_binary(tmp_path):
    error = read_one_bad(tmp_path, "b.txt", b"\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00\x03\x00\x3e\x00\x01\x00")
    assert error.message == "binary file, not text (it contains NUL bytes)"


def test_undecodable_bytes_are_an_error(tmp_path):
    garbage = bytes(range(0x80, 0x100)) * 8
    error = read_one_bad(tmp_path, "b.txt", garbage)
    assert error.message == "cannot decode text (not UTF-8, UTF-16 or a known legacy encoding)"


def test_file_over_the_limit_is_refused_from_its_size_alone(tmp_path):
    path = tmp_path / "huge.txt"
    with open(path, "wb") as handle:
        handle.truncate(int(52.4 * 1024 * 1024))  # sparse: costs no disk and is never read
    with pytest.raises(InputError) as caught:
        read_article(str(path))
    assert caught.value.message == "file too large (52.4 MB; the limit is 10 MB)"


def test_file_over_a_lowered_limit_is_an_error(tmp_path, monkeypatch):
    monkeypatch.setattr(reader, "MAX_BYTES", 2048)
    error = read_one_bad(tmp_path, "b.txt", "x" * 3000)
    assert error.message == "file too large (2.9 KB; the limit is 2 KB)"


def test_file_growing_past_the_limit_while_read_is_an_error(tmp_path, monkeypatch):
    path = write(tmp_path, "b.txt", "x" * 300)
    monkeypatch.setattr(reader, "MAX_BYTES", 100)
    real_stat = os.stat
    monkeypatch.setattr(reader.os, "stat", lambda p: os.stat_result((*real_stat(p)[:6], 10, *real_stat(p)[7:])))
    with pytest.raises(InputError, match=r"file too large \(more than 100 bytes; the limit is 100 bytes\)"):
        read_article(path)


def test_missing_file_read_directly_is_an_error(tmp_path):
    with pytest.raises(InputError) as caught:
        read_article(str(tmp_path / "nope.txt"))
    assert caught.value.message == "no such file"


def test_broken_symlink_read_directly_is_an_error(tmp_path):
    link = tmp_path / "dangling.txt"
    link.symlink_to("gone.txt")
    with pytest.raises(InputError, match="broken symbolic link"):
        read_article(str(link))


def test_folder_read_as_a_file_is_an_error(tmp_path):
    with pytest.raises(InputError) as caught:
        read_article(str(tmp_path))
    assert caught.value.message == "is a folder, not a file"


def test_stat_failure_is_an_error(tmp_path, monkeypatch):
    path = write(tmp_path, "a.txt", ENGLISH)

    def stat(p):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(reader.os, "stat", stat)
    with pytest.raises(InputError, match="cannot read file: permission denied"):
        read_article(path)


def test_unreadable_file_is_an_error_even_for_root(tmp_path, monkeypatch):
    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    before = write(tmp_path, "a_before.txt", ENGLISH)
    bad = write(tmp_path, "b.txt", ENGLISH)
    real_open = open
    monkeypatch.setattr(reader, "open", lambda p, *a, **k: refuse() if p == bad else real_open(p, *a, **k), raising=False)
    first, second = list(read_inputs([before, bad]))
    assert first.text == ENGLISH
    assert (second.path, second.message) == (bad, "cannot read file: permission denied")


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root reads files whatever their mode")
def test_unreadable_file_by_permissions_is_an_error(tmp_path):
    path = Path(write(tmp_path, "b.txt", ENGLISH))
    path.chmod(0)
    try:
        with pytest.raises(InputError, match="cannot read file: permission denied"):
            read_article(str(path))
    finally:
        path.chmod(0o644)


def test_invalid_front_matter_yaml_is_an_error_naming_the_line(tmp_path):
    error = read_one_bad(tmp_path, "b.md", f"---\ntitle: ok\nurl: [unclosed\n---\n{ENGLISH}")
    assert error.message.startswith("invalid front matter YAML: ")
    assert "(line 4)" in error.message


def test_unknown_front_matter_key_is_an_error(tmp_path):
    error = read_one_bad(tmp_path, "b.md", f"---\ntitle: ok\nauthor: someone\n---\n{ENGLISH}")
    assert error.message == "unknown front matter key 'author' (allowed: id, language, published, title, url)"


@pytest.mark.parametrize("value", ["9 February 2026", "2026-02-30", "2026-2-9", "'20260209'", "[2026, 2, 9]"])
def test_invalid_published_in_front_matter_is_an_error(tmp_path, value):
    error = read_one_bad(tmp_path, "b.md", f"---\npublished: {value}\n---\n{ENGLISH}")
    assert error.message.startswith("invalid front matter 'published' ")
    assert error.message.endswith("(expected a date YYYY-MM-DD)")


@pytest.mark.parametrize("value", ["english", "e", "12", "true"])
def test_invalid_language_in_front_matter_is_an_error(tmp_path, value):
    error = read_one_bad(tmp_path, "b.md", f"---\nlanguage: {value}\n---\n{ENGLISH}")
    assert error.message.startswith("invalid front matter 'language' ")


def test_front_matter_value_of_the_wrong_type_is_an_error(tmp_path):
    error = read_one_bad(tmp_path, "b.md", f"---\ntitle:\n  main: x\n---\n{ENGLISH}")
    assert error.message == "front matter 'title' must be text, not a mapping"


def test_front_matter_that_is_not_a_mapping_is_an_error(tmp_path):
    error = read_one_bad(tmp_path, "b.md", f"---\n- a\n- b\n---\n{ENGLISH}")
    assert error.message == "front matter must be 'key: value' lines, not a list"


def test_front_matter_without_closing_line_is_an_error(tmp_path):
    error = read_one_bad(tmp_path, "b.md", f"---\ntitle: ok\n{ENGLISH}")
    assert error.message == "front matter is not closed (no second '---' line)"


def test_front_matter_without_body_is_no_article_text(tmp_path):
    error = read_one_bad(tmp_path, "b.md", "---\ntitle: only metadata\n---\n\n")
    assert error.message == "no article text"


def test_numeric_id_and_title_are_kept_as_text(tmp_path):
    article = read_article(write(tmp_path, "a.md", f"---\nid: 7\ntitle: 1984\n---\n{ENGLISH}"))
    assert (article.id, article.title) == ("7", "1984")


# ---------------------------------------------------------------------------------------------- language


@pytest.mark.parametrize(
    ("text", "language"),
    [(ENGLISH, "en"), (FRENCH, "fr"), (GERMAN, "de"), (UKRAINIAN, "uk"), (RUSSIAN, "ru"),
     (ITALIAN, "it"), (POLISH, "pl"), (SPANISH, "es")],
)
def test_language_is_detected_for_each_supported_language(text, language):
    assert detect_language(text) == language


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Уряд схвалив закупівлю нових дронів для прикордонників.", "uk"),
        ("Партнери передали Києву ще одну батарею ППО.", "uk"),
        ("Правительство одобрило закупку новых дронов для пограничников.", "ru"),
        ("Президент заявил о новой помощи.", "ru"),
    ],
)
def test_ukrainian_and_russian_are_told_apart_on_short_news_sentences(text, language):
    assert detect_language(text) == language


def test_bulgarian_is_not_turned_into_russian_or_ukrainian():
    text = "Министърът на отбраната обяви, че армията ще получи нови бронирани машини до края на годината."
    assert detect_language(text) == "bg"


def test_text_with_too_few_letters_has_no_language():
    assert detect_language("NATO 2026: 12/40 — ok!") is None


def test_language_detection_looks_only_at_the_start_of_long_texts():
    assert detect_language(ENGLISH * 40 + GERMAN * 200) == "en"


class StubIdentifier:
    """Stands in for py3langid to check what the reader does with a given (wrong) answer."""

    def __init__(self, answer: str) -> None:
        self.answer = answer

    def classify(self, text: str) -> tuple[str, float]:
        return self.answer, -100.0


@pytest.mark.parametrize(
    ("model_says", "text", "expected"),
    [
        ("bg", UKRAINIAN, "uk"),  # і, є: only Ukrainian
        ("ru", UKRAINIAN, "uk"),
        ("uk", RUSSIAN, "ru"),  # ы: only Russian
        ("bg", RUSSIAN, "ru"),
        ("bg", "Министърът обяви нови доставки за армията и флота.", "bg"),  # no telling letters
        ("ru", UKRAINIAN + " " + RUSSIAN, "ru"),  # both kinds: the model decides
        ("fr", UKRAINIAN, "fr"),  # not a Cyrillic confusion: left alone
    ],
)
def test_letters_unique_to_ukrainian_or_russian_overrule_the_model(monkeypatch, model_says, text, expected):
    monkeypatch.setattr(reader, "_identifier", lambda: StubIdentifier(model_says))
    assert detect_language(text) == expected


# ---------------------------------------------------------------------------------------------- rare failures


def test_symlink_that_cannot_be_resolved_is_still_named_broken(tmp_path, monkeypatch):
    link = tmp_path / "dangling.txt"
    link.symlink_to("gone.txt")

    def readlink(path):
        raise OSError(22, "Invalid argument")

    monkeypatch.setattr(reader.os, "readlink", readlink)
    [error] = list(expand_inputs([str(link)]))
    assert isinstance(error, InputError)
    assert error.message == "broken symbolic link"


class FailingHandle(io.BytesIO):
    """A file that opens, then fails with an I/O error after `good_reads` reads."""

    def __init__(self, content: bytes, good_reads: int) -> None:
        super().__init__(content)
        self.good_reads = good_reads

    def _count(self) -> None:
        if self.good_reads == 0:
            raise OSError(5, "Input/output error")
        self.good_reads -= 1

    def read(self, size: int | None = -1) -> bytes:
        self._count()
        return super().read(size)

    def readline(self, size: int | None = -1) -> bytes:
        self._count()
        return super().readline(size)


@pytest.mark.parametrize(
    ("good_reads", "expected"),
    [
        (0, [("b.jsonl", "cannot read file: input/output error")]),
        (2, [("b.jsonl:1", None), ("b.jsonl:2", "cannot read file: input/output error")]),
    ],
    ids=["at-start", "mid-file"],
)
def test_jsonl_read_failure_is_an_error_and_ends_that_file(tmp_path, monkeypatch, good_reads, expected):
    path = write(tmp_path, "b.jsonl", f'{{"text": "{ENGLISH}"}}\n{{"text": "{FRENCH}"}}\n')
    content = Path(path).read_bytes()
    monkeypatch.setattr(reader, "open", lambda *a, **k: FailingHandle(content, good_reads), raising=False)
    items = list(read_inputs([path]))
    got = [(os.path.basename(i.path), i.message if isinstance(i, InputError) else None) for i in items]
    assert got == expected


def test_html_declaring_an_unknown_charset_is_still_decoded(tmp_path):
    page = f'<html><head><meta charset="x-no-such-charset"></head><body><p>{FRENCH}</p></body></html>'
    article = read_article(write(tmp_path, "fr.html", page.encode("cp1252")))
    assert (article.text, article.encoding) == (FRENCH, "cp1252")


def test_html_that_cannot_be_parsed_is_no_article_text(tmp_path, monkeypatch):
    import trafilatura.utils

    monkeypatch.setattr(trafilatura.utils, "load_html", lambda markup: None)
    error = read_one_bad(tmp_path, "b.html", HTML_PAGE)
    assert error.message == "no article text (not parseable as HTML)"


def test_odd_length_data_with_nul_bytes_is_binary_not_utf16(tmp_path):
    error = read_one_bad(tmp_path, "b.txt", ENGLISH.encode("utf-16-le") + b"x")
    assert error.message == "binary file, not text (it contains NUL bytes)"


def test_utf16_lookalike_with_control_characters_is_binary(tmp_path):
    error = read_one_bad(tmp_path, "b.txt", ("\x01\x02\x03" + ENGLISH).encode("utf-16-le"))
    assert error.message == "binary file, not text (it contains NUL bytes)"


def test_utf16_lookalike_with_broken_surrogates_is_binary(tmp_path):
    data = (ENGLISH * 3).encode("utf-16-le") + b"\x00\xd8\x41\x00"  # a high surrogate followed by "A"
    error = read_one_bad(tmp_path, "b.txt", data)
    assert error.message == "binary file, not text (it contains NUL bytes)"


def test_utf16_bom_followed_by_invalid_utf16_is_an_error(tmp_path):
    error = read_one_bad(tmp_path, "b.txt", b"\xff\xfe" + "ab".encode("utf-16-le") + b"\x00\xd8")
    assert error.message == "cannot decode text (it starts with a utf-16-le BOM but is not utf-16-le)"


# ---------------------------------------------------------------------------------------------- faults


def test_a_named_pipe_in_a_folder_is_skipped_with_a_message_not_waited_on(tmp_path):
    write(tmp_path, "a.txt", ENGLISH)
    os.mkfifo(tmp_path / "b.txt")
    write(tmp_path, "c.txt", FRENCH)
    items = list(read_inputs([str(tmp_path)]))
    assert [a.text for a in articles(items)] == [ENGLISH, FRENCH]
    [error] = errors(items)
    assert (error.path, error.message) == (str(tmp_path / "b.txt"), "skipped: a named pipe, not a regular file")


def test_a_socket_matched_by_a_pattern_is_skipped(tmp_path):
    import socket

    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(str(tmp_path / "s.txt"))
    server.close()
    [error] = list(read_inputs([str(tmp_path / "*.txt")]))
    assert error.message == "skipped: a socket, not a regular file"


def test_a_named_pipe_given_on_the_command_line_is_read_like_stdin(tmp_path):
    import threading

    pipe = tmp_path / "story.txt"
    os.mkfifo(pipe)
    writer = threading.Thread(target=lambda: pipe.write_text(ENGLISH))
    writer.start()
    [article] = list(read_inputs([str(pipe)]))
    writer.join(timeout=10)
    assert article.text == ENGLISH


def test_a_symlink_loop_is_named_as_a_loop(tmp_path):
    (tmp_path / "a.txt").symlink_to("b.txt")
    (tmp_path / "b.txt").symlink_to("a.txt")
    items = list(read_inputs([str(tmp_path), str(tmp_path / "a.txt")]))  # both in the folder, one named
    assert [e.message for e in items] == ["symbolic link loop (it leads back to itself)"] * 3


def test_front_matter_aliases_are_refused_before_they_expand(tmp_path):
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{n}: &{n} [{', '.join(['*' + p] * 9)}]\n" for n, p in zip("bcdefghi", "abcdefgh", strict=True))
    started = time.perf_counter()
    error = read_one_bad(tmp_path, "b.md", f"---\n{bomb}published: *i\n---\n{ENGLISH}")
    assert time.perf_counter() - started < 5
    assert error.message == "invalid front matter YAML: aliases (*name) are not allowed in front matter (line 3)"


def test_front_matter_nested_too_deep_or_too_large_is_refused(tmp_path):
    deep = read_one_bad(tmp_path, "b.md", f"---\ntitle: {'[' * 3000}{']' * 3000}\n---\n{ENGLISH}")
    assert deep.message.startswith(f"invalid front matter YAML: nested deeper than {reader.MAX_NESTING} levels")
    large = read_one_bad(tmp_path, "c.md", f"---\ntitle: {'x' * reader.MAX_FRONT_MATTER_BYTES}\n---\n{ENGLISH}")
    assert large.message.startswith("front matter too large (more than 64 KB")


@pytest.mark.parametrize("zero", ["0001-01-01", "0001-01-01T00:00:00Z", "'0000-00-00'", "0000-00-00 00:00:00"])
def test_a_zero_publication_date_means_no_date(tmp_path, zero):
    article = read_article(write(tmp_path, "a.md", f"---\npublished: {zero}\n---\nKyiv, 9 February 2026\n{ENGLISH}"))
    assert article.published == "2026-02-09"  # found in the text, as with no date at all
    path = write(tmp_path, "b.jsonl", json.dumps({"text": ENGLISH, "published": zero.strip("'")}) + "\n")
    [record] = list(read_inputs([path]))
    assert record.published is None


def test_jsonl_nested_too_deep_is_one_error_at_any_depth(tmp_path):
    deep = '{"text": "x", "a": ' + "[" * 100_000 + "]" * 100_000 + "}"
    unclosed = '{"text": "x", "a": ' + "[" * 100_000
    brackets_in_strings = json.dumps({"text": ENGLISH, "note": "[" * 500 + "{" * 500})
    path = write(tmp_path, "b.jsonl", "\n".join([deep, unclosed, brackets_in_strings]) + "\n")
    first, second, third = list(read_inputs([path]))
    expected = f"JSON nested deeper than {reader.MAX_NESTING} levels; an article record is flat"
    assert first.message == second.message == expected
    assert third.text == ENGLISH


def test_a_lone_surrogate_escape_in_jsonl_is_refused_but_a_pair_is_a_character(tmp_path):
    lone = '{"text": "Germany sent \\ud800 tanks to Ukraine."}'
    pair = '{"text": "Germany sent tanks \\ud83d\\ude80 to Ukraine."}'
    first, second = list(read_inputs([write(tmp_path, "b.jsonl", f"{lone}\n{pair}\n")]))
    assert first.message == ("field 'text' holds a lone surrogate \\ud800 (half of an escaped character pair), "
                             "which is no character")
    assert "\U0001f680" in second.text


def test_a_text_over_the_character_limit_is_refused_with_the_limit(tmp_path, monkeypatch):
    monkeypatch.setattr(reader, "MAX_CHARS", 150)
    error = read_one_bad(tmp_path, "b.txt", ENGLISH + " " + FRENCH)
    assert error.message.startswith(f"text too long ({len(ENGLISH + FRENCH) + 1} characters; the limit is 150")


def test_jsonl_on_stdin_is_detected_by_its_first_line():
    stdin = io.BytesIO(f'{{"text": "{ENGLISH}"}}\n\n{{"text": "{FRENCH}", "language": "fr"}}\n'.encode())
    first, second = list(read_inputs(["-"], stdin=stdin))
    assert (first.path, first.text, second.path, second.language) == ("-:1", ENGLISH, "-:3", "fr")


@pytest.mark.parametrize(("fmt", "kind"), [("text", "text"), ("jsonl", "jsonl"), ("html", "html")])
def test_stdin_format_overrides_the_detection(fmt, kind):
    data = {"text": f'{{"text": "{ENGLISH}"}}\n', "jsonl": f'{{"text": "{ENGLISH}"}}', "html": HTML_PAGE}[kind]
    [item] = list(read_inputs(["-"], stdin=io.BytesIO(data.encode()), stdin_format=fmt))
    if kind == "text":
        assert item.path == "-" and item.text.startswith('{"text"')
    elif kind == "jsonl":
        assert (item.path, item.text) == ("-:1", ENGLISH)
    else:
        assert item.title == "Howitzers arrive in the east"


def test_empty_jsonl_on_stdin_is_an_error():
    [error] = list(read_inputs(["-"], stdin=io.BytesIO(b"\n\n"), stdin_format="jsonl"))
    assert (error.path, error.message) == ("-", "empty input")


def test_stdin_starting_with_many_comments_is_sniffed_in_linear_time():
    data = b"<!-- a -->" * 40 + b" x" + ENGLISH.encode()  # the old pattern split these 2**39 ways
    started = time.perf_counter()
    [article] = list(read_inputs(["-"], stdin=io.BytesIO(data)))
    assert time.perf_counter() - started < 5
    assert article.text.endswith(ENGLISH)


def test_utf8_with_a_few_broken_bytes_is_read_as_utf8_with_a_warning(tmp_path):
    data = FRENCH.encode() + b" \xe2\x82 " + FRENCH.encode() + b"\xff"
    article = read_article(write(tmp_path, "a.txt", data))
    assert (article.encoding, article.warnings) == ("utf-8", ["2 invalid UTF-8 sequences replaced with U+FFFD"])
    assert article.text == f"{FRENCH} \ufffd {FRENCH}\ufffd"


def test_legacy_text_is_not_mistaken_for_broken_utf8(tmp_path):
    article = read_article(write(tmp_path, "a.txt", FRENCH.encode("cp1252")))
    assert (article.text, article.encoding, article.warnings) == (FRENCH, "cp1252", [])


def test_an_unexpected_exception_while_reading_is_an_input_error_with_its_traceback(tmp_path, monkeypatch):
    def explode(text, path):
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr(reader, "_read_html", explode)
    error = read_one_bad(tmp_path, "b.html", HTML_PAGE)
    assert error.message == "unexpected error while reading: RecursionError: maximum recursion depth exceeded"
    assert "Traceback (most recent call last)" in error.detail and "explode" in error.detail


def test_reading_over_the_time_limit_is_an_input_error(tmp_path, monkeypatch):
    def slow(text):
        time.sleep(5)

    monkeypatch.setattr(reader, "detect_language", slow)
    path = write(tmp_path, "a.txt", ENGLISH)
    started = time.perf_counter()
    [error] = list(read_inputs([path], seconds=0.2))
    assert time.perf_counter() - started < 3
    assert error.message == "reading it took longer than 0.2 s (the time limit for one input)"


def test_a_file_name_that_is_not_utf8_is_named_with_escapes(tmp_path):
    name = os.fsdecode(b"caf\xe9.txt")
    (tmp_path / name).write_text(ENGLISH)
    [article] = list(read_inputs([str(tmp_path)]))
    assert article.path == str(tmp_path / "caf\\xe9.txt")
    article.path.encode("utf-8")  # writable as UTF-8
