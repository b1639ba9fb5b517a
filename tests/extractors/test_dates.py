"""Dates in sentences, resolved against the publication date (a Monday: 2026-02-09)."""

from __future__ import annotations

import datetime as dt
import time

import pytest

from defcoop.extractors.dates import find_dates
from defcoop.extractors.gazetteer import load_gazetteer

PUB = "2026-02-09"


def values(text: str, language: str, published: str | None = PUB) -> list[str]:
    return [d.value for d in find_dates(text, language, published)]


@pytest.mark.parametrize("text, language, expected", [
    ("signed on Feb. 9, 2026 in Kyiv", "en", "2026-02-09"),
    ("signed on February 9, 2026", "en", "2026-02-09"),
    ("signé lundi 9 février", "fr", "2026-02-09"),
    ("am 9. Februar 2026 unterzeichnet", "de", "2026-02-09"),
    ("9 лютого 2026 року підписали", "uk", "2026-02-09"),
    ("подписали 9 февраля", "ru", "2026-02-09"),
    ("firmato il 9 febbraio 2026", "it", "2026-02-09"),
    ("podpisano 9 lutego 2026", "pl", "2026-02-09"),
    ("firmado el 9 de febrero de 2026", "es", "2026-02-09"),
    ("on 2026-02-03", "en", "2026-02-03"),
    ("am 03.02.2026", "de", "2026-02-03"),
])
def test_explicit_dates_in_each_language(text, language, expected):
    assert values(text, language) == [expected]


@pytest.mark.parametrize("text, language, expected", [
    ("a annoncé dimanche", "fr", "2026-02-08"),
    ("lors d'une conférence de presse samedi", "fr", "2026-02-07"),
    ("said on Monday", "en", "2026-02-09"),
    ("am Dienstag", "de", "2026-02-03"),
    ("у вівторок", "uk", "2026-02-03"),
    ("в среду", "ru", "2026-02-04"),
    ("venerdì", "it", "2026-02-06"),
    ("w czwartek", "pl", "2026-02-05"),
    ("el martes", "es", "2026-02-03"),
])
def test_weekdays_are_the_most_recent_on_or_before_publication(text, language, expected):
    assert values(text, language) == [expected]


@pytest.mark.parametrize("text, language, expected", [
    ("la veille", "fr", "2026-02-08"),
    ("yesterday", "en", "2026-02-08"),
    ("gestern", "de", "2026-02-08"),
    ("вчора", "uk", "2026-02-08"),
    ("ieri", "it", "2026-02-08"),
    ("wczoraj", "pl", "2026-02-08"),
    ("ayer", "es", "2026-02-08"),
    ("last year", "en", "2025"),
    ("l'an dernier", "fr", "2025"),
    ("в прошлом году", "ru", "2025"),
    ("3 days ago", "en", "2026-02-06"),
    ("il y a 2 jours", "fr", "2026-02-07"),
])
def test_relative_expressions(text, language, expected):
    assert values(text, language) == [expected]


def test_month_without_year_is_the_most_recent_past_one_with_month_precision():
    assert values("En novembre, ils avaient signé", "fr") == ["2025-11"]
    assert values("in February", "en") == ["2026-02"]
    assert values("im März", "de") == ["2025-03"]


def test_year_rollover_for_a_day_without_year():
    assert values("signed on December 20", "en", "2026-01-05") == ["2025-12-20"]
    assert values("signed on January 3", "en", "2026-01-05") == ["2026-01-03"]


def test_years_and_month_years_keep_their_precision():
    assert values("La France a annoncé en 2025 une aide", "fr") == ["2025"]
    assert values("in November 2024", "en") == ["2024-11"]


@pytest.mark.parametrize("text, language, expected", [
    ("delivered in summer 2024", "en", "2024"),
    ("im Frühjahr 2025 unterzeichnet", "de", "2025"),
    ("livrés à l'automne 2023", "fr", "2023"),
    ("firmado en la primavera de 2024", "es", "2024"),
    ("consegnati nell'estate 2022", "it", "2022"),
    ("dostarczone jesienią 2024 r.", "pl", "2024"),
    ("поставлены летом 2023 года", "ru", "2023"),
    ("передали восени 2024 року", "uk", "2024"),
    ("they will be delivered this summer", "en", "2026"),
    ("livrés cet été", "fr", "2026"),
])
def test_a_season_dates_to_its_year(text, language, expected):
    """A season with a year, or "this summer", is a date of that year (year precision: it agrees with any
    gold date in that year)."""
    assert values(text, language) == [expected]


@pytest.mark.parametrize("text, language, expected", [
    ("shipped since August of the previous year", "en", "2025-08"),
    ("in May this year", "en", "2026-05"),
    ("signed on 5 August last year", "en", "2025-08-05"),
    ("livrés en décembre de l’année prochaine", "fr", "2027-12"),
    ("im August vergangenen Jahres", "de", "2025-08"),
    ("firmado en agosto del año pasado", "es", "2025-08"),
    ("consegnati ad agosto dell'anno scorso", "it", "2025-08"),
    ("podpisana w sierpniu ubiegłego roku", "pl", "2025-08"),
    ("поставлены в декабре следующего года", "ru", "2027-12"),
    ("підписали 15 серпня минулого року", "uk", "2025-08-15"),
])
def test_a_month_takes_the_year_its_phrase_counts(text, language, expected):
    """"August of last year" is August of the year before the publication's, although the latest August
    before the publication day would be this year's; "in May this year" is this May, even after it."""
    assert values(text, language) == [expected]


def test_polish_lata_years_is_no_season():
    assert values("dostawy na lata 2030-2033", "pl") == []


