"""The `defcoop` command: thin Typer wrappers around plain functions in `defcoop.extractors`.

Nothing heavy is imported at module level, so `defcoop --help` starts without loading spaCy.
"""

from __future__ import annotations

import os
import sys
from enum import Enum
from pathlib import Path

import typer

from defcoop.extractors.limits import DEFAULT_SECONDS

from .writers import Format, OutputError, devnull_stdout

app = typer.Typer(
    name="defcoop",
    help="Who agreed what, when: defence-cooperation facts from news articles.\n\n"
         "Example: defcoop extract samples/articles",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)
gazetteer_app = typer.Typer(help="Inspect and check the gazetteers.\n\nExample: defcoop gazetteer validate",
                            no_args_is_help=True, rich_markup_mode=None)
app.add_typer(gazetteer_app, name="gazetteer")


class Action(str, Enum):
    agree = "agree"
    pledge = "pledge"
    deliver = "deliver"
    request = "request"
    produce = "produce"
    fund = "fund"
    discuss = "discuss"
    propose = "propose"


class Kind(str, Enum):
    systems = "systems"
    officials = "officials"
    states = "states"
    organizations = "organizations"


class EvalFormat(str, Enum):
    table = "table"
    json = "json"
    md = "md"


class TrainFormat(str, Enum):
    table = "table"
    json = "json"


class Engine(str, Enum):
    local = "local"
    dask = "dask"


class StdinFormat(str, Enum):  # defcoop.extractors.reader.STDIN_FORMATS (tests/cli checks they agree)
    auto = "auto"
    text = "text"
    html = "html"
    jsonl = "jsonl"


def _err(message: str) -> None:
    """One line on stderr. Messages quote file names and article text: their control characters and
    line breaks are shown as escapes, so a line is always one line and never drives the terminal."""
    from .writers import for_terminal

    sys.stderr.write(for_terminal(message).replace("\n", "\\n") + "\n")
    sys.stderr.flush()


def _version(value: bool) -> None:
    if value:
        from importlib.metadata import version

        typer.echo(f"defcoop {version('defcoop')}")
        raise typer.Exit()


@app.callback()
def _main(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                 help="Print the version and exit."),
) -> None:
    """Who agreed what, when: defence-cooperation facts from news articles."""


# options shared by several commands
PATHS = typer.Argument(..., help="Article files, folders (read recursively), glob patterns, or - for stdin.")
FORMAT = typer.Option(None, "--format", "-f", help="Output format (default: table on a terminal, jsonl "
                                                    "in a pipe, or from the -o file's extension); sqlite, "
                                                    "parquet and xlsx write files only (give -o).")
OUTPUT = typer.Option(None, "--output", "-o", help="Write to this file (atomically) instead of stdout.")
GAZ = typer.Option(None, "--gazetteers", "-g", help="A folder of your own gazetteer YAML files, merged "
                                                    "over the shipped ones (repeatable).")
EXTRA = typer.Option(False, "--extra", help="Add columns outside the record contract (facts: modality, "
                                            "plover, cameo, context, mode; mentions: id, source).")
JOBS = typer.Option(1, "--jobs", "-j", min=1, help="Worker processes; output is identical to --jobs 1.")
SINCE = typer.Option(None, help="Only facts dated on or after this (YYYY[-MM[-DD]]).")
UNTIL = typer.Option(None, help="Only facts dated on or before this (YYYY[-MM[-DD]]).")
COUNTRY = typer.Option(None, "--country", "-c", help="Only facts with this actor (ISO code, EU or NATO; repeatable).")
SYSTEM = typer.Option(None, "--system", "-s", help="Only facts about this system (any known spelling; a family "
                      "selects its variants, a system its same_as twins; repeatable).")
ACTION = typer.Option(None, "--action", "-a", help="Only this action (repeatable).")
VERBOSE = typer.Option(False, "--verbose", "-v", help="Show tracebacks for unexpected errors.")
NO_MODEL = typer.Option(False, "--blank", help="Use spacy.blank pipelines even for English and French "
                                               "(faster start, rules only).")
TIMEOUT = typer.Option(DEFAULT_SECONDS, "--timeout", min=0, metavar="SECONDS",
                       help="Give up on an input that takes longer than this to read, or to extract, and "
                            "report it (0: no limit).")
WEIGHTS = typer.Option("", "--weights", envvar="DEFCOOP_WEIGHTS", metavar="FILE|off",
                       help="The trained decisions to use: a weights file written by `defcoop train`, or off "
                            "for the rules alone (default: the shipped weights).")
APPEND = typer.Option(False, "--append", help="Add this run to an existing SQLite file (-o FILE.db) instead "
                                              "of replacing it; articles already there are not added again.")
