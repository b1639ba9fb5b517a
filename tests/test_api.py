"""The Python API: the CLI's extractor and options, from a script, picklable for workers."""

from __future__ import annotations

import json
import pickle
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

import defcoop
from defcoop import Extractor, InputError, Options, extract_facts
from defcoop import api as api_module
from support import SAMPLES

EXE = Path(sys.executable).with_name("defcoop")
ARTICLES = SAMPLES / "articles"
SPAIN = "Spain signed a contract on Tuesday to buy 24 Hürjet trainer jets from Turkey, the defence ministry said."


def cli_rows(*args: str) -> list[dict]:
    proc = subprocess.run([str(EXE), "extract", *args, "-f", "jsonl"], capture_output=True, text=True, check=True)
    return [json.loads(line) for line in proc.stdout.splitlines()]


def test_importing_the_package_loads_no_spacy():
    code = "import sys, defcoop; defcoop.Options; print('spacy' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stdout.strip() == "False"


def test_an_unknown_name_is_an_attribute_error():
    with pytest.raises(AttributeError, match="no attribute 'nothing'"):
        _ = defcoop.nothing


def test_facts_from_a_text(tmp_path):
    (fact,) = extract_facts(SPAIN, language="en", published="2025-03-14", blank=True)
    assert (fact.article, fact.action, fact.actors, fact.systems, fact.date) == (
        "<text>", "agree", ["ES", "TR"], ["Hürjet"], "2025-03-11")


def test_facts_from_a_page_given_as_html():
    page = f"<html lang='en'><body><article><p>{SPAIN}</p></article></body></html>"
    (fact,) = extract_facts(page, html=True, published="2025-03-14", blank=True)
    assert fact.systems == ["Hürjet"]


def test_facts_from_paths_are_the_cli_facts():
    facts = extract_facts(path=ARTICLES, blank=True)
    assert [f.as_dict() for f in facts] == cli_rows(str(ARTICLES), "--blank")


def test_the_cli_filters_are_options():
    options = {"countries": ["ua"], "systems": ["IRIS-T"], "actions": ["deliver", "pledge"], "since": "2023"}
    facts = extract_facts(path=ARTICLES, blank=True, **options)
    expected = cli_rows(str(ARTICLES), "--blank", "-c", "UA", "-s", "IRIS-T", "-a", "deliver", "-a", "pledge",
                        "--since", "2023")
    assert expected and [f.as_dict() for f in facts] == expected


def test_a_bad_input_raises_from_extract_facts(tmp_path):
    with pytest.raises(InputError, match="no such file or folder"):
        extract_facts(path=tmp_path / "gone.txt")
    with pytest.raises(InputError, match="empty file"):
        extract_facts("   ")


def test_extract_facts_takes_a_text_or_a_path():
    with pytest.raises(TypeError, match="a text or path"):
        extract_facts()
    with pytest.raises(TypeError, match="a text or path"):
        extract_facts(SPAIN, path=ARTICLES)


@pytest.mark.parametrize(("changes", "message"), [
    ({"since": "2024-6"}, "is not YYYY, YYYY-MM or YYYY-MM-DD"),
    ({"actions": ["sell"]}, "unknown action 'sell'"),
])
def test_bad_options_are_refused_by_name(changes, message):
    with pytest.raises(ValueError, match=message):
        Options(**changes)


def test_a_single_string_for_a_list_option_is_refused():
    with pytest.raises(TypeError, match=r"Options\.countries is a list of values"):
        Options(countries="UA")  # type: ignore[arg-type]


def test_an_unknown_system_is_refused_when_the_extractor_is_built():
    with pytest.raises(ValueError, match="unknown system 'Nope'"):
        Extractor(systems=["Nope"])


def test_an_unknown_option_is_a_type_error():
    with pytest.raises(TypeError):
        Extractor(jobs=2)


def test_a_zero_timeout_means_no_limit():
    assert Options(timeout=0).timeout is None


def test_run_yields_results_and_errors_in_input_order(tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"")
    good = ARTICLES / "es-02-hurjet.txt"
    items = list(Extractor(blank=True).run([good, bad, good.with_name("pl-01-k2-korea.txt")]))
    assert [type(i).__name__ for i in items] == ["Result", "InputError", "Result"]
    assert items[1].path == str(bad) and items[1].message == "empty file"
    assert items[0].facts and items[2].facts


def test_an_extractor_pickles_as_its_options_and_is_built_once_per_process():
    extractor = Extractor(blank=True, countries=["UA"])
    data = pickle.dumps(extractor)
    assert len(data) < 1000
    again = pickle.loads(data)
    assert again.options == extractor.options
    assert again._core is extractor._core  # the pipelines of this process, not new ones


def test_an_extractor_unpickled_in_another_process_gives_the_same_facts(tmp_path):
    extractor = Extractor(blank=True)
    (tmp_path / "extractor.pickle").write_bytes(pickle.dumps(extractor))
    code = ("import pickle, sys, json; e = pickle.load(open(sys.argv[1], 'rb')); "
            "print(json.dumps([f.as_dict() for f in e.text(sys.argv[2], published='2025-03-14').facts]))")
    proc = subprocess.run([sys.executable, "-c", code, str(tmp_path / "extractor.pickle"), SPAIN],
                          capture_output=True, text=True, check=True)
    assert json.loads(proc.stdout) == [f.as_dict() for f in extractor.text(SPAIN, published="2025-03-14").facts]


def test_rows_are_the_cli_records_with_extra_fields_on_demand():
    result = Extractor(blank=True, extra=True).text(SPAIN, published="2025-03-14")
    (row,) = Extractor(blank=True, extra=True).rows(result)
    assert row["cameo"] == "057" and row["actors"] == ["ES", "TR"]


def test_notes_are_kept_for_the_caller(monkeypatch):
    monkeypatch.setattr(api_module, "_NOTES", [])
    extractor = Extractor(blank=True)

    def noting(article, all_blocks=False):
        api_module._say("a note")
        return original(article, all_blocks=all_blocks)

    original = extractor._core.process
    monkeypatch.setattr(extractor._core, "process", noting)
    extractor.text(SPAIN)
    assert extractor.take_notes() == ["a note"]
    assert extractor.take_notes() == []


def test_an_unexpected_error_in_one_article_is_an_input_error(monkeypatch):
    extractor = Extractor(blank=True)

    def broken(article, all_blocks=False):
        raise RuntimeError("boom")

    monkeypatch.setattr(extractor._core, "process", broken)
    with pytest.raises(InputError, match="unexpected error while extracting facts: RuntimeError: boom"):
        extractor.text(SPAIN)


def test_the_time_limit_holds_in_a_worker_thread(monkeypatch):
    extractor = Extractor(blank=True, timeout=0.3)

    def endless(article, all_blocks=False):
        while True:
            time.sleep(0.01)

    monkeypatch.setattr(extractor._core, "process", endless)
    outcome: list[object] = []
    started = time.perf_counter()
    worker = threading.Thread(target=lambda: outcome.append(list(extractor.run([ARTICLES / "es-02-hurjet.txt"]))))
    worker.start()
    worker.join(10)
    assert not worker.is_alive()
    (error,) = outcome[0]  # type: ignore[misc]
    assert isinstance(error, InputError)
    assert error.message == "extracting facts took longer than 0.3 s (the time limit for one input)"
    assert time.perf_counter() - started < 5
