"""The Python API: the one road into the extractor for scripts, notebooks and distributed engines.

    from defcoop import Extractor, extract_facts

    facts = extract_facts("Serbia signed a contract on Thursday to buy 12 Rafale jets from France.",
                          language="en", published="2024-08-30")
    extractor = Extractor(blank=True, countries=["UA"])
    for item in extractor.run(["news/", "archive/*.warc.gz"]):  # input order; a bad input never stops it
        ...  # a Result (item.facts, item.mentions) or an InputError (item.path, item.message)

The options are the CLI's (`Options`). An Extractor pickles as its options alone: a Dask or Spark worker
that unpickles one builds the pipelines on first use and keeps them for every later task in that process
(`_BUILT`), so shipping it with each task costs a few hundred bytes. Notes for the user (a missing spaCy
package) go to the `defcoop` logger and are kept for `take_notes()`.
"""

from __future__ import annotations

import functools
import logging
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from defcoop.extractors.limits import DEFAULT_SECONDS, TimeLimitExceeded
from defcoop.extractors.model import ACTIONS, Article, Fact, InputError

if TYPE_CHECKING:
    from defcoop.extractors.events import FactFilter
    from defcoop.extractors.extract import Extractor as CoreExtractor
    from defcoop.extractors.extract import Result
    from defcoop.extractors.reader import StdinFormat

log = logging.getLogger("defcoop")
TEXT_PATH = "<text>"  # the `article` of a fact from a text given as a string
_DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")

Source = str | os.PathLike[str]


@dataclass(frozen=True, slots=True)
class Options:
    """What `defcoop extract` and `defcoop entities` take, as values (hashable, so built once per process)."""

    gazetteers: tuple[str, ...] = ()  # -g: folders merged over the shipped gazetteers
    blank: bool = False  # --blank: rules only, no statistical spaCy pipeline
    timeout: float | None = DEFAULT_SECONDS  # --timeout: per input, to read it and to extract it; None: none
    entities: bool = False  # as `defcoop entities`: every line through the model, people no gazetteer knows
    stdin_format: StdinFormat = "auto"  # --stdin-format, for the input "-"
    weights: str = ""  # --weights: the trained decisions ("" the shipped ones, "off" the rules alone, a file)
    since: str | None = None  # --since, --until: YYYY, YYYY-MM or YYYY-MM-DD
    until: str | None = None
    countries: tuple[str, ...] = ()  # --country
    systems: tuple[str, ...] = ()  # --system, in any known spelling
    actions: tuple[str, ...] = ()  # --action
    extra: bool = field(default=False, compare=False)  # --extra: `rows()` adds modality, plover, cameo, ...

    def __post_init__(self) -> None:
        for name in ("gazetteers", "countries", "systems", "actions"):
            value = getattr(self, name)
            if isinstance(value, (str, os.PathLike)):
                raise TypeError(f"Options.{name} is a list of values, not one string")
            object.__setattr__(self, name, tuple(str(v) for v in value))
        object.__setattr__(self, "countries", tuple(c.upper() for c in self.countries))
        for name in ("since", "until"):
            value = getattr(self, name)
            if value is not None and not _DATE.fullmatch(value):
                raise ValueError(f"Options.{name}: {value!r} is not YYYY, YYYY-MM or YYYY-MM-DD")
        unknown = [a for a in self.actions if a not in ACTIONS]
        if unknown:
            raise ValueError(f"Options.actions: unknown action {unknown[0]!r} (one of {', '.join(ACTIONS)})")
        if self.timeout is not None and self.timeout <= 0:
            object.__setattr__(self, "timeout", None)

    @property
    def filtered(self) -> bool:
        return bool(self.since or self.until or self.countries or self.systems or self.actions)


