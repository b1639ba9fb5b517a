"""What each command does, as plain functions that tests can call; app.py only parses options."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import closing, nullcontext
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from defcoop.extractors.limits import DEFAULT_SECONDS

from .writers import FILE_FORMATS, Format, choose_format, open_output, text_format, write_rows

if TYPE_CHECKING:
    from defcoop.extractors.extract import Result
    from defcoop.extractors.gazetteer import Gazetteer
    from defcoop.extractors.model import Fact, Rejected
    from defcoop.extractors.reader import StdinFormat

Say = Callable[[str], None]
# What a table shows of a fact (every other format writes the whole record)
FACT_TABLE = ["article", "date", "action", "actors", "officials", "systems", "evidence"]
# What --trace adds to every record: facts and the candidates turned down share these keys
TRACE_FIELDS = ("status", "trace", "rule", "vetoes")


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
    engine: str = "local"  # or "dask" (engines/dask_engine.py)
    scheduler: str | None = None  # the Dask scheduler's address; None: a LocalCluster of `jobs` workers
    weights: str = ""  # the trained decisions: "" the shipped ones, "off" the rules alone, or a file
    trace: bool = False  # write the rules behind each fact, and the candidates turned down
    append: bool = False  # add this run to an existing SQLite file


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
                          seconds=opts.seconds, stdin_format=opts.stdin_format, weights=opts.weights)


def _batch(opts: ExtractOptions, say: Say, all_blocks: bool, progress):
    """The batch run, closed when the caller leaves its `with` (its worker pool stops there)."""
    from defcoop.extractors import batch

    task = progress.add_task("reading", total=None) if progress is not None else None

    def tick() -> None:
        if task is not None:
            progress.advance(task)

    if opts.engine == "dask":
        from defcoop.engines import dask_engine

        return closing(dask_engine.run(opts.paths, dask_engine.options_of(opts), jobs=opts.jobs,
                                       scheduler=opts.scheduler, warn=lambda m: say(f"note: {m}"), on_file=tick))
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


def check_extractor_data(weights: str) -> None:
    """Fail before the first input, with exit 2, on broken number data or a weights file that cannot
    be used (NumbersError, WeightsError)."""
    from defcoop.extractors.decide import load_decider
    from defcoop.extractors.quantities import load_numbers

    load_numbers()
    if weights != "off":
        load_decider(weights or None)


def file_format_problem(fmt: Format, opts: ExtractOptions) -> str | None:
    """Why a run cannot write `fmt` as asked, or None: databases and workbooks are files, only an
    SQLite database takes --append, and the folder of the file must exist."""
    if fmt not in FILE_FORMATS:
        return "--append adds to an SQLite file: give -o FILE.db" if opts.append else None
    if opts.output is None:
        return f"--format {fmt.value} writes a file: give -o FILE"
    if opts.append and fmt is not Format.sqlite:
        return f"--append adds to an SQLite file, not to {fmt.value}"
    if not opts.output.parent.is_dir():
        return f"cannot write {opts.output}: no such folder"
    return None


def asked_systems(opts: ExtractOptions, say: Say) -> tuple[Gazetteer, frozenset[str]] | None:
    """The gazetteer and the systems `--system` keeps (with their variants and twins); None, said in one
    line, when one of them is unknown."""
    from defcoop.extractors.events import resolve_systems
    from defcoop.extractors.gazetteer import load_gazetteer

    check_gazetteer_dirs(opts.gazetteers)
    gaz = load_gazetteer(opts.gazetteers)
    systems, unknown = resolve_systems(opts.systems, gaz)
    if unknown:
        say(f"error: unknown system {unknown[0]!r} (see `defcoop gazetteer list systems`)")
        return None
    return gaz, systems


def run_extract(opts: ExtractOptions, say: Say) -> int:
    from defcoop.extractors.events import FactFilter

    asked = asked_systems(opts, say)
    if asked is None:
        return 2
    gaz, systems = asked
    fmt = choose_format(opts.fmt, opts.output, sys.stdout)
    problem = file_format_problem(fmt, opts)
    if problem is None and opts.trace and opts.merge:
        problem = "--trace shows how each telling was read: it does not go with --merge"
    if problem is not None:
        say(f"error: {problem}")
        return 2
    check_extractor_data(opts.weights)
    keep = FactFilter(opts.since, opts.until, frozenset(opts.countries), systems,
                      frozenset(opts.actions))
    if opts.engine == "dask" and opts.output is not None:
        from defcoop.engines import dask_engine

        if dask_engine.is_folder(opts.output):  # each worker writes its partitions' facts
            counter = _Counter()
            fmt = choose_format(opts.fmt, opts.output, sys.stdout)
            with closing(dask_engine.to_folder(opts, fmt, warn=lambda m: say(f"note: {m}"))) as items:
                for _result in _results(items, say, counter, opts.verbose):
                    pass
            return _exit_code(counter, say)
    counter = _Counter()
    with _progress(opts.paths, say) as progress, _batch(opts, say, False, progress) as items:
        results = _results(items, say, counter, opts.verbose)
        if fmt in FILE_FORMATS:
            _export_facts(fmt, opts, results, keep, gaz)
        else:
            with open_output(opts.output) as out:
                table = FACT_TABLE + (["sources"] if opts.merge else []) + \
                    (["status", "rule", "trace"] if opts.trace else [])
                write_rows(_fact_rows(results, keep, gaz, opts), fact_columns(opts), fmt, out,
                           title="defcoop facts" if fmt is Format.table else None, table_columns=table)
    return _exit_code(counter, say)


def fact_columns(opts: ExtractOptions) -> list[str]:
    """The keys of every record `extract` writes with these options, in order."""
    from defcoop.extractors.events import MERGED_FIELDS
    from defcoop.extractors.model import EXTRA_FACT_FIELDS, FACT_FIELDS

    base = MERGED_FIELDS if opts.merge else FACT_FIELDS
    return list(base + (EXTRA_FACT_FIELDS if opts.extra else ()) + (TRACE_FIELDS if opts.trace else ()))


def _fact_rows(results: Iterable[Result], keep, gaz, opts: ExtractOptions) -> Iterator[dict]:
    """The records of the facts kept: merged events with --merge; with --trace each fact with its rules,
    followed by the candidates of its article that were turned down."""
    from defcoop.extractors.events import merge

    if opts.merge:
        events = merge((f for r in results for f in r.facts if keep(f)), gaz)
        yield from (e.row(opts.extra) for e in events)
        return
    for r in results:
        for f in r.facts:
            if keep(f):
                yield traced(f, opts.extra) if opts.trace else f.as_dict(opts.extra)
        if opts.trace:
            yield from (turned_down(d, opts.extra) for d in r.dropped if keep(d.fact))


def traced(fact: Fact, extra: bool = False) -> dict:
    """A fact's record with the rules that made or changed it (`--trace`)."""
    return {**fact.as_dict(extra), "status": "fact", "trace": list(fact.trace), "rule": None, "vetoes": []}


