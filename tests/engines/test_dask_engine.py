"""`--engine dask`: the same facts as `--jobs 1`, in order, on a LocalCluster of 2 workers; no input lost."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from defcoop.api import Options
from defcoop.cli.writers import OutputError
from defcoop.engines import EngineError
from defcoop.extractors.extract import Result
from defcoop.extractors.model import InputError
from support import SAMPLES

distributed = pytest.importorskip("distributed", reason="the dask extra is not installed")
dask_engine = pytest.importorskip("defcoop.engines.dask_engine")

EXE = Path(sys.executable).with_name("defcoop")
ARTICLES = SAMPLES / "articles"
SPAIN = "Spain signed a contract on Tuesday to buy 24 Hürjet trainer jets from Turkey, the defence ministry said."
POLAND = "Poland signed a deal on Wednesday to buy 180 K2 tanks from South Korea."
BLANK = Options(blank=True)


def local_cluster(**config: object) -> tuple[object, object]:
    import dask

    with dask.config.set(config):
        cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                           dashboard_address=":0", silence_logs=logging.ERROR)
    return cluster, distributed.Client(cluster)


@pytest.fixture(scope="module")
def client():
    cluster, client = local_cluster()
    yield client
    client.close()
    cluster.close()


def cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([str(EXE), "extract", *args], capture_output=True, text=True, cwd=cwd, timeout=600)


def rows(items) -> list[dict]:
    return [f.as_dict() for item in items if isinstance(item, Result) for f in item.facts]


def articles(tmp_path: Path, **texts: str) -> list[str]:
    paths = []
    for name, text in texts.items():
        path = tmp_path / f"{name}.txt"
        path.write_text(f"---\npublished: 2025-03-14\n---\n{text}\n", encoding="utf-8")
        paths.append(str(path))
    return paths


# ---------------------------------------------------------------------------------------------- the CLI


def test_dask_output_equals_jobs_1_on_the_samples_byte_for_byte():
    alone = cli(str(ARTICLES), "-f", "jsonl", "--jobs", "1")
    on_dask = cli(str(ARTICLES), "-f", "jsonl", "--engine", "dask", "--jobs", "2")
    assert alone.returncode == on_dask.returncode == 0
    assert alone.stdout and on_dask.stdout == alone.stdout
    assert on_dask.stderr == alone.stderr  # the same notes, and nothing from Dask


def test_a_folder_output_holds_the_jobs_1_facts_in_its_parts(tmp_path):
    alone = cli(str(ARTICLES), "-f", "jsonl", "--blank")
    out = tmp_path / "out"
    (out).mkdir()
    (out / "part-00099.jsonl").write_text("left by an earlier run\n")
    (out / "notes.txt").write_text("mine\n")
    proc = cli(str(ARTICLES), "--blank", "--engine", "dask", "--jobs", "2", "-o", f"{out}/")
    assert proc.returncode == 0, proc.stderr
    parts = sorted(out.glob("part-*.jsonl"))
    assert len(parts) > 1 and "part-00099.jsonl" not in [p.name for p in parts]
    assert "".join(p.read_text(encoding="utf-8") for p in parts) == alone.stdout
    assert (out / "notes.txt").read_text() == "mine\n"
    assert proc.stdout == ""


def test_parquet_parts_read_back_as_the_jobs_1_records(client, tmp_path):
    pytest.importorskip("pyarrow")
    from defcoop.cli.exports import read_parquet

    alone = [json.loads(line) for line in cli(str(ARTICLES), "-f", "jsonl", "--blank", "-c", "UA").stdout.splitlines()]
    sink = dask_engine.Sink(str(tmp_path / "facts"), "parquet")
    items = list(dask_engine.stream(client, [str(ARTICLES)], Options(blank=True, countries=("UA",)), sink=sink))
    assert not [i for i in items if isinstance(i, InputError)] and rows(items) == []  # the facts are in the parts
    back = [row for part in sorted((tmp_path / "facts").glob("part-*.parquet")) for row in read_parquet(part)]
    assert alone and [(r["article"], r["action"], r["actors"], r["evidence"]) for r in back] == \
        [(r["article"], r["action"], r["actors"], r["evidence"]) for r in alone]


def test_a_running_scheduler_is_used_by_its_address(client):
    address = client.scheduler.address
    proc = cli(str(ARTICLES / "es-02-hurjet.txt"), "-f", "jsonl", "--blank", "--engine", "dask",
               "--scheduler", address)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == cli(str(ARTICLES / "es-02-hurjet.txt"), "-f", "jsonl", "--blank").stdout


def test_an_unreachable_scheduler_is_one_line_and_exit_2():
    env = {**os.environ, "DASK_DISTRIBUTED__COMM__TIMEOUTS__CONNECT": "1s"}
    proc = subprocess.run([str(EXE), "extract", str(ARTICLES), "--engine", "dask", "--scheduler",
                           "tcp://127.0.0.1:9"], capture_output=True, text=True, env=env, timeout=120)
    assert proc.returncode == 2
    assert proc.stderr.splitlines() == [
        "error: cannot reach the Dask scheduler at tcp://127.0.0.1:9: Timed out trying to connect to "
        "tcp://127.0.0.1:9 after 1 s"]


@pytest.mark.parametrize(("args", "message"), [
    (("-",), "error: --engine dask reads files: standard input (-) cannot be shared out; save it to a file first"),
    (("--merge", "-o", "out"), "error: --merge gathers every fact in one place: give -o FILE, not a folder"),
    (("-f", "csv", "-o", "out"), "error: -o FOLDER writes one JSONL or Parquet file per partition (--format jsonl "
                                 "or parquet), not csv"),
])
def test_what_the_engine_cannot_do_is_one_line_and_exit_2(tmp_path, args, message):
    proc = cli(str(ARTICLES), "--engine", "dask", *args, cwd=tmp_path)
    assert (proc.returncode, proc.stderr.splitlines()) == (2, [message])
    assert list(tmp_path.iterdir()) == []


def test_a_scheduler_without_the_dask_engine_is_a_usage_error():
    proc = cli(str(ARTICLES), "--scheduler", "tcp://127.0.0.1:8786")
    assert proc.returncode == 2
    assert "a scheduler is for --engine dask" in proc.stderr


# ---------------------------------------------------------------------------------------------- planning


def test_partitions_keep_the_input_order_with_errors_in_place(tmp_path):
    paths = articles(tmp_path, a=SPAIN, b=POLAND, c=SPAIN, d=POLAND)
    slots = dask_engine.plan([paths[0], paths[1], str(tmp_path / "gone.txt"), paths[2], paths[3]], workers=1)
    flat = [s.message if isinstance(s, InputError) else list(s.inputs) for s in slots]
    assert [x for part in flat for x in (part if isinstance(part, list) else [part])] == [
        paths[0], paths[1], "no such file or folder", paths[2], paths[3]]
    numbers = [s.number for s in slots if isinstance(s, dask_engine.Partition)]
    assert numbers == list(range(len(numbers)))


def test_partitions_are_cut_so_that_every_worker_gets_several(tmp_path):
    paths = articles(tmp_path, **{f"a{i:02d}": SPAIN for i in range(40)})
    slots = dask_engine.plan([str(tmp_path)], workers=2)
    assert len(slots) == 2 * dask_engine.PARTITIONS_PER_WORKER
    assert [p for s in slots for p in s.inputs] == paths


def test_a_big_file_is_a_partition_of_its_own(tmp_path, monkeypatch):
    monkeypatch.setattr(dask_engine, "MAX_PARTITION_BYTES", 500)
    small = articles(tmp_path, a=SPAIN, c=POLAND)
    big = tmp_path / "b.txt"
    big.write_text(SPAIN * 10)
    slots = dask_engine.plan([small[0], str(big), small[1]], workers=1)
    assert [s.inputs for s in slots] == [(small[0], str(big)), (small[1],)]


# ---------------------------------------------------------------------------------------------- failures


def test_bad_inputs_are_errors_in_place_and_every_other_input_is_extracted(client, tmp_path):
    good = articles(tmp_path, a=SPAIN, z=POLAND)
    empty = tmp_path / "m.txt"
    empty.write_bytes(b"")
    items = list(dask_engine.stream(client, [good[0], str(empty), str(tmp_path / "gone.txt"), good[1]], BLANK))
    kinds = [(type(i).__name__, getattr(i, "message", None)) for i in items]
    assert kinds == [("Result", None), ("InputError", "empty file"), ("InputError", "no such file or folder"),
                     ("Result", None)]
    assert [r["systems"] for r in rows(items)] == [["Hürjet"], ["K2 Black Panther"]]


def test_results_come_back_without_the_article_text(client, tmp_path):
    (result,) = dask_engine.stream(client, articles(tmp_path, a=SPAIN), BLANK)
    assert result.article.text == "" and result.article.language == "en"
    assert result.facts and result.mentions == []


class KillOn(distributed.WorkerPlugin):
    """Makes every worker die (as a segfault would) on the article whose path holds `marker`; with
    `once`, only the first worker that meets it."""

    def __init__(self, marker: str, once_file: str | None = None) -> None:
        self.marker = marker
        self.once_file = once_file

    def setup(self, worker: object) -> None:
        import defcoop.api

        original = defcoop.api.Extractor.process
        marker, once_file = self.marker, self.once_file

        def process(self, article):
            if marker in article.path and (once_file is None or not os.path.exists(once_file)):
                if once_file is not None:
                    Path(once_file).touch()
                os._exit(3)
            return original(self, article)

        defcoop.api.Extractor.process = process


def test_an_input_that_kills_every_worker_is_lost_alone(tmp_path, monkeypatch):
    cluster, client = local_cluster(**{"distributed.scheduler.allowed-failures": 0})
    sink = dask_engine.Sink(str(tmp_path / "out"))
    try:
        client.register_plugin(KillOn("killer"))
        paths = articles(tmp_path, a=SPAIN, killer=SPAIN, z=POLAND)
        monkeypatch.setattr(dask_engine, "plan", lambda specs, workers: [dask_engine.Partition(0, tuple(specs))])
        streamed = list(dask_engine.stream(client, paths, BLANK))
        written = list(dask_engine.stream(client, paths, BLANK, sink=sink))
    finally:
        client.close()
        cluster.close()
    for items in (streamed, written):
        assert [type(i).__name__ for i in items] == ["Result", "InputError", "Result"]
        assert items[1].path == paths[1]
        assert items[1].message.startswith("lost: every Dask worker that extracted it died")
    assert [r["article"] for r in rows(streamed)] == [paths[0], paths[2]]
    part = [json.loads(line) for line in (tmp_path / "out" / "part-00000.jsonl").read_text().splitlines()]
    assert part == rows(streamed)


def test_a_worker_that_dies_once_is_replaced_and_its_task_retried(tmp_path):
    cluster, client = local_cluster()
    try:
        client.register_plugin(KillOn("unlucky", once_file=str(tmp_path / "died-once")))
        paths = articles(tmp_path, a=SPAIN, unlucky=POLAND)
        items = list(dask_engine.stream(client, paths, BLANK))
    finally:
        client.close()
        cluster.close()
    assert (tmp_path / "died-once").exists()
    assert [r["article"] for r in rows(items)] == paths


class Endless(distributed.WorkerPlugin):
    """Makes extraction loop for ever on the article whose path holds `marker`."""

    def __init__(self, marker: str) -> None:
        self.marker = marker

    def setup(self, worker: object) -> None:
        from defcoop.extractors.extract import Extractor

        original = Extractor.process
        marker = self.marker

        def process(self, article, all_blocks=False):
            while marker in article.path:
                time.sleep(0.01)
            return original(self, article, all_blocks=all_blocks)

        Extractor.process = process


def test_the_time_limit_holds_in_the_workers_threads(client, tmp_path):
    client.register_plugin(Endless("stuck"), name="endless")
    try:
        paths = articles(tmp_path, a=SPAIN, stuck=SPAIN, z=POLAND)
        items = list(dask_engine.stream(client, paths, Options(blank=True, timeout=1)))
    finally:
        client.unregister_worker_plugin("endless")
        client.restart()  # the plugin's patch stays in the processes until they are replaced
    assert [type(i).__name__ for i in items] == ["Result", "InputError", "Result"]
    assert items[1].message == "extracting facts took longer than 1 s (the time limit for one input)"


def test_a_part_file_that_cannot_be_written_is_an_output_error(client, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    sink = dask_engine.Sink(str(blocker / "out"))
    with pytest.raises(OutputError, match="cannot write"):
        list(dask_engine.stream(client, articles(tmp_path, a=SPAIN), BLANK, sink=sink))


def test_standard_input_is_refused_before_a_cluster_starts():
    with pytest.raises(EngineError, match="standard input"):
        next(dask_engine.run(["-"], BLANK))
