"""--merge: one row per real event across articles; the one-liner filters."""

from __future__ import annotations

from defcoop.extractors.events import MERGED_FIELDS, FactFilter, merge, resolve_systems
from defcoop.extractors.extract import Extractor
from defcoop.extractors.gazetteer import load_gazetteer
from defcoop.extractors.model import Fact
from defcoop.extractors.reader import read_inputs
from support import DEV, SAMPLES, needs_dev


def fact(action="deliver", actors=("FR", "UA"), systems=(), date="2026-02-09", article="a.txt") -> Fact:
    return Fact(article, "en", "2026-02-09", action, list(actors), [], list(systems), date, "e", 0, 1, 0.5)


def test_same_event_from_two_articles_is_one_row_with_both_sources():
    gaz = load_gazetteer()
    events = merge([fact(article="a.txt"), fact(article="b.txt", date="2026-02")], gaz)
    assert len(events) == 1
    row = events[0].row()
    assert row["sources"] == ["a.txt", "b.txt"] and row["date"] == "2026-02-09"


def test_different_dates_actions_or_actors_stay_apart():
    gaz = load_gazetteer()
    facts = [fact(), fact(date="2025-11"), fact(action="pledge"), fact(actors=("DE", "UA"))]
    assert len(merge(facts, gaz)) == 4


def test_storm_shadow_and_scalp_are_one_missile():
    gaz = load_gazetteer()
    events = merge([fact(systems=["Storm Shadow"]), fact(systems=["SCALP"], article="b.txt")], gaz)
    assert len(events) == 1


def test_filters():
    keep = FactFilter(since="2026-02", countries=frozenset({"UA"}), actions=frozenset({"deliver"}))
    assert keep(fact()) and keep(fact(date="2026-02"))
    assert not keep(fact(date="2026-01-31")) and not keep(fact(date=None)) and not keep(fact(action="agree"))
    assert not FactFilter(until="2025")(fact())


def test_system_filter_takes_any_spelling_and_the_family():
    gaz = load_gazetteer()
    names, unknown = resolve_systems(["айріс-т", "No Such Thing"], gaz)
    assert "IRIS-T" in names and "IRIS-T SLM" in names and unknown == ["No Such Thing"]


@needs_dev
def test_merge_collapses_the_shared_9_february_events_of_the_dev_articles():
    ex = Extractor()
    facts = [f for a in read_inputs([str(DEV / "articles")]) for f in ex.process(a).facts]
    events = merge(facts, load_gazetteer())
    assert len(events) < len(facts)
    request = [e for e in events if e.fact.action == "request" and "SAMP/T" in e.fact.systems]
    assert len(request) == 1, "Ukraine's request for SAMP/T, Mistral and Crotale is one event"
    assert len(set(request[0].row()["sources"])) >= 3


def test_a_battlefield_report_yields_no_fact():
    ex = Extractor()
    article = next(read_inputs([str(SAMPLES / "articles" / "en-04-battlefield.txt")]))
    result = ex.process(article)
    assert result.facts == []
    assert any(m.type == "system" for m in result.mentions)


def test_the_filters_read_fact_records_as_they_read_facts():
    keep = FactFilter(since="2026-02", countries=frozenset({"UA"}), systems=frozenset({"CAESAR"}))
    record = fact(systems=["CAESAR"]).as_dict()
    assert keep.record(record) and keep.record({**record, "date": "2026"})
    assert not keep.record({**record, "systems": []}) and not keep.record({**record, "date": None})


def told(quantity=None, value=None, currency=None, article="a.txt") -> Fact:
    f = fact(article=article)
    f.quantity, f.value, f.currency = quantity, value, currency
    return f


def test_a_merged_event_keeps_the_quantity_and_the_value_most_sources_tell():
    gaz = load_gazetteer()
    tellings = [told(12, 2_700_000_000, "EUR"), told(None, None, None, "b.txt"), told(12, None, None, "c.txt"),
                told(10, 2_700_000_000, "EUR", "d.txt"), told(10, 3_000_000_000, "USD", "e.txt")]
    row = merge(tellings, gaz)[0].row()
    assert (row["quantity"], row["value"], row["currency"]) == (12, 2_700_000_000, "EUR")
    assert list(row) == list(MERGED_FIELDS)


def test_system_filter_follows_same_as_twins_like_merge():
    names, _ = resolve_systems(["Storm Shadow"], load_gazetteer())
    assert {"Storm Shadow", "SCALP"} <= names