class Extractor:
    """Facts and mentions from texts, files, folders, patterns, JSONL and WARC archives.

    `Extractor(blank=True)` or `Extractor(Options(...), timeout=10)`: keywords change the options given.
    The gazetteers, number data and trained weights are checked here, so a broken one fails at once.
    """

    def __init__(self, options: Options | None = None, /, **changes: Any) -> None:
        self.options = replace(options or Options(), **changes)
        self._notes: list[str] = []
        self._keep = _fact_filter(self.options)  # raises ValueError for an unknown --system
        self._core = _core(self.options)

    def __getstate__(self) -> Options:
        return self.options

    def __setstate__(self, options: Options) -> None:
        self.options = options
        self._notes = []
        self._keep = _fact_filter(options)
        self._core = _core(options)

    def __repr__(self) -> str:
        return f"Extractor({self.options!r})"

    # ------------------------------------------------------------------------------------------ inputs

    def text(self, text: str, *, language: str | None = None, published: str | None = None,
             url: str | None = None, title: str | None = None, path: str = TEXT_PATH,
             html: bool = False) -> Result:
        """The result of one text (a page's HTML with `html=True`), read as a `.txt` (or `.html`) file
        would be; raises InputError when it holds no article text."""
        from defcoop.extractors.reader import read_article

        read = read_article(path, text.encode("utf-8", "surrogatepass"), html=html)
        given: dict[str, Any] = {"language": language, "published": published, "url": url, "title": title}
        article = replace(read, **{k: v for k, v in given.items() if v is not None})
        outcome = self.process(article)
        if isinstance(outcome, InputError):
            raise outcome
        return outcome

    def read(self, sources: Source | Iterable[Source]) -> Iterator[Article | InputError]:
        """The articles of files, folders, patterns, JSONL and WARC files, as the CLI reads them."""
        import sys

        from defcoop.extractors.reader import read_inputs

        specs = _specs(sources)
        stdin = sys.stdin.buffer if "-" in specs else None
        yield from read_inputs(specs, stdin=stdin, stdin_format=self.options.stdin_format,
                               seconds=self.options.timeout)

    def run(self, sources: Source | Iterable[Source]) -> Iterator[Result | InputError]:
        """One Result per article, or the InputError that stopped an input, in input order."""
        for item in self.read(sources):
            yield item if isinstance(item, InputError) else self.process(item)

    def process(self, article: Article) -> Result | InputError:
        """The facts of one article, or the InputError that stopped it: nothing in it can stop a batch.
        The pipeline of its language is loaded outside the time limit (that is no work on the article);
        the limit holds in worker threads too (`engines/watchdog.py`)."""
        from defcoop.engines.watchdog import any_thread_limit
        from defcoop.extractors.index import language_index
        from defcoop.extractors.reader import unexpected

        core = self._core
        said = len(_NOTES)
        try:
            language = core.language_of(article)
            core.pipeline(language)
            language_index(language, core.gazetteers)
            with any_thread_limit(self.options.timeout):
                result = core.process(article, all_blocks=self.options.entities)
        except TimeLimitExceeded as exc:
            return InputError(article.path, f"extracting facts {exc} (the time limit for one input)")
        except Exception as exc:  # the input boundary
            return unexpected(article.path, exc, "extracting facts")
        finally:
            self._notes.extend(_NOTES[said:])
        if self.options.filtered:
            result.facts = [f for f in result.facts if self.keep(f)]
        return result

    # ------------------------------------------------------------------------------------------ outputs

    def keep(self, fact: Fact) -> bool:
        """Whether a fact passes the since, until, countries, systems and actions options."""
        return self._keep is None or self._keep(fact)

    def rows(self, result: Result) -> list[dict[str, Any]]:
        """The fact records of a result, as `defcoop extract -f jsonl` writes them."""
        return [f.as_dict(self.options.extra) for f in result.facts]

    def take_notes(self) -> list[str]:
        """The notes said since the last call (each once per process), for a caller that reports them."""
        notes, self._notes[:] = list(self._notes), []
        return notes


def extract_facts(text: str | None = None, *, path: Source | None = None, language: str | None = None,
                  published: str | None = None, url: str | None = None, html: bool = False,
                  options: Options | None = None, **changes: Any) -> list[Fact]:
    """The facts of one text, or of every article under `path` (a file, folder or pattern).

    Keywords beyond these are Options (`blank=True`, `countries=["UA"]`, ...). A bad input raises its
    InputError; use `Extractor.run` where a bad file must not stop the others.
    """
    if (text is None) == (path is None):
        raise TypeError("extract_facts() takes a text or path=..., not both and not neither")
    extractor = _extractor(replace(options or Options(), **changes))
    if text is not None:
        return extractor.text(text, language=language, published=published, url=url, html=html).facts
    facts: list[Fact] = []
    for item in extractor.run(path):  # type: ignore[arg-type]  # path is not None here
        if isinstance(item, InputError):
            raise item
        facts.extend(item.facts)
    return facts


# ---------------------------------------------------------------------------------------------- per process

# The notes every core extractor of this process made, in order; an Extractor copies those its calls add.
_NOTES: list[str] = []


def _say(message: str) -> None:
    _NOTES.append(message)
    log.warning(message)


@functools.cache
def _core(options: Options) -> CoreExtractor:
    """The pipelines and data for these options, built once per process (workers reuse them per task)."""
    from defcoop.extractors.extract import Extractor as CoreExtractor

    return CoreExtractor(options.gazetteers, statistical=not options.blank, people=options.entities,
                         warn=_say, weights=options.weights)


@functools.lru_cache(maxsize=8)
def _extractor(options: Options) -> Extractor:
    return Extractor(options)


@functools.cache
def _fact_filter(options: Options) -> FactFilter | None:
    """The CLI's filter for these options; an unknown system is a ValueError."""
    if not options.filtered:
        return None
    from defcoop.extractors.events import FactFilter, resolve_systems
    from defcoop.extractors.gazetteer import load_gazetteer

    gaz = load_gazetteer(options.gazetteers)
    systems, unknown = resolve_systems(options.systems, gaz)
    if unknown:
        raise ValueError(f"unknown system {unknown[0]!r} (see `defcoop gazetteer list systems`)")
    return FactFilter(options.since, options.until, frozenset(options.countries), systems,
                      frozenset(options.actions))


def _specs(sources: Source | Iterable[Source]) -> list[str]:
    if isinstance(sources, (str, os.PathLike)):
        return [os.fspath(sources)]
    return [os.fspath(s) for s in sources]
