"""Running the extractor over many inputs, in one process or several, in input order.

Articles are read here and handed out in small chunks (so one big JSONL file spreads over all workers);
each worker keeps its own pipelines, and results come back in submission order, so `--jobs 4` prints
exactly what `--jobs 1` prints. Memory stays flat: at most a few chunks per worker are in flight.
"""

from __future__ import annotations

import sys
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from .extract import Extractor, Result
from .model import Article, InputError
from .reader import read_inputs

CHUNK = 4  # articles per task
IN_FLIGHT = 4  # tasks per worker waiting or running
_worker: Extractor | None = None
_worker_blocks = False


@dataclass(frozen=True, slots=True)
class Settings:
    gazetteers: tuple[str, ...] = ()
    statistical: bool = True
    all_blocks: bool = False
    people: bool = True


def _init(settings: Settings) -> None:
    global _worker, _worker_blocks
    _worker = Extractor(settings.gazetteers, statistical=settings.statistical, people=settings.people)
    _worker_blocks = settings.all_blocks


def _work(chunk: list[Article]) -> list[Result]:
    assert _worker is not None
    return [_worker.process(article, all_blocks=_worker_blocks) for article in chunk]


def _chunks(items: Iterator[Article | InputError], size: int) -> Iterator[list[Article] | InputError]:
    chunk: list[Article] = []
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


def run(specs: Sequence[str], settings: Settings, jobs: int = 1,
        warn: Callable[[str], None] | None = None,
        on_file: Callable[[], None] | None = None) -> Iterator[Result | InputError]:
    """Results and input errors in input order; reading stays in this process, extraction is shared out."""
    items = read_inputs(specs, stdin=sys.stdin.buffer if "-" in specs else None)
    if jobs <= 1:
        extractor = Extractor(settings.gazetteers, statistical=settings.statistical, people=settings.people,
                              warn=warn)
        for item in items:
            yield item if isinstance(item, InputError) else extractor.process(item, all_blocks=settings.all_blocks)
            if on_file is not None:
                on_file()
        return
    import multiprocessing as mp

    Extractor(settings.gazetteers, statistical=False)  # a broken gazetteer fails here, once
    ctx = mp.get_context("forkserver" if sys.platform != "win32" else "spawn")
    window: deque = deque()
    with ctx.Pool(jobs, initializer=_init, initargs=(settings,)) as pool:
        def drain_one() -> Iterator[Result | InputError]:
            kind, value = window.popleft()
            if kind == "error":
                yield value
                return
            for result in value.get():
                yield result
                if on_file is not None:
                    on_file()

        for chunk in _chunks(items, CHUNK):
            if isinstance(chunk, InputError):
                window.append(("error", chunk))
            else:
                window.append(("work", pool.apply_async(_work, (chunk,))))
            while len(window) > jobs * IN_FLIGHT:  # bounded: memory stays flat in the corpus size
                yield from drain_one()
        while window:
            yield from drain_one()
