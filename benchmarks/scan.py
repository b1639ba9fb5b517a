"""Words per second per core of the pre-scan: what defcoop does to an article before any spaCy pipeline.

    python benchmarks/scan.py                         # real news of ../shared/corpus, median of 3
    python benchmarks/scan.py --corpus /path/to/corpus --repeat 5
    python benchmarks/scan.py --profile 25            # and the 25 functions with the most own time

Timed, for each article already read (decoding and front matter are not timed), in one process:

- language id (`detect_language`) and the publication date in the header (`find_published`), which the
  reader runs on every page whose metadata lacks them (the real news pages carry no `language`);
- the pre-scan (`scan.prescan`: words, entities, roles, unknown officials, triggers, cues, amounts);
- the article context (`scan.context_for`: main actors, the story's day, the estimated month, the
  currency of a bare "$");
- the choice of the lines that reach the pipeline (those holding a trigger), as `Extractor.process` makes it.

Not timed: the one-time set-up (gazetteers, matchers, lemma tables, language models), paid in a warm-up
pass over every article first and shown apart. Times are CPU seconds of this process
(`time.process_time`), so other work on a shared machine slows the figure little; "words" are
whitespace-separated words of the text defcoop reads, as in benchmarks/run.py. The pages are
`../shared/corpus/train/articles` and `dev/articles` beside the repository (`--corpus` points elsewhere),
or `samples/articles` where they are absent.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import statistics
import sys
import time
from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import corpus

from defcoop.extractors.extract import DEFAULT_LANGUAGE, _blocks, hard_wrapped
from defcoop.extractors.index import language_index
from defcoop.extractors.model import Article, InputError
from defcoop.extractors.published import find_published
from defcoop.extractors.reader import detect_language, read_inputs
from defcoop.extractors.scan import context_for, prescan

SAMPLES = Path(__file__).resolve().parents[1] / "samples" / "articles"
PARTS = ("language id", "date", "prescan", "context", "lines")


@dataclass(slots=True)
class Page:
    """An article as read, with its language as the pre-scan finds it."""

    article: Article
    language: str
    words: int


@dataclass(slots=True)
class Times:
    """CPU seconds of one pass, by language and by part of the stage."""

    by_language: dict[str, float] = field(default_factory=dict)
    by_part: dict[str, float] = field(default_factory=lambda: dict.fromkeys(PARTS, 0.0))


def pages(folders: list[Path]) -> list[Page]:
    out = []
    for art in read_inputs([str(f) for f in folders]):
        if isinstance(art, InputError):
            print(f"skipped: {art}", file=sys.stderr)
            continue
        out.append(Page(art, detect_language(art.text) or DEFAULT_LANGUAGE, len(art.text.split())))
    return out


def prescan_stage(art: Article, parts: dict[str, float], clock: Callable[[], float] = time.process_time) -> int:
    """Everything the pre-scan does to one article; the CPU time of each part is added to `parts`.
    Returns how many lines would reach the pipeline."""
    t0 = clock()
    language = detect_language(art.text) or DEFAULT_LANGUAGE
    t1 = clock()
    published = art.published or find_published(art.text, language)
    t2 = clock()
    index = language_index(language)
    scan = prescan(index, art.text, published)
    t3 = clock()
    context_for(index, art.path, published, scan)
    t4 = clock()
    starts = sorted(t.start for t in scan.triggers)
    lines = 0
    for lo, hi in _blocks(art.text, hard_wrapped(art.text), index.related):
        k = bisect_left(starts, lo)
        lines += k < len(starts) and starts[k] < hi
    t5 = clock()
    for part, seconds in zip(PARTS, (t1 - t0, t2 - t1, t3 - t2, t4 - t3, t5 - t4), strict=True):
        parts[part] += seconds
    return lines


def one_pass(by_language: dict[str, list[Page]]) -> Times:
    times = Times()
    for language, group in by_language.items():
        start = time.process_time()
        for page in group:
            prescan_stage(page.article, times.by_part)
        times.by_language[language] = time.process_time() - start
    return times


def _line(label: str, articles: int, words: int, seconds: float) -> str:
    speed = f"{words / seconds:10,.0f}" if seconds > 0 else f"{'-':>10}"
    return f"  {label:<6} {articles:4} articles {words:8,} words {seconds:7.3f} s {speed} words/s"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=corpus.SHARED,
                        help="folder holding train/articles and dev/articles (default: ../shared/corpus)")
    parser.add_argument("--repeat", type=int, default=3, help="timed passes; the median is shown")
    parser.add_argument("--profile", type=int, default=0, metavar="N",
                        help="after timing, profile one pass and print the N functions with the most own time")
    args = parser.parse_args()
    folders = [args.corpus / name / "articles" for name in corpus.REAL_FOLDERS]
    folders = [f for f in folders if f.is_dir()] or [SAMPLES]
    found = pages(folders)
    by_language: dict[str, list[Page]] = {}
    for page in sorted(found, key=lambda p: p.language):
        by_language.setdefault(page.language, []).append(page)
    words = {lang: sum(p.words for p in group) for lang, group in by_language.items()}
    print(f"{os.cpu_count()} cores, load average {' '.join(f'{x:.2f}' for x in os.getloadavg())} at start")
    print(f"{len(found)} articles, {sum(words.values()):,} words from {', '.join(map(str, folders))}")
    start = time.process_time()
    one_pass(by_language)
    print(f"first pass, with the one-time set-up (gazetteers, matchers, lemma tables, language model): "
          f"{time.process_time() - start:.2f} s CPU")
    runs = [one_pass(by_language) for _ in range(args.repeat)]
    print(f"pre-scan, CPU time per core (median of {args.repeat}):")
    for lang, group in by_language.items():
        seconds = statistics.median(r.by_language[lang] for r in runs)
        print(_line(lang, len(group), words[lang], seconds))
    total = statistics.median(sum(r.by_language.values()) for r in runs)
    print(_line("total", len(found), sum(words.values()), total))
    shares = {part: statistics.median(r.by_part[part] for r in runs) for part in PARTS}
    print("  by part: " + ", ".join(f"{part} {s / total:.0%}" for part, s in shares.items()))
    if args.profile:
        profiler = cProfile.Profile()
        profiler.runcall(one_pass, by_language)
        pstats.Stats(profiler).sort_stats("tottime").print_stats(args.profile)
    print(f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())} at end")


if __name__ == "__main__":
    main()
