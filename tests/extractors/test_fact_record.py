"""The fact record: its keys, and PLOVER's context and mode for event databases."""

from __future__ import annotations

from defcoop.extractors.model import EXTRA_FACT_FIELDS, FACT_FIELDS, Fact


def fact(action: str = "deliver", modality: str = "asserted") -> Fact:
    return Fact("a.txt", "en", "2025-06-12", action, ["DE", "UA"], [], ["IRIS-T"], "2025-06-11", "e", 0, 1, 0.9,
                modality=modality)


def test_quantity_value_and_currency_come_after_the_old_keys_so_csv_columns_keep_their_place():
    assert FACT_FIELDS[:12] == ("article", "language", "published", "action", "actors", "officials", "systems",
                                "date", "evidence", "start", "end", "confidence")
    assert FACT_FIELDS[12:] == ("quantity", "value", "currency")
    record = fact().as_dict()
    assert (record["quantity"], record["value"], record["currency"]) == (None, None, None)


def test_every_fact_is_military_in_plover_and_a_future_or_possible_one_says_so():
    assert fact().context == ["military"]
    assert fact(modality="intended").context == ["military", "future"]
    assert fact(modality="possible").context == ["military", "hypothetical"]


def test_only_aid_has_a_plover_mode():
    assert (fact("deliver").mode, fact("fund").mode) == ("military", "economic")
    assert fact("agree").mode is None and fact("discuss").mode is None


def test_extra_keys_hold_codes_as_text():
    extra = fact("pledge").as_dict(extra=True)
    assert list(extra) == list(FACT_FIELDS + EXTRA_FACT_FIELDS)
    assert (extra["plover"], extra["cameo"], extra["mode"]) == ("AGREE", "0332", None)
