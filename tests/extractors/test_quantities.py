"""Quantities and values of facts: counts of units, amounts of money, the number data and its loader.

Every sentence here was written for these tests.
"""

from __future__ import annotations

import gc
import time
from pathlib import Path

import pytest
import yaml

from defcoop.extractors.quantities import (
    LANGUAGES,
    Amounts,
    NumbersError,
    context_currency,
    fact_amounts,
    find_amounts,
    load_numbers,
    money_in,
    most_told,
    shipped_numbers,
)


def amounts(text: str, language: str, systems: tuple[str, ...] = (), action: str = "agree", **kw) -> Amounts:
    """find_amounts with the system mentions given as the strings they are written as (first occurrence)."""
    spans = []
    for name in systems:
        at = text.index(name)
        spans.append((at, at + len(name)))
    return find_amounts(text, language, spans, action, **kw)


def quantity(text: str, language: str, *systems: str) -> int | None:
    return amounts(text, language, systems).quantity


def value(text: str, language: str) -> tuple[int | float | None, str | None]:
    found = amounts(text, language)
    return found.value, found.currency


# --------------------------------------------------------------------------------------------------
# Counts in the eight languages


@pytest.mark.parametrize("language, text, system, expected", [
    ("en", "Serbia agreed to buy 12 Rafale jets from France", "Rafale", 12),
    ("en", "Berlin will send four IRIS-T systems to Kyiv", "IRIS-T", 4),
    ("en", "Warsaw ordered twenty-four Apache helicopters", "Apache", 24),
    ("en", "Tokyo will ship one hundred and twelve Patriot interceptors", "Patriot", 112),
    ("fr", "Paris livrera douze Rafale à Belgrade", "Rafale", 12),
    ("fr", "Le contrat porte sur 36 avions de combat Rafale", "Rafale", 36),
    ("fr", "L'armée commande soixante-douze chars Leclerc", "Leclerc", 72),
    ("fr", "Paris cède quatre-vingt-dix missiles Aster", "Aster", 90),
    ("fr", "Athènes reçoit vingt et un hélicoptères Caracal", "Caracal", 21),
    ("de", "Berlin liefert zwölf Leopard 2 an Prag", "Leopard 2", 12),
    ("de", "Berlin bestellt vierundzwanzig Eurofighter", "Eurofighter", 24),
    ("de", "Deutschland liefert vier weitere Systeme IRIS-T SLM", "IRIS-T SLM", 4),
    ("de", "Die Bundeswehr kauft 1.000 Taurus", "Taurus", 1000),
    ("uk", "Німеччина передала чотири системи IRIS-T", "IRIS-T", 4),
    ("uk", "Данія передасть дванадцять F-16", "F-16", 12),
    ("uk", "Україна отримає п'ять гаубиць Caesar", "Caesar", 5),
    ("uk", "Україна отримає пʼять гаубиць Caesar", "Caesar", 5),
    ("uk", "Київ чекає на двох гелікоптерів Black Hawk", "Black Hawk", 2),
    ("ru", "Москва получит двенадцать Су-35", "Су-35", 12),
    ("ru", "Поставка двенадцати истребителей Су-35 задержана", "Су-35", 12),
    ("ru", "Пхеньян передал двадцать четыре РСЗО", "РСЗО", 24),
    ("it", "Roma invierà due batterie SAMP/T", "SAMP/T", 2),
    ("it", "Ankara vuole ventitré caccia Eurofighter", "Eurofighter", 23),
    ("it", "Atene compra trentotto obici PzH 2000", "PzH 2000", 38),
    ("it", "Il contratto prevede 2.000 missili Aster", "Aster", 2000),
    ("pl", "Polska zamówiła dwanaście śmigłowców Apache", "Apache", 12),
    ("pl", "Dostawa dwunastu myśliwców F-16 opóźni się", "F-16", 12),
    ("pl", "Armia dostanie dwadzieścia cztery wyrzutnie HIMARS", "HIMARS", 24),
    ("pl", "Umowa obejmuje 1 000 pocisków CAMM", "CAMM", 1000),
    ("pl", "Praga przekaże trzy w pełni sprawne śmigłowce Mi-24", "Mi-24", 3),
    ("es", "Argentina comprará doce F-16 usados", "F-16", 12),
    ("es", "Madrid enviará treinta y seis aviones de combate Eurofighter", "Eurofighter", 36),
    ("es", "Colombia recibirá diecisiete Gripen", "Gripen", 17),
])
def test_a_number_before_a_system_counts_its_units(language, text, system, expected):
    assert quantity(text, language, system) == expected


