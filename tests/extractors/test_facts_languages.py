"""Facts from one clear-cut news sentence, for every language and every action (GUIDELINES.md).

Every positive case is a sentence that holds exactly one cooperation fact: the test checks the action, the
actor states (as a set; for pledge, deliver and fund the giver must come first), the systems (canonical
names) and the date (the publication date, a Monday, unless the sentence has a date expression).
Per language, a negated sentence and a battlefield sentence naming a weapon must yield no fact at all.
"""

from __future__ import annotations

import pytest

from defcoop.extractors.extract import Extractor
from defcoop.extractors.model import Article

PUB = "2026-02-09"  # a Monday
GIVER_FIRST = {"pledge", "deliver", "fund"}


@pytest.fixture(scope="module")
def ex() -> Extractor:
    return Extractor(weights="off")  # the rules alone: the trained decision is scored by cross-validation


def facts_of(ex: Extractor, text: str, language: str):
    res = ex.process(Article(path="t.txt", text=text, language=language, published=PUB))
    return res.facts


def show(facts) -> str:
    return "; ".join(f"{f.action} actors={f.actors} systems={f.systems} date={f.date}" for f in facts) or "no fact"


def case(cid: str, text: str, action: str, actors: list[str], systems: list[str], date: str = PUB,
         xfail: str | None = None):
    lang = cid.split("-")[0]
    marks = [pytest.mark.xfail(strict=True, reason=xfail)] if xfail else []
    return pytest.param(lang, text, action, actors, systems, date, id=cid, marks=marks)


