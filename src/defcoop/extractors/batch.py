"""Running the extractor over many inputs, in one process or several, in input order.

Inputs are found here and handed out in small chunks. A file that holds one article goes as its path and
is read by the worker (reading is about a tenth of the work, and this process would otherwise compete with
the workers for the cores); the articles of a JSONL file, an archive or standard input are read here, so
that one big JSONL file spreads over all workers. Each worker keeps its own pipelines, and results come
back in submission order, so `--jobs 4` prints exactly what `--jobs 1` prints. Memory stays flat: at most
a few chunks per worker are in flight.

Each article is read and extracted behind its own guard (`read_one`, `process`): an exception or an
overrun of the time limit becomes an InputError naming it, in the worker too, so the batch always goes
on. Workers ignore Ctrl-C (the main process stops them), and the pool is shut down before the caller's
process exits.
"""

from __future__ import annotations

import signal
import sys
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from .extract import Extractor, Result
from .gazetteer import load_gazetteer
from .index import language_index
from .limits import DEFAULT_SECONDS, TimeLimitExceeded, time_limit
from .model import Article, InputError
from .reader import StdinFormat, read_inputs, read_one, read_or_defer, unexpected

CHUNK = 4  # articles per task
IN_FLIGHT = 4  # tasks per worker waiting or running
# extract.py's note for a language without a lexicon names no file: Notices below name the first one
_LEXICON_NOTE = "no action lexicon for "


@dataclass(frozen=True, slots=True)
class Settings:
    gazetteers: tuple[str, ...] = ()
    statistical: bool = True
    all_blocks: bool = False
    people: bool = True
    seconds: float | None = DEFAULT_SECONDS  # to read one input, and again to extract it; None: no limit
    stdin_format: StdinFormat = "auto"
    weights: str = ""  # the trained decisions: "" the shipped ones, "off" the rules alone, or a file


@dataclass(frozen=True, slots=True)
class Notice:
    """Something to tell about an input that was read (repaired bytes, a language without a lexicon)."""

    path: str
    message: str


Item = Result | InputError | Notice


def process(extractor: Extractor, article: Article, settings: Settings) -> Result | InputError:
    """The facts of one article, or the InputError that stopped it: nothing it holds can stop a batch.
    The pipeline for its language is loaded first, outside the time limit: that is no work on the article."""
    try:
        language = extractor.language_of(article)
        extractor.pipeline(language)
        language_index(language, extractor.gazetteers)
        with time_limit(settings.seconds):
            return extractor.process(article, all_blocks=settings.all_blocks)
    except TimeLimitExceeded as exc:
        return InputError(article.path, f"extracting facts {exc} (the time limit for one input)")
    except Exception as exc:  # the input boundary
        return unexpected(article.path, exc, "extracting facts")


class Notes:
    """Notes for stderr, each said once per run: the extractor's (from any process) and one per language
    without a lexicon, naming the first article in it. The Dask engine says them the same way."""

    def __init__(self, warn: Callable[[str], None] | None, lexicons: frozenset[str]) -> None:
        self.warn = warn
        self.lexicons = lexicons
        self.said: set[str] = set()

    def note(self, message: str) -> None:
        if self.warn is not None and message not in self.said and not message.startswith(_LEXICON_NOTE):
            self.said.add(message)
            self.warn(message)

    def about(self, result: Result) -> Iterator[Notice]:
        article = result.article
        for message in article.warnings:
            yield Notice(article.path, message)
        language = article.language or ""
        if language not in self.lexicons and f"lexicon:{language}" not in self.said:
            self.said.add(f"lexicon:{language}")
            known = ", ".join(sorted(self.lexicons))
            yield Notice(article.path, f"no action lexicon for language '{language}' (there are lexicons for "
                                       f"{known}): its articles give entities, and facts only from amounts "
                                       "of money")

    def told(self, item: Result | InputError) -> Iterator[Item]:
        """The notices about a result's article, then the result (an InputError alone)."""
        if isinstance(item, Result):
            yield from self.about(item)
        yield item


