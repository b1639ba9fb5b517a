"""Running the extractor over many inputs, in one process or several, in input order.

Work is handed out file by file (a JSONL file is one task); each worker keeps its own pipelines, and
results come back in submission order, so `--jobs 4` prints exactly what `--jobs 1` prints. Memory stays
flat: at most a few tasks per worker are in flight.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from .extract import Extractor, Result
from .model import InputError
from .reader import expand_inputs, read_inputs

_worker: Extractor | None = None
_worker_blocks = False


@dataclass(frozen=True, slots=True)
class Settings:
    gazetteers: tuple[str, ...] = ()
    statistical: bool = True
    all_blocks: bool = False


def _init(settings: Settings) -> None:
    global _worker, _worker_blocks
    _worker = Extractor(settings.gazetteers, statistical=settings.statistical)
    _worker_blocks = settings.all_blocks


def _work(task: tuple[str, bytes | None]) -> list[Result | InputError]:
    path, data = task
    assert _worker is not None
    out: list[Result | InputError] = []
    items = read_inputs([path]) if data is None else read_inputs(["-"], stdin=_Bytes(data))
    for item in items:
        out.append(item if isinstance(item, InputError) else _worker.process(item, all_blocks=_worker_blocks))
    return out


class _Bytes:
    def __init__(self, data: bytes) -> None:
        self.data = data

    def read(self, n: int = -1) -> bytes:
        data, self.data = self.data, b""
        return data


def run(specs: Sequence[str], settings: Settings, jobs: int = 1,
        warn: Callable[[str], None] | None = None,
        on_file: Callable[[], None] | None = None) -> Iterator[Result | InputError]:
    """Results and input errors in input order."""
    if jobs <= 1:
        extractor = Extractor(settings.gazetteers, statistical=settings.statistical, warn=warn)
        for item in read_inputs(specs, stdin=sys.stdin.buffer if "-" in specs else None):
            if isinstance(item, InputError):
                yield item
            else:
                yield extractor.process(item, all_blocks=settings.all_blocks)
            if on_file is not None:
                on_file()
        return
    import multiprocessing as mp

    Extractor(settings.gazetteers, statistical=False)  # a broken gazetteer fails here, once
    tasks = _tasks(specs)
    ctx = mp.get_context("forkserver" if sys.platform != "win32" else "spawn")
    with ctx.Pool(jobs, initializer=_init, initargs=(settings,)) as pool:
        pending: Iterator = pool.imap(_work_or_error, tasks, chunksize=1)
        for batch in pending:
            yield from batch
            if on_file is not None:
                on_file()


def _work_or_error(task: tuple[str, bytes | None] | InputError) -> list[Result | InputError]:
    if isinstance(task, InputError):
        return [task]
    return _work(task)


def _tasks(specs: Sequence[str]) -> Iterator[tuple[str, bytes | None] | InputError]:
    for item in expand_inputs(specs):
        if isinstance(item, InputError):
            yield item
        elif item == "-":
            yield ("-", sys.stdin.buffer.read())
        else:
            yield (item, None)