POSITIVE = [
    # --- en -------------------------------------------------------------------------------------
    case("en-agree", "Poland and South Korea signed a contract on Tuesday for 180 more K2 Black Panther tanks.",
         "agree", ["PL", "KR"], ["K2 Black Panther"], "2026-02-03"),
    case("en-pledge", "Germany has pledged two additional Patriot systems to Ukraine.",
         "pledge", ["DE", "UA"], ["Patriot"]),
    case("en-deliver", "France has delivered a new batch of CAESAR howitzers to Ukraine.",
         "deliver", ["FR", "UA"], ["CAESAR"]),
    case("en-request", "Ukraine has requested Gripen fighter jets from Sweden.",
         "request", ["UA", "SE"], ["Gripen"]),
    case("en-produce", "France and Italy are ramping up production of SAMP/T air defence systems.",
         "produce", ["FR", "IT"], ["SAMP/T"]),
    case("en-fund", "Norway allocated 500 million euros to finance Patriot interceptors for Ukraine.",
         "fund", ["NO", "UA"], ["Patriot"]),
    case("en-discuss", "The defence ministers of Ukraine and the Netherlands discussed F-16 deliveries on Wednesday.",
         "discuss", ["UA", "NL"], ["F-16"], "2026-02-04"),
    case("en-propose", "Sweden has offered to supply Ukraine with Gripen fighter jets.",
         "propose", ["SE", "UA"], ["Gripen"]),
    # --- fr -------------------------------------------------------------------------------------
    case("fr-agree", "La France et l'Ukraine ont signé mardi un accord sur la livraison de canons CAESAR.",
         "agree", ["FR", "UA"], ["CAESAR"], "2026-02-03"),
    case("fr-pledge", "La France fournira à l'Ukraine deux nouveaux systèmes SAMP/T.",
         "pledge", ["FR", "UA"], ["SAMP/T"]),
    case("fr-deliver", "L'Allemagne a livré à l'Ukraine un nouveau système IRIS-T SLM.",
         "deliver", ["DE", "UA"], ["IRIS-T SLM"]),
    case("fr-request", "L'Ukraine a demandé à la France de lui fournir des systèmes SAMP/T supplémentaires.",
         "request", ["UA", "FR"], ["SAMP/T"]),
    case("fr-produce", "L'Ukraine et la France ont lancé la coproduction de canons CAESAR.",
         "produce", ["UA", "FR"], ["CAESAR"]),
    case("fr-fund", "Le Danemark a accordé à l'Ukraine un prêt de 200 millions d'euros pour des canons CAESAR.",
         "fund", ["DK", "UA"], ["CAESAR"]),
    case("fr-discuss", "Les ministres français et ukrainien de la Défense ont discuté jeudi de la livraison "
         "de missiles SCALP.", "discuss", ["FR", "UA"], ["SCALP"], "2026-02-05"),
    case("fr-propose", "La France a proposé à l'Ukraine de produire ensemble des systèmes SAMP/T.",
         "propose", ["FR", "UA"], ["SAMP/T"]),
    # --- de -------------------------------------------------------------------------------------
    case("de-agree", "Deutschland und die Ukraine haben am Dienstag eine Vereinbarung über die Lieferung weiterer "
         "IRIS-T-Systeme unterzeichnet.", "agree", ["DE", "UA"], ["IRIS-T"], "2026-02-03"),
    case("de-pledge", "Deutschland hat der Ukraine zwei weitere Patriot-Systeme zugesagt.",
         "pledge", ["DE", "UA"], ["Patriot"]),
    case("de-deliver", "Norwegen hat der Ukraine acht Leopard-2-Kampfpanzer geliefert.",
         "deliver", ["NO", "UA"], ["Leopard 2"]),
    case("de-request", "Die Ukraine bittet Deutschland um weitere Taurus-Marschflugkörper.",
         "request", ["UA", "DE"], ["Taurus"]),
    case("de-produce", "Deutschland und die Ukraine starten die gemeinsame Produktion von IRIS-T-Lenkflugkörpern.",
         "produce", ["DE", "UA"], ["IRIS-T"]),
    case("de-fund", "Deutschland gewährt der Ukraine einen Kredit über 500 Millionen Euro für IRIS-T-Raketen.",
         "fund", ["DE", "UA"], ["IRIS-T"]),
    case("de-discuss", "Die Verteidigungsminister Deutschlands und der Ukraine besprachen am Mittwoch weitere "
         "Lieferungen von IRIS-T-Systemen.", "discuss", ["DE", "UA"], ["IRIS-T"], "2026-02-04"),
    case("de-propose", "Schweden hat der Ukraine die Lieferung von Gripen-Kampfjets angeboten.",
         "propose", ["SE", "UA"], ["Gripen"]),
    # --- uk -------------------------------------------------------------------------------------
    case("uk-agree", "Україна та Швеція 22 жовтня 2025 року підписали лист про наміри щодо придбання "
         "винищувачів Gripen.", "agree", ["UA", "SE"], ["Gripen"], "2025-10-22"),
    case("uk-pledge", "Німеччина передасть Україні ще дві системи Patriot.",
         "pledge", ["DE", "UA"], ["Patriot"]),
    case("uk-deliver", "Франція передала Україні нову партію самохідних гаубиць CAESAR.",
         "deliver", ["FR", "UA"], ["CAESAR"]),
    case("uk-request", "Україна попросила Італію передати ще одну систему SAMP/T.",
         "request", ["UA", "IT"], ["SAMP/T"]),
    case("uk-produce", "Україна та Німеччина розпочали спільне виробництво ракет IRIS-T.",
         "produce", ["UA", "DE"], ["IRIS-T"]),
    case("uk-fund", "Норвегія виділила Україні 100 мільйонів євро на ракети для систем Patriot.",
         "fund", ["NO", "UA"], ["Patriot"]),
    case("uk-discuss", "Міністри оборони України та Великої Британії обговорили постачання ракет Storm Shadow.",
         "discuss", ["UA", "GB"], ["Storm Shadow"]),
    case("uk-propose", "Швеція запропонувала Україні спільне виробництво винищувачів Gripen.",
         "propose", ["SE", "UA"], ["Gripen"]),
    # --- ru -------------------------------------------------------------------------------------
    case("ru-agree", "Польша и Южная Корея во вторник подписали контракт на поставку танков K2 Black Panther.",
         "agree", ["PL", "KR"], ["K2 Black Panther"], "2026-02-03"),
    case("ru-pledge", "Германия передаст Украине ещё две системы Patriot.",
         "pledge", ["DE", "UA"], ["Patriot"]),
    case("ru-deliver", "Северная Корея поставила России баллистические ракеты KN-23.",
         "deliver", ["KP", "RU"], ["KN-23"]),
    case("ru-request", "Украина попросила Францию передать ей истребители Rafale.",
         "request", ["UA", "FR"], ["Rafale"]),
    case("ru-produce", "Россия и Иран наладили совместное производство дронов Shahed-136.",
         "produce", ["RU", "IR"], ["Shahed-136"]),
    case("ru-fund", "Германия выделила Украине 500 миллионов евро на ракеты для IRIS-T.",
         "fund", ["DE", "UA"], ["IRIS-T"]),
    case("ru-discuss", "Министры обороны Украины и Франции в среду обсудили поставки истребителей Rafale.",
         "discuss", ["UA", "FR"], ["Rafale"], "2026-02-04"),
    case("ru-propose", "Израиль предложил Германии дополнительные комплексы Arrow 3.",
         "propose", ["IL", "DE"], ["Arrow 3"]),
    # --- it -------------------------------------------------------------------------------------
    case("it-agree", "Italia e Ucraina hanno firmato un accordo per la fornitura di un secondo sistema SAMP/T.",
         "agree", ["IT", "UA"], ["SAMP/T"]),
    case("it-pledge", "L'Italia fornirà all'Ucraina un nuovo sistema SAMP/T.",
         "pledge", ["IT", "UA"], ["SAMP/T"]),
    case("it-deliver", "La Germania ha consegnato all'Ucraina altri due sistemi IRIS-T SLM.",
         "deliver", ["DE", "UA"], ["IRIS-T SLM"]),
    case("it-request", "L'Ucraina ha chiesto all'Italia ulteriori missili Storm Shadow.",
         "request", ["UA", "IT"], ["Storm Shadow"]),
    case("it-produce", "Italia e Francia avviano la produzione congiunta dei sistemi SAMP/T di nuova generazione.",
         "produce", ["IT", "FR"], ["SAMP/T"]),
    case("it-fund", "La Danimarca ha concesso all'Ucraina un prestito di 200 milioni di euro per i cannoni CAESAR.",
         "fund", ["DK", "UA"], ["CAESAR"]),
    case("it-discuss", "I ministri della Difesa di Italia e Ucraina hanno discusso martedì a Roma delle forniture "
         "di sistemi SAMP/T.", "discuss", ["IT", "UA"], ["SAMP/T"], "2026-02-03"),
    case("it-propose", "La Svezia ha offerto all'Ucraina i caccia Gripen.",
         "propose", ["SE", "UA"], ["Gripen"]),
    # --- pl -------------------------------------------------------------------------------------
    case("pl-agree", "Polska i Korea Południowa podpisały w piątek umowę na dostawę kolejnych 180 czołgów K2.",
         "agree", ["PL", "KR"], ["K2 Black Panther"], "2026-02-06"),
    case("pl-pledge", "Niemcy przekażą Ukrainie kolejne systemy IRIS-T.",
         "pledge", ["DE", "UA"], ["IRIS-T"]),
    case("pl-deliver", "Polska dostarczyła Ukrainie kolejne czołgi Leopard 2.",
         "deliver", ["PL", "UA"], ["Leopard 2"]),
    case("pl-request", "Ukraina zwróciła się do Niemiec z prośbą o dodatkowe systemy Patriot.",
         "request", ["UA", "DE"], ["Patriot"]),
    case("pl-produce", "Polska i Wielka Brytania rozpoczną wspólną produkcję pocisków CAMM.",
         "produce", ["PL", "GB"], ["CAMM"]),
    case("pl-fund", "Dania przeznaczyła 100 milionów euro na haubice CAESAR dla Ukrainy.",
         "fund", ["DK", "UA"], ["CAESAR"]),
    case("pl-discuss", "Ministrowie obrony Polski i Ukrainy rozmawiali w czwartek o dostawach czołgów Leopard 2.",
         "discuss", ["PL", "UA"], ["Leopard 2"], "2026-02-05"),
    case("pl-propose", "Korea Południowa zaoferowała Polsce transfer technologii produkcji czołgów K2.",
         "propose", ["KR", "PL"], ["K2 Black Panther"]),
    # --- es -------------------------------------------------------------------------------------
    case("es-agree", "España y Ucrania firmaron el martes un acuerdo para la entrega de misiles Patriot.",
         "agree", ["ES", "UA"], ["Patriot"], "2026-02-03"),
    case("es-pledge", "España enviará a Ucrania más misiles para el sistema Patriot.",
         "pledge", ["ES", "UA"], ["Patriot"]),
    case("es-deliver", "Alemania entregó el viernes a Ucrania otros dos sistemas IRIS-T SLM.",
         "deliver", ["DE", "UA"], ["IRIS-T SLM"], "2026-02-06"),
    case("es-request", "Ucrania pidió a Estados Unidos más lanzadores HIMARS.",
         "request", ["UA", "US"], ["HIMARS"]),
    case("es-produce", "España fabrica bajo licencia alemana los carros de combate Leopardo 2E.",
         "produce", ["ES", "DE"], ["Leopardo 2E"]),
    case("es-fund", "Noruega concedió a Ucrania un préstamo de 200 millones de euros para sistemas Patriot.",
         "fund", ["NO", "UA"], ["Patriot"]),
    case("es-discuss", "Los ministros de Defensa de España y Ucrania discutieron el jueves el suministro de "
         "misiles Patriot.", "discuss", ["ES", "UA"], ["Patriot"], "2026-02-05"),
    case("es-propose", "Suecia ofreció a Ucrania cazas Gripen.",
         "propose", ["SE", "UA"], ["Gripen"]),

    # --- more ways of telling the same acts: capitals, inflected names, receivers, other verb forms --
    case("en-pledge-2", "Berlin will send Kyiv four more IRIS-T SLM systems, the German government announced "
         "on Friday.", "pledge", ["DE", "UA"], ["IRIS-T SLM"], "2026-02-06"),
    case("en-deliver-2", "Ukraine received another IRIS-T SLM system from Germany.",
         "deliver", ["DE", "UA"], ["IRIS-T SLM"]),
    case("en-request-2", "Kyiv is interested in buying SAMP/T systems from France and Italy.",
         "request", ["UA", "FR", "IT"], ["SAMP/T"]),
    case("en-fund-2", "Canada is funding the purchase of NASAMS launchers for Ukraine.",
         "fund", ["CA", "UA"], ["NASAMS"]),
    case("fr-pledge-2", "L'Allemagne s'est engagée à fournir à l'Ukraine deux systèmes Patriot supplémentaires.",
         "pledge", ["DE", "UA"], ["Patriot"]),
    case("fr-deliver-2", "Kyiv a reçu de la France un nouveau lot de canons CAESAR.",
         "deliver", ["FR", "UA"], ["CAESAR"]),
    case("fr-deliver-3", "La France a cédé à l'Ukraine des canons CAESAR supplémentaires.",
         "deliver", ["FR", "UA"], ["CAESAR"]),
    case("fr-produce-2", "La France et l'Ukraine coproduiront des drones.",
         "produce", ["FR", "UA"], []),
    case("fr-discuss-2", "Emmanuel Macron et Volodymyr Zelensky ont évoqué la livraison de Mirage 2000 à l'Ukraine.",
         "discuss", ["FR", "UA"], ["Mirage 2000"]),
    case("de-pledge-2", "Deutschland wird der Ukraine weitere IRIS-T-Systeme liefern.",
         "pledge", ["DE", "UA"], ["IRIS-T"]),
    case("de-pledge-3", "Deutschland sagte der Ukraine weitere Patriot-Systeme zu.",
         "pledge", ["DE", "UA"], ["Patriot"]),
    case("de-deliver-2", "Die Niederlande haben weitere F-16-Kampfjets an die Ukraine übergeben.",
         "deliver", ["NL", "UA"], ["F-16"]),
    case("de-deliver-3", "Die Ukraine hat aus Deutschland ein weiteres IRIS-T-System erhalten.",
         "deliver", ["DE", "UA"], ["IRIS-T"]),
    case("de-request-2", "Die Ukraine ist an Gripen-Kampfjets aus Schweden interessiert.",
         "request", ["UA", "SE"], ["Gripen"]),
    case("de-discuss-2", "Die Verteidigungsminister Deutschlands und Frankreichs haben über die Lieferung von "
         "Taurus-Marschflugkörpern gesprochen.", "discuss", ["DE", "FR"], ["Taurus"]),
    case("de-propose-2", "Schweden bot der Ukraine Gripen-Kampfjets an.",
         "propose", ["SE", "UA"], ["Gripen"]),
    case("uk-pledge-2", "Уряд Німеччини ухвалив рішення про передачу Україні ще двох систем Patriot.",
         "pledge", ["DE", "UA"], ["Patriot"]),
    case("uk-deliver-2", "Україна отримала від Німеччини ще одну систему IRIS-T SLM.",
         "deliver", ["DE", "UA"], ["IRIS-T SLM"]),
    case("uk-produce-2", "Україна та Данія спільно вироблятимуть ракети.",
         "produce", ["UA", "DK"], []),
    case("ru-deliver-2", "Украина получила от Германии очередную систему IRIS-T SLM.",
         "deliver", ["DE", "UA"], ["IRIS-T SLM"]),
    case("ru-fund-2", "Дания выделила Украине 200 миллионов евро на гаубицы CAESAR.",
         "fund", ["DK", "UA"], ["CAESAR"]),
    case("it-request-2", "L'Ucraina è interessata ai caccia Gripen svedesi.",
         "request", ["UA", "SE"], ["Gripen"]),
    case("it-produce-2", "Italia e Germania produrranno insieme i carri armati Leopard 2A8.",
         "produce", ["IT", "DE"], ["Leopard 2A8"]),
    case("it-fund-2", "La Norvegia finanzierà sistemi NASAMS per l'Ucraina.",
         "fund", ["NO", "UA"], ["NASAMS"]),
    case("it-discuss-2", "Crosetto ha incontrato il suo omologo ucraino per discutere della fornitura di sistemi "
         "SAMP/T.", "discuss", ["IT", "UA"], ["SAMP/T"]),
    case("pl-pledge-2", "Rząd Niemiec zapowiedział przekazanie Ukrainie kolejnych systemów IRIS-T.",
         "pledge", ["DE", "UA"], ["IRIS-T"]),
    case("pl-pledge-3", "Niemcy dostarczą Ukrainie kolejne systemy IRIS-T SLM.",
         "pledge", ["DE", "UA"], ["IRIS-T SLM"]),
    case("pl-deliver-2", "Ukraina otrzymała od Niemiec kolejny system IRIS-T SLM.",
         "deliver", ["DE", "UA"], ["IRIS-T SLM"]),
    case("pl-produce-2", "Polska i Korea Południowa wyprodukują wspólnie czołgi K2.",
         "produce", ["PL", "KR"], ["K2 Black Panther"]),
    case("pl-fund-2", "Niemcy sfinansują zakup systemów Patriot dla Ukrainy.",
         "fund", ["DE", "UA"], ["Patriot"]),
    case("es-deliver-2", "Ucrania recibió de Alemania un nuevo sistema IRIS-T SLM.",
         "deliver", ["DE", "UA"], ["IRIS-T SLM"]),
    case("es-produce-2", "España y Alemania producirán conjuntamente carros de combate Leopard 2.",
         "produce", ["ES", "DE"], ["Leopard 2"]),
    case("es-discuss-2", "Robles se reunió con su homólogo ucraniano para hablar del suministro de misiles Patriot.",
         "discuss", ["ES", "UA"], ["Patriot"]),
]