@pytest.mark.parametrize("language, text, system", [
    ("en", "The Netherlands sent a Patriot battery to Poland", "Patriot"),
    ("en", "The US will deliver a battery of Patriot missiles", "Patriot"),
    ("fr", "Les États-Unis ont promis une batterie Patriot", "Patriot"),
    ("fr", "un système SAMP/T a été livré", "SAMP/T"),
    ("de", "Berlin schickt eine Patriot-Batterie", "Patriot"),
    ("it", "L'Italia invierà una seconda batteria SAMP/T", "SAMP/T"),
    ("es", "España enviará un sistema Hawk", "Hawk"),
])
def test_an_indefinite_article_with_a_unit_noun_is_one(language, text, system):
    assert quantity(text, language, system) == 1


@pytest.mark.parametrize("language, text, system", [
    ("en", "Ankara signed a Typhoon deal with London", "Typhoon"),
    ("fr", "Le Caire a signé un contrat Rafale", "Rafale"),
    ("de", "Berlin unterschreibt einen Patriot-Vertrag", "Patriot"),
])
def test_an_article_before_a_bare_name_counts_nothing(language, text, system):
    assert quantity(text, language, system) is None


@pytest.mark.parametrize("language, text, expected", [
    ("en", "The package includes four air defence systems", 4),
    ("fr", "Paris livre six canons automoteurs", 6),
    ("pl", "Warszawa kupi dwa okręty podwodne", 2),
    ("ru", "Минск получит восемь танков", 8),
])
def test_without_a_system_a_number_before_a_unit_noun_counts(language, text, expected):
    assert quantity(text, language) == expected


def test_a_calibre_between_the_count_and_the_system_is_skipped():
    assert quantity("France delivered 18 155mm Caesar howitzers", "en", "Caesar") == 18
    assert quantity("Norway donated 155 mm shells and 12 M109 howitzers", "en", "M109") == 12


# --------------------------------------------------------------------------------------------------
# Numbers that are never counts


@pytest.mark.parametrize("language, text, system", [
    ("en", "Kyiv asked for Patriot systems in 2023", "Patriot"),                 # a year
    ("en", "In 2024 Patriot batteries arrived", "Patriot"),                      # a year before the system
    ("en", "Only 70 % of the Leopard fleet works", "Leopard"),                   # a percentage
    ("en", "The plant makes 155mm shells for the Caesar", "Caesar"),             # a calibre
    ("en", "Romania received Mirage 2000 jets", "Mirage 2000"),                  # a model number inside the name
    ("en", "Ukraine flies F-16 jets", "F-16"),                                   # a designation
    ("en", "Berlin sent Leopard 2 tanks", "Leopard"),                            # a designation after the name
    ("en", "On 12 June Germany sent IRIS-T", "IRIS-T"),                          # a date
    ("en", "On June 12 Germany sent IRIS-T", "IRIS-T"),                          # a date
    ("de", "Am 12. Juni lieferte Deutschland IRIS-T", "IRIS-T"),                 # a date with an ordinal dot
    ("uk", "Угода на 12 років передбачає постачання Patriot", "Patriot"),        # a duration
    ("pl", "Umowę podpisano 12.06.2024, obejmuje K2", "K2"),                    # a date in digits
    ("fr", "À 08:40, les Rafale ont décollé", "Rafale"),                         # a time
    ("es", "Argentina pagó 300 millones de dólares por los F-16", "F-16"),       # money
    ("it", "Roma spende 12 milioni di euro per i SAMP/T", "SAMP/T"),             # money
])
def test_years_percentages_calibres_models_dates_and_money_are_not_counts(language, text, system):
    assert quantity(text, language, system) is None


def test_a_rate_is_not_a_count():
    assert quantity("Kyiv plants build 20 Bohdana howitzers a month", "en", "Bohdana") is None
    assert quantity("Заводи виготовляють 20 гаубиць Богдана на місяць", "uk", "Богдана") is None
    assert quantity("Rheinmetall baut jährlich 200 Lynx", "de", "Lynx") is None


def test_several_systems_counted_give_no_quantity():
    text = "The UAE ordered 80 Rafale and 12 Caracal helicopters"
    assert quantity(text, "en", "Rafale", "Caracal") is None


