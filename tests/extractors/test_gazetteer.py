"""The checked loader: every error names the file, the entry and the problem."""

from __future__ import annotations

from pathlib import Path

import pytest

from defcoop.extractors.gazetteer import GazetteerError, load_gazetteer, validate
from support import MINI


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def problems(folder: Path) -> list[str]:
    return validate([folder], include_shipped=False)[1]


SYSTEM = "kind: systems\nentries:\n  - {id: x, name: X-1, category: missile, origin: [FR], manufacturer: M}\n"


def test_the_shipped_gazetteers_are_valid_and_broad():
    gaz, found = validate()
    assert found == []
    assert len(gaz.systems) >= 150
    assert len(gaz.officials) >= 150
    assert set(gaz.lexicons) >= {"en", "fr", "de", "uk", "ru", "it", "pl", "es"}


def test_mini_fixture_is_valid():
    assert problems(MINI) == []


def test_malformed_yaml_names_file_and_line(tmp_path):
    path = write(tmp_path, "bad.yaml", "kind: systems\nentries: [\n  - {id: x\n")
    found = problems(tmp_path)
    assert len(found) == 1 and found[0].startswith(f"{path}: malformed YAML at line")


def test_yaml_object_tags_are_refused_never_executed(tmp_path):
    marker = tmp_path / "pwned"
    write(tmp_path, "evil.yaml", f"kind: systems\nentries: !!python/object/apply:os.system ['touch {marker}']\n")
    found = problems(tmp_path)
    assert "YAML tags are not allowed" in found[0]
    assert not marker.exists()


def test_unknown_key_is_named_with_its_entry(tmp_path):
    path = write(tmp_path, "s.yaml", SYSTEM.replace("manufacturer: M}", "manufacturer: M, colour: red}"))
    assert problems(tmp_path) == [f"{path}: entry x: unknown key `colour` (allowed: aliases, ambiguous, "
                                  "case_sensitive, category, family, id, manufacturer, name, origin, same_as)"]


def test_missing_key(tmp_path):
    path = write(tmp_path, "s.yaml", SYSTEM.replace(", manufacturer: M", ""))
    assert problems(tmp_path) == [f"{path}: entry x: missing key `manufacturer`"]


def test_unknown_category(tmp_path):
    write(tmp_path, "s.yaml", SYSTEM.replace("missile", "laser"))
    assert "unknown category 'laser'" in problems(tmp_path)[0]


def test_duplicate_alias_mapping_to_two_entries(tmp_path):
    write(tmp_path, "s.yaml", SYSTEM + "  - {id: y, name: Y, category: missile, origin: [FR], "
                                       "manufacturer: M, aliases: [x 1]}\n")
    assert problems(tmp_path) == ["systems: entry y: alias 'x 1' also names 'x'"]


def test_unknown_family_link(tmp_path):
    write(tmp_path, "s.yaml", SYSTEM.replace("manufacturer: M}", "manufacturer: M, family: nope}"))
    assert problems(tmp_path) == ["systems: entry x: family 'nope' is not a system id"]


OFFICIAL = """kind: officials
entries:
  - id: a-b
    name: A B
    country: UA
    roles:
      - {role: defence_minister, from: 2020-01-01, to: 2022-01-01}
      - {role: defence_minister, from: 2021-06-01, to: null}
"""


def test_overlapping_role_periods(tmp_path):
    path = write(tmp_path, "o.yaml", OFFICIAL)
    assert problems(tmp_path) == [f"{path}: entry a-b: role defence_minister periods overlap "
                                  "(2020-01-01..2022-01-01 and 2021-06-01..now)"]


def test_role_that_ends_before_it_starts(tmp_path):
    write(tmp_path, "o.yaml", OFFICIAL.replace("from: 2021-06-01, to: null", "from: 2023-06-01, to: 2023-01-01"))
    assert "ends (2023-01-01) before it starts (2023-06-01)" in problems(tmp_path)[0]


def test_bad_role_date_and_unknown_role(tmp_path):
    write(tmp_path, "o.yaml", OFFICIAL.replace("2020-01-01, to: 2022", "2020-13-01, to: 2022")
          .replace("defence_minister, from: 2021", "emperor, from: 2021"))
    found = problems(tmp_path)
    assert any("`from` must be a date YYYY-MM-DD, not '2020-13-01'" in f for f in found)
    assert any("unknown role 'emperor'" in f for f in found)