def turned_down(rejected: Rejected, extra: bool = False) -> dict:
    """The record of a candidate turned down: the fact it would have been, the rule that refused it
    (`decide` when the trained decision did) and every veto that spoke against it."""
    f = rejected.fact
    return {**f.as_dict(extra), "status": "rejected", "trace": list(f.trace), "rule": rejected.rule,
            "vetoes": list(rejected.vetoes)}


class _Gathered:
    """The articles and mentions of the results going by, for the other tables of an export."""

    def __init__(self, extra: bool) -> None:
        self.extra = extra
        self.articles: list[dict] = []
        self.mentions: list[dict] = []

    def watch(self, results: Iterable[Result]) -> Iterator[Result]:
        for r in results:
            a = r.article
            self.articles.append({"path": a.path, "url": a.url, "language": a.language, "published": a.published,
                                  "encoding": a.encoding, "title": a.title})
            self.mentions.extend(m.as_dict(self.extra) for m in r.mentions)
            yield r


def _export_facts(fmt: Format, opts: ExtractOptions, results: Iterable[Result], keep, gaz) -> None:
    """Facts into a database or a workbook: the facts stream in, the articles and mentions follow."""
    from .exports import write_export

    assert opts.output is not None
    seen = _Gathered(opts.extra)
    rows = _fact_rows(seen.watch(results), keep, gaz, opts)
    write_export(fmt.value, opts.output, rows, seen.articles, seen.mentions, append=opts.append)


