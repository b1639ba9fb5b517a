"""The fact rules of extractors/facts.py, one behaviour each, on sentences written for the test."""

from __future__ import annotations

import pytest

from defcoop.extractors.extract import Extractor
from defcoop.extractors.model import Article

PUB = "2026-02-09"


@pytest.fixture(scope="module")
def ex() -> Extractor:
    return Extractor(weights="off")  # the rules alone: the trained decision is scored by cross-validation


def facts(ex: Extractor, body: str, language: str = "en", title: str = "Ukraine and France") -> list[tuple]:
    article = Article("t.txt", f"{title}\n{body}\n", language=language, published=PUB)
    return [(f.action, tuple(f.actors), tuple(f.systems), f.date) for f in ex.process(article).facts]


def test_a_headline_retells_the_story_and_states_no_fact(ex):
    assert facts(ex, "Some filler text about the weather in Kyiv today.",
                 title="France delivers SCALP missiles to Ukraine") == []


def test_a_change_of_course_is_an_aim_not_an_act(ex):
    assert facts(ex, '"We are moving from supplies to joint production of drones," Fedorov said.') == []


def test_a_body_named_after_through_is_a_channel_not_a_party(ex):
    found = facts(ex, "France will finance drones for Ukraine through a European Union loan worth €2 billion.")
    assert found and all("EU" not in actors for _, actors, _, _ in found)


def test_the_contract_alone_refers_back(ex):
    assert facts(ex, "Ukraine has not yet received the units foreseen in the contract.") == []


def test_money_is_a_funding_fact_when_nothing_else_is(ex):
    assert facts(ex, "France will allocate €2 billion in military aid to Ukraine this year.") == \
        [("fund", ("FR", "UA"), (), "2026")]


def test_a_discussion_frames_the_deliveries_it_is_about(ex):
    assert facts(ex, "Ukraine and France discussed faster deliveries of Mirage 2000 jets.") == \
        [("discuss", ("UA", "FR"), ("Mirage 2000",), PUB)]


def test_coordinated_acts_share_their_system(ex):
    found = facts(ex, "France continues the supply and accelerated production of Aster missiles for Ukraine.")
    assert ("deliver", ("FR", "UA"), ("Aster",), PUB) in found  # the giver first
    assert any(a == "produce" and set(actors) == {"FR", "UA"} and s == ("Aster",) for a, actors, s, _ in found)


def test_a_relative_clause_inherits_the_system_before_it(ex):
    found = facts(ex, "The talks covered SCALP cruise missiles, which France has previously supplied to Ukraine.")
    assert ("deliver", ("FR", "UA"), ("SCALP",), PUB) in found  # a background act: the story's date


def test_an_agreement_about_production_is_agree_only(ex):
    found = facts(ex, "France and Ukraine will produce drones jointly under a letter of intent signed on Monday.")
    assert [a for a, *_ in found] == ["agree"]


def test_a_third_state_making_its_own_weapons_is_not_cooperation(ex):
    assert facts(ex, "Despite sanctions, Russia continues to manufacture missiles and drones.") == []


def test_the_same_day_takes_the_date_told_before(ex):
    body = ("On Friday, Ukraine and France signed a security agreement.\n"
            "The same day, France announced the delivery of CAESAR howitzers to Ukraine.")
    found = facts(ex, body)
    assert ("pledge", ("FR", "UA"), ("CAESAR",), "2026-02-06") in found or \
        ("deliver", ("FR", "UA"), ("CAESAR",), "2026-02-06") in found


def test_according_to_a_state_makes_it_a_source_not_an_actor(ex):
    found = facts(ex, "North Korea has shipped shells to Russia, according to South Korean intelligence.",
                  title="North Korea and Russia")
    assert found and all("KR" not in actors for _, actors, _, _ in found)


def test_a_denial_cancels_the_act_it_governs(ex):
    assert facts(ex, "Tehran denies that it has delivered any drones to Russia.", title="Iran and Russia") == []


def test_a_company_as_the_other_party_leaves_the_state_alone(ex):
    # the guidelines: a state contracting a company has the state(s) as actors, not the article's other state
    found = facts(ex, "On Friday Ukraine signed a memorandum with Rheinmetall on building an ammunition plant.",
                  title="France and Ukraine")
    assert [(a, actors) for a, actors, _, _ in found] == [("agree", ("UA",))]
    paired = facts(ex, "On Friday Ukraine signed a memorandum on building an ammunition plant.",
                   title="France and Ukraine")
    assert [(a, set(actors)) for a, actors, _, _ in paired] == [("agree", {"UA", "FR"})]


