"""The scorer behind `defcoop eval`: gold loading, the GUIDELINES matching rules, reports, thresholds."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from defcoop.extractors.evaluate import (
    METRICS,
    Counts,
    GoldDoc,
    GoldError,
    GoldFact,
    Report,
    ThresholdError,
    check_thresholds,
    fold_transliteration,
    load_gold,
    load_gold_dir,
    load_thresholds,
    normalize_name,
    officials_match,
    pair_articles,
    parse_thresholds,
    score,
    systems_match,
)
from defcoop.extractors.model import FACT_FIELDS, MENTION_FIELDS

DEV = Path(__file__).resolve().parents[2].parent / "shared" / "corpus" / "dev"


# --------------------------------------------------------------------------------------------------
# Builders


def gold_fact(action="deliver", actors=("FR", "UA"), systems=(), date="2025-06-05", evidence="gold says so"):
    return GoldFact(action, list(actors), [], list(systems), date, evidence)


def gold_doc(facts=(), systems=(), officials=(), countries=None, doc_id="000_a"):
    facts = list(facts)
    if countries is None:
        countries = list(dict.fromkeys(a for f in facts for a in f.actors))
    return GoldDoc(doc_id, Path(f"{doc_id}.yaml"), "2025-06-05", "en", list(systems), list(officials),
                   list(countries), facts)


def pred_fact(action="deliver", actors=("FR", "UA"), systems=(), date="2025-06-05", evidence="predicted"):
    fact = dict.fromkeys(FACT_FIELDS)
    fact.update(article="000_a.txt", action=action, actors=list(actors), officials=[], systems=list(systems),
                date=date, evidence=evidence, start=0, end=len(evidence), confidence=0.9)
    return fact


def mention(kind, name):
    return dict(zip(MENTION_FIELDS, ("000_a.txt", kind, name, name, 0, len(name)), strict=True))


def as_prediction(doc: GoldDoc):
    """The gold of one article written as an extractor would output it."""
    facts = [pred_fact(f.action, f.actors, f.systems, f.date, f.evidence) for f in doc.facts]
    mentions = [mention("system", n) for n in doc.systems] + [mention("official", n) for n in doc.officials]
    return doc, facts, mentions


def score_facts(gold_facts, pred_facts) -> Report:
    return score([(gold_doc(gold_facts), pred_facts, [])])


def fact_counts(report: Report, name="facts") -> tuple[int, int, int]:
    counts = getattr(report, name)
    return counts.tp, counts.fp, counts.fn


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


GOOD_YAML = """\
id: 000_a
published: 2025-06-12
language: en
systems: [IRIS-T]
officials: [Boris Pistorius]
countries: [DE, UA]
facts:
  - action: deliver
    actors: [DE, UA]
    officials: [Boris Pistorius]
    systems: [IRIS-T]
    date: 2025-06-12
    evidence: "Germany delivered IRIS-T"
