"""Throughput, CPU, memory and time to first row: defcoop --jobs 1, --jobs 2 and the full-pipeline baseline.
It first measures how much two processes of plain Python arithmetic gain over one on this machine: the
ceiling for `--jobs 2` against `--jobs 1`.

    python benchmarks/run.py                    # N=1000 files of each corpus
    python benchmarks/run.py --n 10000 --skip-baseline --jobs 2
    python benchmarks/run.py --corpus real --repeat 3

Two corpora, each measured with every command in the same run:

- real news (when ../shared/corpus/train and dev are present): N files under distinct names, one real
  cooperation page in every `--share` files (the pages replicated in turn), generated pages for the rest;
- generated (always): N news-like articles in eight languages in one JSONL file (benchmarks/corpus.py),
  mostly menus and battlefield paragraphs.

Each command runs in a subprocess as a user would run it (`defcoop extract CORPUS --jobs N -f jsonl`,
`python benchmarks/baseline.py CORPUS`); its whole process tree is sampled from /proc for memory and CPU
time. "cores busy" is CPU seconds over wall seconds: 2.0 means both cores worked all the time. On a shared
machine other processes take CPU too: compare the CPU seconds as well as the wall time.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import corpus

from defcoop.extractors.model import InputError
from defcoop.extractors.reader import read_inputs

TICK = os.sysconf("SC_CLK_TCK")
SAMPLE_SECONDS = 0.1


@dataclass(slots=True)
class Run:
    """One timed command."""

    seconds: float
    first_row: float | None
    rows: int
    peak_mb: float
    cpu_seconds: float
    exit: int


@dataclass(slots=True)
class Corpus:
    name: str
    path: Path
    articles: int
    words: int


def _proc_table() -> dict[int, tuple[int, int, int]]:
    """pid -> (parent pid, resident kB, CPU ticks used by the process itself), from /proc."""
    table = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                parts = f.read().rsplit(")", 1)[1].split()
            with open(f"/proc/{entry}/statm") as f:
                pages = int(f.read().split()[1])
        except (OSError, ValueError, IndexError):
            continue
        # fields after the name: state ppid ... utime (12th) stime (13th)
        table[int(entry)] = (int(parts[1]), pages * os.sysconf("SC_PAGE_SIZE") // 1024, int(parts[11]) + int(parts[12]))
    return table


class TreeSampler(threading.Thread):
    """Peak resident memory of a process tree (and of each process in it), and the CPU time of every
    process seen in it."""

    def __init__(self, root: int) -> None:
        super().__init__(daemon=True)
        self.root = root
        self.peak_kb = 0
        self.pid_peak_kb: dict[int, int] = {}
        self.ticks: dict[int, int] = {}
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.is_set():
            table = _proc_table()
            children: dict[int, list[int]] = {}
            for pid, (ppid, _, _) in table.items():
                children.setdefault(ppid, []).append(pid)
            total, stack = 0, [self.root]
            while stack:
                pid = stack.pop()
                if pid in table:
                    _, kb, ticks = table[pid]
                    total += kb
                    self.pid_peak_kb[pid] = max(self.pid_peak_kb.get(pid, 0), kb)
                    self.ticks[pid] = max(self.ticks.get(pid, 0), ticks)
                stack.extend(children.get(pid, []))
            self.peak_kb = max(self.peak_kb, total)
            self.done.wait(SAMPLE_SECONDS)


def measure(cmd: list[str]) -> Run:
    """Run `cmd`, reading its stdout line by line (a row each), with its process tree sampled."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    sampler = TreeSampler(proc.pid)
    sampler.start()
    first, rows = None, 0
    assert proc.stdout is not None
    for _line in proc.stdout:
        if first is None:
            first = time.perf_counter() - start
        rows += 1
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    sampler.done.set()
    sampler.join()
    proc.returncode = os.waitstatus_to_exitcode(status)
    # the child's own account covers it and the processes it waited for; the samples cover the others
    cpu = max(usage.ru_utime + usage.ru_stime, sum(sampler.ticks.values()) / TICK)
    return Run(seconds, first, rows, sampler.peak_kb / 1024, cpu, proc.returncode)


def defcoop_cmd(path: Path, jobs: int) -> list[str]:
    exe = Path(sys.executable).with_name("defcoop")
    return [str(exe), "extract", str(path), "--jobs", str(jobs), "--format", "jsonl"]


def baseline_cmd(path: Path) -> list[str]:
    return [sys.executable, str(Path(__file__).with_name("baseline.py")), str(path)]


def count(name: str, path: Path) -> Corpus:
    """Articles and words (whitespace-separated, of the text defcoop reads) of a corpus."""
    arts = [a for a in read_inputs([str(path)]) if not isinstance(a, InputError)]
    return Corpus(name, path, len(arts), sum(len(a.text.split()) for a in arts))


