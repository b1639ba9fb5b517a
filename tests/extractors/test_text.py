import re

from defcoop.extractors.gazetteer import load_gazetteer
from defcoop.extractors.index import declension
from defcoop.extractors.text import PhraseMatcher, alias_key, leftmost, literal_alternation, sentence_spans, words

GAZ = load_gazetteer()


def matcher(language: str | None, gap: int = 0) -> PhraseMatcher:
    """A matcher with the shipped language data, as LanguageIndex builds them."""
    lang = GAZ.languages.get(language or "")
    return PhraseMatcher(language, gap, declension=declension(GAZ),
                         gap_blockers=lang.gap_blockers if lang else frozenset(),
                         clause_closers=lang.clause_closers if lang else frozenset())


def scan(matcher: PhraseMatcher, text: str) -> list[tuple[str, object]]:
    return [(text[m.start:m.end], m.payload) for m in matcher.scan(words(text))]


def test_alias_key_ignores_punctuation_spacing_and_case():
    assert alias_key("SAMP/T") == alias_key("samp-t") == alias_key("SAMP T") == ("samp", "t")


def test_letters_and_digits_are_split_so_f16_variants_are_one_alias():
    assert alias_key("F-16") == alias_key("F16") == alias_key("f 16")
    m = matcher("en")
    m.add("Mirage 2000", "mirage")
    assert scan(m, "two Mirage2000 jets and a Mirage-2000") == [("Mirage2000", "mirage"), ("Mirage-2000", "mirage")]


def test_capitalised_word_alias_needs_a_capital_in_text():
    m = matcher("en")
    m.add("Patriot", "patriot")
    assert scan(m, "a patriot song") == []
    assert scan(m, "two Patriot batteries") == [("Patriot", "patriot")]
    assert scan(m, "PATRIOT systems") == [("PATRIOT", "patriot")]


def test_acronym_alias_matches_capitals_or_title_case_not_lower_case():
    m = matcher("en")
    m.add("SCALP", "scalp")
    assert scan(m, "Scalp missiles") == [("Scalp", "scalp")]
    assert scan(m, "a wound to the scalp") == []


def test_exact_alias_demands_its_capitalisation():
    m = matcher("en")
    m.add("CSG", "csg", exact=True)
    assert scan(m, "Csg said") == []
    assert scan(m, "CSG said") == [("CSG", "csg")]


def test_multiword_alias_matches_in_any_case():
    m = matcher("fr")
    m.add("AASM Hammer", "aasm")
    assert scan(m, "une bombe AASM HAmmer.") == [("AASM HAmmer", "aasm")]


def test_longest_match_wins():
    m = matcher("en")
    m.add("IRIS-T", "iris-t")
    m.add("IRIS-T SLM", "iris-t-slm")
    assert scan(m, "the IRIS-T SLM system") == [("IRIS-T SLM", "iris-t-slm")]


def test_cyrillic_aliases_accept_case_endings():
    m = matcher("uk")
    m.add("Зеленський", "zelensky")
    m.add("Україна", "ua")
    found = scan(m, "Зеленського підтримали; Україні передали, а Україну захищають")
    assert [p for _, p in found] == ["zelensky", "ua", "ua"]


def test_cyrillic_endings_do_not_reach_other_words():
    m = matcher("uk")
    m.add("Франція", "fr")
    assert scan(m, "французький") == []


def test_polish_text_declines_latin_aliases():
    m = matcher("pl")
    m.add("Ukraina", "ua")
    assert [t for t, _ in scan(m, "pomoc dla Ukrainy i Ukrainie")] == ["Ukrainy", "Ukrainie"]
    assert scan(matcher("en"), "Ukrainy") == []


def test_german_genitive_s():
    m = matcher("de")
    m.add("Deutschland", "de")
    assert scan(m, "Deutschlands Hilfe") == [("Deutschlands", "de")]


def test_wildcard_words_in_triggers():
    m = matcher("en")
    m.add("deliver*", "deliver", wildcard=True, case="any")
    m.add("letter of intent", "agree", case="any")
    found = scan(m, "They delivered it, signed a Letter of Intent and keep delivering")
    assert found == [("delivered", "deliver"), ("Letter of Intent", "agree"), ("delivering", "deliver")]


def test_sentence_spans_keep_abbreviations_and_end_at_line_breaks():
    text = "Signed on Feb. 9 in Kyiv. The U.S. Army agreed.\nNext line"
    spans = [text[a:b] for a, b in sentence_spans(text, GAZ.abbreviations)]
    assert spans == ["Signed on Feb. 9 in Kyiv.", "The U.S. Army agreed.", "Next line"]


def test_three_dots_stand_for_the_words_of_a_split_verb():
    m = matcher("de")
    m.add("sagte* ... zu", "pledge", wildcard=True, case="any")
    found = scan(m, "Pistorius sagte der Ukraine weitere Systeme zu.")
    assert found == [("sagte der Ukraine weitere Systeme zu", "pledge")]
    assert scan(m, "Er sagte nichts.") == []


