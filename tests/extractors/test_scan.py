"""The article context the pre-scan works out: the page's date field, the title line, the story's day."""

from __future__ import annotations

from defcoop import extract_facts
from defcoop.extractors.scan import dateline_end, title_end

LEAD = ("Chile signed a contract to buy six Hermes 900 drones from Israel, the defence ministry in Santiago said "
        "on Tuesday, adding that the first aircraft would arrive within two years of the signature.")


def test_a_date_field_at_the_top_of_the_text_is_found_and_nothing_else_is():
    assert dateline_end(" date 2022-02-02 Egypt signed") == len(" date 2022-02-02 ")
    assert dateline_end("date 2024-04 Egypt signed") == len("date 2024-04 ")
    assert dateline_end("Egypt signed a deal on date 2022-02-02") == 0
    assert dateline_end(" date 2022-02-021 x") == 0


def test_a_first_line_that_is_the_lead_paragraph_is_no_title():
    assert title_end(f" date 2022-02-02 {LEAD}\n\nMore text.") == 0
    assert title_end("Chile buys Israeli drones\n\n" + LEAD) == len("Chile buys Israeli drones")


def test_the_first_sentence_is_dated_by_its_weekday_not_by_the_page_s_date_field():
    facts = extract_facts(f" date 2022-02-03 {LEAD}\n\nThe ministry gave no price.", language="en",
                          published="2022-02-03", blank=True)
    assert [(f.action, f.date) for f in facts] == [("agree", "2022-02-01")]
