"""Legacy 8-bit encodings: the reading that looks like writing wins, ties go by the language's letters."""

from __future__ import annotations

import pytest

from defcoop.extractors import encodings
from defcoop.extractors.reader import decode, read_article
from support import SAMPLES

TEXTS = {
    "pl": ["Ministerstwo Obrony Narodowej przekazało we wtorek, że dwanaście haubic dotarło już do brygad.",
           "Żołnierze ćwiczą obsługę nowych wyrzutni; rząd zapowiada kolejną dostawę jesienią.",
           "Polska kupi czołgi i śmigłowce, poinformował w środę szef resortu obrony po spotkaniu w Brukseli.",
           "Źródła w sztabie mówią, że Ukraina otrzyma także amunicję oraz systemy łączności."],
    "cs": ["Ministerstvo obrany ve čtvrtek oznámilo, že armáda převezme první dvě houfnice ještě letos.",
           "Česká vláda schválila nákup tanků; ministryně řekla, že smlouva bude podepsána v září.",
           "Příští týden dorazí do země nové radary a štáb připravuje výcvik posádek.",
           "Žádost Ukrajiny o další munici podpořilo i několik poslanců, uvedl mluvčí resortu."],
    "ru": ["Министерство обороны сообщило во вторник, что двенадцать гаубиц уже прибыли в бригады.",
           "Правительство одобрило закупку танков, а министр подписал соглашение о поставках ещё в сентябре.",
           "Новые радары доставят в следующем месяце, сообщил представитель штаба журналистам.",
           "Эксперты считают, что объём помощи вырастет в этом году."],
    "uk": ["Міністерство оборони повідомило у вівторок, що дванадцять гаубиць уже прибули до бригад.",
           "Уряд схвалив закупівлю танків, а міністр підписав угоду про постачання ще у вересні.",
           "Нові радари доставлять наступного місяця, повідомив речник штабу журналістам.",
           "Експерти вважають, що обсяг допомоги зросте цього року, і Україна отримає ґрунтовну підтримку."],
    "fr": ["Le ministère des Armées a confirmé mardi que douze obusiers étaient arrivés près du front, à l'été.",
           "« Nous tiendrons nos engagements », a-t-elle déclaré – sans préciser le coût ni la durée."],
    "de": ["Das Verteidigungsministerium bestätigte am Dienstag, dass zwölf Haubitzen übergeben wurden.",
           "„Wir halten Wort“, sagte die Ministerin – die Lieferung soll im März beginnen."],
    "es": ["El Ministerio de Defensa informó el martes de que doce obuses ya han llegado a las brigadas.",
           "¿Cuándo llegarán los cañones? España firmó el contrato y el año próximo recibirá más munición."],
    "it": ["Il ministero della Difesa ha comunicato martedì che dodici obici sono già arrivati alle brigate.",
           "Perché la consegna è in ritardo? Il governo però ha già firmato l'accordo, più di un anno fa."],
}
# (language, encoding written, the names a right answer may have: latin-1 and cp1252 agree on letters)
CASES = [
    ("pl", "cp1250", {"cp1250"}), ("cs", "cp1250", {"cp1250"}), ("pl", "iso-8859-2", {"iso-8859-2", "cp1250"}),
    ("cs", "iso-8859-2", {"iso-8859-2", "cp1250"}), ("ru", "koi8-r", {"koi8-r", "koi8-u"}),
    ("uk", "koi8-u", {"koi8-u"}), ("ru", "cp1251", {"cp1251"}), ("uk", "cp1251", {"cp1251"}),
    ("fr", "cp1252", {"cp1252"}), ("de", "cp1252", {"cp1252"}), ("es", "cp1252", {"cp1252"}),
    ("it", "cp1252", {"cp1252"}), ("es", "latin-1", {"cp1252", "latin-1"}), ("it", "latin-1", {"cp1252", "latin-1"}),
]


@pytest.mark.parametrize(("language", "encoding", "names"), CASES, ids=[f"{c[0]}-{c[1]}" for c in CASES])
def test_re_encoded_texts_are_read_back_exactly(language, encoding, names):
    for text in TEXTS[language]:
        decoded, name = decode(text.encode(encoding))
        assert decoded == text, (encoding, decoded)
        assert name in names or decoded == text.encode(encoding).decode(name.replace("-", "_"))


SAMPLE_ENCODINGS = {"pl": ["cp1250", "iso-8859-2"], "uk": ["koi8-u", "cp1251"], "ru": ["koi8-r", "cp1251"],
                    "fr": ["cp1252"], "de": ["cp1252"], "es": ["cp1252"], "it": ["cp1252"], "en": ["cp1252"]}


@pytest.mark.parametrize("path", sorted((SAMPLES / "articles").glob("*.txt")), ids=lambda p: p.stem)
def test_our_sample_articles_re_encoded_are_read_back_at_any_length(path):
    text = read_article(str(path)).text
    for encoding in SAMPLE_ENCODINGS[path.name[:2]]:
        for length in (120, 400, len(text)):
            part = text[:length]
            try:
                data = part.encode(encoding)
            except UnicodeEncodeError:  # typographic quotes that KOI8 has no place for
                continue
            if not data.isascii():
                assert decode(data)[0] == part, (encoding, length)


def test_every_candidate_reading_is_scored():
    data = TEXTS["pl"][1].encode("cp1250")
    found = {r.encoding: r for r in encodings.readings(data)}
    assert found["cp1250"].penalty == 0
    assert found["cp1252"].stray > 0  # "¿o³nierze"
    assert found["cp1251"].odd > 0  # Latin and Cyrillic in one word


def test_a_tie_goes_to_the_reading_in_its_language_s_alphabet():
    # French in cp1252 reads as cp1250 without a single stray symbol ("ministčre"): the alphabet decides
    text = TEXTS["fr"][0]
    candidates = encodings.readings(text.encode("cp1252"))
    tied = [r for r in candidates if r.penalty == min(c.penalty for c in candidates)]
    assert {r.encoding for r in tied} >= {"cp1252", "cp1250"}
    assert encodings.guess(text.encode("cp1252")) == (text, "cp1252")


def test_bytes_that_no_encoding_reads_as_text_are_refused():
    assert encodings.guess(bytes(range(0x80, 0x100)) * 8) is None