def run_entities(opts: ExtractOptions, say: Say) -> int:
    from defcoop.extractors.model import EXTRA_MENTION_FIELDS, MENTION_FIELDS

    check_gazetteer_dirs(opts.gazetteers)
    fmt = choose_format(opts.fmt, opts.output, sys.stdout)
    problem = file_format_problem(fmt, opts)
    if problem is None and fmt is Format.parquet:
        problem = "a Parquet file holds facts only: write mentions to .db or .xlsx"
    if problem is not None:
        say(f"error: {problem}")
        return 2
    check_extractor_data(opts.weights)
    counter = _Counter()
    columns = list(MENTION_FIELDS + (EXTRA_MENTION_FIELDS if opts.extra else ()))
    with _progress(opts.paths, say) as progress, _batch(opts, say, True, progress) as items:
        results = _results(items, say, counter, opts.verbose)
        if fmt in FILE_FORMATS:
            from .exports import write_export

            assert opts.output is not None
            seen = _Gathered(opts.extra)
            for _ in seen.watch(results):  # the articles must be known before their mentions are written
                pass
            write_export(fmt.value, opts.output, [], seen.articles, seen.mentions, append=opts.append)
        else:
            with open_output(opts.output) as out:
                rows = (m.as_dict(opts.extra) for r in results for m in r.mentions)
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

    chosen = text_format(fmt, output, sys.stdout, "defcoop articles")
    with open_output(output) as out:
        write_rows(rows(), columns, chosen, out)
    return _exit_code(counter, say)


@dataclass(slots=True)
class _Told:
    """What the extractor made of one gold article: scored, and kept for --explain."""

    text: str
    facts: list[Fact]
    dropped: list[Rejected]
    mentions: list[dict]  # scored: all but those found through a role phrase


def run_eval(gold_dir: Path, paths: list[str], fmt: str, explain: bool, minimum: str | None,
             config: Path | None, gazetteers: list[str], statistical: bool, say: Say,
             seconds: float | None = DEFAULT_SECONDS, verbose: bool = False, weights: str = "") -> int:
    from defcoop.extractors import evaluate as ev

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
    check_extractor_data(weights)
    told, items, failed = _predict_gold(gold, paths, gazetteers, statistical, say, seconds, verbose, weights)
    try:
        pairing = ev.pair_articles(gold, items)
    except ev.GoldError as exc:
        say(f"error: {exc}")
        return 2
    report = ev.score((doc, [f.as_dict() for f in told[path].facts], told[path].mentions)
                      for path, doc in pairing.pairs)
    data = report.as_dict(explain=explain)
    if explain:
        _add_explanations(data["details"], [told[path] for path, _ in pairing.pairs])
    _print_report(data, fmt, explain)
    failures = ev.check_thresholds(report, thresholds)
    for line in failures:
        say(f"FAIL: {line}")
    if failures:
        return 1
    return 1 if failed else 0


def _predict_gold(gold: dict, paths: list[str], gazetteers: list[str], statistical: bool, say: Say,
                  seconds: float | None, verbose: bool,
                  weights: str) -> tuple[dict[str, _Told], list[tuple[str, str | None]], int]:
    """The extractor's output for every article that has a gold file, by path; the (path, id) of each,
    for pairing; and how many inputs failed."""
    from defcoop.extractors import evaluate as ev
    from defcoop.extractors.batch import Settings, process
    from defcoop.extractors.extract import Extractor
    from defcoop.extractors.model import InputError
    from defcoop.extractors.reader import read_inputs

    extractor = Extractor(gazetteers, statistical=statistical, warn=lambda m: say(f"note: {m}"), weights=weights)
    settings = Settings(tuple(gazetteers), statistical, seconds=seconds, weights=weights)
    told: dict[str, _Told] = {}
    items: list[tuple[str, str | None]] = []
    failed = 0
    for article in read_inputs(paths, seconds=seconds):
        if isinstance(article, InputError):
            failed += 1
            _report_error(article, say, verbose)
            continue
        if ev.article_stem(article.path, article.id) not in gold:
            continue
        result = process(extractor, article, settings)
        if isinstance(result, InputError):
            failed += 1
            _report_error(result, say, verbose)
            continue
        told[article.path] = _Told(article.text, result.facts, result.dropped,
                                   [m.as_dict() for m in result.mentions if m.source != "role"])
        items.append((article.path, article.id))
    return told, items, failed


def _add_explanations(details: list[dict], told: list[_Told]) -> None:
    """--explain: beside each missed gold fact, the candidates turned down in its sentence (the sentences
    its evidence overlaps) with the rule that refused them; beside each false alarm, its trace."""
    from defcoop.extractors.decide.train import locate

    for detail, article in zip(details, told, strict=True):
        for missed in detail["facts"]["missed"]:
            span = locate(article.text, missed.get("evidence") or "")
            near = [] if span is None else [r for r in article.dropped
                                            if r.fact.start < span[1] and span[0] < r.fact.end]
            missed["turned_down"] = [{"action": r.fact.action, "actors": r.fact.actors, "systems": r.fact.systems,
                                      "date": r.fact.date, "start": r.fact.start, "end": r.fact.end,
                                      "rule": r.rule, "vetoes": list(r.vetoes), "trace": list(r.fact.trace)}
                                     for r in near]
        for spurious in detail["facts"]["spurious"]:
            made = next((f for f in article.facts if _same_view(f, spurious)), None)
            spurious["trace"] = list(made.trace) if made is not None else []