STDIN_FORMAT = typer.Option(StdinFormat.auto, "--stdin-format",
                            help="What - holds: auto (JSONL if its first line is a JSON object, HTML if it "
                                 "starts like a page, else text), text, html or jsonl.")


def _run_guarded(fn, verbose: bool) -> None:
    """Turn errors into one line and an exit code; a closed pipe ends quietly."""
    try:
        code = fn()
    except BrokenPipeError:
        devnull_stdout()
        raise typer.Exit(0) from None
    except KeyboardInterrupt:
        _err("interrupted")
        raise typer.Exit(130) from None
    except (typer.Exit, typer.BadParameter, SystemExit):
        raise
    except Exception as exc:
        code = _configuration_error(exc)
        if code is None:
            code = _unexpected(exc, verbose)
        raise typer.Exit(code) from None
    raise typer.Exit(code or 0)


def _configuration_error(exc: Exception) -> int | None:
    """Exit code 2 and one line (at most 20 for gazetteers) for what the user must fix before a run: a
    broken gazetteer, number data or weights file, an output that cannot be written; None for others."""
    from defcoop.extractors.decide import WeightsError
    from defcoop.extractors.gazetteer import GazetteerError
    from defcoop.extractors.quantities import NumbersError

    from .exports import ExportError

    if isinstance(exc, GazetteerError):
        for line in exc.problems[:20]:
            _err(f"error: {line}")
        if len(exc.problems) > 20:
            _err(f"error: ... {len(exc.problems) - 20} more gazetteer problems")
        return 2
    if isinstance(exc, OutputError | ExportError | WeightsError | NumbersError):
        _err(f"error: {exc}")
        return 2
    return None


def _unexpected(exc: Exception, verbose: bool) -> int:
    if verbose:
        raise exc
    if isinstance(exc, OSError):  # writing the output failed (a full disk): the inputs were not the problem
        _err(f"error: cannot write the output: {exc.strerror or exc}")
    else:  # the boundary: one line unless --verbose
        _err(f"error: internal error: {exc.__class__.__name__}: {exc} (run with --verbose for the traceback)")
    return 1


@app.command()
def extract(
    paths: list[str] = PATHS,
    fmt: Format | None = FORMAT,
    output: Path | None = OUTPUT,
    merge: bool = typer.Option(False, "--merge", help="One row per real event across articles, listing "
                                                     "all its sources and evidence."),
    since: str | None = SINCE,
    until: str | None = UNTIL,
    country: list[str] | None = COUNTRY,
    system: list[str] | None = SYSTEM,
    action: list[Action] | None = ACTION,
    extra: bool = EXTRA,
    trace: bool = typer.Option(False, "--trace", help="Add status and trace (the rules that made each fact) "
                                                     "to every record, and write the candidates turned down "
                                                     "too (status rejected, with their rule and vetoes)."),
    append: bool = APPEND,
    weights: str = WEIGHTS,
    gazetteers: list[Path] | None = GAZ,
    jobs: int = JOBS,
    engine: Engine = typer.Option(Engine.local, "--engine", help="local: --jobs processes on this machine; "
                                  "dask: partitions on a Dask cluster (--scheduler, or a local one of --jobs "
                                  "workers), with -o FOLDER for one file per partition."),
    scheduler: str | None = typer.Option(None, "--scheduler", metavar="ADDRESS", help="The Dask scheduler "
                                         "to run on, e.g. tcp://HOST:8786 (with --engine dask)."),
    blank: bool = NO_MODEL,
    timeout: float = TIMEOUT,
    stdin_format: StdinFormat = STDIN_FORMAT,
    verbose: bool = VERBOSE,
) -> None:
    """Extract who-agreed-what-when facts.

    Example: defcoop extract samples/articles --country UA --format csv -o facts.csv
    """
    from . import commands

    opts = commands.ExtractOptions(
        paths=paths, fmt=fmt, output=output, merge=merge, since=_check_date(since, "--since"),
        until=_check_date(until, "--until"), countries=[c.upper() for c in country or []],
        systems=system or [], actions=[a.value for a in action or []], extra=extra,
        gazetteers=[str(g) for g in gazetteers or []], jobs=jobs, statistical=not blank,
        seconds=timeout or None, stdin_format=stdin_format.value, verbose=verbose, engine=engine.value,
        scheduler=_check_scheduler(scheduler, engine), weights=weights,
        trace=trace, append=append)
    _run_guarded(lambda: _engine_errors(lambda: commands.run_extract(opts, _err)), verbose)


def _check_scheduler(scheduler: str | None, engine: Engine) -> str | None:
    if scheduler is not None and engine is not Engine.dask:
        raise typer.BadParameter("a scheduler is for --engine dask", param_hint="--scheduler")
    return scheduler


