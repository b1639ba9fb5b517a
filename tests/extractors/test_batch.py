"""Batches: one guard per article, notices about inputs, the same results in any number of processes."""

from __future__ import annotations

import time

from defcoop.extractors import batch
from defcoop.extractors.batch import Notice, Settings, process, run
from defcoop.extractors.extract import Extractor, Result
from defcoop.extractors.model import Article, InputError
from support import SAMPLES

ENGLISH = "Germany delivered IRIS-T air defence systems to Ukraine on Monday, the ministry in Berlin said."


class Exploding(Extractor):
    """An extractor whose every article fails the way a bug would."""

    def process(self, article: Article, **kwargs) -> Result:
        raise KeyError("no such rule")


class Slow(Extractor):
    def process(self, article: Article, **kwargs) -> Result:
        time.sleep(5)
        raise AssertionError("the limit should have stopped this")


def test_an_exception_in_one_article_becomes_an_input_error_with_its_traceback():
    error = process(Exploding(statistical=False), Article("a.txt", ENGLISH, "en"), Settings())
    assert isinstance(error, InputError)
    assert (error.path, error.message) == ("a.txt", "unexpected error while extracting facts: KeyError: 'no such rule'")
    assert "Traceback (most recent call last)" in error.detail


def test_an_article_over_the_time_limit_becomes_an_input_error():
    started = time.perf_counter()
    error = process(Slow(statistical=False), Article("a.txt", ENGLISH, "en"), Settings(seconds=0.2))
    assert time.perf_counter() - started < 3
    assert error.message == "extracting facts took longer than 0.2 s (the time limit for one input)"


def test_a_worker_sends_back_its_results_and_notes_and_survives_a_bad_article(monkeypatch):
    monkeypatch.setattr(batch, "_worker", Exploding(statistical=False))
    monkeypatch.setattr(batch, "_worker_notes", ["a note from the worker"])
    done = batch._work([Article("a.txt", ENGLISH, "en"), Article("b.txt", ENGLISH, "en")])
    assert [type(r).__name__ for r in done.results] == ["InputError", "InputError"]
    assert done.notes == ["a note from the worker"] and batch._worker_notes == []


def test_run_tells_repairs_and_a_language_without_a_lexicon_once_each(tmp_path):
    for name, text in [("a.md", f"---\nlanguage: xx\n---\n{ENGLISH}"), ("b.md", f"---\nlanguage: xx\n---\n{ENGLISH}"),
                       ("c.txt", ENGLISH)]:
        (tmp_path / name).write_text(text)
    (tmp_path / "d.txt").write_bytes(ENGLISH.encode() + " déjà ".encode() + b"\xff")
    notes: list[str] = []
    items = list(run([str(tmp_path)], Settings(statistical=False), warn=notes.append))
    notices = [(i.path, i.message.split(" (")[0]) for i in items if isinstance(i, Notice)]
    assert notices == [(str(tmp_path / "a.md"), "no action lexicon for language 'xx'"),
                       (str(tmp_path / "d.txt"), "1 invalid UTF-8 sequence replaced with U+FFFD")]
    assert [i.article.path for i in items if isinstance(i, Result)] == [
        str(tmp_path / n) for n in ("a.md", "b.md", "c.txt", "d.txt")]
    assert not any("lexicon" in n for n in notes)  # said once, by the notice that names the article


def test_two_processes_give_what_one_gives_with_errors_in_place(tmp_path):
    (tmp_path / "a.txt").write_text(ENGLISH)
    (tmp_path / "b.txt").write_text("")
    (tmp_path / "c.txt").write_text(ENGLISH.replace("Monday", "Tuesday"))
    settings = Settings(statistical=False)

    def shape(items):
        return [(type(i).__name__, getattr(i, "path", None) or i.article.path,
                 [f.as_dict() for f in getattr(i, "facts", [])]) for i in items]

    one = shape(run([str(tmp_path)], settings, jobs=1))
    two = shape(run([str(tmp_path)], settings, jobs=2))
    assert one == two and [s[0] for s in one] == ["Result", "InputError", "Result"]


def test_stopping_early_shuts_the_pool_down():
    import multiprocessing

    items = run([str(SAMPLES / "articles")], Settings(statistical=False), jobs=2)
    next(items)
    items.close()  # a closed pipe or Ctrl-C in the caller
    assert [p for p in multiprocessing.active_children() if "PoolWorker" in p.name] == []


def test_loading_a_pipeline_does_not_count_against_an_article_s_time_limit(monkeypatch):
    extractor = Extractor(statistical=False)
    real = Extractor.pipeline

    loaded: set[str] = set()

    def slow_first_load(self, language):
        if language not in loaded:
            loaded.add(language)
            time.sleep(1.0)  # as loading a statistical model does
        return real(self, language)

    monkeypatch.setattr(Extractor, "pipeline", slow_first_load)
    result = process(extractor, Article("a.txt", ENGLISH, "de"), Settings(seconds=0.5))
    assert isinstance(result, Result)


def test_a_worker_reads_the_one_article_files_it_is_given_by_path(monkeypatch, tmp_path):
    (tmp_path / "a.txt").write_text(ENGLISH)
    monkeypatch.setattr(batch, "_worker", Extractor(statistical=False))
    done = batch._work([str(tmp_path / "a.txt"), str(tmp_path / "gone.txt"), Article("c.txt", ENGLISH, "en")])
    first, second, third = done.results
    assert isinstance(first, Result) and first.article.path == str(tmp_path / "a.txt") and first.facts
    assert isinstance(second, InputError) and second.path == str(tmp_path / "gone.txt")
    assert isinstance(third, Result) and [f.as_dict() for f in third.facts] == [
        {**f.as_dict(), "article": "c.txt"} for f in first.facts]


def test_only_jsonl_archives_and_stdin_are_read_before_the_workers(tmp_path):
    from defcoop.extractors.reader import read_or_defer

    (tmp_path / "a.txt").write_text(ENGLISH)
    (tmp_path / "b.jsonl").write_text('{"text": "%s"}\n' % ENGLISH)
    items = list(read_or_defer([str(tmp_path)]))
    assert items[0] == str(tmp_path / "a.txt")
    assert isinstance(items[1], Article) and items[1].path == f"{tmp_path / 'b.jsonl'}:1"
