"""Tests for finding an article's publication date in its first lines."""

from __future__ import annotations

import pytest

from defcoop.extractors.published import HEAD_CHARS, HEAD_LINES, find_published, month_numbers

BODY = "The ministry confirmed that the second batch of armoured vehicles left the depot on time."


@pytest.mark.parametrize(
    ("header", "language"),
    [
        ("Kyiv | date 2026-02-09 | Defence", None),
        ("By staff reporter 09 February 2026 14:39", "en"),
        ("Monday, February 9, 2026 - Defence desk", "en"),
        ("Feb. 9, 2026", "en"),
        ("Updated February 9th, 2026 at noon", "en"),
        ("Publié le 09 février 2026 01:30", "fr"),
        ("09 févr. 2026 à 08h15", "fr"),
        ("Veröffentlicht am 9. Februar 2026, 10:02 Uhr", "de"),
        ("Stand: 09.02.2026 11:20", "de"),
        ("Опубліковано 9 лютого 2026, 14:39", "uk"),
        ("9 февраля 2026 г., 14:39", "ru"),
        ("Pubblicato il 9 febbraio 2026 alle 14:39", "it"),
        ("Opublikowano: 9 lutego 2026 r.", "pl"),
        ("Madrid, 9 de febrero de 2026", "es"),
        ('<time datetime="2026-02-09T14:39:00">', None),
        ("2026-02-09T14:39:00+01:00", None),
        ("Posted 09/02/2026", "fr"),
        ("9 FEBRUARY 2026", None),
    ],
)
def test_each_header_form_gives_the_iso_date(header, language):
    assert find_published(f"{header}\n\n{BODY}", language) == "2026-02-09"


def test_french_date_with_time_as_in_the_brief():
    assert find_published("Le Monde\n06 juin 2025 01:30\n" + BODY, "fr") == "2025-06-06"


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("1er juin 2025", "2025-06-01"),
        ("3 sierpnia 2025", "2025-08-03"),
        ("Jänner 5 is not a date but 5. Jänner 2026 is", "2026-01-05"),
        ("12 вересня 2025", "2025-09-12"),
        ("1 сентября 2024 г.", "2024-09-01"),
        ("4 de julio de 2025", "2025-07-04"),
        ("2 dicembre 2025", "2025-12-02"),
        ("7 mai 2025", "2025-05-07"),
        ("7 März 2025", "2025-03-07"),
        ("Aug 21, 2025", "2025-08-21"),
        ("2025/11/30", "2025-11-30"),
    ],
)
def test_month_names_in_every_language_are_read(header, expected):
    assert find_published(header, None) == expected


def test_the_first_date_in_the_text_wins_whatever_its_form():
    text = f"Published 3 March 2026\nUpdated 2026-03-05\n{BODY}"
    assert find_published(text, "en") == "2026-03-03"
    text = f"Updated 2026-03-05\nPublished 3 March 2026\n{BODY}"
    assert find_published(text, "en") == "2026-03-05"


def test_impossible_dates_are_skipped_for_the_next_plausible_one():
    assert find_published("31.02.2026 was a typo; the page says 01.03.2026", None) == "2026-03-01"


@pytest.mark.parametrize("text", ["Founded 12 May 1985", "Archive 2101-01-01", "Code 1234-56-78", "30 Febtember 2026"])
def test_implausible_years_and_non_dates_give_nothing(text):
    assert find_published(text, None) is None


@pytest.mark.parametrize("text", ["In 2026 the army grew.", "Published in February 2026.", "February 9", "9.2."])
def test_partial_dates_give_nothing(text):
    assert find_published(text, None) is None


def test_slash_date_that_can_only_be_month_first_is_read_month_first():
    assert find_published("Posted 02/15/2026", "en") == "2026-02-15"


def test_ambiguous_slash_date_is_skipped_on_english_pages_but_day_first_elsewhere():
    assert find_published("Posted 03/04/2026", "en") is None
    assert find_published("Posted 03/04/2026", "fr") == "2026-04-03"
    assert find_published("Posted 03/04/2026", None) == "2026-04-03"
    assert find_published("Posted 04/04/2026", "en") == "2026-04-04"


def test_dotted_dates_are_day_first_even_on_english_pages():
    assert find_published("Posted 03.04.2026", "en") == "2026-04-03"


def test_a_date_after_the_first_lines_is_not_the_publication_date():
    lines = [f"Line {n} of the header with no date." for n in range(HEAD_LINES)]
    text = "\n\n".join(lines) + "\nSigned on 9 February 2026."
    assert find_published(text, "en") is None


def test_blank_lines_do_not_count_towards_the_line_limit():
    lines = [f"Line {n}" for n in range(HEAD_LINES - 1)]
    text = "\n\n\n".join(lines) + "\n9 February 2026\n"
    assert find_published(text, "en") == "2026-02-09"


def test_a_date_beyond_the_character_limit_is_not_the_publication_date():
    text = "x" * HEAD_CHARS + "\n9 February 2026"
    assert find_published(text, "en") is None


def test_a_month_abbreviation_must_be_a_whole_word():
    assert find_published("9 Febx 2026", None) is None
    assert find_published("9 marcato 2026", None) is None


def test_month_table_maps_every_name_to_a_month_and_is_lower_case():
    assert set(month_numbers().values()) == set(range(1, 13))
    assert all(name == name.lower() and "." not in name for name in month_numbers())


@pytest.mark.parametrize(
    "names",
    [
        ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"],
        ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"],
        ["januar", "februar", "märz", "april", "mai", "juni", "juli", "august", "september", "oktober", "november", "dezember"],
        ["gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio", "agosto", "settembre", "ottobre", "novembre", "dicembre"],
        ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre"],
        ["stycznia", "lutego", "marca", "kwietnia", "maja", "czerwca", "lipca", "sierpnia", "września", "października", "listopada", "grudnia"],
        ["styczeń", "luty", "marzec", "kwiecień", "maj", "czerwiec", "lipiec", "sierpień", "wrzesień", "październik", "listopad", "grudzień"],
        ["січня", "лютого", "березня", "квітня", "травня", "червня", "липня", "серпня", "вересня", "жовтня", "листопада", "грудня"],
        ["січень", "лютий", "березень", "квітень", "травень", "червень", "липень", "серпень", "вересень", "жовтень", "листопад", "грудень"],
        ["января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября", "октября", "ноября", "декабря"],
        ["январь", "февраль", "март", "апрель", "май", "июнь", "июль", "август", "сентябрь", "октябрь", "ноябрь", "декабрь"],
    ],
    ids=["en", "fr", "de", "it", "es", "pl-genitive", "pl", "uk-genitive", "uk", "ru-genitive", "ru"],
)
def test_month_table_has_every_full_name_of_each_language(names):
    assert [month_numbers()[name] for name in names] == list(range(1, 13))


def test_empty_text_has_no_date():
    assert find_published("", None) is None


def test_a_page_without_a_date_takes_the_one_of_its_address():
    import datetime as dt

    from defcoop.extractors.published import published_from_url
    assert published_from_url("https://news.example/2024/04/23/rheinmetall-lithuania") == "2024-04-23"
    assert published_from_url("https://news.example/world/908578-britain-tanks") is None
    assert published_from_url("https://news.example/2031/01/02/x", today=dt.date(2026, 12, 3)) is None
    assert published_from_url(None) is None