def _engine_errors(run):
    """An engine that cannot run as asked (no Dask, no scheduler, stdin) is a usage error: one line, exit 2."""
    from defcoop.engines import EngineError

    try:
        return run()
    except EngineError as exc:
        _err(f"error: {exc}")
        return 2


@app.command()
def entities(
    paths: list[str] = PATHS,
    fmt: Format | None = FORMAT,
    output: Path | None = OUTPUT,
    extra: bool = EXTRA,
    append: bool = APPEND,
    weights: str = WEIGHTS,
    gazetteers: list[Path] | None = GAZ,
    jobs: int = JOBS,
    blank: bool = NO_MODEL,
    timeout: float = TIMEOUT,
    stdin_format: StdinFormat = STDIN_FORMAT,
    verbose: bool = VERBOSE,
) -> None:
    """List every recognised system, official, country and organisation mention.

    Example: defcoop entities samples/articles/en-01-arrow3-germany.txt --format md
    """
    from . import commands

    opts = commands.ExtractOptions(paths=paths, fmt=fmt, output=output, extra=extra,
                                   gazetteers=[str(g) for g in gazetteers or []], jobs=jobs,
                                   statistical=not blank, seconds=timeout or None,
                                   stdin_format=stdin_format.value, verbose=verbose, weights=weights,
                                   append=append)
    _run_guarded(lambda: commands.run_entities(opts, _err), verbose)


@app.command()
def articles(
    paths: list[str] = PATHS,
    fmt: Format | None = FORMAT,
    output: Path | None = OUTPUT,
    timeout: float = TIMEOUT,
    stdin_format: StdinFormat = STDIN_FORMAT,
    verbose: bool = VERBOSE,
) -> None:
    """Show how each input is read: language, publication date, encoding, title, length.

    Example: defcoop articles samples/articles
    """
    from . import commands

    _run_guarded(lambda: commands.run_articles(paths, fmt, output, _err, stdin_format.value, timeout or None,
                                               verbose), verbose)


@app.command("eval")
def evaluate(
    gold_dir: Path = typer.Argument(..., help="Folder of gold YAML files (GUIDELINES schema)."),
    paths: list[str] = typer.Argument(..., help="The articles (paired with gold files by file stem)."),
    fmt: EvalFormat = typer.Option(EvalFormat.table, "--format", "-f", help="Report format."),
    explain: bool = typer.Option(False, "--explain", help="List missed gold facts and spurious "
                                                          "predictions per article, with evidence."),
    minimum: str | None = typer.Option(None, "--min", help="Fail (exit 1) below these scores, e.g. "
                                          "facts=0.75,systems=0.95."),
    config: Path | None = typer.Option(None, "--config", help="A pyproject.toml whose "
                                          "[tool.defcoop.eval] min table holds thresholds (default: "
                                          "./pyproject.toml when it has one)."),
    weights: str = WEIGHTS,
    gazetteers: list[Path] | None = GAZ,
    blank: bool = NO_MODEL,
    timeout: float = TIMEOUT,
    verbose: bool = VERBOSE,
) -> None:
    """Score the extractor against gold annotations (GUIDELINES.md scoring).

    Example: defcoop eval samples/gold samples/articles --min facts=0.8
    """
    from . import commands

    _run_guarded(lambda: commands.run_eval(gold_dir, paths, fmt.value, explain, minimum, config,
                                           [str(g) for g in gazetteers or []], not blank, _err,
                                           timeout or None, verbose, weights), verbose)


@app.command()
def report(
    paths: list[str] = typer.Argument(..., help="Articles (files, folders, globs, - for stdin), or files of "
                                                "facts: a .jsonl written by extract, a .db, .parquet or .xlsx "
                                                "export."),
    output: Path = typer.Option(..., "--output", "-o", help="The HTML page to write (atomically)."),
    title: str = typer.Option("defcoop report", "--title", help="The page's title."),
    since: str | None = SINCE,
    until: str | None = UNTIL,
    country: list[str] | None = COUNTRY,
    system: list[str] | None = SYSTEM,
    action: list[Action] | None = ACTION,
    weights: str = WEIGHTS,
    gazetteers: list[Path] | None = GAZ,
    jobs: int = JOBS,
    blank: bool = NO_MODEL,
    timeout: float = TIMEOUT,
    verbose: bool = VERBOSE,
) -> None:
    """One self-contained HTML page of facts: a timeline, a who-with-whom network, the table.

    Example: defcoop report samples/articles -o report.html
    """
    from . import commands

    opts = commands.ExtractOptions(
        paths=paths, output=output, since=_check_date(since, "--since"), until=_check_date(until, "--until"),
        countries=[c.upper() for c in country or []], systems=system or [],
        actions=[a.value for a in action or []], gazetteers=[str(g) for g in gazetteers or []], jobs=jobs,
        statistical=not blank, seconds=timeout or None, verbose=verbose, weights=weights)
    _run_guarded(lambda: commands.run_report(opts, title, _err), verbose)


