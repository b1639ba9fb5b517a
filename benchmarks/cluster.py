"""The Dask engine against --jobs: the engine's overhead as a ratio, and peak memory per worker.

    python benchmarks/cluster.py                 # 400 files, --jobs 2 against --engine dask --jobs 2
    python benchmarks/cluster.py --n 2000 --repeat 3 --form warc

Both commands run as a user would run them, in a subprocess (`defcoop extract CORPUS -f jsonl --jobs 2`
and the same with `--engine dask`, which starts a LocalCluster of 2 workers for the run), on the same
corpus, interleaved when repeated; their outputs are compared byte for byte. The process tree of each is
sampled from /proc (benchmarks/run.py's sampler): wall time, CPU seconds, and the peak resident memory of
each process. The workers are the processes that did the extraction (the `--jobs` processes, or the
cluster's worker processes): the report gives the largest worker peak and the main process's peak.

The corpus is benchmarks/corpus.py's real-news one when ../shared/corpus is present (one real page in
every 3 files, generated news-like pages between), else its generated pages as files. `--form warc`
writes the same pages as HTML responses into WARC files of 100 records each, as a crawl would hold them.

The per-core throughput, articles per CPU-second of the workers, is what the README's estimate for a
million pages divides by.
"""

from __future__ import annotations

import argparse
import hashlib
import html
import io
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import corpus
from run import TICK, TreeSampler, count

WARC_RECORDS = 100  # pages per WARC file


@dataclass(slots=True)
class Run:
    seconds: float
    cpu_seconds: float
    worker_cpu_seconds: float
    worker_peak_mb: float
    main_peak_mb: float
    tree_peak_mb: float
    output_digest: str
    exit: int


def measure(cmd: list[str], workers: int) -> Run:
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    sampler = TreeSampler(proc.pid)
    sampler.start()
    assert proc.stdout is not None
    digest = hashlib.sha256(proc.stdout.read()).hexdigest()
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    sampler.done.set()
    sampler.join()
    ticks, peaks = sampler.ticks, sampler.pid_peak_kb
    others = sorted((pid for pid in ticks if pid != proc.pid), key=lambda p: -ticks[p])
    busiest = others[:workers]  # the processes that extracted: the most CPU among the children
    cpu = max(usage.ru_utime + usage.ru_stime, sum(ticks.values()) / TICK)
    return Run(seconds, cpu, sum(ticks[p] for p in busiest) / TICK,
               max((peaks.get(p, 0) for p in busiest), default=0) / 1024, peaks.get(proc.pid, 0) / 1024,
               sampler.peak_kb / 1024, digest, os.waitstatus_to_exitcode(status))


def write_warcs(files: Path, folder: Path) -> Path:
    """The corpus's pages as HTML responses in WARC files (a text page becomes paragraphs of HTML)."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    folder.mkdir(parents=True, exist_ok=True)
    pages = sorted(p for p in files.iterdir() if p.is_file())
    for start in range(0, len(pages), WARC_RECORDS):
        with open(folder / f"crawl-{start // WARC_RECORDS:05d}.warc.gz", "wb") as out:
            writer = WARCWriter(out, gzip=True)
            for page in pages[start:start + WARC_RECORDS]:
                body = page.read_bytes() if page.suffix == ".html" else _as_html(page.read_text(encoding="utf-8"))
                headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")],
                                           protocol="HTTP/1.1")
                record = writer.create_warc_record(f"https://news.example/{page.stem}", "response",
                                                   payload=io.BytesIO(body), http_headers=headers)
                writer.write_record(record)
    return folder


def _as_html(text: str) -> bytes:
    if text.startswith("---\n"):
        text = text.split("\n---\n", 1)[-1]
    paragraphs = "".join(f"<p>{html.escape(block)}</p>" for block in text.split("\n\n") if block.strip())
    return f"<html><body><article>{paragraphs}</article></body></html>".encode()


def build(folder: Path, n: int, form: str) -> tuple[str, Path]:
    pages = corpus.real_pages()
    if pages:
        name, files = f"real news (1 real page in 3, {len(pages)} pages)", corpus.write_real(n, folder / "files", pages)
    else:
        name, files = "generated", _generated_files(n, folder / "files")
    if form == "warc":
        return f"{name}, in WARC files of {WARC_RECORDS}", write_warcs(files, folder / "warc")
    return name, files


def _generated_files(n: int, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for art in corpus.articles(n):
        head = f"---\nid: {art['id']}\nlanguage: {art['language']}\n---\n"
        (folder / f"{art['id']}.txt").write_text(head + art["text"] + "\n", encoding="utf-8")
    return folder


def report(label: str, articles: int, r: Run) -> str:
    return (f"  {label:<24} {r.seconds:7.1f} s  {articles / r.seconds:6.1f} articles/s  CPU {r.cpu_seconds:6.1f} s "
            f"(workers {r.worker_cpu_seconds:6.1f} s: {articles / max(r.worker_cpu_seconds, 1e-9):5.1f} articles "
            f"per CPU-second)  peak per worker {r.worker_peak_mb:4.0f} MB, main {r.main_peak_mb:4.0f} MB, "
            f"all {r.tree_peak_mb:5.0f} MB  exit {r.exit}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=400, help="files of the corpus")
    parser.add_argument("--jobs", type=int, default=2, help="processes of --jobs and workers of the cluster")
    parser.add_argument("--repeat", type=int, default=1, help="runs of each command; the median is shown")
    parser.add_argument("--form", choices=("files", "warc"), default="files")
    args = parser.parse_args()
    exe = str(Path(sys.executable).with_name("defcoop"))
    print(f"{os.cpu_count()} cores, load average {' '.join(f'{x:.2f}' for x in os.getloadavg())} at start")
    with tempfile.TemporaryDirectory() as tmp:
        name, path = build(Path(tmp), args.n, args.form)
        articles = count(name, path).articles
        base = [exe, "extract", str(path), "-f", "jsonl", "--jobs", str(args.jobs)]
        cmds = {f"--jobs {args.jobs}": base, f"--engine dask --jobs {args.jobs}": [*base, "--engine", "dask"]}
        runs: dict[str, list[Run]] = {k: [] for k in cmds}
        for _ in range(args.repeat):
            for label, cmd in cmds.items():
                runs[label].append(measure(cmd, args.jobs))
    print(f"{name}: {articles} articles (median of {args.repeat})")
    best = {k: sorted(v, key=lambda r: r.seconds)[len(v) // 2] for k, v in runs.items()}
    for label, r in best.items():
        print(report(label, articles, r))
    local, dask = best.values()
    same = {r.output_digest for rs in runs.values() for r in rs}
    print(f"  output identical in every run: {'yes' if len(same) == 1 else 'NO'}")
    print(f"  engine overhead (dask wall time / --jobs wall time): {dask.seconds / local.seconds:.2f}x; "
          f"CPU {dask.cpu_seconds / local.cpu_seconds:.2f}x; "
          f"per-run ratios {', '.join(f'{d.seconds / j.seconds:.2f}' for j, d in zip(*runs.values(), strict=True))}")
    per_core = statistics.median(articles / r.worker_cpu_seconds for rs in runs.values() for r in rs)
    print(f"  per-core throughput (median over runs): {per_core:.1f} articles per worker CPU-second")
    print(f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())} at end")


if __name__ == "__main__":
    main()
