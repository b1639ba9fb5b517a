"""People named next to an office title that no gazetteer knows (extractors/people.py), on sentences of
our own: the names are invented, so no gazetteer entry can find them."""

from __future__ import annotations

import pytest

from defcoop.extractors.index import declension, language_index
from defcoop.extractors.people import FORMS, canonical_name, find_people
from defcoop.extractors.text import words

FUNCTION_WORDS = {"of", "the", "de", "la", "le", "des", "du", "in", "à", "en", "w", "в", "у"}


def people(text: str, language: str, companies: tuple[str, ...] = ()) -> list[tuple[str, str]]:
    """(name, surface) of the people found, with the shipped role phrases and gazetteer entities."""
    index = language_index(language, ())
    titles = [p for by_lang in index.gaz.roles.values() for p in by_lang.get(language, [])]
    found = find_people(text, words(text), language, titles, known=index.find_entities(text),
                        companies=companies, function_words=FUNCTION_WORDS, declension=declension(index.gaz))
    assert all(e.type == "official" and e.source == "title" and e.id == "" for e in found)
    return [(e.name, e.text) for e in found]


def test_a_name_after_a_title_is_an_official():
    assert people("Defense Minister Jan Kowalczyk met his counterpart on Monday.", "en") == [
        ("Jan Kowalczyk", "Jan Kowalczyk")]


def test_a_state_between_title_and_name_is_skipped():
    found = people("Le ministre belge Marc Vandeputte a signé l'accord.", "fr")
    assert found == [("Marc Vandeputte", "Marc Vandeputte")]


def test_a_name_before_a_comma_and_a_title_of_a_state():
    found = people("Marie Lefort, secrétaire d'État belge, a signé l'accord.", "fr")
    assert found == [("Marie Lefort", "Marie Lefort")]


def test_a_name_before_a_title_of_no_state_is_left_alone():
    """A reporter's byline ("X, envoyée spéciale à ...") names no office holder."""
    assert people("Claire Mornand, envoyée spéciale à Lyon, raconte.", "fr") == []


def test_a_ukrainian_name_is_transliterated_and_its_family_name_put_in_the_nominative():
    found = people("Він зустрівся з міністром оборони Естонії Петром Ковальчуком у Таллінні.", "uk")
    assert [name for name, _ in found] == ["Petrom Kovalchuk"]


def test_a_russian_genitive_after_a_title_is_put_back_in_the_nominative():
    assert [n for n, _ in people("Об этом сообщил по словам полковника Ивана Сидорова штаб.", "ru")] == [
        "Ivana Sidorov"]


def test_a_polish_instrumental_after_a_title_is_put_back_in_the_nominative():
    assert [n for n, _ in people("Prezydent rozmawiał z ministrem Janem Nowakowskim o dostawach.", "pl")] == [
        "Janem Nowakowski"]


def test_an_initial_belongs_to_the_name():
    assert [n for n, _ in people("Це заявив міністр оборони Данії Ганс П. Йенсен у четвер.", "uk")] == [
        "Hans P. Iensen"]


def test_a_known_official_next_to_the_title_is_not_found_again():
    assert people("President Volodymyr Zelensky met Chancellor Friedrich Merz in Berlin.", "en") == []


def test_a_title_next_to_a_known_official_does_not_reach_further():
    assert people("Der Präsident Wolodymyr Selenskyj kam am Mittwoch zu Gesprächen.", "de") == []


def test_an_executive_of_a_company_is_no_official():
    assert people("Jan Berger, director of Rheinmetall, said the plant opens in May.", "en",
                  companies=("rheinmetall",)) == []


def test_a_ministry_after_a_title_is_no_name():
    assert people("The minister of Cooperation Erik Larsson spoke.", "en") == []


def test_a_place_before_a_comma_is_no_name():
    assert people("In March, in San Diego, Prime Minister Anthony Albanese spoke.", "en") == []


def test_a_clause_break_stands_between_a_title_and_a_name():
    assert people("He met the minister. Then John Smithers arrived.", "en") == []


def test_a_company_word_ends_no_name():
    assert people("The deal was won by General Electric Co last year.", "en") == []


def test_a_later_bare_family_name_is_the_same_person():
    found = people("Defense Minister Jan Kowalczyk arrived. Kowalczyk said the deal was ready.", "en")
    assert found == [("Jan Kowalczyk", "Jan Kowalczyk"), ("Jan Kowalczyk", "Kowalczyk")]


def test_a_language_without_name_forms_finds_nobody():
    assert find_people("Minister Jan Kowalczyk", words("Minister Jan Kowalczyk"), "nl", ["minister"]) == []


def test_the_canonical_name_keeps_latin_script_and_transliterates_cyrillic():
    assert canonical_name("Сергій Лисенко", FORMS["uk"]) == "Serhii Lysenko"
    assert canonical_name("Сергей Лысенко", FORMS["ru"]) == "Sergei Lysenko"
    assert canonical_name("José Martín", FORMS["es"]) == "José Martín"


@pytest.mark.parametrize("case, surface, nominative", [
    ("gen", "Олександра Шевченка", "Oleksandra Shevchenko"),
    ("ins", "Олександром Ковальським", "Oleksandrom Kovalskyi"),
    ("dat", "Олександру Бондару", "Oleksandru Bondar"),
])
def test_ukrainian_family_names_in_each_oblique_case(case, surface, nominative):
    assert canonical_name(surface, FORMS["uk"], case) == nominative