def run(specs: Sequence[str], settings: Settings, jobs: int = 1,
        warn: Callable[[str], None] | None = None,
        on_file: Callable[[], None] | None = None) -> Iterator[Item]:
    """Results, input errors and notices in input order; reading stays in this process, extraction is
    shared out. Close the iterator (or run it to its end) to shut the worker pool down."""
    notes = Notes(warn, frozenset(load_gazetteer(settings.gazetteers).lexicons))
    if jobs <= 1:
        items = read_inputs(specs, stdin=sys.stdin.buffer if "-" in specs else None,
                            stdin_format=settings.stdin_format, seconds=settings.seconds)
        extractor = Extractor(settings.gazetteers, statistical=settings.statistical, people=settings.people,
                              warn=notes.note, weights=settings.weights)
        for item in items:
            if isinstance(item, InputError):
                yield item
                continue
            yield from _told(process(extractor, item, settings), notes)
            if on_file is not None:
                on_file()
        return
    deferred = read_or_defer(specs, stdin=sys.stdin.buffer if "-" in specs else None,
                             stdin_format=settings.stdin_format, seconds=settings.seconds)
    yield from _in_pool(deferred, settings, jobs, notes, on_file)


def _told(result: Result | InputError, notes: Notes) -> Iterator[Item]:
    return notes.told(result)


@dataclass(slots=True)
class _Done:
    """What a worker sends back for one chunk: its results and the notes its extractor made."""

    results: list[Result | InputError]
    notes: list[str] = field(default_factory=list)


def _in_pool(items: Iterator[Article | InputError | str], settings: Settings, jobs: int, notes: Notes,
             on_file: Callable[[], None] | None) -> Iterator[Item]:
    import multiprocessing as mp

    # a broken gazetteer, number data or weights file fails here, once
    Extractor(settings.gazetteers, statistical=False, weights=settings.weights)
    ctx = mp.get_context("forkserver" if sys.platform != "win32" else "spawn")
    if sys.platform != "win32":
        # spaCy, numpy and defcoop's modules are imported once, by the fork server, and every worker forked
        # from it starts with them (0.6 s of CPU a worker). None of them starts a Python thread (OpenBLAS
        # stops its own threads around a fork).
        ctx.set_forkserver_preload(["defcoop.extractors.batch", "defcoop.extractors.components"])
    window: deque[tuple[str, Any]] = deque()
    pool = ctx.Pool(jobs, initializer=_init, initargs=(settings,))
    try:
        for chunk in _chunks(items, CHUNK):
            if isinstance(chunk, InputError):
                window.append(("error", chunk))
            else:
                window.append(("work", pool.apply_async(_work, (chunk,))))
            while len(window) > jobs * IN_FLIGHT:  # bounded: memory stays flat in the corpus size
                yield from _drain_one(window, notes, on_file)
        while window:
            yield from _drain_one(window, notes, on_file)
        pool.close()
    finally:
        pool.terminate()  # also when the caller stopped early (a closed pipe, Ctrl-C)
        pool.join()


def _drain_one(window: deque[tuple[str, Any]], notes: Notes,
               on_file: Callable[[], None] | None) -> Iterator[Item]:
    kind, value = window.popleft()
    if kind == "error":
        yield value
        return
    done: _Done = value.get()
    for message in done.notes:
        notes.note(message)
    for result in done.results:
        yield from _told(result, notes)
        if on_file is not None:
            on_file()


def _chunks(items: Iterator[Article | InputError | str], size: int) -> Iterator[list[Article | str] | InputError]:
    chunk: list[Article | str] = []
    for item in items:
        if isinstance(item, InputError):
            if chunk:
                yield chunk
                chunk = []
            yield item
            continue
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


# ---------------------------------------------------------------------------------------------- workers

_worker: Extractor | None = None
_worker_settings = Settings()
_worker_notes: list[str] = []


def _init(settings: Settings) -> None:
    global _worker, _worker_settings
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the whole group: the main process ends us
    _worker_settings = settings
    _worker = Extractor(settings.gazetteers, statistical=settings.statistical, people=settings.people,
                        warn=_worker_notes.append, weights=settings.weights)


def _work(chunk: list[Article | str]) -> _Done:
    """The results of a chunk of articles and of paths of one-article files, read here."""
    assert _worker is not None
    results: list[Result | InputError] = []
    for item in chunk:
        article = read_one(item, _worker_settings.seconds) if isinstance(item, str) else item
        results.append(article if isinstance(article, InputError) else process(_worker, article, _worker_settings))
    done = _Done(results, list(_worker_notes))
    _worker_notes.clear()
    return done