def test_file_without_kind(tmp_path):
    path = write(tmp_path, "x.yaml", "entries: []\n")
    assert problems(tmp_path)[0].startswith(f"{path}: a gazetteer file is a mapping with `kind`")


def test_actions_file_errors(tmp_path):
    write(tmp_path, "a.yaml", "kind: actions\nlanguage: en\nentries:\n  - {action: sell, triggers: [sold]}\n"
                              "  - {cue: vibe, words: [x]}\n  - {words: [y]}\n")
    found = problems(tmp_path)
    assert any("unknown action 'sell'" in f for f in found)
    assert any("unknown cue 'vibe'" in f for f in found)
    assert any("needs `action` or `cue`" in f for f in found)


def test_missing_folder(tmp_path):
    assert problems(tmp_path / "nope") == [f"{tmp_path / 'nope'}: gazetteer folder not found"]


def test_load_raises_with_every_problem(tmp_path):
    write(tmp_path, "s.yaml", SYSTEM.replace("missile", "laser").replace("[FR]", "[France]"))
    with pytest.raises(GazetteerError) as err:
        load_gazetteer([str(tmp_path)])
    assert len(err.value.problems) == 2
    assert "and 1 more" in str(err.value)


def test_user_folder_overrides_and_extends_the_shipped_one(tmp_path):
    write(tmp_path, "s.yaml", "kind: systems\nentries:\n"
          "  - {id: samp-t, name: SAMP/T, category: air defence, origin: [FR], manufacturer: Eurosam,"
          " aliases: [Testmamba]}\n"
          "  - {id: my-new-drone, name: Zmiy-9, category: drone, origin: [UA], manufacturer: Someone}\n")
    gaz = load_gazetteer([str(tmp_path)])
    assert gaz.systems["samp-t"].aliases == ("Testmamba",)
    assert gaz.systems["my-new-drone"].origin == ("UA",)


def test_holder_follows_a_change_of_minister():
    gaz = load_gazetteer([str(MINI)])
    assert gaz.holder("defence_minister", "UA", "2025-06-06").name == "Rustem Umerov"
    assert gaz.holder("defence_minister", "UA", "2025-09-01").name == "Denys Shmyhal"
    assert gaz.holder("defence_minister", "UA", "2026-02-09").name == "Mykhailo Fedorov"
    assert gaz.holder("defence_minister", "UA", "2019-01-01") is None  # before anyone known


def test_the_disk_cache_returns_what_was_stored_and_is_renewed_when_a_file_changes(tmp_path, monkeypatch):
    from defcoop.extractors import gazetteer as g

    monkeypatch.setenv("DEFCOOP_CACHE", str(tmp_path / "cache"))
    write(tmp_path, "s.yaml", SYSTEM)
    key = g.cache_key([tmp_path])
    g.disk_cache_put("test", key, {"a": 1})
    assert g.disk_cache_get("test", key) == {"a": 1}
    write(tmp_path, "s.yaml", SYSTEM.replace("X-1", "X-2 long"))
    assert g.cache_key([tmp_path]) != key
    monkeypatch.setenv("DEFCOOP_CACHE", "off")
    g.disk_cache_put("test", key, {"a": 2})
    assert g.disk_cache_get("test", key) is None


@pytest.mark.parametrize("language,text", [
    ("en", "Brazil is the largest buyer of arms in Latin America."),
    ("fr", "Le Brésil est le premier acheteur d'armes en Amérique latine."),
    ("pl", "Brazylia jest największym nabywcą broni w Ameryce Łacińskiej."),
])
def test_a_state_not_name_hides_the_alias_it_contains(language, text):
    from defcoop.extractors.index import language_index

    found = {e.id for e in language_index(language, ()).find_entities(text)}
    assert found == {"BR"}


def test_america_alone_still_names_the_united_states():
    from defcoop.extractors.index import language_index

    assert {e.id for e in language_index("en", ()).find_entities("America will send more aid.")} == {"US"}


def test_an_international_official_acts_for_home_in_a_national_office():
    from defcoop.extractors.gazetteer import Official, RolePeriod

    rutte = Official("mark-rutte", "Mark Rutte", "NATO", (), roles=(
        RolePeriod("head_of_government", "2010-10-14", "2024-07-02"),
        RolePeriod("secretary_general", "2024-10-01", None)), home="NL")
    assert rutte.actor_on("2023-01-17") == "NL"
    assert rutte.actor_on("2025-06-01") == "NATO"
    assert rutte.actor_on(None) == "NATO"