def test_other_systems_of_the_clause_are_designations_and_their_counts_not_the_facts():
    text = "The UAE ordered 80 Rafale and 12 Caracal helicopters"
    rafale = (text.index("Rafale"), text.index("Rafale") + 6)
    caracal = (text.index("Caracal"), text.index("Caracal") + 7)
    assert find_amounts(text, "en", [caracal], "agree", others=[rafale]).quantity == 12
    assert find_amounts(text, "en", [rafale], "agree", others=[caracal]).quantity == 80
    unit = "Germany put its first Arrow 3 missile defence unit into service"
    arrow = (unit.index("Arrow 3"), unit.index("Arrow 3") + 7)
    assert find_amounts(unit, "en", [], "agree", others=[arrow]).quantity is None
    assert find_amounts(unit, "en", [], "agree").quantity == 3  # without the mention, 3 looks like a count


def test_one_system_counted_among_several_gives_its_count():
    text = "Bratislava will hand over 13 MiG-29 fighters and parts of Kub systems"
    assert quantity(text, "en", "MiG-29", "Kub") == 13


def test_one_system_counted_twice_differently_gives_nothing():
    text = "Germany sent 4 IRIS-T after 3 IRIS-T"
    spans = [(text.index("IRIS-T"), text.index("IRIS-T") + 6), (text.rindex("IRIS-T"), text.rindex("IRIS-T") + 6)]
    assert find_amounts(text, "en", spans, "deliver").quantity is None
    same = "Germany sent 4 IRIS-T, the 4 IRIS-T it had promised"
    spans = [(same.index("IRIS-T"), same.index("IRIS-T") + 6), (same.rindex("IRIS-T"), same.rindex("IRIS-T") + 6)]
    assert find_amounts(same, "en", spans, "deliver").quantity == 4


def test_different_counts_of_units_alone_give_nothing():
    assert quantity("Ukraine will get 2,000 drones and 1 million shells", "en") is None


# --------------------------------------------------------------------------------------------------
# Money


@pytest.mark.parametrize("language, text, expected", [
    ("en", "a deal worth about 2.7 billion euros", (2_700_000_000, "EUR")),
    ("en", "a $178 million loan", (178_000_000, "USD")),
    ("en", "Britain's package is worth £1.6bn", (1_600_000_000, "GBP")),
    ("en", "Canberra will spend A$10 billion", (10_000_000_000, "AUD")),
    ("en", "an order of €500m", (500_000_000, "EUR")),
    ("en", "worth USD 1.2 billion", (1_200_000_000, "USD")),
    ("en", "a billion dollars of aid", (1_000_000_000, "USD")),
    ("en", "a loan of $1,250,000", (1_250_000, "USD")),
    ("fr", "un contrat de 2,7 milliards d'euros", (2_700_000_000, "EUR")),
    ("fr", "une commande de 6,5 Md€", (6_500_000_000, "EUR")),
    ("fr", "un fonds de deux milliards de dollars", (2_000_000_000, "USD")),
    ("fr", "une aide de 12 500 000 €", (12_500_000, "EUR")),
    ("de", "ein Paket von 1,1 Mrd. Euro", (1_100_000_000, "EUR")),
    ("de", "rund vier Milliarden Euro Militärhilfe", (4_000_000_000, "EUR")),
    ("de", "für 2.500.000 Euro", (2_500_000, "EUR")),
    ("de", "ein Auftrag über 2.7 Milliarden US-Dollar", (2_700_000_000, "USD")),
    ("uk", "на 1,5 млрд гривень", (1_500_000_000, "UAH")),
    ("uk", "понад 100 мільйонів доларів", (100_000_000, "USD")),
    ("uk", "300 тис. грн на дрони", (300_000, "UAH")),
    ("uk", "пакет на 2,5 млрд доларів США", (2_500_000_000, "USD")),
    ("uk", "допомога на ₴40 млн", (40_000_000, "UAH")),
    ("ru", "за 500 млн рублей", (500_000_000, "RUB")),
    ("ru", "за 3 млрд руб.", (3_000_000_000, "RUB")),
    ("ru", "стоимостью около 5,4 млрд долларов", (5_400_000_000, "USD")),
    ("it", "per 3 miliardi di euro", (3_000_000_000, "EUR")),
    ("it", "un accordo da 8 miliardi di sterline", (8_000_000_000, "GBP")),
    ("it", "un prestito di 300 mila euro", (300_000, "EUR")),
    ("pl", "za 4,5 mld zł", (4_500_000_000, "PLN")),
    ("pl", "za 1 200 000 złotych", (1_200_000, "PLN")),
    ("pl", "o wartości 6,5 mld dolarów", (6_500_000_000, "USD")),
    ("es", "por 2.000 millones de dólares", (2_000_000_000, "USD")),
    ("es", "por mil millones de euros", (1_000_000_000, "EUR")),
    ("es", "unos 1,5 mil millones de euros", (1_500_000_000, "EUR")),
    ("es", "un préstamo de US$ 40 millones", (40_000_000, "USD")),
])
def test_amounts_of_money_in_the_eight_languages(language, text, expected):
    assert value(text, language) == expected


