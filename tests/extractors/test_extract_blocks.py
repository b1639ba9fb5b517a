"""Which lines of a page may state facts: prose, not headlines, menus or captions."""

from __future__ import annotations

import re

from defcoop import extract_facts
from defcoop.extractors.extract import _blocks

NOTHING = re.compile(r"(?!)")


def lines(text: str) -> list[str]:
    return [text[a:b] for a, b in _blocks(text, False, NOTHING)]


def test_a_headline_without_a_stop_is_skipped_and_a_sentence_is_kept():
    text = "Poland signs a letter of intent with Ukraine\nPoland signed a letter of intent with Ukraine on Monday."
    assert lines(text) == ["Poland signed a letter of intent with Ukraine on Monday."]


def test_a_statement_whose_attribution_is_on_the_next_line_is_a_sentence():
    text = "Poland signed a letter of intent with Ukraine\n– the defence minister wrote on social media."
    assert lines(text) == ["Poland signed a letter of intent with Ukraine",
                           "– the defence minister wrote on social media."]
    assert lines("Poland and Ukraine\n– The Full Story") == []  # a dash before a capital is a subtitle


def test_the_attributed_statement_gives_its_fact():
    facts = extract_facts("Poland signed a letter of intent with Ukraine on arms production\n– the defence "
                          "minister wrote on social media.", language="en", published="2025-03-05", blank=True)
    assert [(f.action, sorted(f.actors)) for f in facts] == [("agree", ["PL", "UA"])]
