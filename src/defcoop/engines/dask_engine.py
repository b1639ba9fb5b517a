"""`defcoop extract --engine dask`: the inputs in partitions on a Dask cluster, one extractor per worker.

This process (the client) expands the inputs as the reader does, cuts the list of files into contiguous
partitions and submits one task per partition; a task reads its files and extracts them with its worker
process's Extractor (`defcoop.api`, built on the first task and kept). Results come back in partition
order, so the stream is the one `--jobs 1` gives, byte for byte, whatever the cluster; at most
`IN_FLIGHT` partitions per worker are pending, so memory stays flat however long the input list. With
`-o FOLDER/`, each task writes its partition to `FOLDER/part-NNNNN.jsonl` (or `.parquet`) on its worker
and sends back only its errors and notes; the parts, read in order, hold the facts `--jobs 1` writes.

Failures: an input that cannot be read or extracted is an InputError in its place, as everywhere. A
worker that dies is replaced by its nanny and the task retried elsewhere by Dask (up to
`distributed.scheduler.allowed-failures` times); a partition that still fails is split and its inputs
retried one by one, so the only input lost is the one that kills every worker that reads it.
"""

from __future__ import annotations

import logging
import math
import os
import re
import uuid
from collections import deque
from collections.abc import Callable, Generator, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from defcoop.api import Extractor, Options
from defcoop.engines import EngineError
from defcoop.extractors.batch import Notes, Notice
from defcoop.extractors.extract import Result
from defcoop.extractors.model import EXTRA_FACT_FIELDS, FACT_FIELDS, InputError

Item = Result | InputError | Notice
Warn = Callable[[str], None]

PARTITIONS_PER_WORKER = 4  # enough to balance uneven files, few enough that each task is worth sending
MAX_PARTITION_BYTES = 64 * 1024 * 1024  # of input: a bound on what one retry redoes
MAX_PARTITION_FILES = 1000
IN_FLIGHT = 2  # partitions per worker submitted ahead of the one being written
PART_FORMATS = {"jsonl": ".jsonl", "parquet": ".parquet"}
_PART_NAME = re.compile(r"part-\d{5}\.(?:jsonl|parquet)")


class SinkError(Exception):
    """A task could not write its part file: the output failed, not an input."""


@dataclass(frozen=True, slots=True)
class Partition:
    number: int
    inputs: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Sink:
    """Where tasks write their partitions: `folder/part-NNNNN.jsonl` or `.parquet`."""

    folder: str
    fmt: str = "jsonl"
    extra: bool = False

    def path(self, number: int) -> Path:
        return Path(self.folder) / f"part-{number:05d}{PART_FORMATS[self.fmt]}"


@dataclass(slots=True)
class Outcome:
    """What a task sends back: its items (results without article text; without facts when written),
    the notes its extractor made, and how many facts it wrote."""

    items: list[Result | InputError]
    notes: list[str] = field(default_factory=list)
    written: int = 0


# ---------------------------------------------------------------------------------------------- planning


def plan(specs: Sequence[str], workers: int) -> list[Partition | InputError]:
    """The inputs as partitions of files in input order, with the specs that name nothing in their place.

    Partitions are cut by size so that each worker gets PARTITIONS_PER_WORKER of them, within
    MAX_PARTITION_BYTES and MAX_PARTITION_FILES; a file larger than that is a partition of its own.
    """
    from defcoop.extractors.reader import STDIN, expand_inputs

    if STDIN in specs:
        raise EngineError("--engine dask reads files: standard input (-) cannot be shared out; "
                          "save it to a file first")
    expanded = list(expand_inputs(specs))
    sizes = {p: _size(p) for p in expanded if isinstance(p, str)}
    target = max(1, math.ceil(sum(sizes.values()) / max(1, workers * PARTITIONS_PER_WORKER)))
    target = min(target, MAX_PARTITION_BYTES)
    out: list[Partition | InputError] = []
    group: list[str] = []
    held = 0
    for item in [*expanded, None]:  # None: the end, which closes the last group
        closes = not isinstance(item, str)
        if isinstance(item, str):
            group.append(item)
            held += sizes[item]
            closes = held >= target or len(group) >= MAX_PARTITION_FILES
        if closes and group:
            out.append(Partition(sum(isinstance(s, Partition) for s in out), tuple(group)))
            group, held = [], 0
        if isinstance(item, InputError):
            out.append(item)
    return out