def test_a_decimal_value_stays_a_fraction():
    assert value("a grant of $2.5", "en") == (2.5, "USD")


def test_a_bare_dollar_is_the_context_currency_and_a_qualified_one_is_not():
    assert amounts("a $3bn deal", "en", context_currency="AUD").currency == "AUD"
    assert amounts("a deal worth 3 billion dollars", "en", context_currency="CAD").currency == "CAD"
    assert amounts("a US$3bn deal", "en", context_currency="AUD").currency == "USD"
    assert amounts("a deal worth 3 billion US dollars", "en", context_currency="AUD").currency == "USD"


def test_an_article_naming_another_dollar_means_it_by_a_bare_dollar():
    article = "Canberra will spend A$10 billion on frigates. A further $2 billion goes to missiles."
    assert context_currency(article, "en") == "AUD"
    later = article.split(". ")[1]
    assert amounts(later, "en", context_currency=context_currency(article, "en")).currency == "AUD"
    assert context_currency("A$10 billion for ships and US$3 billion for Tomahawk missiles.", "en") is None
    assert context_currency("Warsaw pays $3 billion.", "en") is None
    assert context_currency("Ottawa ordered 88 F-35 for C$19 billion.", "en") == "CAD"


def test_a_context_currency_must_be_an_iso_code():
    with pytest.raises(ValueError, match="ISO 4217"):
        amounts("a $3bn deal", "en", context_currency="dollars")


def test_the_first_amount_is_the_value():
    text = "a €500m package, of which €100m for training"
    assert value(text, "en") == (500_000_000, "EUR")
    assert [m.value for m in money_in(text, "en")] == [500_000_000, 100_000_000]


def test_talks_have_no_price():
    text = "They discussed a $5 billion deal for 26 Rafale Marine jets"
    found = amounts(text, "en", ("Rafale Marine",), "discuss")
    assert found == Amounts(26, None, None)


def test_a_number_without_currency_is_no_money():
    assert value("the 2.7 billion figure", "en") == (None, None)
    assert value("12 m of fence", "en") == (None, None)


def test_a_fact_record_holds_all_three():
    text = "Serbia signed a contract to buy 12 Rafale fighter jets, a deal worth about 2.7 billion euros"
    found = amounts(text, "en", ("Rafale",))
    assert found.as_dict() == {"quantity": 12, "value": 2_700_000_000, "currency": "EUR"}


def test_a_fact_is_read_from_its_evidence_in_the_article():
    article = "Menu\nSerbia will buy 12 Rafale for €2.7 billion. Belgrade also flies 14 MiG-29."
    start, end = 5, article.index(". ") + 1
    rafale = (article.index("Rafale"), article.index("Rafale") + 6)
    mig = (article.index("MiG-29"), article.index("MiG-29") + 6)
    found = fact_amounts(article, "en", start, end, "agree", [rafale], [mig])
    assert found == Amounts(12, 2_700_000_000, "EUR")
    outside = fact_amounts(article, "en", start, end, "agree", [mig])  # a mention outside the evidence
    assert outside == Amounts(None, 2_700_000_000, "EUR")


def test_a_merged_event_keeps_what_most_sources_tell():
    tellings = [Amounts(12, 2_700_000_000, "EUR"), Amounts(10, None, None), Amounts(12, 3_000_000_000, "USD"),
                Amounts(None, 3_000_000_000, "USD"), Amounts()]
    assert most_told(tellings) == Amounts(12, 3_000_000_000, "USD")
    assert most_told([Amounts(4), Amounts(5)]) == Amounts(4)  # a tie: the first told
    assert most_told([]) == most_told([Amounts()]) == Amounts()


def test_a_language_without_number_data_is_an_error():
    with pytest.raises(ValueError, match="no number data for language 'nl'"):
        find_amounts("12 Leopard", "nl", (), "deliver")


# --------------------------------------------------------------------------------------------------
# Linear time


@pytest.mark.parametrize("text", [
    "1 2 3 4 5 6 7 8 9 " * 5_600,
    "123 456 789 " * 8_400,
    "1,000,000,000 " * 7_200,
    "12.06.2024 " * 9_200,
    "9" * 100_000,
    "1." * 50_000,
    "€ 2,7 Mrd. " * 9_000,
    "twelve Rafale and twenty-four " * 3_400,
    "vierundzwanzig siebenundsiebzig " * 3_100,
])
def test_long_inputs_take_linear_time(text):
    assert len(text) >= 90_000
    language = "de" if "vier" in text or "Mrd" in text else "en"
    find_amounts("warm up 12 Rafale", language, [(10, 16)], "deliver")
    gc.collect()
    gc.freeze()  # what other tests left in memory (spaCy models) is not this function's to walk through
    try:  # CPU time: other processes on the machine do not slow it down, a quadratic rule would
        started = time.process_time()
        find_amounts(text, language, [(0, 1)], "deliver")
        elapsed = time.process_time() - started
    finally:
        gc.unfreeze()
    assert elapsed < 1.0