def test_the_particle_of_a_split_verb_closes_its_clause_and_phrases_inside_still_match():
    m = matcher("de")
    m.add("kündigte ... an", "pledge", case="any")
    m.add("lieferungen", "deliver", case="any")
    text = "Er kündigte neue Lieferungen von Munition an die Ukraine an, sagte er."
    # the first "an" is a preposition ("an die Ukraine"): the match runs to the particle before the comma
    assert scan(m, text) == [("kündigte neue Lieferungen von Munition an die Ukraine an", "pledge"),
                             ("Lieferungen", "deliver")]
    assert scan(m, "Er kündigte Lieferungen an die Ukraine") == [("Lieferungen", "deliver")]
    long = "Berlin kündigte ein neues Paket im Wert von rund 1,1 Milliarden Euro für die Armee der Ukraine an."
    assert scan(m, long)[0][1] == "pledge"


def test_a_gap_lets_adverbs_stand_inside_a_trigger():
    m = matcher("fr", gap=2)
    m.add("souhaite recevoir", "request", case="any")
    assert scan(m, "Kiev souhaite également recevoir des missiles") == [("souhaite également recevoir", "request")]
    assert matcher("fr").gap == 0


def test_latin_aliases_take_a_plural_s_in_the_shared_entity_matcher():
    m = matcher(None)
    m.add("Rafale", "rafale")
    m.add("Storm Shadow", "storm-shadow")
    assert scan(m, "two Rafales and Storm Shadows") == [("Rafales", "rafale"), ("Storm Shadows", "storm-shadow")]
    assert scan(m, "Rafalesque") == []
    assert scan(matcher("en"), "Rafales") == []


def test_a_declined_word_meets_the_other_forms_of_its_lemma():
    m = PhraseMatcher("pl", lemmas={"podpisać": "podpisać", "podpisze": "podpisać", "podpisali": "podpisać"})
    m.add("podpisać", "agree")
    found = m.scan(words("Polska podpisze umowę"))
    assert [(f.payload, f.by_lemma) for f in found] == [("agree", True)]


def test_an_equals_sign_keeps_a_word_to_its_spelling():
    lemmas = {"sarebbe": "essere", "è": "essere"}
    loose, strict = PhraseMatcher("it", lemmas=lemmas), PhraseMatcher("it", lemmas=lemmas)
    loose.add("sarebbe", "hypothetical")
    strict.add("=sarebbe", "hypothetical")
    assert scan(loose, "è pronta") == [("è", "hypothetical")]
    assert scan(strict, "è pronta") == [] and scan(strict, "sarebbe pronta") == [("sarebbe", "hypothetical")]


def test_of_two_matches_as_long_the_closer_one_wins():
    m = matcher("pl")
    m.add("trafi do", "pledge", wildcard=True)  # the declined stem "traf-" also takes "trafił"
    m.add("trafił* do", "deliver", wildcard=True)
    assert scan(m, "sprzęt trafił do Ukrainy") == [("trafił do", "deliver")]


BLANKS = r"\s+"
YEAR = r"\s+(?P<y>\d{4})"


def _plain(words: list[str], space: str | None = None) -> str:
    return "|".join(re.escape(w).replace(r"\ ", " ").replace(" ", space or r"\ ")
                    for w in sorted(words, key=len, reverse=True))


def test_a_trie_alternation_chooses_the_word_the_plain_alternation_chooses():
    months = ["mar", "marzo", "mart", "marca", "marzec", "ma", "maj", "maja", "mai", "May"]
    texts = ["Marzo 2024", "marca 2024", "mart 5", "MAJA 2", "ma 2025", "mai. 3", "marzeca 1", "maj2024", "may 9"]
    for tail in (r"\.?\s*\d+", r"[a-z]*\s\d", ""):
        trie = re.compile("(?P<m>" + literal_alternation(months) + ")" + tail, re.I)
        plain = re.compile("(?P<m>" + _plain(months) + ")" + tail, re.I)
        assert trie.pattern != plain.pattern
        for text in texts:
            assert [m.span("m") for m in trie.finditer(text)] == [m.span("m") for m in plain.finditer(text)], text


def test_spaces_in_trie_words_stand_for_the_given_pattern():
    phrases = ["in", "in the", "in the month of", "im", "im jahr", "at the end of"]
    trie = re.compile("(?P<p>" + literal_alternation(phrases, BLANKS) + ")" + YEAR, re.I)
    plain = re.compile("(?P<p>" + _plain(phrases, BLANKS) + ")" + YEAR, re.I)
    for text in ("in  2024", "In the\nmonth of 2024", "im Jahr 2023", "at the end of 2022", "in the 2021"):
        found = trie.search(text)
        assert found is not None and found.groupdict() == plain.search(text).groupdict(), text


def test_letters_that_fit_one_character_keep_the_plain_alternation():
    assert literal_alternation(["ſa", "sab"]) == _plain(["ſa", "sab"])  # "ſ" and "s" are one letter, case ignored
    assert literal_alternation(["in ", "in the"], BLANKS) == _plain(["in ", "in the"], BLANKS)


def test_leftmost_of_every_match_is_what_scan_finds():
    m = matcher("de", gap=2)
    m.add("kündigte ... an", "announce")
    m.add("neue Lieferungen", "deliver")
    m.add("Lieferungen an", "deliver-to")
    ws = words("Berlin kündigte neue Lieferungen an. Lieferungen an Kyjiw kommen.")
    every = m.scan_all(ws)
    assert [x.payload for x in every] == ["announce", "deliver", "deliver-to", "deliver-to"]  # overlapping
    assert leftmost(every) == m.scan(ws)
    assert [x.payload for x in m.scan(ws)] == ["announce", "deliver"]
