"""Throughput, memory and time to first row: defcoop against the plain full-pipeline baseline.

    python benchmarks/run.py              # N=1000
    python benchmarks/run.py --n 10000 --jobs 2

Both runs read the same generated corpus (benchmarks/corpus.py). The baseline is "run the full statistical
pipeline over every article in one process": fr_core_news_sm for French articles, the English pipeline
for all others, every component enabled, `nlp.pipe` in batches. defcoop runs as a user would run it,
`defcoop extract CORPUS --jobs N -f jsonl`, in a subprocess whose whole process tree is sampled for memory.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import corpus


def _tree_rss_kb(root: int) -> int:
    """Resident memory of a process and all its descendants, from /proc."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                parts = f.read().rsplit(")", 1)[1].split()
            ppid = int(parts[1])
            with open(f"/proc/{entry}/status") as f:
                kb = next((int(line.split()[1]) for line in f if line.startswith("VmRSS:")), 0)
        except (OSError, ValueError, StopIteration):
            continue
        children.setdefault(ppid, []).append(int(entry))
        rss[int(entry)] = kb
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        total += rss.get(pid, 0)
        stack.extend(children.get(pid, []))
    return total


def run_defcoop(path: Path, jobs: int) -> dict:
    exe = Path(sys.executable).with_name("defcoop")
    cmd = [str(exe), "extract", str(path), "--jobs", str(jobs), "--format", "jsonl"]
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    peak = [0]
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            peak[0] = max(peak[0], _tree_rss_kb(proc.pid))
            time.sleep(0.2)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    first = None
    rows = 0
    assert proc.stdout is not None
    for _line in proc.stdout:
        if first is None:
            first = time.perf_counter() - start
        rows += 1
    proc.wait()
    done.set()
    sampler.join()
    return {"seconds": time.perf_counter() - start, "first_row": first, "rows": rows,
            "peak_mb": peak[0] / 1024, "exit": proc.returncode}


def run_baseline(path: Path) -> dict:
    import spacy

    from defcoop.extractors.pipeline import model_name

    start = time.perf_counter()
    nlps = {"fr": spacy.load(model_name("fr")), "en": spacy.load(model_name("en"))}
    texts: dict[str, list[str]] = {"fr": [], "en": []}
    with path.open(encoding="utf-8") as f:
        for line in f:
            art = json.loads(line)
            texts["fr" if art["language"] == "fr" else "en"].append(art["text"])
    for lang, items in texts.items():
        for _doc in nlps[lang].pipe(items, batch_size=32):
            pass
    return {"seconds": time.perf_counter() - start}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=1000, help="articles in the generated corpus")
    parser.add_argument("--jobs", type=int, default=2, help="defcoop --jobs")
    parser.add_argument("--skip-baseline", action="store_true", help="only time defcoop")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = corpus.write(args.n, Path(tmp))
        words = sum(len(json.loads(line)["text"].split()) for line in path.open(encoding="utf-8"))
        ours = run_defcoop(path, args.jobs)
        print(f"corpus: {args.n} articles, {words} words, 8 languages")
        print(f"defcoop --jobs {args.jobs}: {ours['seconds']:.1f} s, {words / ours['seconds']:,.0f} words/s, "
              f"{args.n / ours['seconds']:.1f} articles/s, first row after {ours['first_row'] or 0:.2f} s, "
              f"peak memory {ours['peak_mb']:.0f} MB (whole process tree), {ours['rows']} facts, "
              f"exit {ours['exit']}")
        if not args.skip_baseline:
            base = run_baseline(path)
            print(f"baseline (full sm pipelines, 1 process): {base['seconds']:.1f} s, "
                  f"{words / base['seconds']:,.0f} words/s, {args.n / base['seconds']:.1f} articles/s")
            print(f"speed-up: {base['seconds'] / ours['seconds']:.2f}x")


if __name__ == "__main__":
    main()