def _size(path: str) -> int:
    try:
        return os.stat(path).st_size
    except OSError:
        return 0  # reading it will say why


# ---------------------------------------------------------------------------------------------- the tasks


def extract_partition(extractor: Extractor, partition: Partition, sink: Sink | None = None) -> Outcome:
    """The task: every article of the partition's inputs, in order (on a worker, or anywhere)."""
    if sink is None:
        items = [_slim(item) for item in extractor.run(partition.inputs)]
        return Outcome(items, extractor.take_notes())
    collected: list[Result | InputError] = []

    def rows() -> Iterator[dict]:
        for item in extractor.run(partition.inputs):
            collected.append(_slim(item, facts=False))
            if isinstance(item, Result):
                yield from (f.as_dict(sink.extra) for f in item.facts)

    written = write_part(sink, partition.number, rows())
    return Outcome(collected, extractor.take_notes(), written)


def write_part(sink: Sink, number: int, rows: Iterator[dict]) -> int:
    """Write one part file atomically; a failure is a SinkError naming it."""
    from defcoop.cli.exports import ExportError, write_parquet
    from defcoop.cli.writers import Format, OutputError, open_output, write_rows

    target = sink.path(number)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        if sink.fmt == "parquet":
            return write_parquet(target, rows)
        columns = list(FACT_FIELDS + (EXTRA_FACT_FIELDS if sink.extra else ()))
        with open_output(target) as out:
            return write_rows(rows, columns, Format.jsonl, out)
    except (OSError, OutputError, ExportError) as exc:
        raise SinkError(f"cannot write {target}: {getattr(exc, 'strerror', None) or exc}") from exc


def write_collected(sink: Sink, number: int, rows: list[dict]) -> int:
    """The task that writes a partition whose inputs were retried one by one."""
    return write_part(sink, number, iter(rows))


def _slim(item: Result | InputError, facts: bool = True) -> Result | InputError:
    """What the client needs of a result: its facts, and its article without the text (the notes read
    its path, language and warnings; `--trace` the candidates turned down); the text, mentions and
    decision features stay on the worker."""
    if isinstance(item, InputError):
        return item
    return Result(replace(item.article, text=""), list(item.facts) if facts else [],
                  dropped=list(item.dropped) if facts else [])


# ---------------------------------------------------------------------------------------------- the client


@contextmanager
def connect(scheduler: str | None, workers: int) -> Iterator[Any]:
    """A Client of the scheduler at `scheduler`, or of a LocalCluster of `workers` processes; both are
    closed on the way out. How long to try a scheduler is Dask's `distributed.comm.timeouts.connect`."""
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise EngineError("--engine dask needs Dask: pip install 'defcoop[dask]'") from None
    if scheduler:
        try:
            client = Client(scheduler)
        except (OSError, ValueError, TypeError) as exc:
            raise EngineError(f"cannot reach the Dask scheduler at {scheduler}: {_first_line(exc)}") from None
        with client:
            yield client
        return
    # The scheduler serves HTTP even without a dashboard, by default on 8787: a port of its own, so that
    # two runs at once do not warn about it. Dask's own logs stay out of the one-line-per-problem stderr
    # (a worker's heartbeat racing the shutdown logs an error with its traceback); what they would tell
    # about an input (a worker that died on it) is reported by the stream.
    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=":0",
                      silence_logs=logging.CRITICAL) as cluster, Client(cluster) as client:
        yield client