def test_a_german_announcement_with_its_object_inside_the_split_verb_is_a_pledge(ex):
    found = facts(ex, "Zugleich kündigte die Bundesregierung neue Lieferungen von Munition an die Ukraine an.",
                  language="de", title="Deutschland und die Ukraine")
    assert [(a, set(actors)) for a, actors, _, _ in found] == [("pledge", {"DE", "UA"})]


def test_an_infinitive_after_an_announcement_is_a_pledge_in_german(ex):
    found = facts(ex, "Deutschland kündigte an, der Ukraine weitere Patriot-Systeme zu liefern.", language="de",
                  title="Deutschland und die Ukraine")
    assert [(a, s) for a, _, s, _ in found] == [("pledge", ("Patriot",))]


@pytest.mark.parametrize("language,sentence", [
    ("en", "That is why joint production with partners is essential for Ukraine, Fedorov said."),
    ("pl", "Kosiniak-Kamysz podkreślił, że wspólna produkcja amunicji z Ukrainą jest kluczowa."),
    ("it", "Secondo Crosetto la produzione congiunta di munizioni con l'Ucraina è fondamentale."),
])
def test_a_judgement_is_not_an_act(ex, language, sentence):
    assert facts(ex, sentence, language=language) == []


@pytest.mark.parametrize("language,sentence", [
    ("en", "Poland is one of the largest suppliers of weapons to Ukraine."),
    ("pl", "Polska należy do największych dostawców sprzętu wojskowego dla Ukrainy."),
    ("fr", "La France est l'un des principaux fournisseurs d'armes de l'Ukraine."),
])
def test_a_supplier_is_a_role_not_a_delivery(ex, language, sentence):
    assert facts(ex, sentence, language=language) == []


def test_a_delivery_next_to_an_ignored_word_still_counts(ex):
    found = facts(ex, "Polska rozpoczęła w poniedziałek dostawy amunicji dla Ukrainy.", language="pl")
    assert [a for a, *_ in found] == ["deliver"]


def test_an_undated_sentence_of_the_story_takes_the_story_day_not_the_publication_day(ex):
    # published on Monday 9 February 2026; the story happened "on Friday" (6 February)
    body = ("France and Ukraine signed a letter of intent on drones on Friday in Paris.\n"
            "In the afternoon, the two ministers also signed a contract for SCALP missiles.\n")
    found = facts(ex, body)
    assert [(a, d) for a, _, _, d in found] == [("agree", "2026-02-06"), ("agree", "2026-02-06")]


def test_a_date_long_before_publication_is_not_the_story_day(ex):
    body = ("France signed a contract with Ukraine for SCALP missiles in March 2024.\n"
            "The two ministers also discussed drones.\n")
    found = dict((a, d) for a, _, _, d in facts(ex, body))
    assert found["discuss"] == PUB


def test_states_in_armed_conflict_are_not_the_two_sides_of_a_fact(ex):
    assert facts(ex, "Russia sent waves of Shahed drones against Kyiv overnight.", title="Russia and Ukraine") == []
    found = facts(ex, "Ukraine asked for longer-range missiles to strike military targets on Russian territory.",
                  title="Russia and Ukraine")
    assert [(a, actors) for a, actors, _, _ in found] == [("request", ("UA",))]


def test_a_price_is_not_a_funding_and_a_meeting_with_an_outcome_is_not_a_discussion(ex):
    assert facts(ex, "The total order is valued at $8.1 billion, officials in Jakarta said.",
                 title="Indonesia and France") == []
    found = facts(ex, "Starmer attended the signing of the Typhoon contract in Ankara during his visit to Turkey.",
                  title="Britain and Turkey")
    assert [a for a, *_ in found] == ["agree"]


def test_a_weapon_noun_with_a_referring_determiner_points_back_to_the_system_named_before(ex):
    body = ("India signed a contract for 36 Rafale jets in September 2016.\n"
            "France completed deliveries of those aircraft in 2022.\n")
    found = facts(ex, body, title="India and France")
    assert ("deliver", ("Rafale",), "2022") in [(a, s, d) for a, _, s, d in found]
    # an indefinite plural names no system told before
    found = facts(ex, "Le Rafale a été présenté en 2016.\nLa France livrera des chars à l'Ukraine.", language="fr")
    assert [(a, s) for a, _, s, _ in found] == [("pledge", ())]