"""


def gold_yaml(fact_lines: str = "", top: str = "") -> str:
    """A valid gold file whose single fact has `fact_lines` replacing the matching defaults."""
    fields = {"action": "deliver", "actors": "[DE, UA]", "date": "2025-06-12"}
    extra = []
    for line in fact_lines.splitlines():
        key, _, value = line.partition(":")
        if key in fields:
            fields[key] = value.strip()
        else:
            extra.append(line)
    body = "".join(f"    {k}: {v}\n" if i else f"  - {k}: {v}\n" for i, (k, v) in enumerate(fields.items()))
    body += "".join(f"    {line}\n" for line in extra)
    return f"id: 000_a\n{top}facts:\n{body}"


# --------------------------------------------------------------------------------------------------
# Whole reports


def test_perfect_prediction_scores_one_everywhere():
    doc = gold_doc(
        [gold_fact("deliver", systems=["IRIS-T"]), gold_fact("pledge", date="2025-06"), gold_fact("fund", date=None)],
        systems=["IRIS-T", "Patriot"],
        officials=["Volodymyr Zelensky", "Boris Pistorius"],
    )
    report = score([as_prediction(doc)])
    for name in METRICS:
        assert report.metric(name) == 1.0, name
    assert report.dates_judged == 2


def test_empty_prediction_has_zero_recall_and_f1():
    doc = gold_doc([gold_fact()], systems=["IRIS-T"], officials=["Boris Pistorius"])
    report = score([(doc, [], [])])
    for kind in ("systems", "officials", "countries", "facts", "facts_relaxed"):
        assert report.metric(f"{kind}.recall") == 0.0, kind
        assert report.metric(kind) == 0.0, kind
        assert report.metric(f"{kind}.precision") == 0.0, kind


def test_empty_prediction_against_empty_gold_is_perfect():
    report = score([(gold_doc([], countries=[]), [], [])])
    assert report.metric("facts") == report.metric("systems") == report.metric("countries") == 1.0


def test_scores_are_micro_averaged_over_articles():
    right = gold_doc([gold_fact()], doc_id="000_a")
    missed = gold_doc([gold_fact("pledge"), gold_fact("fund"), gold_fact("agree")], doc_id="001_b")
    report = score([as_prediction(right), (missed, [], [])])
    assert fact_counts(report) == (1, 0, 3)
    assert report.metric("facts.recall") == 0.25  # a macro average would say 0.5
    assert report.articles == 2


def test_counts_conventions_when_a_side_is_empty():
    assert (Counts(0, 0, 0).precision, Counts(0, 0, 0).recall, Counts(0, 0, 0).f1) == (1.0, 1.0, 1.0)
    only_predicted = Counts(0, 2, 0)
    assert (only_predicted.precision, only_predicted.recall, only_predicted.f1) == (0.0, 0.0, 0.0)
    only_gold = Counts(0, 0, 2)
    assert (only_gold.precision, only_gold.recall, only_gold.f1) == (0.0, 0.0, 0.0)


# --------------------------------------------------------------------------------------------------
# Fact matching rules, one at a time


def test_action_must_be_equal_for_strict_but_not_for_relaxed():
    report = score_facts([gold_fact("deliver")], [pred_fact("pledge")])
    assert fact_counts(report, "facts") == (0, 1, 1)
    assert fact_counts(report, "facts_relaxed") == (1, 0, 0)


@pytest.mark.parametrize(
    ("gold_actors", "pred_actors", "matches"),
    [
        (["FR", "UA"], ["UA", "FR"], True),
        (["FR", "UA"], ["UA"], True),  # one shared state is enough
        (["FR", "UA"], ["UA", "DE"], True),
        (["FR", "UA"], ["DE"], False),
        (["FR", "UA"], [], False),
        ([], ["DE"], True),  # a gold fact without actors matches any
        ([], [], True),
    ],
)
def test_actor_sets_must_share_a_state(gold_actors, pred_actors, matches):
    report = score_facts([gold_fact(actors=gold_actors)], [pred_fact(actors=pred_actors)])
    assert report.facts.tp == int(matches)


@pytest.mark.parametrize(
    ("gold_systems", "pred_systems", "matches"),
    [
        ([], [], True),
        (["SAMP/T", "Mistral"], ["SAMP/T"], True),  # 1 of 2: half of the larger set
        (["SAMP/T"], ["SAMP/T", "Aster"], True),
        (["SAMP/T", "Mistral", "Crotale"], ["SAMP/T"], False),  # 1 of 3
        (["SAMP/T", "Mistral", "Crotale"], ["Crotale", "SAMP/T"], True),  # 2 of 3
        (["IRIS-T"], ["IRIS-T SLM"], True),  # containment
        (["IRIS-T SLM"], ["IRIS-T"], True),
        (["SAMP/T"], ["SAMP-T"], True),
        (["Patriot"], ["IRIS-T"], False),
        (["Patriot"], [], False),
        ([], ["Patriot"], False),
    ],
)
def test_system_sets_must_overlap_by_half_of_the_larger(gold_systems, pred_systems, matches):
    report = score_facts([gold_fact(systems=gold_systems)], [pred_fact(systems=pred_systems)])
    assert report.facts.tp == int(matches)


def test_system_overlap_counts_one_to_one_matches():
    # Both predictions contain "IRIS-T" but only one can be paired with it: 1 of 2, not 2 of 2.
    assert score_facts([gold_fact(systems=["IRIS-T", "Aster"])], [pred_fact(systems=["IRIS-T SLM"])]).facts.tp == 1
    report = score_facts(
        [gold_fact(systems=["IRIS-T", "Aster", "Mistral"])], [pred_fact(systems=["IRIS-T SLM", "IRIS-T SLS"])]
    )
    assert report.facts.tp == 0  # one gold IRIS-T for two predictions: 1 of 3


@pytest.mark.parametrize(
    ("gold_date", "pred_date", "matches"),
    [
        ("2025-06-05", "2025-06-05", True),
        ("2025-06", "2025-06-05", True),  # month vs day
        ("2025-06-05", "2025-06", True),
        ("2025", "2025-06-05", True),  # year vs day
        ("2025-06-05", "2025", True),
        ("2025-06-05", "2025-06-06", False),
        ("2025-06", "2025-07-01", False),
        ("2025", "2024-12", False),
        (None, "2025-06-05", True),  # gold null matches anything
        (None, None, True),
        ("2025-06-05", None, False),  # predicted null matches only a gold null
        ("2025", None, False),
        ("2025", "", False),  # a malformed prediction matches nothing
        ("2025", "in 2025", False),
    ],
)
def test_dates_agree_at_the_coarser_precision(gold_date, pred_date, matches):
    report = score_facts([gold_fact(date=gold_date)], [pred_fact(date=pred_date)])
    assert report.facts.tp == int(matches)


def test_repeated_predictions_are_deduplicated():
    repeated = [pred_fact(actors=["FR", "UA"], systems=["SAMP/T"]), pred_fact(actors=["UA", "FR"], systems=["SAMP-T"])]
    report = score_facts([gold_fact(systems=["SAMP/T"])], repeated)
    assert fact_counts(report) == (1, 0, 0)


def test_repeated_gold_facts_are_deduplicated():
    report = score_facts([gold_fact(evidence="told once"), gold_fact(evidence="told twice")], [pred_fact()])
    assert fact_counts(report) == (1, 0, 0)


def test_facts_differing_in_one_key_field_are_not_duplicates():
    report = score_facts([gold_fact(date="2025-06-05"), gold_fact(date="2025-06")], [pred_fact(date="2025-06-05")])
    assert fact_counts(report) == (1, 0, 1)


def test_one_prediction_matches_at_most_one_gold_fact():
    report = score_facts([gold_fact(actors=["FR", "UA"]), gold_fact(actors=["UA"])], [pred_fact(actors=["UA"])])
    assert fact_counts(report) == (1, 0, 1)


def test_matching_is_greedy_in_gold_order():
    # The first gold fact (no date) takes the first prediction, although only that prediction could
    # have matched the second gold fact: greedy, as GUIDELINES says, not an optimal assignment.
    gold = [gold_fact(date=None, evidence="first"), gold_fact(date="2025-06-05", evidence="second")]
    preds = [pred_fact(date="2025-06-05", evidence="p1"), pred_fact(date="2024-01-01", evidence="p2")]
    report = score_facts(gold, preds)
    assert fact_counts(report) == (1, 1, 1)
    detail = report.details[0]
    assert [f["evidence"] for f in detail.missed_facts] == ["second"]
    assert [f["evidence"] for f in detail.spurious_facts] == ["p2"]


def test_each_gold_fact_takes_the_first_matching_prediction_in_prediction_order():
    preds = [pred_fact(actors=["DE"], evidence="wrong actors"), pred_fact(evidence="a"),
             pred_fact(date="2025-06", evidence="b")]
    report = score_facts([gold_fact()], preds)
    assert [f["evidence"] for f in report.details[0].spurious_facts] == ["wrong actors", "b"]


def test_relaxed_matching_ignores_only_the_action():
    gold = [gold_fact("deliver", actors=["FR"]), gold_fact("pledge", date="2024")]
    preds = [pred_fact("pledge", actors=["FR"]), pred_fact("deliver", actors=["DE"], date="2024")]
    report = score_facts(gold, preds)
    assert fact_counts(report, "facts") == (0, 2, 2)
    assert fact_counts(report, "facts_relaxed") == (1, 1, 1)  # the DE prediction shares no actor


# --------------------------------------------------------------------------------------------------
# Mentions


def test_system_mentions_match_after_normalization_and_containment():
    doc = gold_doc(systems=["SAMP/T", "IRIS-T", "Patriot"])
    mentions = [mention("system", "SAMP-T"), mention("system", "IRIS-T SLM"), mention("system", "Leopard 2")]
    report = score([(doc, [], mentions)])
    assert (report.systems.tp, report.systems.fp, report.systems.fn) == (2, 1, 1)
    assert report.details[0].missed["systems"] == ["Patriot"]
    assert report.details[0].spurious["systems"] == ["Leopard 2"]


def test_repeated_mentions_count_once():
    doc = gold_doc(systems=["SAMP/T"], officials=["Volodymyr Zelensky"])
    mentions = [mention("system", "SAMP/T"), mention("system", "SAMP-T"), mention("official", "Volodymyr Zelensky"),
                mention("official", "Volodymyr Zelensky")]
    report = score([(doc, [], mentions)])
    assert (report.systems.tp, report.systems.fp) == (1, 0)
    assert (report.officials.tp, report.officials.fp) == (1, 0)


def test_mention_matching_is_one_to_one_and_not_blocked_by_order():
    # Greedy alone would pair IRIS-T with "IRIS-T SLM" and leave SLM unmatched.
    doc = gold_doc(systems=["IRIS-T", "SLM"])
    report = score([(doc, [], [mention("system", "IRIS-T SLM"), mention("system", "IRIS-T")])])
    assert (report.systems.tp, report.systems.fp, report.systems.fn) == (2, 0, 0)
    report = score([(gold_doc(systems=["IRIS-T"]), [], [mention("system", "IRIS-T SLM"), mention("system", "IRIS-T")])])
    assert (report.systems.tp, report.systems.fp, report.systems.fn) == (1, 1, 0)


def test_official_mentions_match_on_folded_surname():
    doc = gold_doc(officials=["Volodymyr Zelensky", "Rustem Umerov", "Boris Pistorius"])
    mentions = [mention("official", "Zelenskyy"), mention("official", "Roustem Oumerov"),
                mention("official", "Boris Johnson"), mention("organization", "Pistorius GmbH")]
    report = score([(doc, [], mentions)])
    assert (report.officials.tp, report.officials.fp, report.officials.fn) == (2, 1, 1)
    assert report.details[0].spurious["officials"] == ["Boris Johnson"]


def test_countries_are_the_actors_of_the_predicted_facts():
    doc = gold_doc([gold_fact(actors=["FR", "UA"])], countries=["FR", "UA"])
    preds = [pred_fact("request", actors=["UA", "DE"]), pred_fact("fund", actors=["UA"])]
    mentions = [mention("country", "FR")]  # country mentions are not what is scored
    report = score([(doc, preds, mentions)])
    assert (report.countries.tp, report.countries.fp, report.countries.fn) == (1, 1, 1)
    assert report.details[0].missed["countries"] == ["FR"]
    assert report.details[0].spurious["countries"] == ["DE"]


@pytest.mark.parametrize(("a", "b"), [("SAMP-T", "SAMP/T"), ("samp t", "SAMP/T"), ("Sébastien", "sebastien"),
                                      ("Mirage 2000", "MIRAGE-2000"), ("Łukasz", "lukasz")])
def test_normalize_name_drops_case_accents_and_punctuation(a, b):
    assert normalize_name(a) == normalize_name(b)


@pytest.mark.parametrize(
    ("a", "b", "matches"),
    [
        ("IRIS-T", "IRIS-T SLM", True),
        ("IRIS-T SLM", "iris t", True),
        ("SAMP-T", "SAMP/T", True),
        ("Patriot", "IRIS-T", False),
        ("", "IRIS-T", False),  # an empty name would be contained in every name
        ("--", "IRIS-T", False),
    ],
)
def test_systems_match(a, b, matches):
    assert systems_match(a, b) is matches


@pytest.mark.parametrize("spelling", ["Zelensky", "Zelenskyy", "Zelenskiy", "Zelenskyi", "Zelenskij", "Zelenskii",
                                      "Zelenski", "ZELENSKY", "Zelenskyj"])
def test_fold_transliteration_folds_zelensky_variants(spelling):
    assert fold_transliteration(spelling) == fold_transliteration("Zelensky") == "zelensky"


@pytest.mark.parametrize(("a", "b"), [("Umerov", "Oumerov"), ("Umerov", "Umerow"), ("Pistorius", "pistorius"),
                                      ("Fedorov", "Fedorow"), ("Mykhailo", "Myhailo")])
def test_fold_transliteration_folds_other_variants(a, b):
    assert fold_transliteration(a) == fold_transliteration(b)


@pytest.mark.parametrize(
    ("a", "b", "matches"),
    [
        ("Volodymyr Zelensky", "Zelenskyy", True),
        ("Volodymyr Zelensky", "Volodymyr Zelenskiy", True),
        ("Rustem Umerov", "Roustem Oumerov", True),
        ("Boris Pistorius", "Pistorius", True),
        ("Boris Pistorius", "Boris Johnson", False),  # the first name does not count
        ("Rustem Umerov", "Rustem", False),
        ("Boris Pistorius", "", False),
    ],
)
def test_officials_match_on_the_surname(a, b, matches):
    assert officials_match(a, b) is matches


# --------------------------------------------------------------------------------------------------
# Breakdown, date accuracy, report


def test_per_action_breakdown_counts_each_fact_under_its_own_action():
    gold = [gold_fact("deliver"), gold_fact("pledge", actors=["DE"])]
    preds = [pred_fact("deliver"), pred_fact("request", actors=["DE"])]
    report = score_facts(gold, preds)
    by_action = {a: (c.tp, c.fp, c.fn) for a, c in report.by_action.items()}
    assert by_action == {"pledge": (0, 0, 1), "deliver": (1, 0, 0), "request": (0, 1, 0)}
    assert list(report.by_action) == ["pledge", "deliver", "request"]  # GUIDELINES order
    assert report.as_dict()["by_action"]["deliver"]["f1"] == 1.0


def test_date_accuracy_is_exact_dates_among_strict_matches_with_a_gold_date():
    gold = [gold_fact("deliver", date="2025-06-05"), gold_fact("pledge", date="2025-06-05"),
            gold_fact("fund", date=None), gold_fact("agree", date="2025-06-05")]
    preds = [pred_fact("deliver", date="2025-06-05"), pred_fact("pledge", date="2025-06"),
             pred_fact("fund", date="2024"), pred_fact("request", date="2025-06-05")]
    report = score_facts(gold, preds)
    assert (report.dates_correct, report.dates_judged) == (1, 2)  # fund has no gold date, agree is unmatched
    assert report.metric("date_accuracy") == 0.5


def test_date_accuracy_compares_yaml_dates_as_strings(tmp_path):
    doc = load_gold(write(tmp_path, "000_a.yaml", GOOD_YAML))
    report = score([(doc, [pred_fact(actors=["DE"], systems=["IRIS-T"], date="2025-06-12")], [])])
    assert (report.dates_correct, report.dates_judged) == (1, 1)


def test_date_accuracy_without_dates_to_judge_is_one():
    report = score_facts([gold_fact(date=None)], [pred_fact(date=None)])
    assert report.dates_judged == 0
    assert report.date_accuracy == 1.0


def test_report_as_dict_is_json_ready_and_rounded():
    doc = gold_doc([gold_fact("deliver"), gold_fact("pledge"), gold_fact("fund")])
    report = score([(doc, [pred_fact("deliver")], [])])
    data = json.loads(json.dumps(report.as_dict()))
    assert data["facts"] == {"precision": 1.0, "recall": 0.3333, "f1": 0.5, "tp": 1, "fp": 0, "fn": 2}
    assert data["articles"] == 1
    assert "details" not in data


def test_report_as_dict_with_explain_lists_misses_and_false_alarms():
    doc = gold_doc([gold_fact("deliver", evidence="Germany delivered")], systems=["IRIS-T"])
    report = score([(doc, [pred_fact("pledge", evidence="will deliver")], [mention("system", "Patriot")])])
    (detail,) = json.loads(json.dumps(report.as_dict(explain=True)))["details"]
    assert detail["id"] == "000_a"
    assert detail["facts"]["missed"] == [
        {"action": "deliver", "actors": ["FR", "UA"], "systems": [], "date": "2025-06-05",
         "evidence": "Germany delivered"}
    ]
    assert [f["evidence"] for f in detail["facts"]["spurious"]] == ["will deliver"]
    assert detail["systems"] == {"missed": ["IRIS-T"], "spurious": ["Patriot"]}
    assert detail["officials"] == {"missed": [], "spurious": []}


def test_metric_names():
    report = score_facts([gold_fact("deliver"), gold_fact("pledge")], [pred_fact("deliver"), pred_fact("fund")])
    assert report.metric("facts") == report.metric("facts.f1") == 0.5
    assert report.metric("facts.precision") == 0.5
    assert report.metric("facts_relaxed.recall") == 1.0  # fund stands in for pledge
    with pytest.raises(ValueError, match=r"unknown metric 'facts\.accuracy'"):
        report.metric("facts.accuracy")


# --------------------------------------------------------------------------------------------------
# Loading gold


def test_load_gold_reads_every_field(tmp_path):
    doc = load_gold(write(tmp_path, "000_a.yaml", GOOD_YAML))
    assert doc == GoldDoc("000_a", tmp_path / "000_a.yaml", "2025-06-12", "en", ["IRIS-T"], ["Boris Pistorius"],
                          ["DE", "UA"], [GoldFact("deliver", ["DE", "UA"], ["Boris Pistorius"], ["IRIS-T"],
                                                  "2025-06-12", "Germany delivered IRIS-T")])


def test_load_gold_defaults_the_optional_fields(tmp_path):
    doc = load_gold(write(tmp_path, "000_a.yaml", "facts:\n  - action: discuss\n    actors: []\n"))
    assert (doc.id, doc.published, doc.language, doc.systems, doc.officials, doc.countries) == (
        "000_a", None, None, [], [], [])
    assert doc.facts == [GoldFact("discuss", [], [], [], None, "")]


@pytest.mark.parametrize(("written", "read"), [("2025-06-12", "2025-06-12"), ("'2025-06-12'", "2025-06-12"),
                                               ("2025-06", "2025-06"), ("2025", "2025"), ("null", None)])
def test_load_gold_reads_dates_as_strings(tmp_path, written, read):
    doc = load_gold(write(tmp_path, "000_a.yaml", gold_yaml(f"date: {written}", top=f"published: {written}\n")))
    assert doc.facts[0].date == read
    assert doc.published == read


def test_load_gold_accepts_eu_and_nato_as_actors(tmp_path):
    doc = load_gold(write(tmp_path, "000_a.yaml", gold_yaml("actors: [EU, NATO, UA]", top="countries: [EU, UA]\n")))
    assert doc.facts[0].actors == ["EU", "NATO", "UA"]


@pytest.mark.parametrize(
    ("fact_lines", "top", "message"),
    [
        ("action: sign", "", r"fact 1: action 'sign' is not one of agree, pledge"),
        ("date: June 2025", "", r"fact 1: date 'June 2025' is not YYYY-MM-DD, YYYY-MM, YYYY or null"),
        ("date: '2026-02-30'", "", r"fact 1: date '2026-02-30' does not exist"),
        ("date: 2025-13", "", r"fact 1: date '2025-13' does not exist"),
        ("date: 2025.6", "", r"fact 1: date 2025.6 is not YYYY-MM-DD"),
        ("date: 25", "", r"fact 1: date 25 is not a four-digit year"),
        ("date: 2025-06-12 10:00:00", "", r"fact 1: date 2025-06-12 10:00:00 has a time of day"),
        ("actors: [ukr]", "", r"fact 1: actors\[0\] 'ukr' is not an ISO 3166-1 alpha-2 code"),
        ("actors: UA", "", r"fact 1: actors must be a list, not str"),
        ("actors: [UA, NO]", "", r"fact 1: actors\[1\] is false: quote Norway as 'NO'"),
        ("systems: [IRIS-T, 155]", "", r"fact 1: systems\[1\] must be a non-empty string, not 155"),
        ("evidence: 42", "", r"fact 1: evidence must be a string, not int"),
        ("source: TASS", "", r"fact 1: unknown fact key\(s\) source; expected action, actors"),
        ("", "published: 2025-02-29\n", r"line 2: date 2025-02-29 does not exist"),  # YAML itself fails
        ("", "countries: [Ukraine]\n", r"countries\[0\] 'Ukraine' is not an ISO 3166-1 alpha-2 code"),
        ("", "language: no\n", r"language is false, not a string \(quote it\)"),
        ("", "title: x\n", r"unknown top-level key\(s\) title; expected id, published"),
        ("", "systems: IRIS-T\n", r"systems must be a list, not str"),
    ],
)
def test_load_gold_rejects_bad_values(tmp_path, fact_lines, top, message):
    path = write(tmp_path, "000_a.yaml", gold_yaml(fact_lines, top))
    with pytest.raises(GoldError, match=message) as caught:
        load_gold(path)
    assert caught.value.path == path
    assert str(caught.value).startswith(f"{path}: ")


def test_gold_error_names_the_fact_number(tmp_path):
    text = gold_yaml() + "  - action: deliver\n    actors: [DE]\n  - action: sell\n    actors: [DE]\n"
    with pytest.raises(GoldError, match=r"000_a.yaml: fact 3: action 'sell'") as caught:
        load_gold(write(tmp_path, "000_a.yaml", text))
    assert caught.value.fact == 3


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("id: 000_a\n", r"missing top-level key\(s\) facts"),
        ("id: 000_a\nfacts:\n", r"facts must be a list \(write facts: \[\] for an article without facts\)"),
        ("facts:\n  - actors: [UA]\n", r"fact 1: missing fact key\(s\) action"),
        ("facts:\n  - action: deliver\n", r"fact 1: missing fact key\(s\) actors"),
        ("facts:\n  - deliver\n", r"fact 1: a fact must be a mapping, not str"),
        ("- action: deliver\n", r"must be a mapping with the keys id, .*, not list"),
        ("", r"must be a mapping .*, not an empty file"),
        ("id: 001_b\nfacts: []\n", r"id '001_b' differs from the file name '000_a'"),
        ("id: 7\nfacts: []\n", r"id must be a non-empty string, not 7"),
        ("facts: [\n", r"not valid YAML"),
    ],
)
def test_load_gold_rejects_bad_structure(tmp_path, text, message):
    with pytest.raises(GoldError, match=message):
        load_gold(write(tmp_path, "000_a.yaml", text))


def test_load_gold_rejects_unreadable_files(tmp_path):
    path = tmp_path / "000_a.yaml"
    path.write_bytes(b"facts: []\nlanguage: \xff\n")
    with pytest.raises(GoldError, match="cannot read the file"):
        load_gold(path)
    with pytest.raises(GoldError, match="cannot read the file"):
        load_gold(tmp_path / "missing.yaml")


def test_load_gold_dir_keys_files_by_stem(tmp_path):
    write(tmp_path, "000_a.yaml", GOOD_YAML)
    write(tmp_path, "001_b.yml", "facts: []\n")
    write(tmp_path, "notes.txt", "not gold")
    assert list(load_gold_dir(tmp_path)) == ["000_a", "001_b"]


def test_load_gold_dir_rejects_an_empty_folder(tmp_path):
    write(tmp_path, "README.md", "no gold here")
    with pytest.raises(GoldError, match=r"no gold files \(\*\.yaml, \*\.yml\)") as caught:
        load_gold_dir(tmp_path)
    assert caught.value.path == tmp_path


def test_load_gold_dir_rejects_a_missing_folder(tmp_path):
    with pytest.raises(GoldError, match="not a folder"):
        load_gold_dir(tmp_path / "nowhere")


def test_load_gold_dir_reports_every_bad_file(tmp_path):
    write(tmp_path, "000_a.yaml", GOOD_YAML)
    write(tmp_path, "001_b.yaml", "facts: [\n")
    write(tmp_path, "002_c.yaml", "id: 002_c\n")
    with pytest.raises(GoldError, match="2 gold files are invalid") as caught:
        load_gold_dir(tmp_path)
    assert [e.path.name for e in caught.value.errors] == ["001_b.yaml", "002_c.yaml"]


def test_load_gold_dir_raises_a_single_bad_file_as_is(tmp_path):
    write(tmp_path, "000_a.yaml", gold_yaml("action: sell"))
    with pytest.raises(GoldError, match=r"000_a.yaml: fact 1: action 'sell'") as caught:
        load_gold_dir(tmp_path)
    assert caught.value.path == tmp_path / "000_a.yaml"


def test_load_gold_dir_rejects_two_files_for_one_article(tmp_path):
    write(tmp_path, "000_a.yaml", GOOD_YAML)
    write(tmp_path, "000_a.yml", GOOD_YAML)
    with pytest.raises(GoldError, match=r"a second gold file for '000_a'"):
        load_gold_dir(tmp_path)


@pytest.mark.skipif(not DEV.exists(), reason=f"the dev corpus is not at {DEV}")
def test_load_gold_dir_reads_the_dev_corpus():
    gold = load_gold_dir(DEV / "gold")
    assert len(gold) == 5
    for stem, doc in gold.items():
        assert doc.id == stem
        assert doc.facts and doc.countries
        assert all(f.date is None or isinstance(f.date, str) for f in doc.facts)
    assert score(as_prediction(doc) for doc in gold.values()).metric("facts") == 1.0
    articles = sorted(str(p) for p in (DEV / "articles").glob("*.txt"))
    assert len(pair_articles(gold, articles).pairs) == 5


# --------------------------------------------------------------------------------------------------
# Pairing articles with gold


def test_pair_articles_pairs_by_file_stem_and_counts_the_rest():
    gold = {"000_a": gold_doc(doc_id="000_a"), "001_b": gold_doc(doc_id="001_b")}
    pairing = pair_articles(gold, ["in/001_b.txt", Path("in/extra.txt"), "in/sub/000_a.html"])
    pairs = [(path, doc.id) for path, doc in pairing.pairs]
    assert pairs == [("in/001_b.txt", "001_b"), ("in/sub/000_a.html", "000_a")]
    assert pairing.unpaired == ["in/extra.txt"]
    assert pairing.ignored == 1


def test_pair_articles_pairs_jsonl_lines_by_id():
    gold = {"000_a": gold_doc(doc_id="000_a")}
    pairing = pair_articles(gold, [("feed.jsonl:1", "999_z"), ("feed.jsonl:2", "000_a"), ("feed.jsonl:3", None)])
    assert [path for path, _ in pairing.pairs] == ["feed.jsonl:2"]
    assert pairing.unpaired == ["feed.jsonl:1", "feed.jsonl:3"]


def test_pair_articles_rejects_gold_without_an_article():
    gold = {"000_a": gold_doc(doc_id="000_a"), "001_b": gold_doc(doc_id="001_b")}
    with pytest.raises(GoldError, match=r"gold file 001_b\.yaml has no article") as caught:
        pair_articles(gold, ["000_a.txt"])
    assert caught.value.path == Path("001_b.yaml")


def test_pair_articles_rejects_two_articles_for_one_gold_file():
    with pytest.raises(GoldError, match=r"matches two articles: a/000_a\.txt and b/000_a\.txt"):
        pair_articles({"000_a": gold_doc(doc_id="000_a")}, ["a/000_a.txt", "b/000_a.txt"])


# --------------------------------------------------------------------------------------------------
# Thresholds


def test_parse_thresholds():
    assert parse_thresholds("facts=0.75, systems = 0.95,facts.recall=1") == {
        "facts": 0.75, "systems": 0.95, "facts.recall": 1.0}
    assert parse_thresholds("") == {}


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("fact=0.75", r"unknown metric 'fact'; expected one of systems, officials"),
        ("facts.accuracy=0.5", r"unknown metric 'facts.accuracy'"),
        ("facts=high", r"minimum for facts is not a number: 'high'"),
        ("facts=75", r"minimum for facts must be a number between 0 and 1, not 75.0"),
        ("facts=nan", r"minimum for facts must be a number between 0 and 1"),
        ("facts", r"'facts' is not METRIC=VALUE"),
        ("facts=0.5,facts=0.6", r"facts is given twice"),
    ],
)
def test_parse_thresholds_rejects_bad_specs(spec, message):
    with pytest.raises(ThresholdError, match=message):
        parse_thresholds(spec)


def test_load_thresholds_reads_the_min_table(tmp_path):
    path = write(tmp_path, "pyproject.toml", '[project]\nname = "x"\n\n[tool.defcoop.eval]\n'
                                             'min = { facts = 0.75, systems = 0.95, "facts.recall" = 0.6 }\n')
    assert load_thresholds(path) == {"facts": 0.75, "systems": 0.95, "facts.recall": 0.6}


def test_load_thresholds_reads_unquoted_dotted_names(tmp_path):
    path = write(tmp_path, "pyproject.toml", "[tool.defcoop.eval.min]\nfacts.recall = 0.6\ndate_accuracy = 1\n")
    assert load_thresholds(path) == {"facts.recall": 0.6, "date_accuracy": 1.0}


def test_load_thresholds_without_a_section_is_empty(tmp_path):
    assert load_thresholds(write(tmp_path, "pyproject.toml", '[project]\nname = "x"\n')) == {}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[tool.defcoop.eval]\nmin = { fact = 0.75 }\n", r"\[tool.defcoop.eval\] min: unknown metric 'fact'"),
        ('[tool.defcoop.eval]\nmin = { facts = "high" }\n', r"minimum for facts is not a number"),
        ("[tool.defcoop.eval]\nmin = { facts = true }\n", r"must be a number between 0 and 1, not True"),
        ("[tool.defcoop.eval]\nmin = 0.75\n", r"min must be a table"),
        ("[tool.defcoop]\neval = 1\n", r"\[tool.defcoop.eval\] must be a table"),
        ("[tool.defcoop.eval\n", r"not valid TOML"),
    ],
)
def test_load_thresholds_rejects_bad_files(tmp_path, text, message):
    path = write(tmp_path, "pyproject.toml", text)
    with pytest.raises(ThresholdError, match=message) as caught:
        load_thresholds(path)
    assert str(path) in str(caught.value)


def test_load_thresholds_rejects_a_missing_file(tmp_path):
    with pytest.raises(ThresholdError, match="cannot read the file"):
        load_thresholds(tmp_path / "pyproject.toml")


def test_check_thresholds_lists_each_metric_below_its_minimum():
    report = Report(facts=Counts(1, 1, 1), systems=Counts(1, 0, 0), dates_correct=1, dates_judged=4)
    failures = check_thresholds(report, {"facts": 0.75, "systems": 0.95, "facts.precision": 0.5,
                                         "facts.recall": 0.6, "date_accuracy": 0.3})
    assert failures == [
        "facts F1 0.500 is below the minimum 0.750",
        "facts recall 0.500 is below the minimum 0.600",
        "date accuracy 0.250 is below the minimum 0.300",
    ]


def test_check_thresholds_shows_more_decimals_when_three_would_look_equal():
    report = Report(dates_correct=7497, dates_judged=10000)
    assert check_thresholds(report, {"date_accuracy": 0.75}) == ["date accuracy 0.7497 is below the minimum 0.7500"]
    assert check_thresholds(report, {"date_accuracy": 0.7497}) == []


# --------------------------------------------------------------------------------------------------
# Quantity and value accuracy


def counted_gold(quantity=None, value=None, currency=None, action="agree", systems=("Rafale",)):
    fact = gold_fact(action, systems=systems)
    fact.quantity, fact.value, fact.currency = quantity, value, currency
    return fact


def counted_pred(quantity=None, value=None, currency=None, action="agree", systems=("Rafale",)):
    fact = pred_fact(action, systems=systems)
    fact.update(quantity=quantity, value=value, currency=currency)
    return fact


def test_gold_facts_may_state_quantity_value_and_currency(tmp_path):
    path = write(tmp_path, "000_a.yaml", gold_yaml("quantity: 12\nvalue: 2700000000\ncurrency: EUR"))
    fact = load_gold(path).facts[0]
    assert (fact.quantity, fact.value, fact.currency) == (12, 2_700_000_000, "EUR")
    plain = load_gold(write(tmp_path, "000_a.yaml", gold_yaml())).facts[0]
    assert (plain.quantity, plain.value, plain.currency) == (None, None, None)


@pytest.mark.parametrize("lines, problem", [
    ("quantity: 0", "quantity must be a whole number of units from 1"),
    ("quantity: 2.5", "quantity must be a whole number"),
    ("quantity: twelve", "quantity must be a whole number"),
    ("value: -5\ncurrency: EUR", "value must be a positive number"),
    ("value: 2.7 billion\ncurrency: EUR", "value must be a positive number"),
    ("value: 100\ncurrency: euro", "is not an ISO 4217 code"),
    ("value: 100", "value and currency go together"),
    ("currency: EUR", "value and currency go together"),
])
def test_bad_quantities_and_values_name_the_file_and_the_fact(tmp_path, lines, problem):
    path = write(tmp_path, "000_a.yaml", gold_yaml(lines))
    with pytest.raises(GoldError) as error:
        load_gold(path)
    assert str(error.value).startswith(f"{path}: fact 1: ")
    assert problem in str(error.value)


def test_quantity_accuracy_is_exact_counts_among_matched_facts_with_a_gold_quantity():
    gold = [counted_gold(12), counted_gold(36, action="deliver"), counted_gold(action="pledge"),
            counted_gold(4, action="request")]
    pred = [counted_pred(12), counted_pred(35, action="deliver"), counted_pred(3, action="pledge")]
    report = score_facts(gold, pred)  # the request is missed: it is not judged
    assert (report.quantities_correct, report.quantities_judged) == (1, 2)
    assert report.metric("quantity_accuracy") == 0.5


def test_value_accuracy_allows_one_percent_in_the_same_currency():
    gold = [counted_gold(value=2_700_000_000, currency="EUR"),
            counted_gold(value=178_000_000, currency="USD", action="fund", systems=()),
            counted_gold(value=1_000_000, currency="GBP", action="deliver"),
            counted_gold(value=500, currency="PLN", action="pledge")]
    pred = [counted_pred(value=2_720_000_000, currency="EUR"),  # 0.7 % off
            counted_pred(value=178_000_000, currency="AUD", action="fund", systems=()),  # another currency
            counted_pred(value=1_020_000, currency="GBP", action="deliver"),  # 2 % off
            counted_pred(value="500", currency="PLN", action="pledge")]  # not a number
    report = score_facts(gold, pred)
    assert (report.values_correct, report.values_judged) == (1, 4)
    assert report.value_accuracy == 0.25


def test_quantity_and_value_accuracy_without_anything_to_judge_are_one():
    report = score_facts([counted_gold()], [counted_pred(7, 5, "EUR")])
    assert (report.quantities_judged, report.values_judged) == (0, 0)
    assert report.quantity_accuracy == report.value_accuracy == 1.0


def test_quantity_and_value_accuracy_are_in_the_report_and_usable_as_minimums():
    report = score_facts([counted_gold(12, 100, "EUR")], [counted_pred(11, 100, "EUR")])
    data = report.as_dict()
    assert (data["quantity_accuracy"], data["quantities_correct"], data["quantities_judged"]) == (0.0, 0, 1)
    assert (data["value_accuracy"], data["values_correct"], data["values_judged"]) == (1.0, 1, 1)
    minimums = parse_thresholds("quantity_accuracy=0.5,value_accuracy=0.9")
    assert check_thresholds(report, minimums) == ["quantity accuracy 0.000 is below the minimum 0.500"]