def worker_count(client: Any) -> int:
    return max(1, len(client.scheduler_info().get("workers", {})))


def options_of(opts: Any, *, filters: bool = False) -> Options:
    """The API options of a `defcoop extract` run (cli.commands.ExtractOptions); with `filters`, its
    --since, --until, --country, --system, --action and --extra too, for workers that write the facts."""
    options = Options(gazetteers=tuple(opts.gazetteers), blank=not opts.statistical, timeout=opts.seconds,
                      stdin_format=opts.stdin_format, weights=getattr(opts, "weights", ""))
    if not filters:
        return options
    return replace(options, since=opts.since, until=opts.until, countries=tuple(opts.countries),
                   systems=tuple(opts.systems), actions=tuple(opts.actions), extra=opts.extra)


def is_folder(output: Path) -> bool:
    """`-o` with --engine dask names a folder of part files when it is one, or names no file: no file
    suffix and nothing there yet (`-o out/` and `-o out`); `-o facts.jsonl` is one file, streamed."""
    return output.is_dir() or (not output.suffix and not output.exists())


def to_folder(opts: Any, fmt: Any, *, warn: Warn | None = None,
              on_file: Callable[[], None] | None = None) -> Generator[Item, None, None]:
    """`run` writing every partition to `opts.output/part-NNNNN.jsonl` (or .parquet) on its worker."""
    if opts.merge:
        raise EngineError("--merge gathers every fact in one place: give -o FILE, not a folder")
    if getattr(opts, "trace", False):
        raise EngineError("--trace writes to one output: give -o FILE, not a folder")
    if fmt.value not in PART_FORMATS:
        raise EngineError(f"-o FOLDER writes one JSONL or Parquet file per partition (--format jsonl or "
                          f"parquet), not {fmt.value}")
    sink = Sink(str(opts.output), fmt.value, opts.extra)
    yield from run(opts.paths, options_of(opts, filters=True), jobs=opts.jobs, scheduler=opts.scheduler,
                   sink=sink, warn=warn, on_file=on_file)


def run(specs: Sequence[str], options: Options, *, jobs: int = 1, scheduler: str | None = None,
        sink: Sink | None = None, warn: Warn | None = None,
        on_file: Callable[[], None] | None = None) -> Generator[Item, None, None]:
    """`stream` on the cluster at `scheduler`, or on a LocalCluster of `jobs` workers started for the run
    and stopped when the iterator is closed or ends."""
    from defcoop.extractors.reader import STDIN

    if STDIN in specs:  # before a cluster is started for nothing
        plan([STDIN], 1)
    Extractor(options)  # and a broken gazetteer or an unknown --system
    with connect(scheduler, jobs) as client:
        yield from stream(client, specs, options, sink=sink, warn=warn, on_file=on_file)


def stream(client: Any, specs: Sequence[str], options: Options, *, sink: Sink | None = None,
           warn: Warn | None = None, on_file: Callable[[], None] | None = None) -> Iterator[Item]:
    """Results (or, with a sink, results without facts), input errors and notices in input order."""
    from defcoop.extractors.gazetteer import load_gazetteer

    extractor = Extractor(options)  # a broken gazetteer or an unknown --system fails here, once
    slots = plan(specs, worker_count(client))
    notes = Notes(warn, frozenset(load_gazetteer(options.gazetteers).lexicons))
    window: deque[tuple[Partition | InputError, Any]] = deque()
    ahead = worker_count(client) * IN_FLIGHT
    try:
        for slot in slots:
            task = None if isinstance(slot, InputError) else _submit(client, extractor, slot, sink)
            window.append((slot, task))
            while len(window) > ahead:
                yield from _drain(client, extractor, window.popleft(), sink, notes, on_file)
        while window:
            yield from _drain(client, extractor, window.popleft(), sink, notes, on_file)
    finally:
        for _slot, task in window:  # the caller stopped early (a closed pipe, Ctrl-C)
            if task is not None:
                task.cancel()
    if sink is not None:
        _remove_other_parts(sink, sum(isinstance(s, Partition) for s in slots))