def test_a_system_named_without_doubt_vouches_for_its_ambiguous_alias():
    from defcoop.extractors.index import language_index

    index = language_index("en", ())
    text = "Turkey signed for 20 Eurofighter Typhoon jets.\nAnkara also wants 12 used Typhoon from Qatar."
    assert [e.name for e in index.find_entities(text) if e.type == "system"] == ["Eurofighter Typhoon"] * 2
    assert [e for e in index.find_entities("Ankara also wants 12 used Typhoon from Qatar.") if e.type == "system"] == []


# --------------------------------------------------------------------------------------------------
# The shipped systems: names the gold conventions keep apart, class phrases, ordinary words


def shipped_systems(text: str, language: str) -> list[str]:
    from defcoop.extractors.index import language_index

    return [e.name for e in language_index(language, ()).find_entities(text) if e.type == "system"]


@pytest.mark.parametrize("text, language, name", [
    ("La Marine a commandé des frégates de la classe Mogami.", "fr", "Mogami-class frigate"),
    ("Die Niederlande ersetzen ihre U-Boote der Walrus-Klasse.", "de", "Walrus-class submarine"),
    ("Indie buduje okręty podwodne typu Kilo.", "pl", "Kilo-class submarine"),
    ("Марина отримала підводний човен класу Kalvari.", "uk", "Kalvari-class submarine"),
    ("La Armada quiere fragatas de la clase Álvaro de Bazán.", "es", "Álvaro de Bazán-class frigate"),
    ("Il cantiere consegnerà corvette classe Doha.", "it", "Al Zubarah-class corvette (Doha class)"),
    ("Canberra picked the Hunter-class frigate.", "en", "Hunter-class frigate"),
    ("India chose a partner for Project 75I.", "en", "Project 75I"),
])
def test_ship_classes_are_named_in_the_class_phrase_of_each_language(text, language, name):
    assert shipped_systems(text, language) == [name]


@pytest.mark.parametrize("text, language, name", [
    ("Canberra gave 49 M1A1 tanks.", "en", "M1A1 Abrams"),
    ("Brasil compró ocho Gripen F biplaza.", "es", "Gripen F"),
    ("HAL will fit the engine to the LCA Mk1A.", "en", "Tejas Mk1A"),
    ("Riyadh bought the Cheongung M-SAM II system.", "en", "Cheongung II"),
    ("Iran flies old F-4 jets.", "en", "F-4 Phantom II"),
    ("The navy will get 15 Sea Guardian drones.", "en", "MQ-9B SeaGuardian"),
    ("Мали получила вертолеты Ми-171.", "ru", "Mi-171"),
    ("Казахстан купил самолеты «Су».", "ru", "Sukhoi"),
    ("GE will build F414 engines in India.", "en", "GE F414"),
])
def test_variants_the_gold_names_apart_have_entries_of_their_own(text, language, name):
    assert shipped_systems(text, language) == [name]


@pytest.mark.parametrize("text, language", [
    ("A walrus rested on the beach.", "en"),
    ("Le Sherpa du président a négocié le communiqué.", "fr"),
    ("Уряд скасував сухий закон.", "uk"),
    ("Сельчук Байрактар заявив про нові плани.", "uk"),
    ("Tuż obok stał Grot, dowódca oddziału.", "pl"),
    ("The cartoon Octopus won a prize.", "en"),
])
def test_an_ordinary_word_or_a_person_is_no_system(text, language):
    assert shipped_systems(text, language) == []


@pytest.mark.parametrize("text, language, name", [
    ("В Україні виготовлятимуть байрактари.", "uk", "Bayraktar TB2"),   # lower case: the common noun
    ("Нове озброєння проти КАБів.", "uk", "KAB guided bombs"),           # short acronyms take no automatic ending
    ("Росія вже виробляє ФАБи.", "uk", "FAB general-purpose bombs"),
    ("Francia suministrará fusiles Kaláshnikov.", "es", "Kalashnikov"),
])
def test_common_nouns_and_declined_acronyms_name_their_system(text, language, name):
    assert shipped_systems(text, language) == [name]