def _same_view(fact: Fact, view: dict) -> bool:
    return (fact.action, fact.actors, fact.systems, fact.date, fact.evidence) == \
        (view.get("action"), view.get("actors"), view.get("systems"), view.get("date"), view.get("evidence"))


def _print_report(data: dict, fmt: str, explain: bool) -> None:
    import json

    if fmt == "json":
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
        return
    rows = [_score_row(name, data[name]) for name in ("systems", "officials", "countries", "facts", "facts_relaxed")]
    rows += [_score_row(f"facts[{action}]", c) for action, c in data.get("by_action", {}).items()]
    cols = ["metric", "precision", "recall", "f1", "tp", "fp", "fn"]
    out_fmt = Format.md if fmt == "md" else Format.table
    write_rows(rows, cols, out_fmt, sys.stdout,
               title=f"defcoop eval: {data['articles']} articles" if out_fmt is Format.table else None)
    sys.stdout.write(f"date accuracy on matched facts: {data['date_accuracy']:.3f} "
                     f"({data['dates_correct']}/{data['dates_judged']})\n")
    sys.stdout.write(f"quantity accuracy on matched facts: {data['quantity_accuracy']:.3f} "
                     f"({data['quantities_correct']}/{data['quantities_judged']})\n")
    sys.stdout.write(f"value accuracy on matched facts: {data['value_accuracy']:.3f} "
                     f"({data['values_correct']}/{data['values_judged']})\n")
    if explain:
        _print_explain(data.get("details", []))


def _score_row(metric: str, c: dict) -> dict:
    return {"metric": metric, "precision": f"{c['precision']:.3f}", "recall": f"{c['recall']:.3f}",
            "f1": f"{c['f1']:.3f}", "tp": c["tp"], "fp": c["fp"], "fn": c["fn"]}


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
            for c in f.get("turned_down", []):
                vetoes = f" (vetoes: {', '.join(c['vetoes'])})" if c["vetoes"] else ""
                w(f"           turned down: {c['action']} [{','.join(c['actors'])}] [{','.join(c['systems'])}] "
                  f"by {c['rule']}{vetoes}\n")
            if "turned_down" in f and not f["turned_down"]:
                w("           no candidate was turned down in its sentence\n")
        for f in facts["spurious"]:
            w(f"  SPURIOUS {_fact_line(f)}\n")
            if f.get("trace"):
                w(f"           trace: {' > '.join(f['trace'])}\n")


def _fact_line(f: dict) -> str:
    actors = ",".join(f.get("actors") or [])
    systems = ",".join(f.get("systems") or [])
    ev = (f.get("evidence") or "").replace("\n", " ")
    if len(ev) > 140:
        ev = ev[:137] + "..."
    return f"{f['action']:<8} [{actors}] [{systems}] {f.get('date')}  \"{ev}\""


def run_report(opts: ExtractOptions, title: str, say: Say) -> int:
    """`defcoop report`: the facts of articles, and of files of facts already extracted, in one page."""
    import datetime as dt

    from defcoop.extractors.events import FactFilter

    from .report import write_report

    asked = asked_systems(opts, say)
    if asked is None:
        return 2
    gaz, systems = asked
    if opts.output is None or not opts.output.parent.is_dir():
        say("error: give the page to write: -o report.html" if opts.output is None else
            f"error: cannot write {opts.output}: no such folder")
        return 2
    check_extractor_data(opts.weights)
    keep = FactFilter(opts.since, opts.until, frozenset(opts.countries), systems,
                      frozenset(opts.actions))
    counter = _Counter()
    facts, specs = _facts_of_files(opts.paths, say, counter)
    facts = [f for f in facts if keep.record(f)]
    articles: list[dict] = []
    if specs:
        with _progress(specs, say) as progress, _batch(replace(opts, paths=specs), say, False, progress) as items:
            for r in _results(items, say, counter, opts.verbose):
                articles.append({"path": r.article.path, "url": r.article.url})
                facts.extend(f.as_dict(extra=True) for f in r.facts if keep(f))
    names = {s.id: s.name for s in gaz.states.values()}
    names.update({o.actor: o.name for o in gaz.organizations.values() if o.actor})
    shown = write_report(opts.output, facts, articles=articles, title=title, state_names=names,
                         generated=dt.date.today().isoformat())
    say(f"{shown} facts -> {opts.output}")
    return _exit_code(counter, say)