def _submit(client: Any, extractor: Extractor, partition: Partition, sink: Sink | None) -> Any:
    return client.submit(extract_partition, extractor, partition, sink, pure=False,
                         key=f"defcoop-partition-{partition.number}-{uuid.uuid4().hex[:12]}")


def _drain(client: Any, extractor: Extractor, entry: tuple[Partition | InputError, Any], sink: Sink | None,
           notes: Notes, on_file: Callable[[], None] | None) -> Iterator[Item]:
    slot, task = entry
    if isinstance(slot, InputError):
        yield slot
        return
    outcome = _outcome(task)
    if isinstance(outcome, SinkError):
        raise _output_error(outcome)
    if isinstance(outcome, BaseException):  # the task died with its workers: its inputs one by one
        outcome = _one_by_one(client, extractor, slot, sink, outcome)
    for message in outcome.notes:
        notes.note(message)
    for item in outcome.items:
        yield from notes.told(item)
        if on_file is not None:
            on_file()


def _one_by_one(client: Any, extractor: Extractor, partition: Partition, sink: Sink | None,
                failure: BaseException) -> Outcome:
    """A failed partition again, one task per input, so that an input that kills its worker loses no
    other; a task that fails beside others is tried once more alone (a worker's death fails the tasks
    queued on it too). With a sink, the facts gathered are then written to the partition's part file."""
    inputs = partition.inputs
    tries = [client.submit(extract_partition, extractor, Partition(partition.number, (path,)), None, pure=False)
             for path in inputs] if len(inputs) > 1 else []
    items: list[Result | InputError] = []
    notes: list[str] = []
    for n, path in enumerate(inputs):
        outcome = _outcome(tries[n]) if tries else failure
        if isinstance(outcome, BaseException) and tries:
            alone = client.submit(extract_partition, extractor, Partition(partition.number, (path,)), None,
                                  pure=False)
            outcome = _outcome(alone)
        if isinstance(outcome, BaseException):
            items.append(_lost(path, outcome))
            continue
        items += outcome.items
        notes += outcome.notes
    if sink is None:
        return Outcome(items, notes)
    rows = [f.as_dict(sink.extra) for item in items if isinstance(item, Result) for f in item.facts]
    written = _outcome(client.submit(write_collected, sink, partition.number, rows, pure=False))
    if isinstance(written, BaseException):
        raise _output_error(written) if isinstance(written, SinkError) else written
    return Outcome([_slim(i, facts=False) for i in items], notes, written)


def _output_error(exc: SinkError) -> Exception:
    from defcoop.cli.writers import OutputError

    return OutputError(str(exc))


def _outcome(task: Any) -> Any:
    """A task's result, or the exception it ended with; the task is released either way."""
    try:
        return task.result()
    except Exception as exc:
        return exc
    finally:
        task.release()


def _lost(path: str, exc: BaseException) -> InputError:
    from distributed import KilledWorker

    from defcoop.extractors.reader import unexpected

    if isinstance(exc, KilledWorker):
        return InputError(path, "lost: every Dask worker that extracted it died (see the workers' logs; "
                                "distributed.scheduler.allowed-failures says how often it is retried)")
    return unexpected(path, exc, "extracting facts on the Dask cluster")


def _remove_other_parts(sink: Sink, written: int) -> None:
    """Part files of an earlier run beyond this one's: -o replaces the dataset, as it replaces a file."""
    folder = Path(sink.folder)
    keep = {sink.path(n).name for n in range(written)}
    for entry in folder.iterdir():
        if _PART_NAME.fullmatch(entry.name) and entry.name not in keep and entry.is_file():
            entry.unlink()


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__
