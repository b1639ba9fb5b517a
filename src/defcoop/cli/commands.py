"""What each command does, as plain functions that tests can call; app.py only parses options."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import closing, nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from defcoop.extractors.limits import DEFAULT_SECONDS

from .writers import Format, choose_format, open_output, write_rows

if TYPE_CHECKING:
    from defcoop.extractors.reader import StdinFormat

Say = Callable[[str], None]
# What a table shows of a fact (every other format writes the whole record)
FACT_TABLE = ["article", "date", "action", "actors", "officials", "systems", "evidence"]


@dataclass(slots=True)
class ExtractOptions:
    paths: list[str]
    fmt: Format | None = None
    output: Path | None = None
    merge: bool = False
    since: str | None = None
    until: str | None = None
    countries: list[str] = field(default_factory=list)
    systems: list[str] = field(default_factory=list)
    actions: list[str] = field(default_factory=list)
    extra: bool = False
    gazetteers: list[str] = field(default_factory=list)
    jobs: int = 1
    statistical: bool = True
    seconds: float | None = DEFAULT_SECONDS  # per input, to read it and to extract it; None: no limit
    stdin_format: StdinFormat = "auto"
    verbose: bool = False  # tracebacks of unexpected errors, after their one-line report


class _Counter:
    def __init__(self) -> None:
        self.ok = 0
        self.failed = 0
        self.warned = 0


def _progress(paths: list[str], say: Say):
    """A progress counter on stderr, only on a terminal and only for several inputs."""
    several = len(paths) > 1 or any(Path(p).is_dir() or p.endswith(".jsonl") for p in paths)
    if not (sys.stderr.isatty() and several):
        return nullcontext(None)
    from rich.progress import MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    return Progress(SpinnerColumn(), TextColumn("articles"), MofNCompleteColumn(), TimeElapsedColumn(),
                    transient=True, console=_stderr_console())


def _stderr_console():
    from rich.console import Console

    return Console(stderr=True)


def _settings(opts: ExtractOptions, all_blocks: bool):
    from defcoop.extractors import batch

    # facts never read the statistical recogniser of people: only `entities` (all_blocks) loads it
    return batch.Settings(tuple(opts.gazetteers), opts.statistical, all_blocks, people=all_blocks,
                          seconds=opts.seconds, stdin_format=opts.stdin_format)


def _batch(opts: ExtractOptions, say: Say, all_blocks: bool, progress):
    """The batch run, closed when the caller leaves its `with` (its worker pool stops there)."""
    from defcoop.extractors import batch

    task = progress.add_task("reading", total=None) if progress is not None else None

    def tick() -> None:
        if task is not None:
            progress.advance(task)

    return closing(batch.run(opts.paths, _settings(opts, all_blocks), opts.jobs,
                             warn=lambda m: say(f"note: {m}"), on_file=tick))


def _results(items: Iterable, say: Say, counter: _Counter, verbose: bool) -> Iterator:
    """The extraction results; errors and warnings about inputs go to stderr, one line each."""
    from defcoop.extractors.batch import Notice
    from defcoop.extractors.model import InputError

    for item in items:
        if isinstance(item, InputError):
            counter.failed += 1
            _report_error(item, say, verbose)
        elif isinstance(item, Notice):
            counter.warned += 1
            say(f"warning: {item.path}: {item.message}")
        else:
            counter.ok += 1
            yield item


def _report_error(error, say: Say, verbose: bool) -> None:
    say(f"error: {error.path}: {error.message}")
    if verbose and error.detail:
        for line in error.detail.rstrip().splitlines():
            say(line)


def _exit_code(counter: _Counter, say: Say) -> int:
    warned = f" ({counter.warned} warning{'s' if counter.warned != 1 else ''})" if counter.warned else ""
    if counter.failed:
        say(f"{counter.failed} input(s) failed, {counter.ok} read{warned}")
        return 1
    return 0


def check_gazetteer_dirs(dirs: Iterable[str]) -> None:
    """Raise GazetteerError (exit 2) for a gazetteer folder, from -g or DEFCOOP_GAZETTEERS, that does not
    exist: a mistyped folder would otherwise run silently on the shipped gazetteers alone."""
    import os

    from defcoop.extractors.gazetteer import GazetteerError
    from defcoop.extractors.gazetteer.records import ENV_VAR

    named = [(d, "--gazetteers") for d in dirs]
    named += [(d, ENV_VAR) for d in os.environ.get(ENV_VAR, "").split(os.pathsep) if d]
    missing = [f"gazetteer folder {folder} does not exist (from {source})" for folder, source in named
               if not os.path.exists(folder)]
    if missing:
        raise GazetteerError(missing)


def with_twins(names: frozenset[str], gaz) -> frozenset[str]:
    """The systems `names` selects, with their `same_as` twins and the twins' variants: --system follows
    the links --merge follows (Storm Shadow and SCALP are one missile)."""
    linked: dict[str, set[str]] = {}
    for system in gaz.systems.values():
        for other in system.same_as:
            if other in gaz.systems:
                linked.setdefault(system.id, set()).add(other)
                linked.setdefault(other, set()).add(system.id)
    chosen = {s.id for s in gaz.systems.values() if s.name in names}
    todo = list(chosen)
    while todo:
        for other in linked.get(todo.pop(), ()):
            if other not in chosen:
                chosen.add(other)
                todo.append(other)
    variants = {s.id for s in gaz.systems.values() if s.family in chosen}
    return frozenset(names) | {gaz.systems[i].name for i in chosen | variants}


def run_extract(opts: ExtractOptions, say: Say) -> int:
    from defcoop.extractors.events import MERGED_FIELDS, FactFilter, merge, resolve_systems
    from defcoop.extractors.gazetteer import load_gazetteer
    from defcoop.extractors.model import EXTRA_FACT_FIELDS, FACT_FIELDS

    check_gazetteer_dirs(opts.gazetteers)
    gaz = load_gazetteer(opts.gazetteers)
    systems, unknown = resolve_systems(opts.systems, gaz)
    if unknown:
        say(f"error: unknown system {unknown[0]!r} (see `defcoop gazetteer list systems`)")
        return 2
    keep = FactFilter(opts.since, opts.until, frozenset(opts.countries), with_twins(systems, gaz),
                      frozenset(opts.actions))
    fmt = choose_format(opts.fmt, opts.output, sys.stdout)
    counter = _Counter()
    columns = list(FACT_FIELDS + (EXTRA_FACT_FIELDS if opts.extra else ()))
    with _progress(opts.paths, say) as progress, open_output(opts.output) as out, \
            _batch(opts, say, False, progress) as items:
        facts = (f for r in _results(items, say, counter, opts.verbose) for f in r.facts if keep(f))
        if opts.merge:
            events = merge(facts, gaz)
            columns = list(MERGED_FIELDS + (EXTRA_FACT_FIELDS if opts.extra else ()))
            rows: Iterable[dict] = (e.row(opts.extra) for e in events)
        else:
            rows = (f.as_dict(opts.extra) for f in facts)
        write_rows(rows, columns, fmt, out, title="defcoop facts" if fmt is Format.table else None,
                   table_columns=FACT_TABLE + (["sources"] if opts.merge else []))
    return _exit_code(counter, say)


def run_entities(opts: ExtractOptions, say: Say) -> int:
    from defcoop.extractors.model import EXTRA_MENTION_FIELDS, MENTION_FIELDS

    check_gazetteer_dirs(opts.gazetteers)
    fmt = choose_format(opts.fmt, opts.output, sys.stdout)
    counter = _Counter()
    columns = list(MENTION_FIELDS + (EXTRA_MENTION_FIELDS if opts.extra else ()))
    with _progress(opts.paths, say) as progress, open_output(opts.output) as out, \
            _batch(opts, say, True, progress) as items:
        rows = (m.as_dict(opts.extra) for r in _results(items, say, counter, opts.verbose) for m in r.mentions)
        write_rows(rows, columns, fmt, out, title="defcoop entities" if fmt is Format.table else None)
    return _exit_code(counter, say)


def run_articles(paths: list[str], fmt: Format | None, output: Path | None, say: Say,
                 stdin_format: StdinFormat = "auto", seconds: float | None = DEFAULT_SECONDS,
                 verbose: bool = False) -> int:
    from defcoop.extractors.model import InputError
    from defcoop.extractors.published import find_published
    from defcoop.extractors.reader import detect_language, read_inputs

    counter = _Counter()
    columns = ["article", "language", "published", "encoding", "title", "chars"]

    def rows() -> Iterator[dict]:
        for item in read_inputs(paths, stdin=sys.stdin.buffer if "-" in paths else None,
                                stdin_format=stdin_format, seconds=seconds):
            if isinstance(item, InputError):
                counter.failed += 1
                _report_error(item, say, verbose)
                continue
            counter.ok += 1
            for message in item.warnings:
                counter.warned += 1
                say(f"warning: {item.path}: {message}")
            language = item.language or detect_language(item.text)
            yield {"article": item.path, "language": language,
                   "published": item.published or find_published(item.text, language),
                   "encoding": item.encoding, "title": item.title, "chars": len(item.text)}

    with open_output(output) as out:
        write_rows(rows(), columns, choose_format(fmt, output, sys.stdout), out)
    return _exit_code(counter, say)


def run_eval(gold_dir: Path, paths: list[str], fmt: str, explain: bool, minimum: str | None,
             config: Path | None, gazetteers: list[str], statistical: bool, say: Say,
             seconds: float | None = DEFAULT_SECONDS, verbose: bool = False) -> int:
    from defcoop.extractors import evaluate as ev
    from defcoop.extractors.batch import Settings, process
    from defcoop.extractors.extract import Extractor
    from defcoop.extractors.model import InputError
    from defcoop.extractors.reader import read_inputs

    check_gazetteer_dirs(gazetteers)
    try:
        gold = ev.load_gold_dir(gold_dir)
        # --min replaces the pyproject minimums: a one-off gate should not inherit the project's
        if minimum:
            thresholds = ev.parse_thresholds(minimum)
        else:
            cfg = config if config is not None else Path("pyproject.toml")
            thresholds = ev.load_thresholds(cfg) if config is not None or cfg.exists() else {}
    except (ev.GoldError, ev.ThresholdError) as exc:
        say(f"error: {exc}")
        return 2
    extractor = Extractor(gazetteers, statistical=statistical, warn=lambda m: say(f"note: {m}"))
    settings = Settings(tuple(gazetteers), statistical, seconds=seconds)
    predictions: dict[str, tuple[list[dict], list[dict]]] = {}
    items: list[tuple[str, str | None]] = []
    failed = 0
    for article in read_inputs(paths, seconds=seconds):
        if isinstance(article, InputError):
            failed += 1
            _report_error(article, say, verbose)
            continue
        stem = ev.article_stem(article.path, article.id)
        if stem not in gold:
            continue
        result = process(extractor, article, settings)
        if isinstance(result, InputError):
            failed += 1
            _report_error(result, say, verbose)
            continue
        predictions[article.path] = (
            [f.as_dict() for f in result.facts],
            [m.as_dict() for m in result.mentions if m.source != "role"],
        )
        items.append((article.path, article.id))
    try:
        pairing = ev.pair_articles(gold, items)
    except ev.GoldError as exc:
        say(f"error: {exc}")
        return 2
    report = ev.score((doc, *predictions[path]) for path, doc in pairing.pairs)
    _print_report(report, fmt, explain)
    failures = ev.check_thresholds(report, thresholds)
    for line in failures:
        say(f"FAIL: {line}")
    if failures:
        return 1
    return 1 if failed else 0


def _print_report(report, fmt: str, explain: bool) -> None:
    import json

    data = report.as_dict(explain=explain)
    if fmt == "json":
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
        return
    rows = []
    for name in ("systems", "officials", "countries", "facts", "facts_relaxed"):
        c = data[name]
        rows.append({"metric": name, "precision": f"{c['precision']:.3f}", "recall": f"{c['recall']:.3f}",
                     "f1": f"{c['f1']:.3f}", "tp": c["tp"], "fp": c["fp"], "fn": c["fn"]})
    for action, c in data.get("by_action", {}).items():
        rows.append({"metric": f"facts[{action}]", "precision": f"{c['precision']:.3f}",
                     "recall": f"{c['recall']:.3f}", "f1": f"{c['f1']:.3f}", "tp": c["tp"], "fp": c["fp"],
                     "fn": c["fn"]})
    cols = ["metric", "precision", "recall", "f1", "tp", "fp", "fn"]
    out_fmt = Format.md if fmt == "md" else Format.table
    write_rows(rows, cols, out_fmt, sys.stdout,
               title=f"defcoop eval: {data['articles']} articles" if out_fmt is Format.table else None)
    sys.stdout.write(f"date accuracy on matched facts: {data['date_accuracy']:.3f} "
                     f"({data['dates_correct']}/{data['dates_judged']})\n")
    if explain:
        _print_explain(data.get("details", []))


def _print_explain(details: list[dict]) -> None:
    w = sys.stdout.write
    for d in details:
        facts = d["facts"]
        kinds = [k for k in ("systems", "officials", "countries") if d[k]["missed"] or d[k]["spurious"]]
        if not (facts["missed"] or facts["spurious"] or kinds):
            continue
        w(f"\n== {d['id']}\n")
        for kind in kinds:
            w(f"  {kind}: missed {d[kind]['missed']} spurious {d[kind]['spurious']}\n")
        for f in facts["missed"]:
            w(f"  MISSED   {_fact_line(f)}\n")
        for f in facts["spurious"]:
            w(f"  SPURIOUS {_fact_line(f)}\n")


def _fact_line(f: dict) -> str:
    actors = ",".join(f.get("actors") or [])
    systems = ",".join(f.get("systems") or [])
    ev = (f.get("evidence") or "").replace("\n", " ")
    if len(ev) > 140:
        ev = ev[:137] + "..."
    return f"{f['action']:<8} [{actors}] [{systems}] {f.get('date')}  \"{ev}\""


def run_validate(folder: Path | None, say: Say) -> int:
    from defcoop.extractors.gazetteer import validate

    gaz, problems = validate([folder] if folder else [])
    for line in problems:
        say(f"error: {line}")
    if problems:
        say(f"{len(problems)} problem(s) in {len(gaz.files)} file(s)")
        return 1
    say(f"ok: {len(gaz.files)} files, {len(gaz.systems)} systems, {len(gaz.officials)} officials, "
        f"{len(gaz.states)} states, {len(gaz.organizations)} organizations, "
        f"{sum(len(v) for r in gaz.roles.values() for v in r.values())} role phrases, "
        f"{len(gaz.lexicons)} action lexicons ({', '.join(sorted(gaz.lexicons))})")
    return 0


def run_list(kind: str, fmt: Format | None, gazetteers: list[str]) -> int:
    from defcoop.extractors.gazetteer import load_gazetteer

    check_gazetteer_dirs(gazetteers)
    gaz = load_gazetteer(gazetteers)
    store = getattr(gaz, kind)
    if kind == "systems":
        cols = ["id", "name", "category", "origin", "manufacturer", "family", "aliases"]
        rows = ({"id": s.id, "name": s.name, "category": s.category, "origin": list(s.origin),
                 "manufacturer": s.manufacturer, "family": s.family, "aliases": list(s.aliases)}
                for s in store.values())
    elif kind == "officials":
        cols = ["id", "name", "country", "roles", "aliases"]
        rows = ({"id": o.id, "name": o.name, "country": o.country,
                 "roles": [f"{r.role} {r.start}..{r.end or 'now'}" for r in o.roles],
                 "aliases": list(o.aliases)} for o in store.values())
    elif kind == "states":
        cols = ["id", "name", "aliases", "adjectives", "capitals"]
        rows = ({"id": s.id, "name": s.name, "aliases": list(s.aliases), "adjectives": list(s.adjectives),
                 "capitals": list(s.capitals)} for s in store.values())
    else:
        cols = ["id", "name", "type", "actor", "country", "aliases"]
        rows = ({"id": o.id, "name": o.name, "type": o.type, "actor": o.actor, "country": o.country,
                 "aliases": list(o.aliases)} for o in store.values())
    write_rows(rows, cols, choose_format(fmt, None, sys.stdout), sys.stdout)
    return 0


def run_lookup(text: str, on: str | None, language: str, fmt: Format | None, gazetteers: list[str]) -> int:
    from defcoop.extractors.index import language_index
    from defcoop.extractors.scan import prescan

    check_gazetteer_dirs(gazetteers)
    index = language_index(language, tuple(gazetteers))
    if on is not None and len(on) < 10:
        on = (on + "-01-01")[:10] if len(on) == 4 else on + "-01"
    scan = prescan(index, text, on)
    rows = [{"text": e.text, "type": e.type, "name": e.name, "id": e.id, "form": e.form, "via": e.source,
             "actor": e.actor} for e in scan.entities]
    rows += [{"text": t.trigger.phrase if t.trigger else "", "type": "trigger", "name": t.kind, "id": "",
              "form": "frame" if t.trigger and t.trigger.frame else "", "via": "lexicon", "actor": None}
             for t in scan.triggers]
    write_rows(rows, ["text", "type", "name", "id", "form", "via", "actor"],
               choose_format(fmt, None, sys.stdout), sys.stdout)
    return 0 if rows else 1