# --------------------------------------------------------------------------------------------------
# The number data and its loader


def test_the_shipped_data_has_every_language():
    data = load_numbers()
    assert set(LANGUAGES) <= set(data.languages)
    assert data.path == str(shipped_numbers())


def write_numbers(tmp_path: Path, change) -> Path:
    """A copy of the shipped data with `change` applied to its parsed mapping."""
    doc = yaml.safe_load(shipped_numbers().read_text(encoding="utf-8"))
    change(doc)
    path = tmp_path / "numbers.yaml"
    path.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    return path


def test_a_copy_of_the_shipped_data_loads(tmp_path):
    path = write_numbers(tmp_path, lambda doc: None)
    assert load_numbers(path).language("pl").decimal == ","


@pytest.mark.parametrize("change, entry, problem", [
    (lambda d: d["languages"].pop("uk"), "languages.uk", "missing"),
    (lambda d: d["languages"]["de"].pop("scales"), "languages.de", "missing key(s) scales"),
    (lambda d: d["languages"]["fr"].update(colours=[]), "languages.fr", "unknown key(s) colours"),
    (lambda d: d["languages"]["en"]["words"].update(twelve=0), "languages.en.words['twelve']", "positive"),
    (lambda d: d["languages"]["en"]["words"].update(Dozen=12), "languages.en.words['Dozen']", "lower case"),
    (lambda d: d["languages"]["es"]["scales"].update(mil=1500), "languages.es.scales['mil']", "power of ten"),
    (lambda d: d["languages"]["it"]["currencies"].update(euro="euro"), "languages.it.currencies['euro']",
     "ISO 4217"),
    (lambda d: d["languages"]["pl"]["units"].append("zest*aw"), "languages.pl.units[", "'*' may only end"),
    (lambda d: d["languages"]["ru"]["joiners"].append(True), "languages.ru.joiners[0]", "boolean"),
    (lambda d: d["languages"]["en"].update(decimal=";"), "languages.en.decimal", "'.' or ','"),
    (lambda d: d["languages"]["de"].update(thousands=[","]), "languages.de.thousands[0]", "decimal mark"),
    (lambda d: d["languages"]["en"].update(pieces={"twen": 20}), "languages.en.pieces", "compound: true"),
    (lambda d: d["signs"].update({"Fr": "francs"}), "signs['Fr']", "ISO 4217"),
    (lambda d: d["codes"].append("usd"), "codes[", "three capitals"),
    (lambda d: d.update(kind="language"), "kind", "must be 'numbers'"),
    (lambda d: d.pop("signs"), None, "missing key(s) signs"),
])
def test_a_broken_data_file_names_the_file_the_entry_and_the_problem(tmp_path, change, entry, problem):
    path = write_numbers(tmp_path, change)
    with pytest.raises(NumbersError) as error:
        load_numbers(path)
    message = str(error.value)
    assert message.startswith(f"{path}: ")
    if entry is not None:
        assert entry in message
    assert problem in message


def test_a_file_that_is_not_yaml_is_named(tmp_path):
    path = tmp_path / "numbers.yaml"
    path.write_text("languages: [unclosed\n", encoding="utf-8")
    with pytest.raises(NumbersError, match="not valid YAML") as error:
        load_numbers(path)
    assert str(path) in str(error.value)


def test_object_tags_are_refused_not_run(tmp_path):
    path = tmp_path / "numbers.yaml"
    path.write_text("kind: !!python/object/apply:os.system ['true']\n", encoding="utf-8")
    with pytest.raises(NumbersError, match="not valid YAML") as error:
        load_numbers(path)
    assert str(path) in str(error.value)


def test_a_missing_file_is_named(tmp_path):
    path = tmp_path / "absent.yaml"
    with pytest.raises(NumbersError, match="cannot read the file") as error:
        load_numbers(path)
    assert str(path) in str(error.value)


def test_the_gazetteer_loader_leaves_the_number_data_alone():
    from defcoop.extractors.gazetteer import validate

    _gaz, problems = validate()
    assert problems == []
    assert str(shipped_numbers()) not in _gaz.files