@app.command()
def train(
    corpora: list[str] = typer.Argument(..., metavar="GOLD_DIR ARTICLES",
                                        help="Pairs of a folder of gold YAML files and its articles; the "
                                             "first pair is cross-validated, every pair is trained on."),
    output: Path = typer.Option(..., "--output", "-o", help="The weights file to write (atomically)."),
    folds: int = typer.Option(10, "--folds", min=0, help="Folds of the first corpus's articles for the "
                                                         "cross-validated scores (below 2: none)."),
    seed: int = typer.Option(0, "--seed", help="Seed of the shuffle that deals the articles into folds."),
    fmt: TrainFormat = typer.Option(TrainFormat.table, "--format", "-f", help="Report format."),
    gazetteers: list[Path] | None = GAZ,
    verbose: bool = VERBOSE,
) -> None:
    """Train the decisions on gold corpora; print the cross-validated facts scores; write the weights.

    Example: defcoop train samples/gold samples/articles -o weights.json
    """
    from . import commands

    if len(corpora) % 2:
        raise typer.BadParameter("give pairs: GOLD_DIR ARTICLES [GOLD_DIR ARTICLES ...]",
                                 param_hint="GOLD_DIR ARTICLES")
    pairs = [(Path(corpora[i]), corpora[i + 1]) for i in range(0, len(corpora), 2)]
    _run_guarded(lambda: commands.run_train(pairs, output, folds, seed, fmt.value,
                                            [str(g) for g in gazetteers or []], _err), verbose)


@gazetteer_app.command("validate")
def gazetteer_validate(
    folder: Path | None = typer.Argument(None, help="A folder of your own gazetteers to check together "
                                            "with the shipped ones (default: the shipped ones only)."),
) -> None:
    """Check every gazetteer file; print each problem with file, entry and what is wrong.

    Example: defcoop gazetteer validate my-gazetteers/
    """
    from . import commands

    raise typer.Exit(commands.run_validate(folder, _err))


@gazetteer_app.command("list")
def gazetteer_list(
    kind: Kind = typer.Argument(..., help="What to list."),
    fmt: Format | None = FORMAT,
    gazetteers: list[Path] | None = GAZ,
) -> None:
    """List the entries of one kind.

    Example: defcoop gazetteer list systems --format csv
    """
    from . import commands

    _run_guarded(lambda: commands.run_list(kind.value, fmt, [str(g) for g in gazetteers or []]), False)


@gazetteer_app.command("lookup")
def gazetteer_lookup(
    text: str = typer.Argument(..., help="A surface form or a phrase, e.g. 'САМП/Т' or "
                                         "'le ministre ukrainien de la Défense'."),
    on: str | None = typer.Option(None, "--on", help="Resolve role phrases for this date (YYYY-MM-DD)."),
    language: str = typer.Option("en", "--language", "-l", help="Language whose rules apply."),
    fmt: Format | None = FORMAT,
    gazetteers: list[Path] | None = GAZ,
) -> None:
    """Show what a surface form resolves to.

    Example: defcoop gazetteer lookup "the Ukrainian defence minister" --on 2025-06-06
    """
    from . import commands

    _run_guarded(lambda: commands.run_lookup(text, _check_date(on, "--on"), language, fmt,
                                             [str(g) for g in gazetteers or []]), False)


def _check_date(value: str | None, option: str) -> str | None:
    import re

    if value is None:
        return None
    if not re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", value):
        raise typer.BadParameter(f"{value!r} is not YYYY, YYYY-MM or YYYY-MM-DD", param_hint=option)
    return value


def _stop(signum: int, frame: object) -> None:
    """SIGTERM and SIGHUP end the run as Ctrl-C does: the worker pool stops, a half-written -o file is
    removed, and the exit code says which signal it was."""
    raise SystemExit(128 + signum)


def main() -> None:
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    import signal

    for signum in (signal.SIGTERM, getattr(signal, "SIGHUP", None)):
        if signum is not None:
            signal.signal(signum, _stop)
    try:
        app()
    except BrokenPipeError:  # pragma: no cover - raised while flushing at exit
        devnull_stdout()
        sys.exit(0)
    except SystemExit as stop:
        if "spacy" in sys.modules:
            _exit_without_teardown(stop.code)
        raise


def _exit_without_teardown(code: object) -> None:
    """Exit once the output is flushed, without freeing every spaCy object one by one (0.25 s of a
    one-article run). Files written by `-o` and the worker pool are closed before this point."""
    if code is not None and not isinstance(code, int):
        print(code, file=sys.stderr)
        code = 1
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except BrokenPipeError:
            devnull_stdout()
        except (OSError, ValueError):
            pass
    os._exit(code or 0)