@pytest.mark.parametrize("language, text, action, actors, systems, date", POSITIVE)
def test_one_fact_per_language_and_action(ex, language, text, action, actors, systems, date):
    facts = facts_of(ex, text, language)
    assert len(facts) == 1, f"expected one {action} fact, got: {show(facts)}"
    f = facts[0]
    assert f.action == action, show(facts)
    assert set(f.actors) == set(actors), show(facts)
    if action in GIVER_FIRST:
        assert f.actors[0] == actors[0], f"the giver {actors[0]} must come first: {show(facts)}"
    assert set(f.systems) == set(systems), show(facts)
    assert f.date == date, show(facts)


def quiet(cid: str, text: str, xfail: str | None = None):
    marks = [pytest.mark.xfail(strict=True, reason=xfail)] if xfail else []
    return pytest.param(cid.split("-")[0], text, id=cid, marks=marks)


NO_FACT = [
    # negated acts
    quiet("en-negated", "Germany still refuses to deliver Taurus cruise missiles to Ukraine."),
    quiet("fr-negated", "La France n'a jamais livré d'avions Rafale à l'Ukraine."),
    quiet("de-negated", "Deutschland hat der Ukraine bislang keine Taurus-Marschflugkörper geliefert."),
    quiet("uk-negated", "Німеччина так і не передала Україні ракети Taurus."),
    quiet("ru-negated", "Германия не передала Украине крылатые ракеты Taurus."),
    quiet("it-negated", "L'Italia non ha mai inviato missili Storm Shadow all'Ucraina."),
    quiet("pl-negated", "Niemcy nie przekazały Ukrainie pocisków Taurus."),
    quiet("es-negated", "Alemania no ha entregado misiles Taurus a Ucrania."),
    quiet("en-negated-2", "Washington ruled out sending more Patriot systems to Ukraine."),
    quiet("de-negated-2", "Deutschland lehnt die Lieferung von Taurus-Marschflugkörpern an die Ukraine weiterhin ab."),
    # battlefield events
    quiet("en-battlefield", "A Russian strike with North Korean KN-23 missiles hit Kharkiv on Sunday, "
          "killing three people."),
    quiet("fr-battlefield", "Un drone russe Shahed-136 a frappé un immeuble résidentiel à Odessa dans la nuit."),
    quiet("de-battlefield", "Ukrainische Einheiten zerstörten mit HIMARS-Raketen ein russisches Munitionsdepot."),
    quiet("uk-battlefield", "Сили ППО збили над Києвом 40 російських ударних дронів Shahed-136."),
    quiet("ru-battlefield", "Украинские войска нанесли удар ракетами Storm Shadow по российскому командному пункту."),
    quiet("it-battlefield", "Un drone russo Shahed-136 ha colpito un deposito di carburante vicino a Odessa."),
    quiet("pl-battlefield", "Rosyjska armia ostrzelała Charków rakietami KN-23, zginęły trzy osoby."),
    quiet("es-battlefield", "Un misil Storm Shadow ucraniano alcanzó un puesto de mando ruso en la región "
          "de Zaporiyia."),
]


@pytest.mark.parametrize("language, text", NO_FACT)
def test_negated_and_battlefield_sentences_yield_no_fact(ex, language, text):
    facts = facts_of(ex, text, language)
    assert facts == [], show(facts)