def _facts_of_files(paths: list[str], say: Say, counter: _Counter) -> tuple[list[dict], list[str]]:
    """The facts of the paths that are files of facts (JSONL from `extract`, an export), and the paths
    left, which are articles. A file of facts that cannot be read is a failed input."""
    from .exports import ExportError, read_facts_file

    facts: list[dict] = []
    specs: list[str] = []
    for path in paths:
        try:
            found = read_facts_file(path) if path != "-" and Path(path).is_file() else None
        except ExportError as exc:
            counter.failed += 1
            say(f"error: {exc}")
            continue
        if found is None:
            specs.append(path)
        else:
            counter.ok += 1
            facts.extend(found)
    return facts, specs


def run_train(corpora: list[tuple[Path, str]], output: Path, folds: int, seed: int, fmt: str,
              gazetteers: list[str], say: Say) -> int:
    """`defcoop train`: train the decisions on gold corpora, print the cross-validated scores of the
    first corpus, and write the weights (compact JSON with sorted keys: the same corpora give the same
    bytes)."""
    import json

    from defcoop.extractors.decide.train import run_train as train
    from defcoop.extractors.evaluate import GoldError
    from defcoop.extractors.extract import Extractor
    from defcoop.extractors.model import InputError

    check_gazetteer_dirs(gazetteers)
    if not output.parent.is_dir():  # before the training, which takes minutes on the whole corpus
        say(f"error: cannot write {output}: no such folder")
        return 2
    extractor = Extractor(gazetteers, collect=True, weights="off")
    with _progress([articles for _, articles in corpora], say) as progress:
        task = progress.add_task("training", total=None) if progress is not None else None
        try:
            report = train([(gold, [articles]) for gold, articles in corpora], folds_k=folds, seed=seed,
                           extractor=extractor,
                           progress=(lambda _: progress.advance(task)) if progress is not None else None)
        except (GoldError, InputError) as exc:
            say(f"error: {exc}")
            return 2
    empty = [name for name, n in report.articles.items() if n == 0]
    if empty:
        say(f"error: {empty[0]}: none of its gold files pairs with an article (by file stem)")
        return 2
    with open_output(output) as out:
        out.write(json.dumps(report.decider.to_json(), ensure_ascii=False, separators=(",", ":"),
                             sort_keys=True) + "\n")
    _print_training(report, fmt)
    trained = ", ".join(f"{name} {n}" for name, n in report.articles.items())
    say(f"trained on {sum(report.articles.values())} articles ({trained}), {report.candidates} candidates "
        f"-> {output}")
    return 0


def _print_training(report, fmt: str) -> None:
    """The cross-validated facts scores of the first corpus, overall and per language."""
    import json

    scopes = ([("all", report.cross_validated)] if report.cross_validated is not None else []) + \
        sorted(report.by_language.items())
    rows = [{"scope": name, "articles": r.articles, "precision": round(r.facts.precision, 4),
             "recall": round(r.facts.recall, 4), "f1": round(r.facts.f1, 4), "tp": r.facts.tp, "fp": r.facts.fp,
             "fn": r.facts.fn} for name, r in scopes]
    if fmt == "json":
        scores = {row.pop("scope"): row for row in rows}
        data = {"cross_validated": scores.pop("all", None), "by_language": scores, "articles": report.articles,
                "candidates": report.candidates}
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
        return
    if not rows:
        sys.stdout.write("no cross-validation (--folds below 2, or fewer articles than folds)\n")
        return
    cells = [{**r, **{k: f"{r[k]:.3f}" for k in ("precision", "recall", "f1")}} for r in rows]
    write_rows(cells, ["scope", "articles", "precision", "recall", "f1", "tp", "fp", "fn"], Format.table,
               sys.stdout, title="defcoop train: cross-validated facts of the first corpus")


def run_validate(folder: Path | None, say: Say) -> int:
    from defcoop.extractors.gazetteer import validate
    from defcoop.extractors.quantities import NumbersError, load_numbers

    gaz, problems = validate([folder] if folder else [])
    try:
        load_numbers()
    except NumbersError as exc:
        problems.append(str(exc))
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
    write_rows(rows, cols, text_format(fmt, None, sys.stdout, "defcoop gazetteer list"), sys.stdout)
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
               text_format(fmt, None, sys.stdout, "defcoop gazetteer lookup"), sys.stdout)
    return 0 if rows else 1