@pytest.mark.parametrize("language,sentence,expected", [
    ("uk", "Передати Україні IRIS-T канцлер Олаф Шольц пообіцяв у Бундестазі.", ("DE", "UA")),
    ("pl", "Przekazać Ukrainie cztery MiG-29 obiecał prezydent Andrzej Duda.", ("PL", "UA")),
])
def test_a_fronted_slavic_infinitive_is_framed_by_the_promise_and_the_dative_receives(ex, language, sentence,
                                                                                      expected):
    found = facts(ex, sentence, language=language)
    assert [(a, actors) for a, actors, _, _ in found] == [("pledge", expected)]


@pytest.mark.parametrize("language,sentence", [
    ("fr", "Le Kremlin a démenti avoir livré des missiles à l'Iran."),
    ("ru", "Тегеран опроверг поставки ракет России."),
    ("de", "Teheran dementierte Lieferungen von Raketen an Russland."),
])
def test_a_denial_cancels_the_act(ex, language, sentence):
    assert facts(ex, sentence, language=language, title="Iran and Russia") == []


@pytest.mark.parametrize("language,sentence,action", [
    ("en", "The Eurofighter Typhoon is produced jointly by Britain, Germany, Italy and Spain.", "produce"),
    ("ru", "Москва намерена приобрести у Тегерана ракетные комплексы.", "request"),
    ("de", "Die Ukraine hatte die Bundesregierung bereits im Mai 2023 um Taurus-Marschflugkörper gebeten.", "request"),
    ("en", "In January, Denmark decided to donate all 19 CAESAR howitzers to Ukraine.", "pledge"),
])
def test_more_ways_of_telling_an_act(ex, language, sentence, action):
    title = {"de": "Deutschland und die Ukraine"}.get(language, "Ukraine and France")
    assert action in [a for a, *_ in facts(ex, sentence, language=language, title=title)]


@pytest.mark.parametrize("language,sentence", [
    ("fr", "Le ministère russe a affirmé avoir frappé avec des missiles Kalibr l'usine Vizar, près de Kiev."),
    ("pl", "Pieskow zapowiedział, że przekazany Ukrainie sprzęt zostanie zniszczony."),
])
def test_an_attack_delivers_and_produces_nothing(ex, language, sentence):
    assert facts(ex, sentence, language=language) == []


def test_a_bloc_named_as_a_label_is_no_party(ex):
    found = facts(ex, "The Netherlands became the first NATO country to finance a package of US weapons for Ukraine.")
    assert found and all("NATO" not in actors for _, actors, _, _ in found)


def test_read_also_lines_name_no_mention_of_the_article(ex):
    body = "France delivered SCALP missiles to Ukraine on Monday.\nRead also: Pistorius visits Kyiv with IRIS-T news\n"
    names = {m.name for m in ex.process(Article("t.txt", f"Ukraine and France\n{body}", language="en",
                                                 published=PUB)).mentions}
    assert "SCALP" in names and "Boris Pistorius" not in names and "IRIS-T" not in names


def test_money_is_no_system_and_a_letter_of_offer_and_acceptance_is_an_agreement(ex):
    found = facts(ex, "Officials put the cost of the first decade of the project at about A$10 billion.",
                  title="Australia and Japan")
    assert found == []
    signed = facts(ex, "Romania on Thursday signed the letter of offer and acceptance for 32 F-35 jets with the "
                       "United States.", title="Romania and the United States")
    assert [(a, s) for a, _, s, _ in signed] == [("agree", ("F-35",))]


@pytest.mark.parametrize("language,sentence", [
    ("fr", "Emmanuel Macron avait annoncé en juin 2024 la cession de Mirage 2000-5 à l'Ukraine."),
    ("pl", "W marcu 2023 roku prezydent Andrzej Duda zapowiedział przekazanie Ukrainie czterech MiG-29."),
])
def test_an_announced_delivery_is_a_pledge(ex, language, sentence):
    assert [a for a, *_ in facts(ex, sentence, language=language)] == ["pledge"]


def test_a_signing_after_after_is_the_time_of_what_follows(ex):
    found = facts(ex, "Po podpisaniu umowy Zełenski spotkał się w Belwederze z prezydentem Dudą.", language="pl",
                  title="Polska i Ukraina")
    assert [a for a, *_ in found] == ["discuss"]


def test_a_counted_visit_is_commentary(ex):
    assert facts(ex, "Era la primera visita oficial del mandatario ucraniano a España desde la invasión.",
                 language="es", title="España y Ucrania") == []