def test_a_bare_maker_name_after_its_one_named_model_is_that_model():
    from defcoop.extractors.index import language_index
    from defcoop.extractors.scan import prescan

    scan = prescan(language_index("en", ()), "Poland sent MiG-29 jets. Kyiv wants more MiG fighters.", None)
    assert [e.name for e in scan.entities if e.type == "system"] == ["MiG-29", "MiG-29"]


def test_no_alias_of_one_shipped_system_reads_as_another_in_any_inflection():
    """Declension endings must not turn one system's name into another's (Polish 'Chunma' once read
    'Chunmoo')."""
    from defcoop.extractors.gazetteer.loader import surface_forms
    from defcoop.extractors.index import language_index

    gaz = load_gazetteer()
    clashes = []
    for language in ("pl", "de", "en"):
        index = language_index(language, ())
        for item in gaz.systems.values():
            for alias, _form in surface_forms("systems", item):
                clashes += [(language, alias, e.id) for e in index.find_entities(alias)
                            if e.type == "system" and e.id != item.id and (e.start, e.end) == (0, len(alias))]
    assert clashes == []


# --------------------------------------------------------------------------------------------------
# The shipped officials: declined and transliterated names, dated offices, names that are no person


def shipped_officials(text: str, language: str, day: str | None = None) -> list[str]:
    from defcoop.extractors.index import language_index
    from defcoop.extractors.scan import prescan

    return [e.name for e in prescan(language_index(language, ()), text, day).entities if e.type == "official"]


@pytest.mark.parametrize("text, language, name", [
    ("Шмигаль підписав домовленість із Туре О. Сандвіком.", "uk", "Tore O. Sandvik"),
    ("spotkanie z prezydentem Czech Petrem Pavlem", "pl", "Petr Pavel"),
    ("с участием президента А.Гойты и премьер-министра Ш.Майги", "ru", "Assimi Goïta"),
    ("с участием президента А.Гойты и премьер-министра Ш.Майги", "ru", "Choguel Maïga"),
    ("Міністерка оборони Чехії Яна Чернохова заявила", "uk", "Jana Černochová"),
    ("dijo el ministro Abás Araqchí", "es", "Abbas Araghchi"),
    ("il presidente egiziano al-Sisi", "it", "Abdel Fattah al-Sisi"),
    ("ha detto il premier Conte", "it", "Giuseppe Conte"),
    ("заявил президент Нурсултан Назарбаев", "ru", "Nursultan Nazarbayev"),
])
def test_officials_are_found_in_their_declined_and_transliterated_forms(text, language, name):
    assert name in shipped_officials(text, language)


@pytest.mark.parametrize("text, language", [
    ("Okręt ORP Orzeł wrócił do portu.", "pl"),                  # a ship prefix, not Petteri Orpo
    ("Jets landed at the Shahid Babaei Air Base.", "en"),        # a base, not the diplomat
    ("il conte di Cavour e la contessa", "it"),                  # the title, lower case
])
def test_a_word_like_an_official_is_no_official(text, language):
    assert shipped_officials(text, language) == []


def test_an_indeclinable_cyrillic_surname_does_not_swallow_another():
    assert shipped_officials("Директор Моссаду Барнеа прибув.", "uk") == ["David Barnea"]


@pytest.mark.parametrize("day, name", [("2024-11-01", "Bjørn Arild Gram"), ("2025-06-01", "Tore O. Sandvik")])
def test_the_norwegian_defence_minister_changes_in_february_2025(day, name):
    from defcoop.extractors.index import language_index
    from defcoop.extractors.scan import prescan

    scan = prescan(language_index("en", ()), "The Norwegian defence minister signed the deal.", day)
    assert [e.name for e in scan.entities if e.type == "official"] == [name]


def test_no_alias_of_one_shipped_official_reads_as_another_in_any_inflection():
    from defcoop.extractors.gazetteer.loader import surface_forms
    from defcoop.extractors.index import language_index

    gaz = load_gazetteer()
    clashes = []
    for language in ("pl", "de", "en"):
        index = language_index(language, ())
        for item in gaz.officials.values():
            for alias, _form in surface_forms("officials", item):
                clashes += [(language, alias, e.id) for e in index.find_entities(alias)
                            if e.type == "official" and e.id != item.id and (e.start, e.end) == (0, len(alias))]
    assert clashes == []