def test_since_marks_a_starting_point():
    found = find_dates("qui fait face depuis février 2022 à l'invasion", "fr", PUB)
    assert [(d.value, d.since) for d in found] == [("2022-02", True)]


def test_relative_dates_need_a_publication_date():
    assert values("said on Monday", "en", None) == []
    assert values("on February 9, 2026", "en", None) == ["2026-02-09"]


def test_impossible_dates_are_not_guessed():
    assert values("on 2026-02-30", "en") == []
    assert values("on February 30, 2026", "en") == []


def test_the_same_day_takes_the_last_date_told_before():
    before = "El lunes, Sánchez y Zelenski firmaron el acuerdo en Madrid. Zelenski llegó este año."
    found = find_dates("Ese mismo día, la ministra anunció el envío", "es", "2024-05-28", before=before)
    assert [(d.value, d.kind) for d in found] == [("2024-05-27", "relative")]
    assert find_dates("Le même mois, Macron avait promis", "fr", PUB, before="En janvier, ...")[0].value == "2026-01"
    assert find_dates("the same day", "en", PUB, before="nothing dated") == []


def test_at_the_same_time_takes_the_date_of_the_story_told_before():
    before = "Scholz und Selenskyj haben am Freitag ein Abkommen unterzeichnet."
    found = find_dates("Zugleich kündigte die Bundesregierung ein Paket an.", "de", "2024-02-17", before=before)
    assert [d.value for d in found] == ["2024-02-16"]


@pytest.mark.parametrize("text,language", [
    ("early June", "en"), ("début juin", "fr"), ("Anfang Juni", "de"), ("на початку червня", "uk"),
    ("в начале июня", "ru"), ("na początku czerwca", "pl"), ("a inizio giugno", "it"),
    ("a principios de junio", "es"),
])
def test_part_of_a_month_dates_to_that_month(text, language):
    assert [(d.value, d.kind) for d in find_dates(text, language, "2022-10-12")] == [("2022-06", "month")]


@pytest.mark.parametrize("text,language", [
    ("last December", "en"), ("im vergangenen Dezember", "de"), ("lo scorso dicembre", "it"),
    ("el pasado diciembre", "es"),
])
def test_last_month_name_is_the_latest_such_month_before_publication(text, language):
    assert [d.value for d in find_dates(text, language, "2025-05-23")] == ["2024-12"]


@pytest.mark.parametrize("language", ["en", "fr", "de", "uk", "ru", "it", "pl", "es"])
def test_a_publication_date_in_year_one_resolves_nothing_before_it(language):
    # 0001-01-01 is the zero time of many scrapers; nothing can be dated before it, and nothing crashes
    d = load_gazetteer().languages[language].dates
    words = " ".join([w for w, _u, _n in d.relative] + [w for w, _ in d.weekdays] + ["3 days ago", "il y a 3 jours",
                                                                            "vor 3 Tagen", "hace 3 días"])
    for published in ("0001-01-01", "0001-01-02", "0001-02-01"):
        for d in find_dates(words, language, published):
            assert d.value[:4] == "0001"  # never year 0, never a value that is no date
            if len(d.value) == 10:
                assert dt.date.fromisoformat(d.value) <= dt.date.fromisoformat(published)


def test_year_one_keeps_what_it_can_date():
    assert values("on Monday, yesterday, this year, last year, in January, in May", "en", "0001-01-01") == [
        "0001-01-01", "0001", "0001-01"]
    assert values("on Monday, yesterday, last month", "en", "0001-01-02") == ["0001-01-01", "0001-01-01"]


def test_the_last_day_of_the_calendar_still_resolves():
    assert values("yesterday, on Monday, last month, last year", "en", "9999-12-31") == [
        "9999-12-30", "9999-12-27", "9999-11", "9998"]


def _cpu_seconds(fn) -> float:
    started = time.process_time()  # CPU time: other processes on the machine do not count
    fn()
    return time.process_time() - started


@pytest.mark.parametrize("unit", [
    " ", "1 ", "1 de ", "a ", "in ", "May ", "Monday ", "2025-01-01 ", "09.02.2026 ", "9 February ", "1.",
    "the same day ", "3 days ago ", "early ", "\n",
])
@pytest.mark.parametrize("language", ["en", "uk"])
def test_long_texts_take_linear_time(unit, language):
    text = "1" + unit * (100_000 // len(unit))
    before = "On 3 May 2025 they met. " * 200
    # quadratic versions took 20 to 80 s here; linear ones a few tenths
    assert _cpu_seconds(lambda: find_dates(text, language, PUB, before=before)) < 3.0


@pytest.mark.parametrize("language", ["en", "fr", "de", "uk", "ru", "it", "pl", "es"])
def test_word_led_patterns_tried_at_openers_find_what_a_full_scan_finds(language):
    from defcoop.extractors.dates import WORD_LED, _patterns, _word_led, _words

    text = ("Am Montag, in early March 2025 (the same day), lundi 3 mars, w marcu 2024, в березні, yesterday, "
            "in the month of May, a principios de 2023, nello scorso aprile, 12 Feb, Feb 12, 2026, Mar. 3rd; "
            "за тиждень, marzo de 2024, im Jahr 2022, tuesday,Wednesday FEBRUARY 2021")
    starts = [m.start() for m in _words(language).openers.finditer(text)]
    word_led = [(kind, p) for kind, p in _patterns(language) if kind in WORD_LED]
    found = [[m.span() for m in pattern.finditer(text)] for _kind, pattern in word_led]
    assert [[m.span() for m in _word_led(pattern, text, starts)] for _kind, pattern in word_led] == found
    assert sum(map(len, found)) >= 3
