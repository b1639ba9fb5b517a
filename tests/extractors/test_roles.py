"""Officials named by their role resolve to the holder on the article's date."""

from __future__ import annotations

import pytest

from defcoop.extractors.index import language_index
from defcoop.extractors.scan import prescan


def officials(text: str, language: str, day: str) -> list[tuple[str, str]]:
    scan = prescan(language_index(language), text, day)
    return [(e.name, e.source) for e in scan.entities if e.type == "official"]


@pytest.mark.parametrize("day, expected", [
    ("2025-06-06", "Rustem Umerov"),
    ("2025-09-01", "Denys Shmyhal"),
    ("2026-02-09", "Mykhailo Fedorov"),
])
def test_the_ukrainian_defence_minister_changes_with_the_date(day, expected):
    assert officials("Le ministre ukrainien de la Défense a signé.", "fr", day) == [(expected, "role")]
    assert officials("The Ukrainian defence minister signed.", "en", day) == [(expected, "role")]
    assert officials("Міністр оборони України підписав.", "uk", day) == [(expected, "role")]


def test_possessive_and_trailing_state_forms():
    assert officials("Germany's defence minister arrived.", "en", "2025-03-01") == [("Boris Pistorius", "role")]
    assert officials("Le ministre de la Défense de l'Ukraine est arrivé.", "fr", "2026-02-09") == \
        [("Mykhailo Fedorov", "role")]


def test_a_counterpart_takes_the_role_of_the_official_before():
    found = officials("Catherine Vautrin a rencontré son homologue ukrainien.", "fr", "2026-02-09")
    assert found == [("Catherine Vautrin", "gazetteer"), ("Mykhailo Fedorov", "role")]


def test_a_named_official_next_to_the_role_is_not_counted_twice():
    found = officials("Ukrainian Defence Minister Mykhailo Fedorov signed.", "en", "2026-02-09")
    assert found == [("Mykhailo Fedorov", "gazetteer")]


def test_no_holder_no_guess():
    assert officials("The Ukrainian defence minister signed.", "en", "1990-01-01") == []


@pytest.mark.parametrize("text, language, name", [
    ("Зеленського зустріли у Парижі", "uk", "Volodymyr Zelensky"),
    ("встреча с Зеленским", "ru", "Volodymyr Zelensky"),
    ("rozmowa z Zełenskim", "pl", "Volodymyr Zelensky"),
    ("Selenskyj reiste nach Berlin", "de", "Volodymyr Zelensky"),
    ("Zelenskyy met Macron", "en", "Volodymyr Zelensky"),
])
def test_officials_in_every_script_and_case(text, language, name):
    assert name in [n for n, _ in officials(text, language, "2025-01-01")]


@pytest.mark.parametrize("text, language, system", [
    ("SAMP-T", "fr", "SAMP/T"), ("SAMP T", "en", "SAMP/T"), ("САМП/Т", "uk", "SAMP/T"),
    ("Storm Shadow", "en", "Storm Shadow"), ("Скальп", "ru", "SCALP"), ("F16", "pl", "F-16"),
    ("Айріс-Т", "uk", "IRIS-T"), ("Patriot-Systeme", "de", "Patriot"), ("Хаймарсів", "uk", "HIMARS"),
])
def test_system_aliases_in_every_script(text, language, system):
    scan = prescan(language_index(language), text, None)
    assert [e.name for e in scan.entities if e.type == "system"] == [system]