def _line(label: str, c: Corpus, r: Run) -> str:
    return (f"  {label:<11} {r.seconds:7.1f} s {c.words / r.seconds:9,.0f} words/s {c.articles / r.seconds:7.1f} "
            f"articles/s  CPU {r.cpu_seconds:6.1f} s ({r.cpu_seconds / r.seconds:.2f} cores busy)  "
            f"peak {r.peak_mb:5.0f} MB  first row {r.first_row or 0:5.2f} s  {r.rows} rows  exit {r.exit}")


def bench(c: Corpus, jobs: list[int], baseline: bool, repeat: int) -> None:
    """Every command on one corpus, interleaved when repeated (so a burst of load hits them alike)."""
    cmds = {f"--jobs {j}": defcoop_cmd(c.path, j) for j in jobs}
    if baseline:
        cmds["baseline"] = baseline_cmd(c.path)
    runs: dict[str, list[Run]] = {k: [] for k in cmds}
    for _ in range(repeat):
        for label, cmd in cmds.items():
            runs[label].append(measure(cmd))
    best = {k: sorted(v, key=lambda r: r.seconds)[len(v) // 2] for k, v in runs.items()}
    print(f"{c.name}: {c.articles} articles, {c.words:,} words (median of {repeat})")
    for label, r in best.items():
        print(_line(label, c, r))
    ours = [f"--jobs {j}" for j in jobs]
    pairs = [(b, a) for i, a in enumerate(ours) for b in ours[i + 1:]]  # more jobs against fewer
    pairs += [(a, "baseline") for a in ours if baseline]
    for fast, slow in pairs:
        print(f"  {fast} against {slow}: {best[slow].seconds / best[fast].seconds:.2f}x (wall time ratio)")


def one_article(folder: Path, pages: list[Path]) -> None:
    """A cold `defcoop extract` of one English and one French article: the start-up a user waits for."""
    for lang in ("en", "fr"):
        page = next((p for p in pages if p.name.startswith(f"{lang}-")), None)
        if page is None:
            art = next(a for a in corpus.articles(8) if a["language"] == lang)
            page = folder / f"one-{lang}.txt"
            page.write_text(f"---\nlanguage: {lang}\n---\n{art['text']}\n", encoding="utf-8")
        times = [measure(defcoop_cmd(page, 1)).seconds for _ in range(3)]
        print(f"one {lang} article ({page.name}), cold start: {statistics.median(times):.2f} s (median of 3)")


# plain Python arithmetic, no I/O and no shared memory: what two processes can gain on this machine at best
_SPIN = "n = 0\nfor i in range(12_000_000):\n    n += i % 7\n"


def machine_ceiling(repeat: int = 3) -> float:
    """How much more work two processes get done than one, for CPU-bound Python with nothing shared: the
    ceiling of `--jobs 2` against `--jobs 1` here (virtual cores, shared caches and other tenants keep it
    below 2). Median of `repeat` rounds."""
    ratios = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", _SPIN], check=True)
        one = time.perf_counter() - start
        start = time.perf_counter()
        procs = [subprocess.Popen([sys.executable, "-c", _SPIN]) for _ in range(2)]
        for proc in procs:
            proc.wait()
        two = time.perf_counter() - start
        ratios.append(2 * one / two)
    return statistics.median(ratios)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=1000, help="files (real news) and articles (generated)")
    parser.add_argument("--jobs", default="1,2", help="defcoop --jobs values to time, comma-separated")
    parser.add_argument("--corpus", choices=("both", "real", "generated"), default="both")
    parser.add_argument("--share", type=int, default=3, help="one real page in every SHARE files (1: all real)")
    parser.add_argument("--repeat", type=int, default=1, help="runs of each command; the median is shown")
    parser.add_argument("--skip-baseline", action="store_true", help="only time defcoop")
    args = parser.parse_args()
    jobs = [int(j) for j in args.jobs.split(",")]
    pages = corpus.real_pages()
    print(f"{os.cpu_count()} cores, load average {' '.join(f'{x:.2f}' for x in os.getloadavg())} at start")
    print(f"two processes of plain Python arithmetic do {machine_ceiling():.2f}x the work of one here "
          "(the most --jobs 2 can gain over --jobs 1)")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        corpora = []
        if args.corpus in ("both", "real"):
            if pages:
                path = corpus.write_real(args.n, folder / "real", pages, args.share)
                corpora.append(count(f"real news (1 real page in {args.share}, {len(pages)} pages)", path))
            else:
                print(f"real news: no pages at {corpus.SHARED}; the generated corpus only")
        if args.corpus in ("both", "generated") or not corpora:
            corpora.append(count("generated", corpus.write(args.n, folder)))
        for c in corpora:
            bench(c, jobs, not args.skip_baseline, args.repeat)
        one_article(folder, pages)
    print(f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())} at end")


if __name__ == "__main__":
    main()
