"""The pipeline builder: what it loads for each language."""

import pytest

from defcoop.extractors.pipeline import build_pipeline, model_name


@pytest.mark.skipif(model_name("en") is None, reason="no English spaCy package installed")
def test_english_tokenizer_built_from_the_language_class_matches_the_packaged_one():
    # build_pipeline skips loading the packaged tokenizer from disk; that is only right if it is the default
    import spacy

    packaged = spacy.load(model_name("en"), exclude=["lemmatizer", "tok2vec", "tagger", "parser",
                                                       "attribute_ruler", "ner"]).tokenizer
    built = build_pipeline("en").tokenizer
    assert built.rules == packaged.rules
    for attr in ("prefix_search", "suffix_search", "infix_finditer", "url_match"):
        assert getattr(built, attr).__self__.pattern == getattr(packaged, attr).__self__.pattern, attr
    assert built.token_match == packaged.token_match


@pytest.mark.parametrize("language", ["en", "fr", "de", "uk"])
def test_every_pipeline_ends_with_the_defcoop_components(language):
    names = build_pipeline(language).pipe_names
    assert "defcoop_gazetteer" in names and names[-1] == "defcoop_facts"


@pytest.mark.skipif(model_name("en") is None, reason="no English spaCy package installed")
def test_without_people_the_pipeline_has_no_recogniser_and_the_facts_are_the_same():
    from defcoop.extractors.extract import Extractor
    from defcoop.extractors.model import Article

    assert "ner" not in build_pipeline("en", people=False).pipe_names
    text = ("Defence Minister Oskar Vandermeulen of Belgium said on Monday that Belgium will deliver "
            "two Patriot launchers to Ukraine, after talks in Brussels with President Volodymyr Zelensky.")

    def run(people: bool):
        return Extractor(people=people).process(Article(path="t.txt", text=text, language="en",
                                                        published="2026-03-02"))

    full, light = run(True), run(False)
    assert [f.as_dict() for f in full.facts] == [f.as_dict() for f in light.facts] != []
    # the person next to an office title is found by the title rule (people.py) with or without the
    # statistical recogniser, which only adds people the rule did not find
    assert "Oskar Vandermeulen" in {m.text for m in light.mentions if m.source == "title"}
    assert not [m for m in light.mentions if m.source == "ner"]


@pytest.mark.skipif(model_name("en") is None, reason="no English spaCy package installed")
def test_english_pos_from_tags_gives_the_word_classes_the_attribute_ruler_gives():
    import spacy

    from defcoop.extractors import components  # noqa: F401 - registers defcoop_pos_from_tags

    text = ("Germany will deliver four IRIS-T systems to Ukraine, the minister said, and nothing else was "
            "agreed. Deliveries have been delayed; Rheinmetall is building a plant there, which could "
            "produce 155mm shells by 2026. \"We have signed it,\" she told reporters on Tuesday.")
    ruler = spacy.load(model_name("en"), exclude=["lemmatizer", "ner"])
    ours = spacy.load(model_name("en"), exclude=["lemmatizer", "ner", "attribute_ruler"])
    ours.add_pipe("defcoop_pos_from_tags", after="tagger")

    def word_class(pos: str) -> str:  # what the rules read: a verb, a noun, or something else
        return "verb" if pos in ("VERB", "AUX") else "noun" if pos in ("NOUN", "PROPN") else "other"

    want = [(t.text, word_class(t.pos_)) for t in ruler(text)]
    assert [(t.text, word_class(t.pos_)) for t in ours(text)] == want
    assert "defcoop_pos_from_tags" in build_pipeline("en").pipe_names
    assert "attribute_ruler" not in build_pipeline("en").pipe_names
